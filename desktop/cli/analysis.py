"""`frontline analysis …`: the written conclusion on a cadre (综合研判结论) from the command line.

frontline analysis facts --db x.db --cadre 12 [--json]          the facts a conclusion may cite
frontline analysis save --db x.db --cadre 12 [--strengths TEXT] [--weaknesses TEXT] [--recommendation TEXT]
    [--cite PART:N:KIND:ID]…                                    a draft (the next version after a signed one)
frontline analysis sign --db x.db --cadre 12                   a leader signs the draft, which locks it
frontline analysis show --db x.db --cadre 12 [--version N] [--json]
frontline analysis versions --db x.db --cadre 12 [--json]

A citation names its part (strengths, weaknesses, recommendation), the sentence's number
(1 = the first sentence), and the fact as `analysis facts` lists it (point_entry:17).
Parsing and printing only; the work is in desktop/services/judgement.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from desktop.cli.text import table
from desktop.errors import FrontlineError
from desktop.models.judgement import CITED_KINDS, PARTS

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.judgement.analyses import Cite
    from desktop.services.judgement.queries import AnalysisView
    from desktop.services.workspace import Workspace


def _cite(text: str) -> Cite:
    """strengths:2:point_entry:17 → the second sentence of 主要优点 cites ledger entry 17."""
    from desktop.services.judgement.analyses import Cite

    parts = text.split(":")
    if len(parts) != 4 or parts[0] not in PARTS or parts[2] not in CITED_KINDS \
            or not parts[1].isdigit() or int(parts[1]) < 1 or not parts[3].isdigit():
        raise argparse.ArgumentTypeError(
            f"引用写作 部分:第几句:事实类型:编号，如 strengths:2:point_entry:17；部分可选 {'、'.join(PARTS)}，"
            f"事实类型可选 {'、'.join(CITED_KINDS)}")
    return Cite(parts[0], int(parts[1]) - 1, parts[2], int(parts[3]))


def cmd_analysis(args: argparse.Namespace) -> int:
    from desktop.cli.main import open_workspace

    handlers = {"facts": _facts, "save": _save, "sign": _sign, "show": _show, "versions": _versions}
    ws = open_workspace(args)
    try:
        return handlers[args.action](ws, args)
    finally:
        ws.close()


def _facts(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.judgement import queries

    facts = queries.citable_facts(ws, args.cadre)
    if args.json:
        print(json.dumps([{"ref": f"{f.kind}:{f.ref_id}", "kind": f.kind_label, "date": f.date.isoformat()
                           if f.date else None, "label": f.label, "note": f.note} for f in facts],
                         ensure_ascii=False, indent=1))
        return 0
    print(table(["引用", "事实"], [[f"{f.kind}:{f.ref_id}", f.label] for f in facts]))
    return 0


def _save(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.judgement import analyses, queries

    latest = queries.latest(ws, args.cadre)
    # A part not given keeps the latest version's text (a signed one's, for the next version).
    texts = {key: getattr(args, key) if getattr(args, key) is not None else (latest.texts[key] if latest else "")
             for key in PARTS}
    # The latest version's citations stay on their sentences while those still stand.
    kept = [c.cite for c in latest.cites] if latest else []
    saved = analyses.save_draft(ws, args.cadre, texts, [*kept, *(args.cite or [])])
    print(saved.message())
    return 0


def _sign(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.judgement import analyses, queries

    latest = queries.latest(ws, args.cadre)
    if latest is None:
        raise FrontlineError(f"干部 {args.cadre} 还没有综合研判结论")
    version = analyses.sign(ws, latest.id)
    print(f"已签发综合研判第 {version} 版，该版本已锁定")
    return 0


def _chosen(ws: Workspace, args: argparse.Namespace) -> AnalysisView:
    from desktop.services.judgement import queries

    if args.version is None:
        view = queries.latest(ws, args.cadre)
        if view is None:
            raise FrontlineError(f"干部 {args.cadre} 还没有综合研判结论")
        return view
    found = next((v for v in queries.versions(ws, args.cadre) if v.version == args.version), None)
    if found is None:
        raise FrontlineError(f"干部 {args.cadre} 的综合研判没有第 {args.version} 版")
    return queries.version(ws, found.id)


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.models.sentences import split

    view = _chosen(ws, args)
    notes = view.notes()
    if args.json:
        print(json.dumps({"version": view.version, "signed_by": view.signer,
                          "signed_at": view.signed_at.isoformat() if view.signed_at else None, "texts": view.texts,
                          "citations": [{"number": c.number, "part": c.cite.part, "sentence": c.cite.sentence + 1,
                                         "ref": f"{c.cite.kind}:{c.cite.ref_id}",
                                         "fact": c.fact.note if c.fact else None} for c in view.cites]},
                         ensure_ascii=False, indent=1))
        return 0
    state = f"{view.signer}于{view.signed_at.astimezone():%Y-%m-%d %H:%M}签发" if view.signed_at else "草稿"
    print(f"{view.cadre_name} 综合研判第 {view.version} 版（{state}）")
    for key, title in PARTS.items():
        sentences = split(view.texts[key])
        marked = "".join(s + "".join(f"[{n}]" for n in view.notes_of(key, i)) for i, s in enumerate(sentences))
        print(f"{title}：{marked or '（未写）'}")
    for c in notes:
        print(f"[{c.number}] {c.fact.note if c.fact else '所引用的记录已不存在。'}")
    return 0


def _versions(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.judgement import queries

    rows = queries.versions(ws, args.cadre)
    if args.json:
        print(json.dumps([{"version": r.version, "state": r.state, "author": r.author, "citations": r.citations,
                           "signed": r.signed} for r in rows], ensure_ascii=False, indent=1))
        return 0
    lines = [[str(r.version), r.state, r.author, str(r.citations)] for r in rows]
    print(table(["版本", "状态", "撰写人", "引用"], lines))
    return 0


def register(c: Commands) -> None:
    analysis = c.add("analysis", cmd_analysis, "综合研判结论：可引用的事实、保存草稿、签发、查看、版本", [])
    group = analysis.add_subparsers(dest="action", required=True, metavar="ACTION")

    def leaf(name: str, text: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, parents=[c.db, c.login], help=text, description=text)
        p.add_argument("--cadre", type=int, required=True, metavar="ID", help="干部编号")
        return p

    p = leaf("facts", "列出结论可引用的事实（引用写作 类型:编号）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = leaf("save", "保存结论草稿：最新版本是草稿时保存到它，已签发时生成下一版；没有给出的部分沿用最新版本，"
                     "最新版本的引用随原句保留（原句已改的引用移除并列出）")
    for key, title in PARTS.items():
        p.add_argument(f"--{key}", metavar="TEXT", help=title)
    p.add_argument("--cite", type=_cite, action="append", metavar="PART:N:KIND:ID",
                   help="引用（可重复），如 strengths:2:point_entry:17 —— 主要优点第 2 句引用第 17 号积分记录")
    leaf("sign", "签发最新的草稿（领导），签发后该版本锁定")
    p = leaf("show", "显示结论（句后编号对应引用的事实）")
    p.add_argument("--version", type=int, metavar="N", help="第几版（默认最新）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = leaf("versions", "列出各版本（已签发的写明签发人和时间）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
