"""`frontline import`, `frontline export`, `frontline template`, `frontline package`.

Parsing and printing only; the services do the work. An import prints its preview and
exits 1 with the reasons when any row is rejected, writing nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli import EXIT_OK, EXIT_REFUSED, Commands, UserError, open_workspace

if TYPE_CHECKING:
    from desktop.services.assessment_imports import AssessmentPlan
    from desktop.services.imports import ImportPlan

ASSESSMENT_KINDS = ("ledger", "tallies", "ballots", "campaigns")


def _progress(label: str):  # type: ignore[no-untyped-def]
    show = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if show:
            text = f"{done}/{total}" if total else str(done)
            print(f"\r{label}：{text}", end="", file=sys.stderr, flush=True)

    return report


def _is_cadre_plan(plan: object) -> bool:
    from desktop.services.imports import ImportPlan

    return isinstance(plan, ImportPlan)


def print_plan(plan: ImportPlan | AssessmentPlan, *, limit: int | None = None) -> None:
    print(f"{plan.source.name}（{plan.source.kind_label}）")
    for note in plan.source.notes:
        print(f"说明：{note}")
    print(plan.summary())
    if not _is_cadre_plan(plan):
        for action, name, where, detail in plan.preview_rows():
            place = where.label() if action == "拒绝" else (f"第{where.row}行" if where.row else where.source)
            print(f"  {action} {name}（{place}）{detail}" if name else f"  {action} {place}：{detail}")
        return
    rows = [*plan.adds, *plan.updates]
    for row in rows[:limit]:
        where = row.item.where
        place = f"第{where.row}行" if where.row else where.source
        if row.action == "add":
            brief = "，".join(f"{c.label}：{c.new}" for c in row.changes[:6])
            print(f"  新增 {row.name}（{place}）{brief}")
        else:
            print(f"  修改 {row.name}（{place}，{row.match}）")
            for change in row.changes:
                print(f"      {change}")
        for warning in row.warnings:
            print(f"      提示：{warning}")
    if limit is not None and len(rows) > limit:
        print(f"  ……另有 {len(rows) - limit} 人")
    for r in plan.rejects:
        cells = "，".join(p for p in (r.column, f"内容“{r.value}”" if r.value else "") if p)
        print(f"  拒绝 {r.where.label()}{('，' + cells) if cells else ''}：{r.reason}")


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services import imports

    ws = open_workspace(args)
    try:
        plan = imports.preview(ws, Path(args.path), progress=_progress("正在读取"))
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print_plan(plan)
        if args.report and plan.rejects:
            imports.write_error_report(plan, args.report)
            print(f"错误报告已保存到 {args.report}")
        if plan.rejects:
            print(f"frontline：有 {len(plan.rejects)} 处数据被拒绝，没有写入任何数据", file=sys.stderr)
            return EXIT_REFUSED
        if args.dry_run:
            print("试运行（--dry-run）：没有写入任何数据")
            return EXIT_OK
        if not (plan.adds or plan.updates):
            print("没有需要导入的变化")
            return EXIT_OK
        result = imports.commit(ws, plan)
    finally:
        ws.close()
    print(result.message())
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    if args.kind in ASSESSMENT_KINDS:
        return _export_assessment(args)
    if args.kind == "roster":
        return _export_roster(args)
    return _export_lrmx(args)


def _export_roster(args: argparse.Namespace) -> int:
    from desktop.services.roster_columns import parse_keys
    from desktop.services.roster_export import export_roster
    from desktop.services.roster_filter import RosterFilter

    if args.format != "xlsx":
        raise UserError("花名册目前只能导出为 xlsx")
    if not args.out:
        raise UserError("缺少必需的参数：--out")
    try:
        keys = parse_keys(args.columns) if args.columns else None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    ws = open_workspace(args)
    try:
        n = export_roster(ws, args.out, flt=RosterFilter(text=args.filter or ""), keys=keys,
                          order=args.sort or "name", progress=_progress("正在导出"))
    finally:
        ws.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"已导出 {n} 名干部到 {args.out}")
    return EXIT_OK


def _export_assessment(args: argparse.Namespace) -> int:
    from desktop.services import assessment_export

    if args.format != "xlsx":
        raise UserError(f"{assessment_export.KINDS[args.kind]}目前只能导出为 xlsx")
    if not args.out:
        raise UserError("缺少必需的参数：--out")
    ws = open_workspace(args)
    try:
        n = assessment_export.export(ws, args.kind, args.out, campaign_id=args.campaign,
                                     progress=_progress("正在导出"))
    finally:
        ws.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"已导出{assessment_export.KINDS[args.kind]}（{n} 行）到 {args.out}")
    return EXIT_OK


def _export_lrmx(args: argparse.Namespace) -> int:
    from desktop.services import lrmx_export

    if not args.out:
        raise UserError("缺少必需的参数：--out")
    if bool(args.cadre) == bool(args.all):
        raise UserError("请用 --cadre ID（可重复）或 --all 指定要导出的干部")
    ws = open_workspace(args)
    try:
        ids = lrmx_export.all_ids(ws) if args.all else list(args.cadre)
        written = lrmx_export.export(ws, ids, args.out, progress=_progress("正在导出"))
    finally:
        ws.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"已导出 {len(ids)} 份任免审批表到 {args.out}" if len(written) <= 1 else
          f"已导出 {len(written)} 份任免审批表到文件夹 {args.out}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from desktop.services import imports

    ws = open_workspace(args)
    try:
        imports.write_template(ws, args.kind, args.out)
    finally:
        ws.close()
    print(f"已生成导入模板 {args.out}")
    return EXIT_OK


def cmd_package(args: argparse.Namespace) -> int:
    raise UserError("外出考核数据包尚未提供（随考核批次、谈话和评议表功能一同提供），暂时无法导出或导入")


def register(c: Commands) -> None:
    p = c.add("import", cmd_import, "导入 Excel 干部名册、年度考核结果、积分记录、民主测评票，"
                                    "任免审批表（.lrmx/.lrm、文件夹、zip）；"
                                    "先显示预览，有被拒绝的行时不写入任何数据")
    p.add_argument("path", metavar="FILE|DIR", help="要导入的文件或文件夹（按内容识别类型）")
    p.add_argument("--dry-run", action="store_true", help="只显示预览，不写入")
    p.add_argument("--report", metavar="FILE", help="有被拒绝的行时，把错误报告保存为 xlsx")
    p = c.add("export", cmd_export, "导出花名册、积分记录、测评统计、测评票、考核批次（xlsx）或任免审批表（LRMX）")
    p.add_argument("kind", choices=["roster", "lrmx", *ASSESSMENT_KINDS], metavar="KIND",
                   help="roster（花名册）、lrmx（任免审批表）、ledger（积分记录）、tallies（测评统计）、"
                        "ballots（测评票）、campaigns（考核批次；加 --campaign 时另含该考核的进度）")
    p.add_argument("--out", metavar="PATH", help="输出文件；LRMX 导出多人时为 .zip 文件或文件夹")
    p.add_argument("--format", default="xlsx", metavar="FORMAT", help="花名册格式（xlsx）")
    p.add_argument("--columns", metavar="a,b,c", help="花名册的列（键名或中文列名，按此顺序），如 name,sex,birth,unit")
    p.add_argument("--filter", metavar="TEXT", help="按姓名、全拼或首字母筛选")
    p.add_argument("--sort", metavar="KEY", help="排序列（默认按姓名）")
    p.add_argument("--cadre", type=int, action="append", metavar="ID", help="要导出的干部编号（可重复）")
    p.add_argument("--all", action="store_true", help="导出全部干部")
    p.add_argument("--campaign", type=int, metavar="ID", help="只导出该考核的积分记录、测评统计、测评票或进度")
    p = c.add("template", cmd_template, "生成导入模板（含填写说明、示例行和代码表下拉列表）")
    p.add_argument("kind", choices=["roster", "annual", "ledger", "ballots"], metavar="KIND",
                   help="roster（干部名册）、annual（年度考核结果）、ledger（积分记录）或 ballots（民主测评票）")
    p.add_argument("--out", required=True, metavar="FILE", help="模板文件（.xlsx）")
    p = c.add("package", cmd_package, "外出考核数据包（尚未提供）", [])
    p.add_argument("action", choices=["export", "import"], metavar="ACTION", help="export 或 import")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
