"""The sheet being filled: section headings and items, each with its rating and fact. An
empty rating cell shows its keys in grey (1 好 2 较好 …); a missing required fact is red."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.models.scoring import grade_labels
from desktop.services.evaluation.sheet_versions import rating_text
from desktop.services.evaluation.template_text import number_text
from desktop.ui.evaluation.sheet_form import SheetForm, SheetItem

Index = QModelIndex | QPersistentModelIndex
SECTION_BRUSH = QBrush(QColor("#eef2f7"))
MISSING_BRUSH = QBrush(QColor("#fde2e2"))
LOW_BRUSH = QBrush(QColor("#fff4d6"))
HINT_BRUSH = QBrush(QColor("#9a9a9a"))


class Columns(IntEnum):
    ITEM = 0
    RATING = 1
    FACT = 2


HEADERS = {Columns.ITEM: "评议项目", Columns.RATING: "评价", Columns.FACT: "具体事实"}


def key_hint(item: SheetItem) -> str:
    if item.kind == "grades":
        return "　".join(f"{n} {label}" for n, label in enumerate(grade_labels(item), start=1))
    if item.kind == "flag":
        return "1 有　0 无"
    return f"输入 0–{number_text(item.scale.get('max', 10))} 分"


class SheetModel(QAbstractTableModel):
    def __init__(self, form: SheetForm, parent: Any = None) -> None:
        super().__init__(parent)
        self.form = form
        self.lines = form.lines()
        self.shown_unanswered = False  # after a refused save, unanswered items turn red too
        form.listeners.append(self._item_changed)

    def row_of(self, item_id: int) -> int:
        return next(n for n, line in enumerate(self.lines) if line.item is not None and line.item.id == item_id)

    def item_at(self, row: int) -> SheetItem | None:
        return self.lines[row].item if 0 <= row < len(self.lines) else None

    def _item_changed(self, item_id: int) -> None:
        row = self.row_of(item_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Columns) - 1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                               Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole])

    def show_unanswered(self) -> None:
        self.shown_unanswered = True
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, len(Columns) - 1),
                                  [Qt.ItemDataRole.BackgroundRole])

    # --- Qt interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        col = Columns(index.column())
        item = line.item
        if item is None:
            if role == Qt.ItemDataRole.DisplayRole and col == Columns.ITEM:
                return line.section
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return SECTION_BRUSH
            return None
        value, fact = self.form.value(item.id), self.form.fact(item.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Columns.ITEM:
                return f"{item.number}. {item.text}"
            if col == Columns.RATING:
                return rating_text(item, value) or key_hint(item)
            return fact.replace("\n", " ") or ("须写明具体事实" if self.form.needs_fact(item.id) else "")
        if role == Qt.ItemDataRole.EditRole and col == Columns.RATING:
            return value
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == Columns.RATING and not value:
                return HINT_BRUSH
            if col == Columns.FACT and not fact:
                return QBrush(QColor("#c0392b"))
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == Columns.FACT and self.form.missing_fact(item.id):
                return MISSING_BRUSH
            if col == Columns.RATING and self.form.needs_fact(item.id):
                return LOW_BRUSH
            if col == Columns.RATING and self.shown_unanswered and not value and item.kind != "flag":
                return MISSING_BRUSH
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Columns.ITEM:
                return item.text
            if col == Columns.FACT:
                return fact or None
            return key_hint(item)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(Columns):
            return HEADERS[Columns(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self.item_at(index.row())
        if item is not None and item.kind == "score" and index.column() == Columns.RATING:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.EditRole or index.column() != Columns.RATING:
            return False
        self.form.set_value(item.id, str(value))
        return True
