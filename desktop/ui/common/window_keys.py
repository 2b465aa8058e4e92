"""The window's Ctrl+letter shortcuts work while the cursor is in a text field, on Linux too.

Qt's key bindings on X11 (UOS, Kylin, any Linux desktop) give text fields Emacs-style keys:
Ctrl+E end of line, Ctrl+K delete to the end of the line, Ctrl+D delete, Ctrl+U delete the
line, Ctrl+Shift+A deselect. A field claims such a key before the window's shortcuts see it, so
Ctrl+E (导出花名册) did nothing in the roster's filter box, and Ctrl+K (新建谈话记录) cut the
rest of whatever field the clerk was typing in. On Windows these keys are not editing keys.

The application's key filter (dialog_keys) makes every platform behave as Windows does: a text field does
not claim a Ctrl+letter key other than the editing keys every platform shares (select all,
copy, cut, paste, undo, redo). The key then goes to a shortcut of the window if it has one,
and to the field as an ordinary key press if not — so Ctrl+E still moves to the end of the
line where no window binds it.
"""

from __future__ import annotations

# QtCore.Qt is looked up at the first key rather than imported: this module loads before the
# login dialog shows, and the Qt namespace's enums take ~14 ms to make.
from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
# What a text field keeps on every platform (Ctrl+Y too: the program binds it as redo).
_SHARED = (QKeySequence.StandardKey.SelectAll, QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut,
           QKeySequence.StandardKey.Paste, QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def window_first(event: QKeyEvent) -> bool:
    """A Ctrl(+Shift)+letter key that no field keeps for itself on every platform."""
    qt = QtCore.Qt
    modifiers = event.modifiers() & ~qt.KeyboardModifier.KeypadModifier
    control = qt.KeyboardModifier.ControlModifier
    if modifiers not in (control, control | qt.KeyboardModifier.ShiftModifier):
        return False
    if not qt.Key.Key_A.value <= event.key() <= qt.Key.Key_Z.value:
        return False
    if event.keyCombination() == QtCore.QKeyCombination(control, qt.Key.Key_Y):
        return False
    return not any(event.matches(key) for key in _SHARED)


def keep_from_field(watched: QObject, event: QKeyEvent) -> bool:
    """For the application's key filter (dialog_keys), on a shortcut override: True to keep a
    text field from claiming the key. Filtered, the field never accepts the override: Qt then
    tries the shortcuts, and delivers the key to the field as usual when none matches."""
    # An editable combo box hands the override to its line edit itself, past any filter.
    if not isinstance(watched, _FIELDS) and not (isinstance(watched, QComboBox) and watched.isEditable()):
        return False
    return window_first(event)
