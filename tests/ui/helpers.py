"""Helpers for driving the window from the keyboard in tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui import messages


def type_text(qtbot, text: str) -> None:
    """Type into whatever has the keyboard focus, as a user does (editors open and close).

    Latin letters and digits are key presses; Chinese arrives as a real input method delivers
    it, a committed string (QTest cannot send key events for characters outside ASCII)."""
    for ch in text:
        # A person's keystrokes are milliseconds apart: the event loop runs in between (an
        # editor that Enter closed is gone and focus is back on the table).
        QApplication.processEvents()
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        if ch.isascii():
            qtbot.keyClicks(target, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(target, event)
    QApplication.processEvents()


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QApplication.processEvents()
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    # Qt commits a cell editor on Enter through a queued call: let it run, as it would
    # before a person's next action.
    QApplication.processEvents()


class Answers:
    """Stands in for QMessageBox's static dialogs: records what was asked, answers as told."""

    def __init__(self, monkeypatch, answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes) -> None:
        self.answer = answer
        self.asked: list[str] = []
        for name in ("question", "warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, name, self._reply)
        self.choice: str | None = None  # what messages.choose answers
        monkeypatch.setattr(messages, "choose", self._choose)

    def _choose(self, _parent, _title, text, options):
        self.asked.append(text)
        assert self.choice is None or self.choice in options, (self.choice, options)
        return self.choice

    def _reply(self, _parent, _title, text, *args, **kwargs):
        self.asked.append(text)
        return self.answer
