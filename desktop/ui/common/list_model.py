"""A read-only table model over a list of plain rows, and a view set up for it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


class ListModel(QAbstractTableModel):
    """A read-only table of dataclass rows: `columns` pairs an attribute with its title."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(self.rows[index.row()], self.columns[index.column()][0])
            return _size(value) if self.columns[index.column()][0] == "size" else str(value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][1]
        return None


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def make_table(model: ListModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.verticalHeader().setVisible(False)
    return view


@contextlib.contextmanager
def keeping_current(view: QTableView,
                    key: Callable[[Any], Any] = lambda row: getattr(row, "id", None)) -> Iterator[None]:
    """Reload a view's ListModel without losing the row the clerk was on (matched by `key`)."""
    model = view.model()
    assert isinstance(model, ListModel)
    index = view.currentIndex()
    wanted = key(model.rows[index.row()]) if index.isValid() and index.row() < len(model.rows) else None
    column = max(0, index.column())
    yield
    if wanted is None:
        return
    for row, item in enumerate(model.rows):
        if key(item) == wanted:
            view.setCurrentIndex(model.index(row, column))
            return
