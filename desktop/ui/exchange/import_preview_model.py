"""The import preview as a table: one row per added, changed or rejected entry."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.exchange.assessment_imports import AssessmentPlan
from desktop.services.exchange.imports import ImportPlan

Index = QModelIndex | QPersistentModelIndex
ActionRole = Qt.ItemDataRole.UserRole + 1


class Columns(IntEnum):
    ACTION = 0
    NAME = 1
    WHERE = 2
    DETAIL = 3


HEADERS = {Columns.ACTION: "处理", Columns.NAME: "姓名", Columns.WHERE: "位置", Columns.DETAIL: "变化或原因"}
COLORS = {"新增": "#e6f4ea", "修改": "#fff8e1", "拒绝": "#fdecea"}


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []

    def set_plan(self, plan: ImportPlan | AssessmentPlan | None) -> None:
        self.beginResetModel()
        self._rows = []
        if plan is not None:
            self._rows = [(action, name, _where(where), detail) for action, name, where, detail in plan.preview_rows()]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(COLORS[row[0]]))
        if role == ActionRole:
            return row[0]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(Columns):
            return HEADERS[Columns(section)]
        return None


def _where(where: Any) -> str:
    parts = [where.source.rsplit("/", 1)[-1]]
    if where.sheet:
        parts.append(where.sheet)
    if where.row is not None:
        parts.append(f"第{where.row}行")
    return " ".join(parts)
