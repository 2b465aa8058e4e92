"""A multi-line text field that Tab leaves, as every other field does.

A clerk typing facts during a talk moves on with Tab; a tab character in 所见情况 is never
what was meant. Ctrl+Tab inserts one for the rare table-like note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class TextBox(QPlainTextEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(text, parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and not self.isReadOnly()):
            self.insertPlainText("\t")
            event.accept()
            return
        super().keyPressEvent(event)
