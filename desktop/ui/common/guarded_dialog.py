"""A dialog that asks before work is thrown away, however it is closed: its close button,
Esc, or the window's ×. Subclasses say what would be lost."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMessageBox


class GuardedDialog(QDialog):
    guard_title = "一线考核"
    _discard = False  # asked once and answered yes: closing goes ahead

    def unsaved_question(self) -> str | None:
        """The question to ask, or None when closing loses nothing."""
        return None

    def discarded(self) -> None:
        """Called once the user agreed to drop the unsaved work."""

    def may_close(self) -> bool:
        if self._discard:
            return True
        question = self.unsaved_question()
        if question is None:
            return True
        # Enter answers 否: the default never throws work away.
        no = QMessageBox.StandardButton.No
        asked = QMessageBox.question(self, self.guard_title, question, QMessageBox.StandardButton.Yes | no, no)
        self._discard = asked == QMessageBox.StandardButton.Yes
        if self._discard:
            self.discarded()
        return self._discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:  # Esc
        if self.may_close():
            super().reject()
