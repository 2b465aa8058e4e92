"""The automatic backup on closing the window: made and openable, a failure told and the
window closed all the same, 取消 honoured, nothing made when nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.admin import backups, settings, verify
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD
from tests.ui.admin.backup_helpers import Held, shown_progress
from tests.ui.helpers import Answers, press


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _window(qtbot, ws: Workspace, usb: Path, on_close: bool = True) -> MainWindow:
    backups.save_settings(ws, backups.BackupSettings(str(usb), 3, on_close, False))
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def _quit(qtbot, window: MainWindow) -> None:
    """Ctrl+Q, then wait for the window to be gone (a backup may run first)."""
    press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)


def test_closing_makes_a_backup_that_opens(qtbot, demo_ws: Workspace, usb: Path):
    window = _window(qtbot, demo_ws, usb)
    settings.put(demo_ws, "report.issuer", "中共海滨市委组织部")  # the day's work
    _quit(qtbot, window)
    (made,) = backups.automatic_backups(demo_ws, usb)
    assert made.name.startswith("demo-自动备份-") and slots_path(made).exists()
    copy = Workspace.open(made, "admin", PASSWORD)
    try:
        assert all(c.ok for c in verify.run_all(copy))
        with copy.read("test.inspect") as s:
            assert settings.get(s, "report.issuer") == "中共海滨市委组织部"
    finally:
        copy.close()


def test_nothing_is_made_when_nothing_changed_since_the_last_one(qtbot, demo_ws: Workspace, usb: Path):
    window = _window(qtbot, demo_ws, usb)
    _quit(qtbot, window)
    assert len(backups.automatic_backups(demo_ws, usb)) == 1
    ws = Workspace.open(demo_ws.db.path, "admin", PASSWORD)  # opened and closed without a change
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    _quit(qtbot, window)
    assert len(backups.automatic_backups(demo_ws, usb)) == 1


def test_no_backup_when_closing_is_not_asked_for(qtbot, demo_ws: Workspace, usb: Path):
    window = _window(qtbot, demo_ws, usb, on_close=False)
    assert window.close()
    assert list(usb.iterdir()) == []


def test_a_failed_backup_is_told_and_the_window_closes(qtbot, demo_ws: Workspace, usb: Path, monkeypatch):
    answers = Answers(monkeypatch)
    window = _window(qtbot, demo_ws, usb)
    usb.rmdir()  # the stick was pulled out
    _quit(qtbot, window)
    (told,) = answers.asked
    assert told.startswith("关闭前的自动备份没有完成：自动备份文件夹") and "U 盘未插入" in told
    assert "程序将照常关闭" in told


def test_the_backup_on_closing_can_be_cancelled(qtbot, demo_ws: Workspace, usb: Path, monkeypatch):
    held = Held(monkeypatch)
    window = _window(qtbot, demo_ws, usb)
    press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(held.started.is_set, timeout=10000)
    assert window.isVisible()
    assert not window.close()  # Ctrl+Q again while backing up: the steps go on
    progress = shown_progress()
    assert progress.labelText() == f"关闭前自动备份到 {usb} ……"
    qtbot.keyClick(progress, Qt.Key.Key_Escape)
    held.release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    assert list(usb.iterdir()) == []  # nothing half-written left on the stick


def test_closing_waits_for_a_daily_backup_under_way(qtbot, demo_ws: Workspace, usb: Path, monkeypatch):
    held = Held(monkeypatch)
    window = _window(qtbot, demo_ws, usb)
    backups.save_settings(demo_ws, backups.BackupSettings(str(usb), 3, True, True))
    assert window.backup_runner.check_daily()
    qtbot.waitUntil(held.started.is_set, timeout=10000)
    press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    assert shown_progress().labelText() == "正在完成进行中的备份……"
    held.release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    # The daily one, and none after it: nothing changed between the two.
    (made,) = backups.automatic_backups(demo_ws, usb)
    copy = Workspace.open(made, "admin", PASSWORD)
    copy.close()
