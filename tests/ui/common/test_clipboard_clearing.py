"""Copied ID numbers and phone numbers leave the clipboard after 30 seconds, unless the
clerk copied something else since. The 30-second timer is fired directly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.ui.common import clipboard
from desktop.ui.main_window import MainWindow


@pytest.fixture
def guard(qapp) -> clipboard.ClipboardGuard:
    guard = clipboard.install(qapp)
    QGuiApplication.clipboard().clear()
    guard.timer.stop()
    guard.held = None
    return guard


@pytest.mark.parametrize("text", ["110101199003071234", "11010119900307123X", "110101900307123",
                                  "13800138000", "138 0013 8000", "+86 13800138000", "010-12345678",
                                  "张三 11010119900307123x 市委组织部"])
def test_id_and_phone_numbers_are_recognised(text: str):
    assert clipboard.is_sensitive(text)


@pytest.mark.parametrize("text", ["2024", "市委组织部", "1990.03", "123456789012345678901",
                                  "第 12 期", "12800138000"])
def test_other_text_is_left_alone(text: str):
    assert not clipboard.is_sensitive(text)


def test_a_roster_cell_copied_with_ctrl_c_is_cleared_after_30_seconds(qtbot, window: MainWindow, guard):
    roster = window.cadres.roster
    roster.set_columns(["name", "citizen_id", "mobile"])
    table = roster.table
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data())
    number = model.index(row, 1).data()
    window.activateWindow()
    table.setFocus()
    table.setCurrentIndex(model.index(row, 1))
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == number
    assert guard.timer.isActive() and guard.timer.interval() == 30_000
    guard.timer.timeout.emit()
    assert QGuiApplication.clipboard().text() == ""


def test_a_field_copied_with_ctrl_c_is_cleared(qtbot, guard):
    edit = QLineEdit("13800138000")
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    qtbot.waitUntil(lambda: QApplication.applicationState() == Qt.ApplicationState.ApplicationActive)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "13800138000"
    guard.timer.timeout.emit()
    assert QGuiApplication.clipboard().text() == ""


def test_something_copied_since_stays(qtbot, guard):
    clipboard.copy_text("110101199003071234")
    assert guard.timer.isActive()
    clipboard.copy_text("会议纪要第三段")
    assert not guard.timer.isActive()
    guard.timer.timeout.emit()
    assert QGuiApplication.clipboard().text() == "会议纪要第三段"


def test_plain_text_is_not_cleared_and_a_recovery_key_is(qtbot, guard):
    clipboard.copy_text("市委组织部")
    assert not guard.timer.isActive()
    clipboard.copy_text("ABCD-EFGH-JKLM-NPQR", sensitive=True)
    assert guard.timer.isActive()
    guard.timer.timeout.emit()
    assert QGuiApplication.clipboard().text() == ""
