"""The previous login and the failed attempts since, from the key file (no schema change)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.errors import WrongPassword
from desktop.services.admin import accounts, sessions
from desktop.services.workspace import Workspace
from desktop.store.login_guard import LoginGuard
from tests.cli.test_cli import frontline
from tests.conftest import PASSWORD
from tests.pg_fixtures import location_for


class Clock:
    def __init__(self, when: dt.datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now


def _open(db: Path, user: str, password: str, clock: Clock) -> Workspace:
    return Workspace.open(db, user, password, guard=LoginGuard(db, clock=clock))


def test_the_previous_login_and_the_failures_since_are_told(empty_db: Path):
    clock = Clock(dt.datetime(2026, 3, 2, 9, 30))
    _open(empty_db, "admin", PASSWORD, clock).close()
    clock.now += 3600
    for _ in range(2):
        with pytest.raises(WrongPassword):
            _open(empty_db, "admin", "Wrong-pass1", clock)
    with pytest.raises(WrongPassword):  # another account's failure is not admin's
        _open(empty_db, "nobody", "Wrong-pass1", clock)
    clock.now += 60
    ws = _open(empty_db, "admin", PASSWORD, clock)
    note = sessions.last_login_note(ws)
    ws.close()
    assert note == sessions.LastLoginNote("上次登录：2026-03-02 09:30；此后有 2 次以本账户登录失败（密码错误）", True)
    ws = _open(empty_db, "admin", PASSWORD, clock)
    note = sessions.last_login_note(ws)
    ws.close()
    assert note == sessions.LastLoginNote("上次登录：2026-03-02 10:31", False)


# The previous login is kept in the key file (store/login_guard.py); an office server keeps
# no login record yet, so the status bar shows none there (a gap, not a file detail).
@pytest.mark.file_only
def test_a_new_account_has_no_previous_login(ws: Workspace):
    accounts.add_account(ws, "wang", "Wang-pass1")
    opened = Workspace.open(location_for(ws, "wang"), "wang", "Wang-pass1")
    note = sessions.last_login_note(opened)
    opened.close()
    assert note == sessions.LastLoginNote("本账户此前没有登录记录", False)


def test_unlocking_the_window_is_not_a_login(empty_db: Path):
    clock = Clock(dt.datetime(2026, 3, 2, 9, 30))
    ws = _open(empty_db, "admin", PASSWORD, clock)
    sessions.confirm_password(ws, PASSWORD)
    ws.close()
    clock.now += 60
    ws = _open(empty_db, "admin", PASSWORD, clock)
    assert sessions.last_login_note(ws) == sessions.LastLoginNote("上次登录：2026-03-02 09:30", False)
    ws.close()


def test_the_command_line_tells_it_in_info(empty_db: Path):
    frontline("info", "--db", str(empty_db))
    frontline("info", "--db", str(empty_db), password="Wrong-pass1")
    shown = frontline("info", "--db", str(empty_db))
    assert shown.returncode == 0, shown.stderr
    assert "账户 admin：上次登录：" in shown.stdout and "此后有 1 次以本账户登录失败" in shown.stdout
