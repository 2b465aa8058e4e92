"""`frontline import`, `frontline export`, `frontline template`, `frontline package`.

Parsing and printing only; the services do the work. An import prints its preview and
exits 1 with the reasons when any row is rejected, writing nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.main import EXIT_OK, EXIT_REFUSED, Commands, UserError, open_workspace

if TYPE_CHECKING:
    from desktop.services.exchange.assessment_imports import AssessmentPlan
    from desktop.services.exchange.imports import ImportPlan
    from desktop.services.workspace import Workspace

ASSESSMENT_KINDS = ("ledger", "tallies", "ballots", "campaigns")


def _progress(label: str):  # type: ignore[no-untyped-def]
    show = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if show:
            text = f"{done}/{total}" if total else str(done)
            print(f"\r{label}：{text}", end="", file=sys.stderr, flush=True)

    return report


def _is_cadre_plan(plan: object) -> bool:
    from desktop.services.exchange.imports import ImportPlan

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
    from desktop.services.exchange import imports
    from desktop.services.exchange.packages import file as package_file

    if package_file.is_package(args.path):
        # The kind is recognised from content: an exchange package is merged back.
        return _package_import(args)
    from desktop.services.exchange.levels import container

    if container.is_report(args.path):
        raise UserError(f"{Path(args.path).name} 是上报文件：请用 frontline report-file import 接收")
    ws = open_workspace(args)
    try:
        plan = imports.preview(ws, Path(args.path), progress=_progress("正在读取"))
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print_plan(plan)
        if args.report and plan.rejects:
            imports.write_error_report(ws, plan, args.report)
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
    if args.kind == "statistics":
        return _export_statistics(args)
    return _export_lrmx(args)


def _export_statistics(args: argparse.Namespace) -> int:
    from desktop.services.cadres.roster_filter import RosterFilter
    from desktop.services.exchange import statistics_export

    if args.format != "xlsx":
        raise UserError("统计表目前只能导出为 xlsx")
    if not args.out:
        raise UserError("缺少必需的参数：--out")
    ws = open_workspace(args)
    try:
        flt = RosterFilter(text=args.filter or "", unit_ids=(args.unit,) if args.unit else ())
        n = statistics_export.export(ws, args.out, flt)
    finally:
        ws.close()
    print(f"已导出干部统计（{n} 行）到 {args.out}")
    return EXIT_OK


def _export_roster(args: argparse.Namespace) -> int:
    from desktop.services.cadres.roster_columns import parse_keys
    from desktop.services.cadres.roster_filter import RosterFilter
    from desktop.services.exchange.roster_export import export_roster

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
    from desktop.services.exchange import assessment_export

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
    from desktop.services.exchange import lrmx_export

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
    from desktop.services.exchange import imports

    ws = open_workspace(args)
    try:
        imports.write_template(ws, args.kind, args.out)
    finally:
        ws.close()
    print(f"已生成导入模板 {args.out}")
    return EXIT_OK


PACKAGE_PASSWORD_ENV = "FRONTLINE_PACKAGE_PASSWORD"


def file_password(given: str | None, env: str, what: str, option: str, *, confirm: bool) -> str:
    """A file's own password (a package's, a report file's): from the file named by `option`,
    the environment variable `env`, or typed (twice when `confirm`)."""
    import getpass
    import os

    if given:
        from desktop.safe_read import first_line

        return first_line(given, f"{what}文件")
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise UserError(f"需要{what}：请使用 {option} 或环境变量 {env}")
    first = getpass.getpass(f"{what}：")
    if confirm and getpass.getpass(f"再次输入{what}：") != first:
        raise UserError(f"两次输入的{what}不一致")
    return first


def _package_password(args: argparse.Namespace, *, confirm: bool) -> str:
    return file_password(args.package_password_file, PACKAGE_PASSWORD_ENV, "数据包密码", "--package-password-file",
                         confirm=confirm)


def cmd_package(args: argparse.Namespace) -> int:
    return _package_export(args) if args.action == "export" else _package_import(args)


def _package_export(args: argparse.Namespace) -> int:
    from desktop.services.exchange.packages import export as package_export

    secret = _package_password(args, confirm=True)
    ws = open_workspace(args)
    try:
        summary = package_export.export(ws, args.campaign, args.out, secret, progress=_progress("正在导出"))
    finally:
        ws.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"已导出外出考核数据包 {summary.path}：考核“{summary.campaign}”，{summary.cadres} 名干部，"
          f"{summary.records} 条记录")
    print("在笔记本电脑上用 frontline gui --db 数据包文件 打开（登录时输入数据包密码），考核结束后用 "
          "frontline package import 导回")
    return EXIT_OK


def print_merge(plan: object, sides: tuple[str, str] = ("办公室", "笔记本"), title: str | None = None) -> None:
    """A merge's preview; `sides` names the receiving database and the file's side."""
    from desktop.services.exchange.packages.merge import MergePlan

    assert isinstance(plan, MergePlan)
    info = plan.package
    print(title or f"{info.name}（外出考核数据包：{info.campaign}，{info.exported_by} 于 {info.exported_text} 导出，"
                   f"笔记本上操作 {info.laptop_operations} 次）")
    for note in plan.notes:
        print(f"说明：{note}")
    print(plan.summary())
    mine, theirs = sides
    for c in sorted(plan.changes, key=lambda c: c.action != "conflict"):
        print(f"  {c.action_label} {c.label}")
        for f in c.fields:
            if c.action == "conflict":
                mark = {"both": "两边都改过", "laptop": f"{theirs}改过", "office": f"{mine}改过"}[f.changed]
                print(f"      {f.label}（{mark}）：{mine}“{f.office}” | {theirs}“{f.laptop}”")
            else:
                print(f"      {f.label}：{f.office} → {f.laptop}")


def _package_import(args: argparse.Namespace) -> int:
    from desktop.services.exchange.packages.apply import PackageImport

    if not args.path:
        raise UserError("请给出要导入的数据包文件")
    secret = _package_password(args, confirm=False)
    ws = open_workspace(args)
    try:
        with PackageImport(args.path, secret) as job:
            plan = job.preview(ws)
            if args.prefer:
                plan.prefer(args.prefer)
            print_merge(plan)
            return finish_merge(ws, job, plan, args.dry_run,
                                f"有 {len(plan.conflicts)} 条记录两边都改过，没有写入任何数据。"
                                "请在窗口的合并界面中逐条决定，或用 --prefer office|laptop 统一决定")
    finally:
        ws.close()


def finish_merge(ws: Workspace, job: Any, plan: Any, dry_run: bool, undecided: str) -> int:
    """After the preview of a package or a report file: refuse while conflicts are undecided
    (saying `undecided`), stop at a dry run, else commit and say what was written."""
    if plan.undecided():
        print(f"frontline：{undecided}", file=sys.stderr)
        return EXIT_REFUSED
    if dry_run:
        print("试运行（--dry-run）：没有写入任何数据")
        return EXIT_OK
    if not plan.changes:
        print("没有需要导入的变化")
        return EXIT_OK
    print(job.commit(ws, plan).message())
    return EXIT_OK


def register(c: Commands) -> None:
    p = c.add("import", cmd_import, "导入 Excel 干部名册、年度考核结果、积分记录、民主测评票，"
                                    "任免审批表（.lrmx/.lrm、文件夹、zip）；"
                                    "先显示预览，有被拒绝的行时不写入任何数据")
    p.add_argument("path", metavar="FILE|DIR", help="要导入的文件或文件夹（按内容识别类型）")
    p.add_argument("--dry-run", action="store_true", help="只显示预览，不写入")
    p.add_argument("--report", metavar="FILE", help="有被拒绝的行时，把错误报告保存为 xlsx")
    p.add_argument("--prefer", choices=["office", "laptop"],
                   help="导入外出考核数据包时：两边都改过的内容统一保留办公室（office）或采用笔记本（laptop）")
    p.add_argument("--package-password-file", metavar="FILE",
                   help=f"导入外出考核数据包时：从文件第一行读取数据包密码（也可用环境变量 {PACKAGE_PASSWORD_ENV}）")
    p = c.add("export", cmd_export, "导出花名册、积分记录、测评统计、测评票、考核批次（xlsx）或任免审批表（LRMX）")
    p.add_argument("kind", choices=["roster", "lrmx", "statistics", *ASSESSMENT_KINDS], metavar="KIND",
                   help="roster（花名册）、lrmx（任免审批表）、statistics（干部统计）、ledger（积分记录）、tallies（测评统计）、"
                        "ballots（测评票）、campaigns（考核批次；加 --campaign 时另含该考核的进度）")
    p.add_argument("--out", metavar="PATH", help="输出文件；LRMX 导出多人时为 .zip 文件或文件夹")
    p.add_argument("--format", default="xlsx", metavar="FORMAT", help="花名册格式（xlsx）")
    p.add_argument("--columns", metavar="a,b,c", help="花名册的列（键名或中文列名，按此顺序），如 name,sex,birth,unit")
    p.add_argument("--filter", metavar="TEXT", help="按姓名、全拼或首字母筛选")
    p.add_argument("--unit", type=int, metavar="ID", help="统计表：只统计该单位（含下级单位）")
    p.add_argument("--sort", metavar="KEY", help="排序列（默认按姓名）")
    p.add_argument("--cadre", type=int, action="append", metavar="ID", help="要导出的干部编号（可重复）")
    p.add_argument("--all", action="store_true", help="导出全部干部")
    p.add_argument("--campaign", type=int, metavar="ID", help="只导出该考核的积分记录、测评统计、测评票或进度")
    p = c.add("template", cmd_template, "生成导入模板（含填写说明、示例行和代码表下拉列表）")
    p.add_argument("kind", choices=["roster", "annual", "ledger", "ballots"], metavar="KIND",
                   help="roster（干部名册）、annual（年度考核结果）、ledger（积分记录）或 ballots（民主测评票）")
    p.add_argument("--out", required=True, metavar="FILE", help="模板文件（.xlsx）")
    p = c.add("package", cmd_package, "外出考核数据包：导出某次考核的数据供笔记本电脑离线使用，或导回并合并", [])
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    e = sub.add_parser("export", parents=[c.db, c.login], help="导出考核的数据包（一个加密文件，有单独的数据包密码）",
                       description="导出考核的数据包（一个加密文件，有单独的数据包密码）")
    e.add_argument("--campaign", type=int, required=True, metavar="ID", help="考核编号")
    e.add_argument("--out", required=True, metavar="FILE", help="数据包文件（.flpkg）")
    i = sub.add_parser("import", parents=[c.db, c.login], help="导回数据包并与数据库合并（两边都改过的记录须决定）",
                       description="导回数据包并与数据库合并：新增的记录直接加入，两边都改过的记录列出冲突；"
                                   "有冲突时不写入任何数据，除非用 --prefer 统一决定")
    i.add_argument("path", metavar="FILE", help="数据包文件")
    i.add_argument("--dry-run", action="store_true", help="只显示将要合并的内容，不写入")
    i.add_argument("--prefer", choices=["office", "laptop"],
                   help="两边都改过的内容统一保留办公室（office）或采用笔记本（laptop）")
    for q in (e, i):
        q.add_argument("--package-password-file", metavar="FILE",
                       help=f"从文件第一行读取数据包密码（也可用环境变量 {PACKAGE_PASSWORD_ENV}）")
