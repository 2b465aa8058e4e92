"""The idle lock and Ctrl+L: every window covered, the same account's password asked, and
whatever was open (a talk being typed, a half-filled dialog) still there afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.admin import queries, sessions
from desktop.ui.admin.admin_pages import PasswordDialog
from desktop.ui.campaigns import talk_window
from desktop.ui.common import messages
from desktop.ui.lock_screen import Curtain, UnlockDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.ui.helpers import type_text


def _curtains() -> list[Curtain]:
    return [w for w in QApplication.allWidgets() if isinstance(w, Curtain) and w.isVisible()]


def _unlock(qtbot, window: MainWindow, password: str) -> None:
    prompt = window.idle_lock.prompt
    assert prompt is not None
    prompt.password_edit.clear()
    qtbot.keyClicks(prompt.password_edit, password)
    qtbot.keyClick(prompt.password_edit, Qt.Key.Key_Return)


def test_idle_time_locks_everything_and_the_password_brings_it_back(qtbot, window: MainWindow, monkeypatch):
    assert window.idle_lock.timer.interval() == 10 * 60 * 1000  # 等保 default: ten minutes
    talk = window.open_talk()
    qtbot.addWidget(talk)
    talk.activateWindow()
    talk.content.setFocus()
    type_text(qtbot, "谈话记录写到一半")
    dialog = PasswordDialog("添加账户", ask_name=True, parent=window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "zhang")

    window.idle_lock.timer.timeout.emit()  # the idle time is up, without waiting ten minutes
    assert window.idle_lock.locked
    prompt = window.idle_lock.prompt
    assert isinstance(prompt, UnlockDialog) and prompt.isVisible()
    assert "10 分钟没有操作" in prompt.findChildren(type(prompt.status))[0].text()
    covered = {c.parentWidget() for c in _curtains()}
    assert {window, talk, dialog} <= covered
    assert all(c.geometry() == c.parentWidget().rect() for c in _curtains())
    # Esc does not unlock; a wrong password says so and keeps everything covered.
    qtbot.keyClick(prompt.password_edit, Qt.Key.Key_Escape)
    assert prompt.isVisible()
    _unlock(qtbot, window, "Not-it-123")
    qtbot.waitUntil(lambda: "用户名或密码错误" in prompt.status.text(), timeout=5000)
    assert window.idle_lock.locked and _curtains()

    _unlock(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.idle_lock.locked, timeout=5000)
    assert not _curtains()
    assert talk.isVisible() and talk.content.toPlainText() == "谈话记录写到一半"
    assert dialog.isVisible() and dialog.username.text() == "zhang"
    assert window.idle_lock.timer.isActive()  # counting again
    monkeypatch.setattr(messages, "choose", lambda *_args: talk_window.DROP)  # the test's talk is not kept


def test_ctrl_l_locks_at_once(qtbot, window: MainWindow):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.idle_lock.locked
    assert "窗口已锁定" in window.idle_lock.prompt.findChildren(type(window.idle_lock.prompt.status))[0].text()
    _unlock(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.idle_lock.locked, timeout=5000)


def test_input_restarts_the_idle_time(qtbot, window: MainWindow):
    window.idle_lock.timer.stop()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_A)
    assert window.idle_lock.timer.isActive()


def test_the_idle_time_is_a_database_setting(qtbot, window: MainWindow):
    sessions.set_idle_lock_minutes(window.ws, 3)
    assert queries.idle_lock_minutes(window.ws) == 3
    assert window.idle_lock.timer.interval() == 3 * 60 * 1000
    import pytest

    from desktop.errors import FrontlineError

    with pytest.raises(FrontlineError, match="1—60 分钟"):
        sessions.set_idle_lock_minutes(window.ws, 0)
    assert queries.idle_lock_minutes(window.ws) == 3


def test_five_wrong_passwords_at_the_prompt_lock_the_database(qtbot, window: MainWindow):
    window.idle_lock.lock()
    prompt = window.idle_lock.prompt
    for _ in range(5):
        _unlock(qtbot, window, "Not-it-123")
        qtbot.waitUntil(lambda: prompt.unlock_button.isEnabled(), timeout=5000)
    _unlock(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: "数据库已锁定" in prompt.status.text(), timeout=5000)
    assert window.idle_lock.locked


def test_ctrl_l_inside_a_dialog_locks_too_and_the_dialog_stays(qtbot, window: MainWindow):
    dialog = PasswordDialog("添加账户", ask_name=True, parent=window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "li")
    qtbot.keyClick(dialog.username, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.idle_lock.locked
    assert dialog.username.text() == "li"  # the key locked; it typed nothing
    _unlock(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.idle_lock.locked, timeout=5000)
    assert dialog.isVisible() and dialog.username.text() == "li"


def test_a_closed_windows_timer_locks_nothing(qtbot, window: MainWindow):
    # A window closed long ago must not cover the windows opened after it (its timer ran on).
    window.close()
    window.idle_lock.timer.timeout.emit()
    assert not window.idle_lock.locked
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and type(w).__name__ == "UnlockDialog"]


def test_a_window_that_goes_away_while_locked_does_not_keep_the_lock(qtbot, window: MainWindow):
    """A covered window deleted while locked (a popup, a dialog that closed itself) took its
    curtain with it: unlocking stopped at that curtain and left everything locked (seen once
    on a fresh Debian machine)."""
    from PySide6.QtWidgets import QDialog

    passing = QDialog()
    passing.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    passing.show()
    qtbot.waitExposed(passing)
    window.idle_lock.lock()
    assert window.idle_lock.locked and any(c.parentWidget() is passing for c in _curtains())
    with qtbot.waitSignal(passing.destroyed, timeout=5000):
        passing.close()
    _unlock(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.idle_lock.locked, timeout=5000)
    assert not _curtains()
