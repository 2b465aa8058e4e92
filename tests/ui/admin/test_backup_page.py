"""系统管理 → 备份与恢复 from the keyboard: the automatic-backup settings, the list of backups,
立即备份 with progress and cancel, rotation, the daily backup and its failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from desktop.services.admin import backups, verify
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path
from desktop.ui.admin import backup_runner
from desktop.ui.admin.backup_list_model import BackupListModel, PathRole, rows_for
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD
from tests.ui.admin.backup_helpers import Held, alt, mounted, open_backup_page, shown_progress
from tests.ui.helpers import Answers, FileAnswers, press, type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_settings_from_the_keyboard(qtbot, window: MainWindow, tmp_path: Path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    answers = FileAnswers(monkeypatch, usb)
    page = open_backup_page(window)
    assert page.form_settings() == backups.BackupSettings("", 7, True, True)  # the defaults
    assert "尚未设置自动备份文件夹" in page.list_label.text()
    assert not page.save_button.isEnabled()

    page.folder_edit.setFocus()
    alt(qtbot, Qt.Key.Key_B, page.browse_button)  # 浏览…
    assert answers.asked[0].title == "选择自动备份文件夹"
    assert page.folder_edit.text() == str(usb)
    assert page.keep_spin.hasFocus()
    page.keep_spin.lineEdit().selectAll()
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_C, ALT)  # 关闭程序时备份: off
    qtbot.waitUntil(lambda: not page.on_close_box.isChecked(), timeout=2000)
    assert page.save_button.isEnabled()
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert window.statusBar().currentMessage() == "已保存备份设置"
    assert backups.read_settings(window.ws) == backups.BackupSettings(str(usb), 3, False, True)
    assert not page.save_button.isEnabled()
    assert f"{usb} 中还没有本数据库的自动备份" in page.list_label.text()


def test_a_folder_that_does_not_exist_is_refused_in_chinese(qtbot, window: MainWindow, tmp_path: Path, monkeypatch):
    answers = Answers(monkeypatch)
    page = open_backup_page(window)
    page.folder_edit.setFocus()
    type_text(qtbot, str(tmp_path / "nowhere"))
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.asked == [f"备份文件夹 {tmp_path / 'nowhere'} 不存在"]
    assert backups.read_settings(window.ws).folder == ""


def test_backup_list_is_a_proper_item_model(qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.save_settings(demo_ws, backups.BackupSettings(str(usb), 5, True, True))
    start = dt.datetime(2026, 3, 1, 9, 30)
    made = [backups.run_automatic(demo_ws, start + dt.timedelta(days=n)) for n in range(3)]
    (usb / "something-else.db").write_bytes(b"not ours")
    model = BackupListModel()
    model.set_rows(rows_for(demo_ws, usb))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert [model.data(model.index(r, 0)) for r in range(3)] == [
        "2026-03-03 09:30:00", "2026-03-02 09:30:00", "2026-03-01 09:30:00"]
    assert model.data(model.index(0, 2)) == made[-1].name
    assert model.data(model.index(0, 0), PathRole) == str(made[-1])
    assert model.data(model.index(0, 1)).endswith(("KB", "MB"))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["备份时间", "大小", "文件名"]


def test_backup_now_says_where_it_went_and_that_it_opens(qtbot, window: MainWindow, tmp_path: Path, monkeypatch):
    target = tmp_path / "copy.db"
    answers = FileAnswers(monkeypatch, target)
    page = open_backup_page(window)
    with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000):
        alt(qtbot, Qt.Key.Key_N, page.backup_button)
    asked = answers.asked[0]
    assert asked.title == "立即备份到" and asked.name.startswith("demo-备份-") and asked.name.endswith(".db")
    message = window.statusBar().currentMessage()
    assert message.startswith(f"已备份到 {target}，并已打开核对")
    assert page.result_label.text() == message
    assert not [d for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog) and d.isVisible()]
    copy = Workspace.open(target, "admin", PASSWORD)
    try:
        assert all(c.ok for c in verify.run_all(copy))
    finally:
        copy.close()


def test_a_backup_under_way_can_be_cancelled_and_no_second_one_starts(qtbot, window: MainWindow, tmp_path: Path,
                                                                       monkeypatch):
    held = Held(monkeypatch)
    target = tmp_path / "copy.db"
    FileAnswers(monkeypatch, target)
    answers = Answers(monkeypatch)
    page = open_backup_page(window)
    alt(qtbot, Qt.Key.Key_N, page.backup_button)
    qtbot.waitUntil(held.started.is_set, timeout=10000)
    progress = shown_progress()
    assert progress.labelText() == f"正在备份到 {target} ……"
    # Never two at once: the daily check skips, a second 立即备份 is refused.
    assert not window.backup_runner.check_daily()
    page.backup_now()
    assert answers.asked == ["另一份备份正在进行，请等它完成后再试。"]
    with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000):
        qtbot.keyClick(progress, Qt.Key.Key_Escape)
        held.release.set()
    assert page.result_label.text() == "备份已取消，没有留下文件。"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".copy", "copy"))) == []


def test_backup_to_a_full_or_write_protected_stick_is_told_in_chinese(qtbot, window: MainWindow, tmp_path: Path,
                                                                      monkeypatch):
    before = window.ws.db.chain_state.head
    for folder, kwargs, said in ((tmp_path / "full", {"size": "64k"}, "磁盘空间不足"),
                                 (tmp_path / "locked", {"read_only": True}, "只读")):
        with mounted(folder, **kwargs):
            answers = Answers(monkeypatch)
            FileAnswers(monkeypatch, folder / "copy.db")
            page = open_backup_page(window)
            with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000):
                page.backup_button.setFocus()
                press(qtbot, Qt.Key.Key_Space)
            assert len(answers.asked) == 1 and said in answers.asked[0], answers.asked
            assert list(folder.iterdir()) == []
    assert window.ws.db.chain_state.head == before  # nothing logged, the database as it was


def test_rotation_keeps_the_newest_in_the_window(qtbot, window: MainWindow, tmp_path: Path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.save_settings(window.ws, backups.BackupSettings(str(usb), 2, False, True))
    page = open_backup_page(window)
    made = []
    for _ in range(3):
        with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000) as finished:
            assert window.backup_runner.automatic()
        made.append(finished.args[0].path)
    shown = [page.model.path(r) for r in range(page.model.rowCount())]
    assert shown == [made[2], made[1]]
    assert not made[0].exists() and not slots_path(made[0]).exists()
    assert page.list_label.text() == f"{usb}：2 份"
    assert window.statusBar().currentMessage() == f"已自动备份到 {made[2]}（已打开核对）"


def test_daily_backup_at_login_then_a_missing_stick_goes_to_the_status_bar(qtbot, demo_ws: Workspace,
                                                                           tmp_path: Path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.save_settings(demo_ws, backups.BackupSettings(str(usb), 7, False, True))
    monkeypatch.setattr(backup_runner, "FIRST_CHECK_MS", 0)
    window = MainWindow(demo_ws, Settings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000) as finished:
        window.show()
    made = finished.args[0].path
    assert made.parent == usb and made.name.startswith("demo-自动备份-")
    assert window.statusBar().currentMessage() == f"已自动备份到 {made}（已打开核对）"
    assert window.backup_runner.timer.isActive() and window.backup_runner.timer.interval() == 60 * 60 * 1000
    assert not window.backup_runner.check_daily()  # one a day

    # The next day, the stick is at home: the hourly check says so in the status bar only
    # (an unexpected message box would fail this test).
    usb.rename(tmp_path / "elsewhere")
    monkeypatch.setattr(backups, "automatic_due", lambda _ws, now=None: True)
    with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000):
        window.backup_runner.timer.timeout.emit()
    message = window.statusBar().currentMessage()
    assert message.startswith("自动备份失败：") and "U 盘未插入" in message
    window.close()
