"""The login dialog says the database is locked and counts down the time left."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.errors import WrongPassword
from desktop.store.database import Database
from desktop.store.login_guard import MAX_FAILURES, LoginGuard
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD


def test_a_locked_database_shows_the_time_left(qtbot, empty_db: Path):
    for _ in range(MAX_FAILURES):
        with contextlib.suppress(WrongPassword):
            Database.open(empty_db, "admin", "Wrong-pass1", guard=LoginGuard(empty_db))
    dialog = LoginDialog(Settings(), initial_db=str(empty_db), initial_user="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "数据库已锁定" in dialog.status.text(), timeout=5000)
    assert "连续 5 次登录失败" in dialog.status.text()
    assert "9 分 5" in dialog.status.text() or "10 分 0 秒" in dialog.status.text()
    assert not dialog.login_button.isEnabled()
    assert dialog.workspace is None
    shown = dialog.status.text()
    dialog._timer.timeout.emit()  # one tick of the countdown, without waiting a second
    assert dialog.status.text() != shown and "数据库已锁定" in dialog.status.text()
