"""A date field that accepts what clerks type (1975.03, 197503, 1975-03, 1975年3月) and shows
the official form (1975.03) once the cursor leaves it."""

from __future__ import annotations

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.models.dates import DateFormatError, PartialDate


class DateEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("如 1975.03")
        self.setMaxLength(20)
        self.textChanged.connect(self._check)

    def _check(self, text: str) -> None:
        try:
            value = PartialDate.parse_optional(text)
        except DateFormatError as exc:
            self.setToolTip(str(exc))
            return
        self.setToolTip(f"即 {value.dotted()}" if value else "")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.normalize()
        super().focusOutEvent(event)

    def normalize(self) -> None:
        try:
            value = PartialDate.parse_optional(self.text())
        except DateFormatError:
            return  # leave it as typed: validation shows why it is wrong
        if value is not None and self.text() != value.dotted():
            self.setText(value.dotted())
