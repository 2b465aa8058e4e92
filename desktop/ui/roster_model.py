"""The roster (花名册) table model: every matching cadre, rows fetched in pages on demand.

Filtering yields only ids (fast at 100,000 cadres); the values of a row are read when a view
first asks for them, a page of rows at a time, and cached with a bound on memory.
"""

from __future__ import annotations

from collections import OrderedDict
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.services import roster
from desktop.services.workspace import Workspace

PAGE = 200
MAX_PAGES = 50

CadreIdRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    SEX = 1
    BIRTH = 2
    UNIT = 3
    POST = 4
    RANK = 5


HEADERS = {
    Column.NAME: "姓名",
    Column.SEX: "性别",
    Column.BIRTH: "出生年月",
    Column.UNIT: "单位",
    Column.POST: "职务",
    Column.RANK: "职级",
}


def _value(row: roster.RosterRow, column: Column) -> str:
    if column is Column.NAME:
        return row.name
    if column is Column.SEX:
        return row.sex
    if column is Column.BIRTH:
        return row.birth.month_only().dotted() if row.birth else ""
    if column is Column.UNIT:
        return row.unit
    if column is Column.POST:
        return row.post
    return row.rank


class RosterModel(QAbstractTableModel):
    """Signals: roster_did_reload() after the set of rows changed."""

    roster_did_reload = Signal()

    def __init__(self, ws: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.filter = roster.RosterFilter()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[roster.RosterRow | None]] = OrderedDict()
        self.total = 0

    # --- loading --------------------------------------------------------------------------

    def set_filter(self, flt: roster.RosterFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        with self.ws.read() as s:
            ids = roster.matching_ids(s, self.filter)
            self.total = roster.count_all(s)
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()
        self.roster_did_reload.emit()

    def refresh_cadres(self, cadre_ids: set[int]) -> None:
        """Drop cached rows of changed cadres and tell views which cells to repaint."""
        if not cadre_ids:
            return
        positions = [i for i, cid in enumerate(self._ids) if cid in cadre_ids]
        for page in {p // PAGE for p in positions}:
            self._pages.pop(page, None)
        for row in positions:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1),
                                  [Qt.ItemDataRole.DisplayRole])

    def _row(self, row: int) -> roster.RosterRow | None:
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * PAGE:(page + 1) * PAGE]
            with self.ws.read() as s:
                fetched = {r.id: r for r in roster.rows_for(s, ids)}
            rows = [fetched.get(cid) for cid in ids]
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[row - page * PAGE]

    def cadre_id(self, row: int) -> int:
        return self._ids[row]

    # --- Qt interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CadreIdRole:
            return self._ids[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._row(index.row())
            return _value(row, Column(index.column())) if row else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return HEADERS[Column(section)]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
