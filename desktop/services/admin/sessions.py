"""The session at the window: the idle lock's time, and unlocking with the account's password.

Unlocking tries the password exactly as a login does (store/login_guard.py): the attempt is
counted in the key file first, five failures lock the database, and a right password clears
the count — without changing the account's last login, which stays the real login.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from desktop.errors import FrontlineError, WrongPassword
from desktop.services.admin import settings
from desktop.services.workspace import Workspace
from desktop.store import lock
from desktop.store.keyslots import KeySlots
from desktop.store.login_guard import LoginGuard
from desktop.store.package_guard import PackageGuard


@dataclass(frozen=True)
class LastLoginNote:
    """What the window says after login: the account's previous login, and how many
    attempts under its name failed since (`alarming` when any did)."""

    text: str
    alarming: bool


def last_login_note(ws: Workspace) -> LastLoginNote | None:
    """From the key file as this login found it (store/login_guard.py); None for a package."""
    last = ws.db.last_login
    if last is None:
        return None
    if last.at is None:
        when = "本账户此前没有登录记录"
    else:
        when = f"上次登录：{dt.datetime.fromtimestamp(last.at):%Y-%m-%d %H:%M}"
    if last.failed:
        return LastLoginNote(f"{when}；此后有 {last.failed} 次以本账户登录失败（密码错误）", True)
    return LastLoginNote(when, False)


def upgrade_note(ws: Workspace) -> str | None:
    """What this open did to an older database, for the first start after installing a newer
    program: it was backed up, then upgraded (store/database.py). None when nothing was done."""
    db = ws.db
    if db.upgraded_from is None or not db.backups:
        return None
    return (f"数据库 {db.path.name} 已从结构版本 {db.upgraded_from} 升级到 {db.schema_version()}；"
            f"升级前已备份为 {db.backups[-1]}（密码和恢复密钥与原数据库相同）")


def set_idle_lock_minutes(ws: Workspace, minutes: int) -> None:
    low, high = settings.IDLE_LOCK_RANGE
    if not low <= minutes <= high:
        raise FrontlineError(f"自动锁定时间须在 {low}—{high} 分钟之间")
    settings.put(ws, settings.IDLE_LOCK_MINUTES, minutes)


def confirm_password(ws: Workspace, password: str) -> None:
    """The acting account's password (or the recovery key) unlocks its own window;
    WrongPassword, or LoginLocked while the database is locked."""
    username = ws.actor.username
    if ws.db.is_package:
        key = _package_key(ws, password)
    else:
        guard = LoginGuard(ws.db.path)
        guard.begin(username)
        key, _ = KeySlots.load(ws.db.path).unlock(username, password)
        guard.succeeded(username, login=False)
    if not hmac.compare_digest(key, ws.db.key):
        raise WrongPassword()


def _package_key(ws: Workspace, password: str) -> bytes:
    from desktop.services.exchange.packages import file as package_file

    guard = PackageGuard(ws.db.path)
    guard.begin("")
    key = package_file.unlock(ws.db.path, password, header=lock.header(ws.db.path))
    guard.succeeded("", login=False)
    return key
