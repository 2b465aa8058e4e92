"""Ctrl+S and Ctrl+Enter save in every dialog; Esc cancels (QDialog's own).

Each dialog used to wire these itself and a few never did. One application-wide filter makes
them the same everywhere: the key goes to the dialog's accepting button — the AcceptRole button
of its button box (保存, 确定), else its default button — when that button is there and enabled.
A dialog that binds the key itself (a QShortcut, an action) keeps its own meaning: Qt hands such
a key to the shortcut before any key press is delivered, so this filter never sees it. In a
multi-line box Ctrl+Enter saves instead of starting a new line; Enter still does that.

The same filter keeps a text field from claiming the window's Ctrl+letter keys on X11
(window_keys): one application filter, since each costs every event of the program a call
into Python (about 2 µs).
"""

from __future__ import annotations

# QtCore.Qt is looked up at the first key press rather than imported: this module loads before
# the login dialog shows, and the Qt namespace's enums take ~14 ms to make.
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QWidget,
)

from desktop.ui.common import window_keys
from desktop.ui.common.children import children_of

_NAME = "frontline-dialog-keys"


def accepting_button(dialog: QDialog) -> QAbstractButton | None:
    """The button that saves the dialog, if one is shown and enabled."""
    boxes = children_of(dialog, QDialogButtonBox)
    for box in boxes:
        if box.window() is not dialog:
            continue
        for button in box.buttons():
            if (box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole and button.isVisible()
                    and button.isEnabled()):
                return button
    pushes = children_of(dialog, QPushButton)
    for push in pushes:
        if push.isDefault() and push.window() is dialog and push.isVisible() and push.isEnabled():
            return push
    return None


class DialogKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            return window_keys.keep_from_field(watched, event)
        if kind != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        qt = QtCore.Qt
        if event.modifiers() & ~qt.KeyboardModifier.KeypadModifier != qt.KeyboardModifier.ControlModifier:
            return False
        if event.key() not in (qt.Key.Key_S, qt.Key.Key_Return, qt.Key.Key_Enter):
            return False
        popup = QApplication.activePopupWidget()
        typed_in = QApplication.focusWidget()
        if popup is None:
            dialog = watched.window()
        elif isinstance(popup, QAbstractItemView) and typed_in is not None:
            dialog = typed_in.window()  # a list of matches under the field typed in
        else:
            return False  # a menu: its keys are its own
        if not isinstance(dialog, QDialog):
            return False
        button = accepting_button(dialog)
        if button is None:
            return False
        if popup is None:
            button.click()
        else:
            # Not from inside the list's own key event: the list closes, then the dialog saves
            # (or says what is missing: a name typed but not chosen) once the event is over.
            QTimer.singleShot(0, popup, popup.hide)
            QTimer.singleShot(0, button, button.click)
        return True


def install(app: QApplication) -> DialogKeys:
    """The application's one filter (made on first call)."""
    keys = app.findChild(DialogKeys, _NAME)
    if keys is None:
        keys = DialogKeys(app)
        keys.setObjectName(_NAME)
        app.installEventFilter(keys)
    return keys
