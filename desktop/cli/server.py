"""`frontline migrate-db` and `frontline upgrade-db`: the office server from the command line.

frontline migrate-db --from office.db --to postgresql://admin@db.example/frontline [--user admin]
    [--password-file F] [--target-password-file F]      (a file to the server, or a server to a new file)
frontline upgrade-db --db postgresql://admin@db.example/frontline   (an administrator upgrades the server's schema)

Parsing and printing only.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from desktop.cli.main import EXIT_OK, UserError, open_workspace, password

if TYPE_CHECKING:
    from desktop.cli.main import Commands

TARGET_PASSWORD_ENV = "FRONTLINE_TARGET_PASSWORD"


def _target_password(args: argparse.Namespace, *, confirm: bool) -> str:
    if args.target_password_file:
        from desktop.safe_read import first_line

        return first_line(args.target_password_file, "目标密码文件")
    if os.environ.get(TARGET_PASSWORD_ENV) is not None:
        return os.environ[TARGET_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise UserError(f"需要目标数据库的密码：请使用 --target-password-file 或环境变量 {TARGET_PASSWORD_ENV}")
    first = getpass.getpass("目标数据库的密码：")
    if confirm and getpass.getpass("再次输入：") != first:
        raise UserError("两次输入的密码不一致")
    return first


def cmd_migrate_db(args: argparse.Namespace) -> int:
    from desktop.services.admin.move import migrate_database
    from desktop.services.office_server import is_server_url

    args.db = args.source
    source = open_workspace(args)
    try:
        secret = _target_password(args, confirm=not is_server_url(args.target))

        def recovery(code: str) -> None:
            print(f"新数据库的恢复密钥：{code}")
            print("请将恢复密钥抄写或打印后妥善保管：忘记所有密码时，只有它能打开数据库。它不会再次显示。")

        report = migrate_database(source, args.target, secret, show_recovery_key=recovery)
    finally:
        source.close()
    rows = [[name, str(count)] for name, count in sorted(report.counts.items()) if count]
    print("\n".join(f"{name}\t{count}" for name, count in rows))
    print(f"已迁移到 {report.target}：{len(report.counts)} 张表，共 {sum(report.counts.values())} 行；"
          f"源与目标逐表的行数和内容哈希一致（{report.digest}）")
    return EXIT_OK


def cmd_upgrade_db(args: argparse.Namespace) -> int:
    from desktop.services.admin.info import schema_version
    from desktop.services.workspace import Workspace

    ws = Workspace.open(args.db, args.user, password(args), upgrade=True)
    try:
        version = schema_version(ws)
    finally:
        ws.close()
    print(f"服务器数据库的结构版本现在是 {version}")
    return EXIT_OK


def register(c: Commands) -> None:
    p = c.add("migrate-db", cmd_migrate_db,
              "把整个数据库迁移到 PostgreSQL 服务器（或从服务器迁移到一个新的加密文件），"
              "逐表核对行数和内容哈希",
              [c.login])
    p.add_argument("--from", dest="source", required=True, metavar="SOURCE", help="源：数据库文件或服务器地址")
    p.add_argument("--to", dest="target", required=True, metavar="TARGET",
                   help="目标：空的服务器数据库（postgresql://账户@主机/数据库）或新文件的路径")
    p.add_argument("--target-password-file", metavar="FILE",
                   help="目标的密码（服务器账户的密码，或新文件的密码）所在文件"
                        f"（否则读环境变量 {TARGET_PASSWORD_ENV}，"
                        "再否则提示输入）")
    c.add("upgrade-db", cmd_upgrade_db, "升级服务器数据库的结构版本（管理员）")
