"""Creating databases and accounts, and changing passwords (which rewrites one key slot)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import AlreadyExists, FrontlineError, NotFound, StorageError
from desktop.models import Cadre
from desktop.models.accounts import ROLE_ADMIN, ROLE_SECURITY, Account
from desktop.services.admin import roles
from desktop.services.operations import OpContext
from desktop.services.units import defaults
from desktop.services.workspace import Actor, Workspace, actor_of
from desktop.store import scratch, server
from desktop.store.atomic import write_atomic
from desktop.store.database import Database
from desktop.store.kdf import KdfParams
from desktop.store.keyslots import KeySlots, slots_path

log = logging.getLogger(__name__)

MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,40}$")

# The roles that can give roles and reset passwords: one of them must stay active.
KEY_HOLDERS = (ROLE_ADMIN, ROLE_SECURITY)


def check_username(username: str) -> str:
    username = username.strip()
    if not _USERNAME.match(username):
        raise FrontlineError("用户名只能包含汉字、字母、数字、下划线、点和连字符，长度1—40")
    return username


# 等保 level 3 (GB/T 22239-2019, 身份鉴别): an account password has at least 8 characters
# and at least three of these four kinds. Checked when a password is set (creating a
# database, adding an account, changing or resetting a password), never at login: a
# database whose passwords predate the rule still opens.
MIN_CHARACTER_KINDS = 3
_KINDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("大写字母", lambda c: "A" <= c <= "Z"),
    ("小写字母", lambda c: "a" <= c <= "z"),
    ("数字", lambda c: "0" <= c <= "9"),
    ("符号", lambda c: not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9")),
)
PASSWORD_RULE = f"至少 {MIN_PASSWORD} 个字符，且包含大写字母、小写字母、数字、符号中的至少三类"


def password_problem(password: str) -> str:
    """What an account password lacks, as a sentence for the clerk; empty if it is good enough."""
    missing = [name for name, has in _KINDS if not any(has(c) for c in password)]
    present = len(_KINDS) - len(missing)
    if len(password) < MIN_PASSWORD and present >= MIN_CHARACTER_KINDS:
        return f"密码至少需要 {MIN_PASSWORD} 个字符（现在 {len(password)} 个）"
    if present >= MIN_CHARACTER_KINDS:
        return ""
    need = MIN_CHARACTER_KINDS - present
    lacking = "、".join(missing)
    short = f"至少需要 {MIN_PASSWORD} 个字符，" if len(password) < MIN_PASSWORD else ""
    return (f"密码{short}须包含大写字母、小写字母、数字、符号中的至少三类："
            f"还缺少{lacking}中的 {need} 类")


def check_password(password: str) -> None:
    """An account password (see PASSWORD_RULE); FrontlineError saying what is missing."""
    problem = password_problem(password)
    if problem:
        raise FrontlineError(problem)


def check_password_length(password: str) -> None:
    """An exchange package's password: it travels to the field team with the package and
    is typed on their laptop, so only the length rule applies."""
    if len(password) < MIN_PASSWORD:
        raise FrontlineError(f"密码至少需要 {MIN_PASSWORD} 个字符")


def create_database(path: Path | str, username: str, password: str, *, display_name: str = "",
                    params: KdfParams | None = None,
                    populate: Callable[[Workspace], None] | None = None,
                    show_recovery_key: Callable[[str], None] | None = None) -> tuple[Workspace, str]:
    """A new encrypted database with one administrator. Returns it and the recovery key.

    The database is built under a hidden name (store/creation.py): `populate` fills it (the
    demo generator), `show_recovery_key` is called with the key once everything is written,
    and only then does the file take its name. A failure or a kill before that leaves no
    file at `path`."""
    db: Database
    if server.is_server_url(path):
        # An office server: its schema in an empty database, the server account as the first
        # administrator; the password is the server's (its own rules), there is no key file.
        address = server.ServerAddress.parse(str(path), username)
        username = check_username(address.user)
        db, recovery_code = server.ServerDatabase.create_schema(address, password), ""
    else:
        username = check_username(username)
        check_password(password)
        db, recovery_code = Database.create(path, username, password, params=params)
    try:
        ws = Workspace(db, Actor(username, ROLE_ADMIN))

        def op(ctx: OpContext) -> Account:
            defaults.seed_new(ctx)
            account = Account(username=username, display_name=display_name or username, role=ROLE_ADMIN)
            ctx.session.add(account)
            ctx.session.flush()
            return account

        account = ws.run("database.create", op).value
        ws.actor = actor_of(account)
        if populate is not None:
            populate(ws)
        if show_recovery_key is not None and recovery_code:
            show_recovery_key(recovery_code)
        db.finish_creation()
    except BaseException:
        db.close()
        raise
    return ws, recovery_code


def add_account(ws: Workspace, username: str, password: str, *, display_name: str = "",
                role: str | None = None, params: KdfParams | None = None) -> int:
    """A new account with its own key slot. Without `role` it gets roles.default_role (all
    rights when made by an account with all rights, as before roles; otherwise 待分配角色);
    giving a role needs the right to assign it (roles.check_assignable)."""
    role = roles.role_of(role) if role is not None else roles.default_role(ws)
    username = check_username(username)
    check_password(password)
    roles.check_assignable(ws, role, creating=True)
    if not ws.db.is_server and ws.db.slots.has_user(username):
        raise AlreadyExists(f"账户 {username} 已存在")

    def op(ctx: OpContext) -> int:
        if ctx.session.scalar(select(Account).where(Account.username == username)):
            raise AlreadyExists(f"账户 {username} 已存在")
        if ws.db.is_server and server.ServerAccounts.role_exists(ctx.session, username):
            # A login is the whole server's, not this database's: setting the new account's
            # password would change that of another database's clerk (or of a server account).
            raise AlreadyExists(f"服务器上已有名为 {username} 的登录账户（同一服务器上另一个数据库的账户，"
                                f"或数据库管理员建立的账户）。服务器账户的密码由整个服务器共用，"
                                f"在这里添加会改变它的密码：请换一个账户名")
        account = Account(username=username, display_name=display_name or username, role=role)
        ctx.session.add(account)
        ctx.session.flush()
        # Written inside the transaction: if the slot file cannot be saved, no account appears.
        _set_password(ws, ctx, username, password, params)
        return int(account.id)

    with _slots_restored_on_error(ws):
        return ws.run("account.create", op).value


def change_password(ws: Workspace, username: str, new_password: str, *,
                    params: KdfParams | None = None) -> None:
    """Rewrite one account's key slot. Everyone may change their own password; only a
    安全保密管理员 (or an account with all rights) may reset another account's."""
    check_password(new_password)
    action = "account.password.own" if username == ws.actor.username else "account.password.reset"

    def op(ctx: OpContext) -> None:
        account = ctx.session.scalar(select(Account).where(Account.username == username))
        if account is None:
            raise NotFound(f"账户 {username} 不存在")
        ctx.record("account", entity_id=account.id, after={"password": "changed"})
        _set_password(ws, ctx, username, new_password, params)

    with _slots_restored_on_error(ws):
        ws.run(action, op)


def _set_password(ws: Workspace, ctx: OpContext, username: str, password: str, params: KdfParams | None) -> None:
    """The account's key slot in the key file, or its login role on an office server."""
    if ws.db.is_server:
        server.ServerAccounts().set_password(ctx.session, username, password)
    else:
        ws.db.slots.set_password(username, password, ws.db.key, params)
        ws.db.slots.save()


def new_recovery_key(ws: Workspace, *, params: KdfParams | None = None) -> str:
    """Replace the recovery key (the old one stops working). Returns the new one, shown once."""

    if ws.db.is_server:
        raise FrontlineError("服务器数据库没有恢复密钥：忘记密码的账户由管理员在服务器上重设密码")

    def op(ctx: OpContext) -> str:
        ctx.record("keyslot", after={"recovery_key": "replaced"})
        code = ws.db.slots.new_recovery_key(ws.db.key, params)
        ws.db.slots.save()
        return code

    with _slots_restored_on_error(ws):
        return ws.run("account.recovery_key", op).value


@contextlib.contextmanager
def _slots_restored_on_error(ws: Workspace) -> Iterator[None]:
    """If a slot change fails half-way, put the key file back as it was and forget the
    in-memory change. The slot file is written inside the operation, before the commit: when
    the commit then fails (a full disk), the new password must not stay in force while the
    clerk is told that nothing was saved."""
    if ws.db.is_package:
        raise FrontlineError("外出考核数据包只有一个数据包密码：不能在数据包中添加账户、修改密码或更换恢复密钥")
    if ws.db.is_server:  # the role statements run in the operation's transaction: nothing to put back
        yield
        return
    path = slots_path(ws.db.path)
    before = path.read_bytes()
    # A second name for the file as it is: putting it back is then a rename, which needs no
    # free space (the failure being put right is often a full disk). Where the file system
    # has no hard links (a FAT stick), the bytes kept in memory are written back instead.
    second = path.with_name(f".{path.name}.{os.getpid()}.partial")
    second.unlink(missing_ok=True)
    kept: Path | None = second
    try:
        os.link(path, second)
    except OSError:
        kept = None
    noted = scratch.note(kept) if kept is not None else None  # a kill leaves no stray copy
    try:
        yield
    except BaseException:
        try:
            if kept is not None:
                os.replace(kept, path)
                kept = None
            elif path.read_bytes() != before:
                write_atomic(path, before)
        except (OSError, StorageError) as exc:
            log.error("could not put %s back after a failed change: %s", path, exc)
        ws.db.slots = KeySlots.load(ws.db.path)
        raise
    finally:
        if kept is not None:
            kept.unlink(missing_ok=True)
        scratch.forget(noted)


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    cadre_id: int | None
    cadre: str
    scope: str = ""  # the units and campaigns a clerk or leader works on, in words

    @property
    def scope_text(self) -> str:
        if self.role in roles.SCOPED:
            return self.scope or "全部"
        return "所在考核组" if self.role == "team" else "—"

    @property
    def state(self) -> str:
        return "使用中" if self.active else "已停用"

    @property
    def role_label(self) -> str:
        from desktop.services.permissions import ROLE_LABELS

        return ROLE_LABELS.get(self.role, self.role)


def listing(session: Session) -> list[AccountRow]:
    rows = session.execute(select(Account.id, Account.username, Account.display_name, Account.role, Account.active,
                                  Account.cadre_id, Cadre.name).outerjoin(Cadre, Cadre.id == Account.cadre_id)
                           .order_by(Account.username))
    scopes = roles.scope_texts(session)
    return [AccountRow(i, u, d, r, bool(a), c, n or "", scopes.get(i, "")) for i, u, d, r, a, c, n in rows]


def link_cadre(ws: Workspace, username: str, cadre_id: int | None) -> None:
    """Link an account to its holder's own cadre file, so that the holder cannot record
    judgements (ledger entries) about themselves."""

    def op(ctx: OpContext) -> None:
        account = ctx.session.scalar(select(Account).where(Account.username == username))
        if account is None:
            raise NotFound(f"账户 {username} 不存在")
        if cadre_id is not None and ctx.session.get(Cadre, cadre_id) is None:
            raise NotFound("所选干部档案不存在")
        account.cadre_id = cadre_id

    ws.run("account.update", op)


def set_active(ws: Workspace, username: str, active: bool, *, new_password: str | None = None,
               params: KdfParams | None = None) -> None:
    """Deactivating destroys the account's key slot: its password no longer unwraps the
    database key, so a copy of the database and key file taken later opens for it nothing.
    Reactivating therefore needs a new password, set here by the administrator."""
    if username == ws.actor.username and not active:
        raise FrontlineError("不能停用当前登录的账户")
    if active and new_password is None and needs_new_password(ws, username):
        raise FrontlineError(f"账户 {username} 停用时其密钥已销毁，旧密码不再有效：重新启用时须由管理员为它设定新密码")
    if active and new_password is not None:
        check_password(new_password)

    def op(ctx: OpContext) -> None:
        account = ctx.session.scalar(select(Account).where(Account.username == username))
        if account is None:
            raise NotFound(f"账户 {username} 不存在")
        if account.active == active and (not active or new_password is None):
            raise FrontlineError(f"账户 {username} 已{'是启用状态' if active else '停用'}")
        if not active and account.role in KEY_HOLDERS and account.active:
            others = ctx.session.scalar(select(func.count()).select_from(Account).where(
                Account.active.is_(True), Account.role.in_(KEY_HOLDERS), Account.id != account.id))
            if not others:
                raise FrontlineError(f"账户 {username} 是最后一个能分配角色和重置密码的账户（安全保密管理员或"
                                     "全部权限）：停用后没有人能再为他人设定密码。请先为另一个账户分配这一角色")
        account.active = active
        if not active:
            ctx.record("keyslot", entity_id=account.id, after={"key_slot": "destroyed"})
            if ws.db.is_server:
                server.ServerAccounts().remove_user(ctx.session, username)
            else:
                ws.db.slots.remove_user(username)
                ws.db.slots.save()
        elif new_password is not None:
            ctx.record("account", entity_id=account.id, after={"password": "changed"})
            _set_password(ws, ctx, username, new_password, params)

    with _slots_restored_on_error(ws):
        ws.run("account.update", op)


def needs_new_password(ws: Workspace, username: str) -> bool:
    """True if reactivating `username` needs a new password (its key slot was destroyed, or
    its server account's login taken away)."""
    if ws.db.is_server:
        with ws.read("account.read") as s:
            return not server.ServerAccounts().has_user(s, username)
    return not ws.db.slots.has_user(username)
