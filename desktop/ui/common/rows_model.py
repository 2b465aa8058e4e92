"""A read-only table of plain rows for the 测评 lists: numbers right-aligned and printed as a
clerk writes them (86.5, not 86.50000; a dash for no value), optional colours per row."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from desktop.ui.common.list_model import ListModel

Index = QModelIndex | QPersistentModelIndex
NUMERIC_TEXT = re.compile(r"[\d.,/%—+-]+")  # 6/6, 100%, +8: figures line up on the right too


def number(value: Any, places: int = 2) -> str:
    """Decimal/float → text without trailing zeros; None → “—”."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, float)):
        text = f"{Decimal(str(value)).quantize(Decimal(1).scaleb(-places)):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _attribute(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, name)


class RowsModel(ListModel):
    """`columns` pairs an attribute (or a callable of the row) with its title; `brush`
    optionally colours a whole row."""

    def __init__(self, columns: Sequence[tuple[str | Callable[[Any], Any], str]],
                 brush: Callable[[Any], QBrush | None] | None = None, parent: Any = None) -> None:
        super().__init__([], parent)
        self.set_columns(columns)
        self.brush = brush

    def set_columns(self, columns: Sequence[tuple[str | Callable[[Any], Any], str]]) -> None:
        """The titles and getters; a model already shown calls this inside a model reset."""
        self.columns = [(str(i), title) for i, (_key, title) in enumerate(columns)]
        self.getters: list[Callable[[Any], Any]] = [key if callable(key) else _attribute(key) for key, _t in columns]

    def value(self, row: int, column: int) -> Any:
        return self.getters[column](self.rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.value(index.row(), index.column())
            return "" if value is None and role == Qt.ItemDataRole.ToolTipRole else number(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self.value(index.row(), index.column())
            numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
            if numeric or (isinstance(value, str) and NUMERIC_TEXT.fullmatch(value)):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and self.brush is not None:
            return self.brush(self.rows[index.row()])
        return None

    def row_object(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None
