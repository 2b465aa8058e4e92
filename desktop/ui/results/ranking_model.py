"""The 季度指标 rankings beside the entry grid: rank, subject, group, total, indicators not
reported (未报); the bottom three (末位) in red, as the quarterly analysis meeting reads them.

Shown within groups (unit type, or rank level for leaders) the rows go group by group with
their rank in the group first, the overall rank kept beside, and the group's bottom three in red.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.indicators.rankings import RankRow
from desktop.ui.common.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
BOTTOM_BACK = QBrush(QColor("#fde2e1"))
BOTTOM_TEXT = QBrush(QColor("#b00020"))
Columns = list[tuple[str | Callable[[Any], Any], str]]


def bottom_text(row: RankRow, noted: bool) -> str:
    if not row.bottom:
        return ""
    return "末位（已说明）" if noted else "末位"


def group_bottom_text(row: RankRow, noted: bool) -> str:
    """组内末位, and whether the row is also among the overall bottom three."""
    parts = ["组内末位"] if row.group_bottom else []
    if row.bottom:
        parts.append("总" + bottom_text(row, noted))
    return "，".join(parts)


class RankingModel(RowsModel):
    """Rows of rankings.Rankings; `noted` holds the subjects whose explanation is recorded;
    `grouped` shows the rank within the group first."""

    def __init__(self, parent: Any = None) -> None:
        self.noted: set[int] = set()
        self.grouped = False
        super().__init__(self._columns("单位"), parent=parent)

    def _columns(self, subject_label: str) -> Columns:
        if self.grouped:
            return [("group", "类别"), ("group_rank", "组内名次"), ("subject", subject_label),
                    (lambda r: f"{r.total:.2f}", "总分"), ("rank", "总名次"), (lambda r: r.missing or "", "未报项"),
                    (lambda r: group_bottom_text(r, r.subject_id in self.noted), "末位")]
        return [("rank", "名次"), ("subject", subject_label), ("group", "类别"), (lambda r: f"{r.total:.2f}", "总分"),
                (lambda r: r.missing or "", "未报项"), (lambda r: bottom_text(r, r.subject_id in self.noted), "末位")]

    def show(self, rows: Sequence[RankRow], noted: set[int], subject_label: str, grouped: bool = False) -> None:
        self.beginResetModel()  # the columns change with the view: one reset for both
        self.noted, self.grouped = noted, grouped
        self.set_columns(self._columns(subject_label))
        self.rows = list(rows)
        self.endResetModel()

    @property
    def subject_column(self) -> int:
        return 2 if self.grouped else 1

    def flagged(self, row: RankRow) -> bool:
        return row.group_bottom if self.grouped else row.bottom

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole) and index.isValid() \
                and index.row() < len(self.rows):
            if not self.flagged(self.rows[index.row()]):
                return None
            return BOTTOM_TEXT if role == Qt.ItemDataRole.ForegroundRole else BOTTOM_BACK
        return super().data(index, role)

    def row_at(self, row: int) -> RankRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def find(self, subject_id: int) -> int:
        """The row of a subject, or -1."""
        return next((n for n, r in enumerate(self.rows) if r.subject_id == subject_id), -1)
