"""`frontline report KIND …`: reports from the command line, one or a batch.

frontline report adform --db x.db --cadre 12 --out 张三.pdf [--format docx]
frontline report adform --db x.db --all --out 文件夹/ [--workers 2]
frontline report adform --db x.db --all --merge --out 全部.pdf
frontline report briefing --db x.db --category 经验类 --title … --body-file 正文.txt --out 专报.pdf
frontline report stage --db x.db --campaign 3 --out 阶段性报告.pdf [--format docx]
frontline report democratic-tally --db x.db (--cadre 12 | --unit 5) [--campaign 3] --out 统计表.pdf
frontline report-campaigns --db x.db          (the campaigns and their numbers, for --campaign)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.text import human_size, table
from desktop.errors import FrontlineError
from desktop.reports import catalog

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.workspace import Workspace

HELP = "生成报表（PDF 或 Word）：干部任免审批表、综合分析报告、年度考核登记表、专报、考核报告、民主测评统计表等"
EPILOG = "报表类型：\n" + catalog.describe() + """

示例：
  frontline report adform --db 干部.db --cadre 12 --out 张三任免审批表.pdf
  frontline report adform --db 干部.db --cadre 12 --out 张三任免审批表.docx --format docx
  frontline report adform --db 干部.db --all --out 输出文件夹       （每人一个文件，使用全部 CPU 核心）
  frontline report adform --db 干部.db --all --merge --out 全部.pdf  （合并为一个 PDF）
  frontline report briefing --db 干部.db --category 经验类 --title 标题 --body-file 正文.txt --out 专报.pdf
  frontline report stage --db 干部.db --campaign 3 --out 阶段性报告.docx --format docx
  frontline report emergency --db 干部.db --campaign 5 --out 应急考核分析报告.pdf
  frontline report democratic-tally --db 干部.db --cadre 12 --campaign 3 --out 民主测评结果统计表.pdf
  frontline report democratic-tally --db 干部.db --unit 40 --out 单位民主测评结果统计表.pdf
  frontline report scorecard --db 干部.db --set 1 --year 2026 --quarter 2 --out 成绩单.pdf
  frontline report notice --db 干部.db --set 1 --year 2026 --quarter 2 --unit 40 --out 晾晒通报.pdf
  （考核活动编号可用 frontline report-campaigns 查看）"""


def _fail(message: str) -> FrontlineError:
    return FrontlineError(message)


def _briefing(args: argparse.Namespace) -> object:
    from desktop.reports.briefing import BriefingError, BriefingInput

    if not args.body_file:
        raise _fail("专报需要正文：--body-file 文件（UTF-8 文本，一段一行）")
    from desktop import safe_read

    try:
        body = safe_read.read_limited(args.body_file, 4 * 2**20, f"正文文件 {args.body_file}").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(f"正文文件 {args.body_file} 不是 UTF-8 编码的文本") from None
    try:
        return BriefingInput(args.category or "", args.title or "", body, args.issue or "", args.recipients or "",
                             args.copies_to or "").checked()
    except BriefingError as exc:
        raise _fail(str(exc)) from None


def _print_made(title: str, path: Path, size: int, pages: int, number: str, sha: str) -> None:
    pages_text = f"{pages} 页，" if pages else ""
    print(f"已生成 {title} → {path}（{pages_text}{human_size(size)}，报表编号 {number}）")
    print(f"SHA-256：{sha}")


def _warn_missing(missing: frozenset[str] | set[str]) -> None:
    if missing:
        chars = "".join(sorted(missing))
        print(f"注意：以下字符在所有可用字体中都找不到，已印作〓：{chars}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.reports import report_data

    kind = catalog.KINDS[args.kind]
    if not kind.available:  # before asking for a password: nothing to open the database for
        raise _fail(f"{kind.name}：{kind.pending}")
    fmt = args.format
    if fmt not in kind.formats:
        raise _fail(f"{kind.name}只能保存为 {'、'.join(catalog.FORMAT_LABELS[f] for f in kind.formats)}")
    out = Path(args.out)
    batch = args.all or (args.cadre is not None and len(args.cadre) > 1)
    if args.merge and not batch:
        raise _fail("--merge 只能与 --all 或多个 --cadre 一起使用")
    if batch and catalog.CADRE not in kind.scopes:
        raise _fail(f"{kind.name}不能批量生成")
    if args.all and args.cadre:
        raise _fail("--all 与 --cadre 不能同时使用")
    if args.campaign is not None and catalog.CAMPAIGN not in kind.scopes and args.kind != "democratic-tally":
        raise _fail(f"{kind.name}不针对考核活动，不能使用 --campaign")
    briefing = _briefing(args) if args.kind == "briefing" else None
    cadre = args.cadre[0] if args.cadre else None
    request = report_data.Request(args.kind, cadre_id=cadre, unit_id=None if args.all else args.unit,
                                  campaign_id=args.campaign, year=args.year, briefing=briefing,  # type: ignore[arg-type]
                                  fmt=fmt, quarter=args.quarter, set_id=args.set_id)
    if not batch:
        report_data.kind_of(request)  # a missing --cadre or --campaign is told before the password is asked
    ws = open_workspace(args)
    try:
        if batch:
            return _batch(args, ws, kind, out)
        from desktop.services.reports.reports import generate

        made = generate(ws, request, out=out)
    finally:
        ws.close()
    _print_made(made.title, out, len(made.data), made.pages, made.number, made.sha256)
    _warn_missing(made.missing)
    return EXIT_OK


def _batch(args: argparse.Namespace, ws: Workspace, kind: catalog.Kind, out: Path) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.reports.queries import cadres_to_report
    from desktop.services.reports.reports_batch import run_batch

    ids = cadres_to_report(ws, args.unit) if args.all else list(args.cadre)
    if not ids:
        raise _fail("没有符合条件的干部")
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r正在生成：{done}/{total}", end="", file=sys.stderr, flush=True)

    if args.merge:
        result = run_batch(ws, args.kind, ids, merged=out, workers=args.workers, progress=progress,
                           campaign_id=args.campaign)
    else:
        if out.exists() and not out.is_dir():
            raise _fail(f"{out} 不是文件夹：批量生成时 --out 应为文件夹")
        if not out.exists():
            if not out.parent.is_dir():
                raise _fail(f"保存位置 {out.parent} 不存在")
            out.mkdir()
        result = run_batch(ws, args.kind, ids, out_dir=out, fmt=args.format, workers=args.workers,
                           progress=progress, campaign_id=args.campaign)
    if show:
        print(file=sys.stderr)
    target = result.merged or out
    made = len(ids) - len(result.skipped)
    print(f"已生成 {made} 份{kind.name} → {target}（{result.pages} 页）")
    if result.skipped:
        print(f"另有 {len(result.skipped)} 名干部没有{kind.needs or '所需的记录'}，未生成{kind.name}")
    _warn_missing(result.missing)
    return EXIT_OK


def cmd_report_campaigns(args: argparse.Namespace) -> int:
    """The campaigns with their numbers, for `report stage|special|emergency --campaign ID`."""
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.campaigns.queries import campaign_rows

    ws = open_workspace(args)
    try:
        rows = campaign_rows(ws)
    finally:
        ws.close()
    if not rows:
        print("还没有考核活动")
        return EXIT_OK
    print(table(("编号", "类型", "状态", "考核时间", "被考核干部", "考核主题"),
                [(str(r.id), r.kind, r.status_label, r.period.replace(" 至 ", "—") or "未定", str(r.cadres), r.name)
                 for r in rows]))
    return EXIT_OK


def cmd_report_fonts(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.reports.reports import describe_fonts

    ws = open_workspace(args)
    try:
        for line in describe_fonts(ws):
            print(line)
    finally:
        ws.close()
    return EXIT_OK


def register(commands: Commands) -> None:
    p = commands.add("report", cmd_report, HELP)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = EPILOG
    p.add_argument("kind", choices=list(catalog.KINDS), metavar="KIND", help="报表类型（见下表）")
    p.add_argument("--campaign", type=int, metavar="ID",
                   help="考核活动编号：阶段性报告、专项报告、应急考核分析报告必填；民主测评结果统计表可选（只统计该次考核）")
    p.add_argument("--unit", type=int, metavar="ID",
                   help="单位编号：民主测评结果统计表按单位统计（含下属单位）；与 --all 同用时为该单位现任干部")
    p.add_argument("--cadre", type=int, action="append", metavar="ID", help="干部编号（可重复，多人时批量生成）")
    p.add_argument("--all", action="store_true", help="批量：全部干部（或 --unit 单位的现任干部），--out 为文件夹")
    p.add_argument("--merge", action="store_true", help="批量时合并为一个 PDF，--out 为文件")
    p.add_argument("--out", required=True, metavar="FILE", help="输出文件（批量时为文件夹）")
    p.add_argument("--format", choices=["pdf", "docx"], default="pdf", help="pdf（默认）或 docx（Word，可编辑）")
    p.add_argument("--workers", type=int, metavar="N", help="批量排版使用的进程数（默认：CPU 核心数）")
    p.add_argument("--year", type=int, metavar="YYYY", help="年度考核登记表的考核年度（默认：上一年）；成绩单的年度")
    p.add_argument("--quarter", type=int, metavar="1-4", help="成绩单、晾晒通报的季度")
    p.add_argument("--set", type=int, dest="set_id", metavar="ID",
                   help="成绩单、晾晒通报所用的指标规则（编号见 frontline indicators list）")
    p.add_argument("--category", choices=["经验类", "问题类"], help="专报类别")
    p.add_argument("--title", metavar="TEXT", help="专报标题")
    p.add_argument("--body-file", metavar="FILE", help="专报正文（UTF-8 文本；“一、”“（一）”开头的行为标题）")
    p.add_argument("--issue", metavar="TEXT", help="专报期号，如 第3期")
    p.add_argument("--recipients", metavar="TEXT", help="专报版记“报：”一行")
    p.add_argument("--copies-to", metavar="TEXT", help="专报版记“送：”一行")
    commands.add("report-fonts", cmd_report_fonts, "显示报表使用的字体（及缺少的字体由什么代替）")
    commands.add("report-campaigns", cmd_report_campaigns, "列出考核活动及其编号（供 report --campaign 使用）")
