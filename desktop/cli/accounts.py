"""`frontline accounts`, `account-role`, `account-scope`, `audit list|export`: roles, scopes and
the audit log from the command line (`account-add --role` is in main.py).

frontline accounts --db x.db [--json]
frontline account-role --db x.db --account wang --role 经办人
frontline account-scope --db x.db --account wang --unit 12 --unit 40 --campaign 3   (none: the whole department)
frontline account-deactivate --db x.db wang          (its key slot is destroyed: its password opens nothing)
frontline account-reactivate --db x.db wang [--new-password-file F]   (a new password, as in the window)
frontline idle-lock --db x.db 15                      (minutes before an idle window locks, 1–60)
frontline audit list --db x.db --user auditor [--actor wang] [--action cadre] [--since 2026-11-01] [--until …]
    [--limit N] [--json]
frontline audit export --db x.db --user auditor --out 审计日志.xlsx [same filters]

Parsing and printing only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING

from desktop.cli.text import table

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.admin.audit_log import AuditFilter


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.replace(".", "-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 2026-11-30，而不是“{text}”") from None


def cmd_accounts(args: argparse.Namespace) -> int:
    from desktop.cli.main import open_workspace
    from desktop.services.admin.queries import account_rows

    ws = open_workspace(args)
    try:
        rows = account_rows(ws)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([{"username": r.username, "display_name": r.display_name, "role": r.role,
                           "role_label": r.role_label, "active": r.active, "scope": r.scope_text} for r in rows],
                         ensure_ascii=False, indent=1))
        return 0
    print(table(["账户", "姓名", "角色", "工作范围", "状态"],
                [[r.username, r.display_name, r.role_label, r.scope_text, r.state] for r in rows]))
    return 0


def cmd_account_role(args: argparse.Namespace) -> int:
    from desktop.cli.main import open_workspace
    from desktop.services.admin import roles
    from desktop.services.permissions import ROLE_LABELS

    role = roles.role_of(args.role)
    ws = open_workspace(args)
    try:
        roles.set_role(ws, args.account, role)
    finally:
        ws.close()
    print(f"已将账户 {args.account} 的角色改为 {ROLE_LABELS[role]}")
    return 0


def cmd_account_scope(args: argparse.Namespace) -> int:
    from desktop.cli.main import open_workspace
    from desktop.services.admin import roles

    units, campaigns = args.unit or [], args.campaign or []
    ws = open_workspace(args)
    try:
        roles.set_scope(ws, args.account, units, campaigns)
    finally:
        ws.close()
    if units or campaigns:
        print(f"已设置账户 {args.account} 的工作范围：{len(units)} 个单位（含下级单位），{len(campaigns)} 次考核")
    else:
        print(f"账户 {args.account} 的工作范围：全部")
    return 0


def cmd_account_active(args: argparse.Namespace) -> int:
    from desktop.cli.main import new_password, open_workspace
    from desktop.services.admin import accounts

    active = args.command == "account-reactivate"
    ws = open_workspace(args)
    try:
        ws.require("account.update")  # refused before a new password is asked
        # As in 系统管理 → 账户: a new password only where the old one's key slot was destroyed.
        secret = new_password(args, args.name) if active and accounts.needs_new_password(ws, args.name) else None
        accounts.set_active(ws, args.name, active, new_password=secret)
    finally:
        ws.close()
    print(f"已重新启用账户 {args.name}" if active else
          f"已停用账户 {args.name}：其密钥已销毁，旧密码不再能打开数据库")
    return 0


def cmd_idle_lock(args: argparse.Namespace) -> int:
    from desktop.cli.main import open_workspace
    from desktop.services.admin import sessions

    ws = open_workspace(args)
    try:
        sessions.set_idle_lock_minutes(ws, args.minutes)
    finally:
        ws.close()
    print(f"窗口无操作 {args.minutes} 分钟后自动锁定")
    return 0


def _filter(args: argparse.Namespace) -> AuditFilter:
    from desktop.services.admin.audit_log import AuditFilter

    return AuditFilter(args.actor or "", args.action or "", args.since, args.until)


def cmd_audit(args: argparse.Namespace) -> int:
    from desktop.cli.main import open_workspace
    from desktop.services.admin import audit_log

    ws = open_workspace(args)
    try:
        if args.action_name == "export":
            n = audit_log.export(ws, args.out, _filter(args))
            print(f"已导出 {n} 条审计记录到 {args.out}（此次导出已记入审计日志）")
            return 0
        page = audit_log.audit_rows(ws, _filter(args), args.limit)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([r.as_json() for r in page.rows], ensure_ascii=False, indent=1))
        return 0
    print(table(["序号", "时间", "账户", "操作", "说明", "对象"],
                [[str(r.id), r.time_text, r.actor, r.action, r.what,
                  r.entity + (f" {r.entity_id}" if r.entity_id is not None else "")] for r in page.rows]))
    print(f"共 {page.total} 条，列出最新的 {len(page.rows)} 条")
    return 0


def register(c: Commands) -> None:
    p = c.add("accounts", cmd_accounts, "列出账户：角色、工作范围、状态")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = c.add("account-role", cmd_account_role,
              "分配账户的角色（安全保密管理员；授予全部权限须由拥有全部权限的账户）")
    p.add_argument("--account", required=True, metavar="NAME", help="账户名")
    p.add_argument("--role", required=True, metavar="ROLE",
                   help="角色：系统管理员 安全保密管理员 安全审计员 经办人 领导 考核组成员 待分配角色 "
                        "管理员（全部权限），或 sysadmin security auditor clerk leader team pending admin")
    p = c.add("account-scope", cmd_account_scope,
              "设置经办人或领导的工作范围（单位含下级单位、考核）；都不给时为全部")
    p.add_argument("--account", required=True, metavar="NAME", help="账户名")
    p.add_argument("--unit", type=int, action="append", metavar="ID", help="单位编号（可重复）")
    p.add_argument("--campaign", type=int, action="append", metavar="ID", help="考核编号（可重复）")
    p = c.add("account-deactivate", cmd_account_active,
              "停用账户（销毁其密钥，旧密码不再能打开数据库；不能停用最后一个安全保密管理员）")
    p.add_argument("name", metavar="NAME", help="账户名")
    p = c.add("account-reactivate", cmd_account_active, "重新启用账户（停用时密钥已销毁：须设定新密码）",
              [c.db, c.login, c.new_password])
    p.add_argument("name", metavar="NAME", help="账户名")
    p = c.add("idle-lock", cmd_idle_lock, "设置窗口无操作后自动锁定的时间（1—60 分钟，同 系统管理 → 账户）")
    p.add_argument("minutes", type=int, metavar="MINUTES", help="分钟数（1—60）")
    audit = c.add("audit", cmd_audit, "审计日志：列出或导出（安全审计员）", [])
    sub = audit.add_subparsers(dest="action_name", required=True, metavar="ACTION")
    for name, text in (("list", "列出审计记录（最新的在前）"),
                       ("export", "把审计记录导出为 xlsx（导出本身记入审计日志）")):
        p = sub.add_parser(name, parents=[c.db, c.login], help=text, description=text)
        p.add_argument("--actor", metavar="NAME", help="只列出该账户的操作")
        p.add_argument("--action", metavar="ACTION", help="只列出该操作（如 cadre 或 cadre.update）")
        p.add_argument("--since", type=_day, metavar="DATE", help="自该日起，如 2026-11-01")
        p.add_argument("--until", type=_day, metavar="DATE", help="至该日止（含）")
        if name == "list":
            p.add_argument("--limit", type=int, default=200, metavar="N", help="最多列出 N 条（默认 200）")
            p.add_argument("--json", action="store_true", help="以 JSON 输出")
        else:
            p.add_argument("--out", required=True, metavar="FILE", help="导出文件（.xlsx）")
