"""`frontline`: the command line over the same services the window uses.

Parsing and printing only. Exit status: 0 success, 1 refused (wrong password, invalid
input, damaged file; one line on stderr), 2 usage error, 70 internal error (details in the
log folder; never a traceback on the terminal).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__, paths
from desktop.cli.text import human_size, install_argparse_chinese, table
from desktop.errors import FrontlineError, LoginLocked, Throttled

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70
PASSWORD_ENV = "FRONTLINE_PASSWORD"
NEW_PASSWORD_ENV = "FRONTLINE_NEW_PASSWORD"


class UserError(FrontlineError):
    """A problem with how the command was used that argparse cannot see."""


# --- passwords ------------------------------------------------------------------------------

def _read_password_file(path: str) -> str:
    from desktop.safe_read import first_line

    return first_line(path, "密码文件")


def _prompt(label: str, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise UserError(f"需要密码：请使用 --password-file 或环境变量 {PASSWORD_ENV}")
    first = getpass.getpass(label)
    if confirm and getpass.getpass("再次输入：") != first:
        raise UserError("两次输入的密码不一致")
    return first


def password(args: argparse.Namespace, *, confirm: bool = False) -> str:
    if args.password_file:
        return _read_password_file(args.password_file)
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return _prompt(f"{args.user} 的密码：", confirm)


def new_password(args: argparse.Namespace, username: str) -> str:
    if args.new_password_file:
        return _read_password_file(args.new_password_file)
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    return _prompt(f"{username} 的新密码：", True)


def open_workspace(args: argparse.Namespace) -> Workspace:
    from desktop.services.workspace import Workspace

    secret = password(args)
    try:
        ws = Workspace.open(args.db, args.user, secret)
    except LoginLocked:
        raise  # minutes, not seconds: refused at once (exit 1) rather than waited for
    except Throttled as exc:
        # Scripts wait rather than fail: the delay is what slows down guessing.
        print(f"密码错误次数过多，等待 {exc.whole_seconds} 秒后再试……", file=sys.stderr)
        time.sleep(exc.seconds)
        ws = Workspace.open(args.db, args.user, secret)
    from desktop.services.admin.sessions import upgrade_note

    upgraded = upgrade_note(ws)
    if upgraded is not None:
        print(f"frontline：{upgraded}", file=sys.stderr)
    state = ws.db.chain_state
    if state.alarm:
        # Every open compares the audit chain with this PC's anchor; reading goes on (the
        # clerk may need the data), writing is refused by the operation helper.
        print(f"frontline：警告：审计链异常：{state.message}。本数据库拒绝写入，"
              "请运行 frontline verify 检查，并从备份恢复（frontline restore）", file=sys.stderr)
    return ws


def _print_recovery(code: str) -> None:
    print(f"恢复密钥：{code}")
    print("请将恢复密钥抄写或打印后妥善保管：忘记所有密码时，只有它能打开数据库。它不会再次显示。")


# --- commands -------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from desktop.services.admin.accounts import create_database

    # The key is printed before the database takes its name (store/creation.py): a database
    # never exists whose recovery key nobody saw.
    ws, _ = create_database(args.db, args.user, password(args, confirm=True), show_recovery_key=_print_recovery)
    ws.close()
    print(f"已创建加密数据库 {args.db}（管理员 {args.user}）")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo.database import create_demo_database

    if args.cadres < 0:
        raise UserError("--cadres 不能为负数")
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r正在生成：{done}/{total}", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    def recovery(code: str) -> None:
        if show:
            print(file=sys.stderr)
        _print_recovery(code)

    ws, _, summary = create_demo_database(args.db, args.user, password(args, confirm=True),
                                          args.cadres, seed=args.seed, photos=args.photos,
                                          progress=progress, show_recovery_key=recovery)
    ws.close()
    print(f"已创建演示数据库 {args.db}：{summary.cadres} 名干部，{summary.units} 个单位，"
          f"{summary.rows} 行记录（种子 {summary.seed}），用时 {time.perf_counter() - started:.1f} 秒")
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from desktop.services.admin.info import COUNT_LABELS, info
    from desktop.services.admin.sessions import last_login_note

    ws = open_workspace(args)
    try:
        data = info(ws)
        note = last_login_note(ws)
    finally:
        ws.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"数据库：{data['path']}（{human_size(data['size_bytes'])}）")
    if note is not None:
        print(f"账户 {args.user}：{note.text}")
    print(f"结构版本：{data['schema_version']}")
    print(f"SQLCipher：{data['sqlcipher_version']}（SQLite {data['sqlite_version']}）")
    print(table(["内容", "数量"], [[COUNT_LABELS.get(k, k), str(v)] for k, v in data["counts"].items()]))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.services.cadres.queries import cadre_matches

    ws = open_workspace(args)
    try:
        rows = cadre_matches(ws, args.search or "", args.limit)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    print(table(["编号", "姓名", "性别", "出生年月", "单位", "职务"],
                [[str(r.id), r.name, r.sex, str(r.as_json()["birth"]), r.unit, r.post] for r in rows]))
    print(f"共 {len(rows)} 人", file=sys.stderr)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from desktop.services.admin.verify import run_all

    ws = open_workspace(args)
    try:
        checks = run_all(ws)
    finally:
        ws.close()
    for c in checks:
        mark = "通过" if c.ok else "失败"
        print(f"[{mark}] {c.name}" + (f"：{c.detail}" if c.detail else ""))
    failed = [c for c in checks if not c.ok]
    if failed:
        print(f"frontline：{len(failed)} 项检查未通过", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def cmd_reanchor(args: argparse.Namespace) -> int:
    from desktop.services.admin.verify import reanchor

    ws = open_workspace(args)
    try:
        before = reanchor(ws)
    finally:
        ws.close()
    print(f"已按数据库当前状态重新建立本机的审计锚点（之前：{before or '无'}）。此操作已记入审计日志")
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    from desktop.services.admin.accounts import change_password

    ws = open_workspace(args)
    try:
        target = args.account or args.user
        change_password(ws, target, new_password(args, target))
    finally:
        ws.close()
    print(f"已修改 {target} 的密码")
    return EXIT_OK


def cmd_account_add(args: argparse.Namespace) -> int:
    from desktop.services.admin.accounts import add_account
    from desktop.services.admin.queries import account_rows
    from desktop.services.admin.roles import role_of

    ws = open_workspace(args)
    try:
        role = role_of(args.role) if args.role else None
        add_account(ws, args.name, new_password(args, args.name), display_name=args.display_name or "", role=role)
        label = next(r.role_label for r in account_rows(ws) if r.username == args.name)
    finally:
        ws.close()
    print(f"已添加账户 {args.name}（{label}）")
    return EXIT_OK


def cmd_recovery_key(args: argparse.Namespace) -> int:
    from desktop.services.admin.accounts import new_recovery_key

    ws = open_workspace(args)
    try:
        code = new_recovery_key(ws)
    finally:
        ws.close()
    print("已生成新的恢复密钥，旧的恢复密钥已失效。")
    _print_recovery(code)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.services.admin.backups import make_backup

    ws = open_workspace(args)
    try:
        target = make_backup(ws, Path(args.out))
        package = ws.db.is_package
    finally:
        ws.close()
    if package:
        print(f"已备份到 {target}（外出考核数据包，数据包密码不变），并已打开核对")
    else:
        print(f"已备份到 {target}（密钥文件 {target}.keys，密码和恢复密钥与原数据库相同），并已打开核对")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.services.admin.backups import restore

    result = restore(Path(args.file), Path(args.db), args.user, password(args), force=args.force)
    print(f"已用备份 {args.file} 恢复数据库 {result.path}")
    if result.replaced is not None:
        print(f"原数据库已改名保留为 {result.replaced}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run

    # The desktop entry passes the file the clerk opened: a database is opened, anything
    # else (a .lrmx form) goes to the import dialog after logging in.
    # The private temp folder is made once the login dialog is painted (nothing is written
    # before the clerk logs in): its imports and sweep would otherwise delay the first frame.
    opened = args.file
    if opened and Path(opened).suffix.lower() == ".db" and not args.db:
        return run(db=opened, prepare=_private_temp)
    return run(db=args.db, open_file=opened, prepare=_private_temp)


# --- parser ---------------------------------------------------------------------------------

@dataclass
class Commands:
    """What a module needs to add its own commands: the subparsers and the shared options.

    Feature areas (reports, import/export …) keep their commands in their own module
    (desktop/cli/<area>.py) with a `register(commands)` function listed in AREAS below.
    """

    sub: argparse._SubParsersAction  # type: ignore[type-arg]
    db: argparse.ArgumentParser  # --db PATH (required)
    login: argparse.ArgumentParser  # --user, --password-file
    new_password: argparse.ArgumentParser  # --new-password-file

    def add(self, name: str, fn: Callable[[argparse.Namespace], int], help_text: str,
            parents: Sequence[argparse.ArgumentParser] | None = None) -> argparse.ArgumentParser:
        chosen = [self.db, self.login] if parents is None else list(parents)
        p = self.sub.add_parser(name, parents=chosen, help=help_text, description=help_text)
        p.set_defaults(func=fn)
        return p


# Modules that add commands of their own (each has `register(commands: Commands) -> None`).
AREAS: list[str] = ["desktop.cli.reports", "desktop.cli.interchange", "desktop.cli.results", "desktop.cli.indicators",
                    "desktop.cli.fieldwork", "desktop.cli.accounts", "desktop.cli.grading", "desktop.cli.uses",
                    "desktop.cli.analysis", "desktop.cli.levels", "desktop.cli.selftest", "desktop.cli.server"]


def _register_core(c: Commands) -> None:
    c.add("init", cmd_init, "新建加密数据库并创建管理员账户，打印一次恢复密钥")
    p = c.add("demo", cmd_demo, "新建填满模拟数据的演示数据库")
    p.add_argument("--cadres", type=int, required=True, metavar="N", help="干部人数")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子（相同种子生成相同数据）")
    p.add_argument("--photos", action="store_true", help="同时生成示意照片")
    p = c.add("info", cmd_info, "显示各类记录数量、结构版本和 SQLCipher 版本")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = c.add("list", cmd_list, "列出干部（编号、姓名、性别、出生年月、单位、职务）")
    p.add_argument("--search", metavar="TEXT", help="按汉字、全拼或首字母筛选，如 zs 匹配 张三")
    p.add_argument("--limit", type=int, metavar="N", help="最多列出 N 人")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    c.add("verify", cmd_verify, "检查数据库完整性（SQLite、SQLCipher、外键、审计链），全部通过时返回 0")
    c.add("reanchor", cmd_reanchor,
          "确认数据库无误后，按当前状态重新建立本机的审计锚点（审计链本身须完好；记入审计日志）")
    p = c.add("passwd", cmd_passwd, "修改密码（只改写该账户的密钥槽，不重新加密数据库）",
              [c.db, c.login, c.new_password])
    p.add_argument("--account", metavar="NAME", help="要修改密码的账户（默认为 --user 本人）")
    p = c.add("account-add", cmd_account_add, "添加账户", [c.db, c.login, c.new_password])
    p.add_argument("--name", required=True, metavar="NAME", help="新账户名")
    p.add_argument("--display-name", metavar="TEXT", help="姓名")
    p.add_argument("--role", metavar="ROLE", help="角色（见 frontline account-role --help）；不给时：由拥有全部权限的"
                   "账户添加的为全部权限，其他账户添加的为待分配角色")
    c.add("recovery-key", cmd_recovery_key, "生成新的恢复密钥（旧的随即失效）")
    p = c.add("backup", cmd_backup, "在线备份数据库（连同密钥文件），写完后打开核对")
    p.add_argument("--out", required=True, metavar="FILE", help="备份文件路径")
    p = c.add("restore", cmd_restore, "用备份恢复数据库（原数据库改名保留）；--user 和密码是备份的账户和密码")
    p.add_argument("file", metavar="FILE", help="备份文件（旁边应有它的 .keys 文件）")
    p.add_argument("--force", action="store_true", help="数据库已存在时仍然恢复（原数据库改名保留，不删除）")
    p = c.add("gui", cmd_gui, "打开图形界面（默认命令）", [])
    p.add_argument("--db", metavar="PATH", help="要打开的数据库")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="登录后导入的文件（如 .lrmx 任免审批表）；.db 文件即要打开的数据库")


def build_parser() -> argparse.ArgumentParser:
    install_argparse_chinese()
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="一线考核：干部档案与一线考核管理。不带命令时打开图形界面。",
    )
    parser.add_argument("--version", action="version", version=f"frontline {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", required=True, metavar="PATH", help="数据库文件")
    login = argparse.ArgumentParser(add_help=False)
    login.add_argument("--user", default="admin", metavar="NAME", help="账户名（默认 admin）")
    login.add_argument("--password-file", metavar="FILE",
                       help=f"从文件第一行读取密码（否则读环境变量 {PASSWORD_ENV}，再否则提示输入）")
    newpw = argparse.ArgumentParser(add_help=False)
    newpw.add_argument("--new-password-file", metavar="FILE",
                       help=f"新密码所在文件（否则读环境变量 {NEW_PASSWORD_ENV}，再否则提示输入两次）")
    commands = Commands(sub, db, login, newpw)
    _register_core(commands)
    for area in AREAS:
        importlib.import_module(area).register(commands)
    return parser


def _log_crash() -> Path | None:
    try:
        path = paths.log_dir() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return path
    except OSError:
        return None


def _log_to_file() -> None:
    """The program's log goes to the log folder, for support: the terminal gets one Chinese
    line per refusal, never a library's English warnings."""
    root = logging.getLogger()
    if root.handlers:  # configured already (an earlier call, a test runner, an embedding program)
        return
    try:
        # Opened at the first message only: most runs log nothing.
        handler: logging.Handler = logging.FileHandler(paths.log_dir() / "frontline.log", encoding="utf-8",
                                                       delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _private_temp() -> None:
    """Plaintext on its way to a file goes to this run's own folder (services/traces.py)."""
    from desktop.services import traces

    try:
        traces.private_temp()
    except OSError as exc:
        logging.getLogger(__name__).warning("no private temp folder (%s); using the system's", exc)


def _gui_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """`frontline`, `frontline gui`, `frontline gui --db PATH`: the window, parsed without
    building the whole parser, whose command modules load every table's model (most of a second
    before the login dialog could show). Anything else (--help, another command, a typo) goes
    to the full parser."""
    if argv and argv[0] != "gui":
        return None
    rest = list(argv[1:])

    def gui(db: str | None = None, file: str | None = None) -> argparse.Namespace:
        return argparse.Namespace(command="gui", func=cmd_gui, db=db, file=file)

    if len(rest) == 2 and rest[0] == "--db" and not rest[1].startswith("-"):
        return gui(db=rest[1])
    if len(rest) == 1 and rest[0].startswith("--db=") and len(rest[0]) > 5:
        return gui(db=rest[0][5:])
    if len(rest) == 1 and not rest[0].startswith("-"):  # the file the desktop entry passes
        return gui(file=rest[0])
    return gui() if not rest else None


def main(argv: Sequence[str] | None = None) -> int:
    _log_to_file()
    args = _gui_args(sys.argv[1:] if argv is None else argv)
    if args is None:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["gui", *(argv or sys.argv[1:])])
    if args.func is not cmd_gui:  # the window makes it once its first dialog is shown
        _private_temp()
    try:
        return int(args.func(args))
    except FrontlineError as exc:
        print(f"frontline：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("frontline：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`frontline list | head`): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's flush at exit quiet
        return EXIT_OK
    except Exception as exc:
        # Only on failure: importing the models first would cost `frontline gui` most of a
        # second before its login dialog shows.
        from desktop.models.validation import ValidationFailed
        from desktop.services.workspace import refusal_for

        if isinstance(exc, ValidationFailed):
            print(f"frontline：{exc}", file=sys.stderr)
            return EXIT_REFUSED
        refusal = refusal_for(exc)
        if refusal is not None:
            print(f"frontline：{refusal}", file=sys.stderr)
            return EXIT_REFUSED
        where = _log_crash()
        print(f"frontline：内部错误，详情已写入 {where}" if where else "frontline：内部错误", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
