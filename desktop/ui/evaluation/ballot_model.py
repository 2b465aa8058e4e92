"""The ballot entry grid: one row per item with the mark keyed on the current ballot and the
running count of each grade over the ballots stored; a last row adds up every item."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.ui.evaluation.ballot_state import BLANK, BallotEntry

Index = QModelIndex | QPersistentModelIndex
OVERALL_BRUSH = QBrush(QColor("#eef6ee"))
TOTAL_BRUSH = QBrush(QColor("#eef2f7"))
HINT_BRUSH = QBrush(QColor("#9a9a9a"))
MARK_BRUSH = QBrush(QColor("#1a4f9c"))
ITEM, CURRENT = 0, 1


class BallotModel(QAbstractTableModel):
    def __init__(self, state: BallotEntry, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.grades = state.grades()

    def refresh(self) -> None:
        """After a key or a stored ballot: every count and mark may have changed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, CURRENT, CURRENT)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.state.items) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self.grades)

    def _is_total(self, row: int) -> bool:
        return row == len(self.state.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        row, col = index.row(), index.column()
        total = self._is_total(row)
        item = None if total else self.state.items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == ITEM:
                return "全部项目合计" if item is None else f"{row + 1}. {item.text}"
            if col == CURRENT:
                if item is None:
                    return ""
                if item.id not in self.state.marks:
                    return "　".join(f"{n} {g}" for n, g in enumerate(item.labels, start=1)) + "　0 空白"
                return self.state.marks[item.id] or BLANK
            grade = self.grades[col - 2]
            counts = self.state.total() if item is None else self.state.counts(item.id)
            return str(counts.get(grade, 0))
        if role == Qt.ItemDataRole.ForegroundRole and col == CURRENT and item is not None:
            # What was keyed stands out from the grey key hints, so the clerk checks it at a glance.
            return MARK_BRUSH if item.id in self.state.marks else HINT_BRUSH
        if role == Qt.ItemDataRole.BackgroundRole:
            if total:
                return TOTAL_BRUSH
            if item is not None and item.is_overall:
                return OVERALL_BRUSH
            return None
        marked = col == CURRENT and item is not None and item.id in self.state.marks
        if role == Qt.ItemDataRole.FontRole and (marked or total or (item is not None and item.is_overall)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == ITEM and item is not None:
            return item.text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == ITEM:
            return "测评项目"
        if section == CURRENT:
            return f"第 {self.state.number} 张"
        if 2 <= section < self.columnCount():
            return self.grades[section - 2]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
