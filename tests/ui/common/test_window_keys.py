"""The window's Ctrl+letter shortcuts reach the window with the cursor in a text field.

The tests run on the offscreen platform, whose text fields have no Emacs-style keys; on X11
(UOS, Kylin) Qt's fields claim Ctrl+E, Ctrl+K, Ctrl+D, Ctrl+U before the window's shortcuts.
`X11Field` makes a field behave that way here: it claims those keys, and acts on the ones
that reach it as key presses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMainWindow, QWidget

from desktop.ui.campaigns.talk_window import TalkWindow
from desktop.ui.common import window_keys
from tests.ui.common.test_file_dialogs import FileAnswers

CTRL = Qt.KeyboardModifier.ControlModifier
EMACS = {Qt.Key.Key_E, Qt.Key.Key_K, Qt.Key.Key_D, Qt.Key.Key_U}


class X11Field(QObject):
    """What Qt's X11 key bindings make a QLineEdit do with these keys."""

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[Qt.Key] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.modifiers() != CTRL or event.key() not in EMACS:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # "mine": the window's shortcut is not tried
            return True
        if event.type() == QEvent.Type.KeyPress:
            self.pressed.append(Qt.Key(event.key()))
            return True
        return False


def _as_on_x11(field: QWidget) -> X11Field:
    emulated = X11Field()
    field.installEventFilter(emulated)
    field.destroyed.connect(lambda _o=None, e=emulated: e.deleteLater())
    return emulated


def _roster_filter(qtbot, window) -> QLineEdit:
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit), "Ctrl+1 no longer puts the cursor in the roster's filter box"
    return field


def test_ctrl_e_exports_the_roster_with_the_cursor_in_its_filter_box(qtbot, window, tmp_path: Path, monkeypatch):
    target = tmp_path / "名册.xlsx"
    files = FileAnswers(monkeypatch, target)
    field = _roster_filter(qtbot, window)
    emulated = _as_on_x11(field)
    qtbot.keyClicks(field, "w")
    qtbot.keyClick(field, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(target.exists, timeout=20000)
    assert files.asked[0].title == "导出花名册"
    assert emulated.pressed == [] and field.text() == "w"


def test_ctrl_k_opens_a_talk_record_and_leaves_the_field_as_typed(qtbot, window):
    field = _roster_filter(qtbot, window)
    _as_on_x11(field)
    qtbot.keyClicks(field, "li")
    field.setCursorPosition(1)
    qtbot.keyClick(field, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: bool(window.talk_windows), timeout=5000)
    talk = window.talk_windows[0]
    assert isinstance(talk, TalkWindow)
    talk.close()
    assert field.text() == "li"  # X11's Ctrl+K would have cut the "i" after the cursor


def test_a_key_the_window_does_not_bind_still_reaches_the_field(qtbot, window):
    field = _roster_filter(qtbot, window)
    emulated = _as_on_x11(field)
    qtbot.keyClick(field, Qt.Key.Key_D, CTRL)  # X11: delete the character after the cursor
    qtbot.keyClick(field, Qt.Key.Key_U, CTRL)  # X11: delete the line
    assert emulated.pressed == [Qt.Key.Key_D, Qt.Key.Key_U]


@pytest.mark.parametrize(("key", "modifiers", "window_first"), [
    (Qt.Key.Key_E, CTRL, True), (Qt.Key.Key_K, CTRL, True), (Qt.Key.Key_D, CTRL, True),
    (Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier, True),
    # What a text field keeps on every platform.
    (Qt.Key.Key_A, CTRL, False), (Qt.Key.Key_C, CTRL, False), (Qt.Key.Key_V, CTRL, False),
    (Qt.Key.Key_X, CTRL, False), (Qt.Key.Key_Z, CTRL, False), (Qt.Key.Key_Y, CTRL, False),
    (Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier, False),
    # Not a Ctrl+letter key at all.
    (Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier, False), (Qt.Key.Key_E, Qt.KeyboardModifier.NoModifier, False),
    (Qt.Key.Key_1, CTRL, False), (Qt.Key.Key_Return, CTRL, False),
])
def test_which_keys_go_to_the_window_first(qapp, key, modifiers, window_first):
    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers)
    assert window_keys.window_first(event) is window_first


def test_an_editable_combo_box_lets_the_window_have_its_key(qtbot):
    """An editable combo box hands the override to its line edit itself, past that edit's
    filters: the application's filter must catch it at the combo box."""
    window = QMainWindow()
    qtbot.addWidget(window)
    combo = QComboBox()
    combo.setEditable(True)
    window.setCentralWidget(combo)
    heard: list[str] = []
    action = QAction("导出", window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.triggered.connect(lambda: heard.append("Ctrl+E"))
    window.addAction(action)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    _as_on_x11(combo)
    qtbot.keyClick(combo, Qt.Key.Key_E, CTRL)
    assert heard == ["Ctrl+E"]
