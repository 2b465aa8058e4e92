"""The idle lock: after some minutes without keyboard or mouse input (系统管理 → 账户 sets
how many; 10 by default), or at once with Ctrl+L, every window of the program is covered and
a prompt asks for the same account's password.

Nothing is closed or hidden: an open cadre file, a talk being typed, a dialog half filled in
stay exactly as they were under an opaque curtain, and the prompt is application-modal, so
no keystroke reaches them until the password is given. (Hiding a dialog would end its
exec() and lose what was typed.) The password is tried as a login tries it: five failures
lock the database (services/admin/sessions.py).
"""

from __future__ import annotations

import contextlib

import shiboken6
from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import Throttled
from desktop.services.admin import queries, sessions
from desktop.services.workspace import Workspace
from desktop.ui.common import workers
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import describe, is_refusal

LOCK_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_L)
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class Curtain(QWidget):
    """An opaque cover over one window's whole content, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCurtain { background: #e8eaed; } QLabel { color: #5f6368; font-size: 16pt; }")
        label = QLabel("一线考核已锁定")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class UnlockDialog(QDialog):
    """The same account's password; cannot be dismissed any other way."""

    unlocked = Signal()

    def __init__(self, ws: Workspace, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._task: workers.Task | None = None
        self.setWindowTitle("一线考核已锁定")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        name = ws.actor.display_name or ws.actor.username
        intro = QLabel(f"{reason}。打开的档案、谈话记录和对话框都保留着。\n请输入账户 {ws.actor.username}（{name}）"
                       "的密码解锁：")
        intro.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020;")
        self.unlock_button = QPushButton("解锁(&U)")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.attempt)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("密码：", self.password_edit)
        form.addRow(self.status)
        form.addRow(self.unlock_button)
        self.setMinimumWidth(420)

    def attempt(self) -> None:
        secret = self.password_edit.text()
        if not secret or self._task is not None:
            return
        self.unlock_button.setEnabled(False)
        self.status.setText("正在验证……")
        self._task = workers.start(lambda _t: sessions.confirm_password(self.ws, secret),
                                   on_success=self._succeeded, on_failure=self._failed)

    def _succeeded(self, _value: object) -> None:
        self._task = None
        self.password_edit.clear()
        self.unlocked.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.unlock_button.setEnabled(True)
        if isinstance(exc, Throttled) or is_refusal(exc):
            self.status.setText(describe(exc))
        else:
            self.status.setText(f"无法验证密码：{exc}")
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    def reject(self) -> None:  # Esc does not unlock
        pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()


class IdleLock(QObject):
    """Watches the whole application's input and locks after the idle time (`timer`, which
    tests fire directly). `lock()` is also the Ctrl+L action."""

    did_lock = Signal()
    did_unlock = Signal()

    def __init__(self, window: QWidget, ws: Workspace) -> None:
        super().__init__(window)
        self.window = window
        self.ws = ws
        self.prompt: UnlockDialog | None = None
        self.curtains: list[Curtain] = []
        self._focus: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.lock(idle=True))
        self.minutes = 0
        self.reload()
        bridge_for(ws).workspace_did_change.connect(lambda _changes: self.reload())
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def reload(self) -> None:
        """The idle time as the database has it now (an administrator may have changed it)."""
        minutes = queries.idle_lock_minutes(self.ws)
        if minutes != self.minutes:
            self.minutes = minutes
            self.timer.setInterval(minutes * 60 * 1000)
        if self.prompt is None:
            self.timer.start()

    @property
    def locked(self) -> bool:
        return self.prompt is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.prompt is None and self.window.isVisible():
            if isinstance(event, QKeyEvent) and event.keyCombination() == LOCK_KEYS:
                # Ctrl+L inside a dialog, where the main window's shortcut does not reach.
                self.lock()
                return True
            self.timer.start()  # restarts: the idle time counts from the last input
        return False

    def lock(self, *, idle: bool = False) -> None:
        if self.prompt is not None or not self.window.isVisible():
            # A window already closed (its database let go) has nothing on screen to hide; its
            # timer must not lock the windows opened after it.
            self.timer.stop()
            return
        self.timer.stop()
        self._focus = QApplication.focusWidget()
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and not isinstance(top, (Curtain, UnlockDialog)) and top.isWindow():
                self.curtains.append(Curtain(top))
        reason = f"{self.minutes} 分钟没有操作，窗口已自动锁定" if idle else "窗口已锁定"
        self.prompt = UnlockDialog(self.ws, reason, self.window)
        self.prompt.unlocked.connect(self._unlock)
        self.prompt.show()
        self.prompt.raise_()
        self.prompt.activateWindow()
        self.prompt.password_edit.setFocus()
        self.did_lock.emit()

    def _unlock(self) -> None:
        for curtain in self.curtains:
            if not shiboken6.isValid(curtain):
                continue  # its window was deleted while locked (a popup, a dialog that closed itself)
            parent = curtain.parentWidget()
            if parent is not None:
                parent.removeEventFilter(curtain)
            curtain.hide()  # at once: deleteLater waits for the event loop
            curtain.deleteLater()
        self.curtains.clear()
        if self.prompt is not None:
            self.prompt.hide()
            self.prompt.deleteLater()
        self.prompt = None
        if self._focus is not None:
            with contextlib.suppress(RuntimeError):  # the widget may have gone meanwhile
                self._focus.activateWindow()
                self._focus.setFocus()
        self._focus = None
        self.timer.start()
        self.did_unlock.emit()

    def stop(self) -> None:
        """The window is closing: no more locking."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
