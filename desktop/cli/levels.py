"""`frontline report-file`: reporting between levels (上报 / 接收) by signed, encrypted file.

A district exports (`export`), the city registers the district once (`trust`, after
comparing the fingerprint `key` prints at the district) and imports (`import`: preview,
conflicts, then the merge, as `package import`). Parsing and printing only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from desktop.cli.interchange import file_password, finish_merge, print_merge
from desktop.cli.main import EXIT_OK, Commands, UserError, open_workspace

REPORT_PASSWORD_ENV = "FRONTLINE_REPORT_PASSWORD"
_PREFER = {"city": "office", "district": "laptop"}


def _password(args: argparse.Namespace, *, confirm: bool) -> str:
    return file_password(args.report_password_file, REPORT_PASSWORD_ENV, "上报文件密码", "--report-password-file",
                         confirm=confirm)


def _years(text: str | None) -> tuple[int, int]:
    if not text:
        previous = dt.date.today().year - 1
        return previous, previous
    first, _, last = text.partition("-")
    try:
        return int(first), int(last or first)
    except ValueError:
        raise UserError(f"上报期间应写作年份或年份范围，如 2025 或 2024-2026，而不是“{text}”") from None


def _export(args: argparse.Namespace) -> int:
    from desktop.services.exchange.levels import export as report_export

    first, last = _years(args.years)
    kinds = frozenset(k.strip() for k in (args.kinds or ",".join(report_export.KINDS_OFFERED)).split(",") if k.strip())
    from desktop.services.exchange.levels import queries

    report_export.Scope(first, last, kinds).check()
    secret = _password(args, confirm=True)
    ws = open_workspace(args)
    try:
        scope = report_export.Scope(first, last, kinds, queries.unit_ids(ws, args.unit or []))
        summary = report_export.export(ws, scope, args.out, secret)
    finally:
        ws.close()
    counts = summary.counts
    print(f"已生成上报文件 {summary.path}：{summary.district}，{scope.period}，{summary.cadres} 名干部")
    print("  " + "，".join(f"{label.split('（')[0]} {n} 条" for label, n in (
        (report_export.KINDS_OFFERED["annual"], counts["annual_result"]),
        (report_export.KINDS_OFFERED["appraisal"], counts["appraisal"]),
        (report_export.KINDS_OFFERED["ledger"], counts["point_entry"]),
        ("任职", counts["post"]))))
    print(f"签名指纹：{summary.fingerprint}（上级首次接收前须电话核对）")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from desktop.services.exchange.levels import placement, queries, receive

    receive.check_not_package(args.path)
    secret = _password(args, confirm=False)
    ws = open_workspace(args)
    try:
        # Named before the file is opened: a wrong name costs no password attempt.
        chosen = queries.placement_named(ws, args.under) if args.under is not None else \
            placement.Choice(None) if args.top_level else None
        with receive.ReportImport(ws, args.path, secret) as job:
            if chosen is not None:
                job.choose(chosen)
            plan = job.preview(ws)
            header = job.header
            assert header is not None
            if args.prefer:
                plan.prefer(_PREFER[args.prefer])  # type: ignore[arg-type]
            print_merge(plan, ("本级", "上报"),
                        f"{header.name}（上报文件：{plan.package.campaign}，{header.period}，{header.kinds_text}；"
                        f"{header.exported_by} 于 {header.exported_text} 导出，签名指纹 {header.fingerprint}）")
            return finish_merge(ws, job, plan, args.dry_run,
                                f"有 {len(plan.conflicts)} 条记录本级和上报单位都改过，没有写入任何数据。"
                                "请在窗口中逐条决定，或用 --prefer city|district 统一决定")
    finally:
        ws.close()


def _key(args: argparse.Namespace) -> int:
    from desktop.services.exchange.levels import keys

    ws = open_workspace(args)
    try:
        fp = keys.fingerprint(keys.public_bytes(keys.signing_key(ws).public_key()))
    finally:
        ws.close()
    print(f"本数据库的上报签名指纹：{fp}")
    return EXIT_OK


def _districts(args: argparse.Namespace) -> int:
    from desktop.services.exchange.levels import queries

    ws = open_workspace(args)
    try:
        found = queries.districts(ws)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([{"name": d.name, "fingerprint": d.fingerprint, "registered_at": d.registered_at,
                           "registered_by": d.registered_by} for d in found], ensure_ascii=False, indent=2))
    elif not found:
        print("还没有登记任何报送单位")
    for d in found if not args.json else ():
        print(f"{d.name}  {d.fingerprint}  {d.registered_by} 登记于 {d.registered_at[:10]}")
    return EXIT_OK


def _trust(args: argparse.Namespace) -> int:
    from desktop.services.exchange.levels import receive

    header = receive.read_header(args.path)
    if not args.fingerprint:
        print(f"{header.name}：报送单位“{header.district}”，签名指纹 {header.fingerprint}")
        raise UserError("请与报送单位电话核对指纹，再用 --fingerprint 给出对方读出的指纹")
    ws = open_workspace(args)
    try:
        district = receive.trust_file(ws, args.path, args.fingerprint)
    finally:
        ws.close()
    print(f"已登记报送单位“{district.name}”（签名指纹 {district.fingerprint}）：此后接收它签名的上报文件")
    return EXIT_OK


def _untrust(args: argparse.Namespace) -> int:
    from desktop.services.exchange.levels import keys

    ws = open_workspace(args)
    try:
        district = keys.untrust(ws, args.fingerprint)
    finally:
        ws.close()
    print(f"已取消登记报送单位“{district.name}”：此后拒绝它签名的上报文件")
    return EXIT_OK


_ACTIONS = {"export": _export, "import": _import, "key": _key, "districts": _districts, "trust": _trust,
            "untrust": _untrust}


def cmd_report_file(args: argparse.Namespace) -> int:
    return _ACTIONS[args.action](args)


def register(c: Commands) -> None:
    p = c.add("report-file", cmd_report_file, "上报 / 接收：下级单位把干部和考核结果导出为签名、加密的上报文件，"
                                              "上级登记该单位后接收并合并", [])
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def add(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[c.db, c.login], help=text, description=text)

    e = add("export", "上报：导出所选单位在职干部的档案和所选期间的考核结果（签名、加密的文件）")
    e.add_argument("--out", required=True, metavar="FILE", help="上报文件（.flrpt）")
    e.add_argument("--unit", action="append", metavar="ID|NAME",
                   help="单位编号或全称（含下级单位，可重复）；不给时为账户范围内的全部干部")
    e.add_argument("--years", metavar="Y[-Y]", help="上报期间（年份或范围，如 2025 或 2024-2026；默认上一年）")
    e.add_argument("--kinds", metavar="a,b", help="上报内容：files（干部档案）、annual（年度考核结果）、"
                                                "appraisal（政治素质鉴定）、ledger（积分记录）；默认全部")
    i = add("import", "接收：先预览新增、更新和冲突，再合并；同一文件第二次接收不改变任何数据")
    i.add_argument("path", metavar="FILE", help="上报文件")
    i.add_argument("--dry-run", action="store_true", help="只显示预览，不写入")
    i.add_argument("--prefer", choices=sorted(_PREFER),
                   help="两边都改过的内容统一保留本级（city）或采用上报（district）")
    where = i.add_mutually_exclusive_group()
    where.add_argument("--under", metavar="单位名称或代码",
                       help="上报文件中本级没有的顶层单位放在本级的这个单位之下（名称、机构代码或完整路径，"
                            "如“海滨市 / 各区县”）；不给时按报送单位名称或上次的选择推测，预览中说明")
    where.add_argument("--top-level", action="store_true", help="上报文件中本级没有的顶层单位作为本级的顶层单位")
    for q in (e, i):
        q.add_argument("--report-password-file", metavar="FILE",
                       help=f"从文件第一行读取上报文件密码（也可用环境变量 {REPORT_PASSWORD_ENV}）")
    add("key", "显示本数据库的上报签名指纹（报送单位首次上报前告知上级，供核对）")
    d = add("districts", "列出已登记的报送单位及其签名指纹")
    d.add_argument("--json", action="store_true", help="以 JSON 输出")
    t = add("trust", "登记上报文件的报送单位：须给出电话核对时对方读出的指纹")
    t.add_argument("path", metavar="FILE", help="该单位的上报文件")
    t.add_argument("--fingerprint", metavar="TEXT", help="对方读出的签名指纹（空格可有可无）")
    u = add("untrust", "取消登记一个报送单位（此后拒绝它的上报文件）")
    u.add_argument("fingerprint", metavar="FINGERPRINT", help="签名指纹")
