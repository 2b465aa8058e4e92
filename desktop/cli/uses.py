"""`frontline uses …`: the results-use records (结果运用) from the command line.

frontline uses list --db x.db [--kind promotion|提拔 …] [--state 已落实] [--cadre 12] [--json]
frontline uses add --db x.db --kind promotion (--cadre 12 | --unit 40) --title "拟提拔为…" [--date 2026-11-30]
    [--detail …] [--subtype 体检] [--state 拟办] [--follow-up …] [--evidence point_entry:17 …]
frontline uses state 5 --db x.db --state 已落实 [--follow-up "已任职"]
frontline uses delete 5 --db x.db
frontline uses figure --db x.db --from 2026-01-01 --to 2026-12-31 [--json]
frontline uses export --db x.db --out 结果运用.xlsx [--kind …] [--state …] [--from … --to …]

Parsing and printing only; the work is in desktop/services/results_use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from desktop.cli.text import day, table
from desktop.models.judgement import CITED_KINDS
from desktop.models.results_use import CARE_TYPES, TRAINING_TYPES, USE_KINDS, USE_STATES

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.workspace import Workspace

BY_LABEL = {label: key for key, label in USE_KINDS.items()}


def _kind(text: str) -> str:
    """promotion or 提拔."""
    if text in USE_KINDS:
        return text
    if text in BY_LABEL:
        return BY_LABEL[text]
    choices = "、".join(f"{k}（{v}）" for k, v in USE_KINDS.items())
    raise argparse.ArgumentTypeError(f"没有“{text}”这种结果运用类型：可选 {choices}")


def _evidence(text: str) -> tuple[str, int]:
    """point_entry:17 (kinds: point_entry, sheet, talk, visit, verification, problem)."""
    kind, _, number = text.partition(":")
    if kind not in CITED_KINDS or not number.isdigit():
        kinds = "、".join(f"{k}（{v}）" for k, v in CITED_KINDS.items())
        raise argparse.ArgumentTypeError(f"依据的事实写作 类型:编号，如 point_entry:17；类型可选 {kinds}")
    return kind, int(number)


def cmd_uses(args: argparse.Namespace) -> int:
    handlers = {"list": _list, "add": _add, "state": _state, "delete": _delete, "figure": _figure, "export": _export}
    from desktop.cli.main import open_workspace

    ws = open_workspace(args)
    try:
        return handlers[args.action](ws, args)
    finally:
        ws.close()


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.results_use import queries

    rows = queries.uses(ws, kind=args.kind, state=args.state, cadre_id=args.cadre)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    print(table(["编号", "类型", "对象", "日期", "事项", "细分", "状态", "跟进情况", "依据"],
                [[str(r.id), r.kind_label, r.subject, r.date.isoformat(), r.title, r.subtype, r.state, r.follow_up,
                  f"{r.evidence}条"] for r in rows]))
    states = "，".join(f"{s} {sum(r.state == s for r in rows)}" for s in USE_STATES)
    print(f"共 {len(rows)} 条：{states}", file=sys.stderr)
    return 0


def _add(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.results_use import records
    from desktop.services.results_use.records import UseInput

    data = UseInput(args.kind, args.date or dt.date.today(), args.title, cadre_id=args.cadre, unit_id=args.unit,
                    detail=args.detail or "", subtype=args.subtype or "", state=args.state,
                    follow_up=args.follow_up or "", evidence=tuple(args.evidence or ()))
    use_id = records.create(ws, data)
    what = f"{USE_KINDS[args.kind]}，{args.title.strip()}"
    print(f"已记录结果运用 {use_id}：{what}（依据的事实 {len(data.evidence)} 条）")
    return 0


def _state(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.results_use import records

    records.set_state(ws, args.use, args.state, args.follow_up)
    print(f"结果运用 {args.use} 的办理状态改为：{args.state}")
    return 0


def _delete(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.results_use import records

    records.delete_use(ws, args.use)
    print(f"已删除结果运用 {args.use}")
    return 0


def _figure(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.results_use import queries

    figure = queries.promotion_share(ws, args.start, args.end)
    if args.json:
        print(json.dumps({"start": figure.start.isoformat(), "end": figure.end.isoformat(),
                          "promoted": figure.promoted, "with_front_line": figure.with_front_line,
                          "percent": None if figure.percent is None else str(figure.percent),
                          "people": [{"cadre_id": p.cadre_id, "name": p.name, "date": p.date.isoformat(),
                                      "kind": p.kind, "title": p.title, "front_line": p.front_line,
                                      "basis": p.basis} for p in figure.people]}, ensure_ascii=False, indent=1))
        return 0
    print(figure.sentence())
    if figure.people:
        print(table(["编号", "姓名", "类型", "日期", "事项", "一线记录"],
                    [[str(p.cadre_id), p.name, p.kind, p.date.isoformat(), p.title, p.basis] for p in figure.people]))
    return 0


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from desktop.services.results_use import export

    if (args.start is None) != (args.end is None):
        print("frontline：--from 和 --to 须同时给出", file=sys.stderr)
        return 2
    period = (args.start, args.end) if args.start is not None else None
    count = export.export_uses(ws, args.out, kind=args.kind, state=args.state, period=period)
    print(f"已导出结果运用记录 {count} 条到 {args.out}")
    return 0


def register(c: Commands) -> None:
    text = "结果运用：提拔、晋升职级、优秀年轻干部、班子调整、免职、奖励、培训、关心关爱的记录及其依据"
    uses = c.add("uses", cmd_uses, text, [])
    group = uses.add_subparsers(dest="action", required=True, metavar="ACTION")

    def leaf(name: str, text: str) -> argparse.ArgumentParser:
        return group.add_parser(name, parents=[c.db, c.login], help=text, description=text)

    p = leaf("list", "列出结果运用记录及办理状态（新的在前）")
    p.add_argument("--kind", type=_kind, metavar="KIND", help="只列出该类型，如 promotion 或 提拔")
    p.add_argument("--state", choices=USE_STATES, help="只列出该办理状态")
    p.add_argument("--cadre", type=int, metavar="ID", help="只列出该干部的记录")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = leaf("add", "新增一条结果运用记录，可附依据的事实")
    p.add_argument("--kind", type=_kind, required=True, metavar="KIND",
                   help="类型：" + "、".join(f"{k}（{v}）" for k, v in USE_KINDS.items()))
    p.add_argument("--cadre", type=int, metavar="ID", help="干部编号（班子调整以外必填）")
    p.add_argument("--unit", type=int, metavar="ID", help="单位编号（班子调整必填）")
    p.add_argument("--date", type=day, metavar="DATE", help="日期（默认为今天），如 2026-11-30")
    p.add_argument("--title", required=True, metavar="TEXT", help="事项，如“拟提拔为区发改局局长”")
    p.add_argument("--detail", metavar="TEXT", help="具体情况")
    p.add_argument("--subtype", metavar="TYPE",
                   help=f"培训类型（{'、'.join(TRAINING_TYPES)}）或关爱措施（{'、'.join(CARE_TYPES)}）")
    p.add_argument("--state", choices=USE_STATES, default=USE_STATES[0], help="办理状态（默认拟办）")
    p.add_argument("--follow-up", metavar="TEXT", help="跟进情况")
    p.add_argument("--evidence", type=_evidence, action="append", metavar="KIND:ID",
                   help="依据的事实（可重复），如 point_entry:17、talk:3")
    p = leaf("state", "改变一条记录的办理状态，写明跟进情况")
    p.add_argument("use", type=int, metavar="ID", help="记录编号（见 frontline uses list）")
    p.add_argument("--state", choices=USE_STATES, required=True, help="办理状态")
    p.add_argument("--follow-up", metavar="TEXT", help="跟进情况")
    p = leaf("delete", "删除一条结果运用记录（连同其依据的引用）")
    p.add_argument("use", type=int, metavar="ID", help="记录编号")
    p = leaf("figure", "新提拔（含晋升职级）干部中有一线记录的比例，并列出每个人")
    p.add_argument("--from", dest="start", type=day, required=True, metavar="DATE", help="起始日期")
    p.add_argument("--to", dest="end", type=day, required=True, metavar="DATE", help="截止日期")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = leaf("export", "导出结果运用记录（xlsx）；给出期间时另附新提拔干部的一线记录")
    p.add_argument("--out", required=True, metavar="FILE", help="Excel 文件（.xlsx）")
    p.add_argument("--kind", type=_kind, metavar="KIND", help="只导出该类型")
    p.add_argument("--state", choices=USE_STATES, help="只导出该办理状态")
    p.add_argument("--from", dest="start", type=day, metavar="DATE", help="起始日期（与 --to 同时给出）")
    p.add_argument("--to", dest="end", type=day, metavar="DATE", help="截止日期")
