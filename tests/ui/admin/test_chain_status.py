"""The audit chain in the window: the status-bar indicator, the warning at login for a
rolled-back database, and writes refused with the chain's message."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.admin import backups, settings
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD
from tests.ui.admin.backup_helpers import open_backup_page
from tests.ui.helpers import Answers, FileAnswers, press, type_text


def _copy(db: Path, to: Path) -> Path:
    shutil.copyfile(db, to)
    shutil.copyfile(f"{db}.keys", f"{to}.keys")
    return to


def rolled_back(db: Path, tmp_path: Path) -> None:
    """As tests/store/test_audit_tamper.py: an older copy put back over the database."""
    ws = Workspace.open(db, "admin", PASSWORD)
    settings.put(ws, "test.before", 1)  # this PC anchors the chain
    ws.close()
    older = _copy(db, tmp_path / "older.db")
    ws = Workspace.open(db, "admin", PASSWORD)
    settings.put(ws, "test.after", 2)
    ws.close()
    _copy(older, db)


def _window(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_rolled_back_database_warns_at_login_and_refuses_writes(qtbot, demo_db: Path, tmp_path: Path,
                                                                   monkeypatch):
    rolled_back(demo_db, tmp_path)
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    state = ws.db.chain_state
    assert state.status == "rollback"
    answers = Answers(monkeypatch)
    window = _window(qtbot, ws)
    qtbot.waitUntil(lambda: bool(answers.asked), timeout=5000)
    (warning,) = answers.asked
    assert "旧副本（回退）" in warning and state.message in warning
    assert "拒绝对这个数据库做任何修改" in warning
    assert "数据库完整性校验" in warning and "备份与恢复" in warning

    label = window.chain_label
    assert label.text() == "⚠ 审计链异常"
    assert state.message in label.toolTip() and "拒绝修改" in label.toolTip()
    assert "#b00020" in label.styleSheet()

    # A write from any page is refused with the chain's message, through the usual display.
    page = open_backup_page(window)
    page.keep_spin.setFocus()
    page.keep_spin.lineEdit().selectAll()
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert answers.asked[-1].startswith("审计链异常：") and "拒绝写入" in answers.asked[-1]
    assert backups.read_settings(ws).keep == 7
    # No automatic backup rotates good ones out for it, and 立即备份 says why it refuses.
    assert not window.backup_runner.check_daily()
    FileAnswers(monkeypatch, tmp_path / "copy.db")
    with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000):
        page.backup_now()
    assert answers.asked[-1].startswith("审计链异常：") and "不做备份" in answers.asked[-1]
    assert not (tmp_path / "copy.db").exists()
    assert label.text() == "⚠ 审计链异常"
    window.close()


def test_the_indicator_follows_writes(qtbot, demo_ws: Workspace):
    window = _window(qtbot, demo_ws)
    label = window.chain_label
    assert label.text() == "审计链：本机首次打开"
    assert "本机尚无此数据库的审计锚点" in label.toolTip()
    settings.put(demo_ws, "test.value", 1)  # any write: Workspace listeners → Bridge → label
    QApplication.processEvents()
    assert label.text() == "审计链正常"
    assert label.toolTip().startswith("审计链与本机锚点一致")
    assert "#b00020" not in label.styleSheet()


def test_a_copy_is_shown_as_a_copy(qtbot, demo_db: Path, tmp_path: Path):
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    settings.put(ws, "test.value", 1)
    ws.close()
    copy = Workspace.open(_copy(demo_db, tmp_path / "copy.db"), "admin", PASSWORD)
    try:
        window = _window(qtbot, copy)
        assert window.chain_label.text() == "审计链：副本"
        assert "首次修改时它将成为一个独立的数据库" in window.chain_label.toolTip()
        window.close()
    finally:
        copy.close()
