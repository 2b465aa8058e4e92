"""Ctrl+S and Ctrl+Enter save in every dialog, Esc cancels (ui/common/dialog_keys.py): on a
plain dialog with a button box, in a multi-line box, with the save button disabled, and where a
dialog binds the key itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QVBoxLayout

from desktop.ui.common.dialog_keys import accepting_button
from tests.ui.helpers import press

CTRL = Qt.KeyboardModifier.ControlModifier


class Form(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.line, self.text = QLineEdit(), QPlainTextEdit()
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.line, self.text, self.box):
            layout.addWidget(w)


def _shown(qtbot, dialog: QDialog, focus) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    focus.setFocus()
    qtbot.waitUntil(focus.hasFocus)
    return dialog


def test_ctrl_s_and_ctrl_enter_save_esc_cancels(qtbot):
    for key, where in ((Qt.Key.Key_S, "line"), (Qt.Key.Key_Return, "text"), (Qt.Key.Key_Enter, "line")):
        form = Form()
        _shown(qtbot, form, getattr(form, where))
        with qtbot.waitSignal(form.accepted, timeout=2000):
            press(qtbot, key, CTRL)
        assert form.result() == QDialog.DialogCode.Accepted and form.text.toPlainText() == ""  # no new line
    form = Form()
    _shown(qtbot, form, form.text)
    with qtbot.waitSignal(form.rejected, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)


def test_a_disabled_save_button_or_the_dialog_s_own_binding_wins(qtbot):
    form = Form()
    form.box.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
    _shown(qtbot, form, form.line)
    assert accepting_button(form) is None
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible()  # nothing to save with: the key does nothing

    own = Form()
    saved: list[str] = []
    QShortcut(QKeySequence("Ctrl+S"), own, lambda: saved.append("own"))
    _shown(qtbot, own, own.line)
    press(qtbot, Qt.Key.Key_S, CTRL)
    QApplication.processEvents()
    assert saved == ["own"] and own.isVisible()


def test_the_ledger_entry_dialog_saves_with_ctrl_s_from_its_fact_box(qtbot, demo_ws):
    """A real dialog that never wired the keys itself: typed fact, Ctrl+S, the entry is recorded."""
    from desktop.services.ledger import queries as ledger_queries
    from desktop.ui.ledger.ledger_dialogs import EntryDialog
    from tests.ui.helpers import type_text

    dialog = EntryDialog(demo_ws, cadre=(1, "某某"))
    _shown(qtbot, dialog, dialog.fact)
    type_text(qtbot, "在防汛一线连续值守三昼夜，组织转移群众。")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert dialog.entry_id is not None and not dialog.isVisible()
    assert dialog.entry_id in [r.id for r in ledger_queries.cadre_ledger(demo_ws, 1).timeline]


def test_ctrl_s_with_a_list_of_matches_open_closes_it_and_saves(qtbot):
    from PySide6.QtWidgets import QCompleter

    from tests.ui.helpers import type_text

    form = Form()
    form.line.setCompleter(QCompleter(["张三", "张三丰", "李四"], form.line))
    _shown(qtbot, form, form.line)
    type_text(qtbot, "张")
    popup = form.line.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(popup, Qt.Key.Key_S, CTRL)  # an open list holds the keyboard, as on screen
    assert not popup.isVisible()
