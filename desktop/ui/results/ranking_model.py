"""The 季度指标 rankings beside the entry grid: rank, subject, group, total, indicators not
reported (未报); the bottom three (末位) in red, as the quarterly analysis meeting reads them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.indicators.rankings import RankRow
from desktop.ui.common.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
BOTTOM_BACK = QBrush(QColor("#fde2e1"))
BOTTOM_TEXT = QBrush(QColor("#b00020"))


def bottom_text(row: RankRow, noted: bool) -> str:
    if not row.bottom:
        return ""
    return "末位（已说明）" if noted else "末位"


class RankingModel(RowsModel):
    """Rows of rankings.Rankings; `noted` holds the subjects whose explanation is recorded."""

    def __init__(self, parent: Any = None) -> None:
        self.noted: set[int] = set()
        super().__init__([("rank", "名次"), ("subject", "单位"), ("group", "类别"),
                          (lambda r: f"{r.total:.2f}", "总分"), (lambda r: r.missing or "", "未报项"),
                          (lambda r: bottom_text(r, r.subject_id in self.noted), "末位")],
                         brush=lambda r: BOTTOM_BACK if r.bottom else None, parent=parent)

    def show(self, rows: tuple[RankRow, ...], noted: set[int], subject_label: str) -> None:
        self.noted = noted
        self.columns[1] = (self.columns[1][0], subject_label)
        self.set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < len(self.rows):
            return BOTTOM_TEXT if self.rows[index.row()].bottom else None
        return super().data(index, role)

    def row_at(self, row: int) -> RankRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
