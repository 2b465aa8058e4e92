"""A table's row-number column (the vertical header) that keeps its width while filtering.

Qt sizes the vertical header from the text of its first and last hundred sections, asked of
the model again after every reset: on the roster that is some 800 calls into Python per
keystroke in the filter, and a width that changes with the number of digits shown (100000 →
35), which resizes the table's viewport and repaints all of it (issue 17 P2). This header
measures again only when a longer number than it has room for appears, and never narrows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QWidget


class RowNumbers(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._digits = -1
        self._hint = QSize()

    def sizeHint(self) -> QSize:
        count = self.count()
        if count == 0:
            return super().sizeHint()  # nothing to measure (Qt says 0 × 0): not kept
        digits = len(str(count))
        if digits > self._digits or self._hint.width() <= 0:
            hint = super().sizeHint()
            self._hint = QSize(max(hint.width(), self._hint.width()), hint.height())
            self._digits = digits
        return self._hint

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._digits, self._hint = -1, QSize()  # other figures' widths: measure afresh
        super().changeEvent(event)
