"""After login the status bar tells the account's previous login, in red if attempts under
its name failed since."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import WrongPassword
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD


def test_failed_attempts_since_the_last_login_are_shown_in_red(qtbot, empty_db: Path):
    Workspace.open(empty_db, "admin", PASSWORD).close()
    with pytest.raises(WrongPassword):
        Workspace.open(empty_db, "admin", "Wrong-pass1")
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    label = window.last_login_label
    assert label.isVisible()
    assert label.text().startswith("上次登录：") and "此后有 1 次以本账户登录失败" in label.text()
    assert "#b00020" in label.styleSheet()
