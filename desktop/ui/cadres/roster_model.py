"""The roster (花名册) table model: every matching cadre, rows fetched in pages on demand.

Filtering yields only ids (fast at 100,000 cadres); the values of a row are read when a view
first asks for them, a page of rows at a time, and cached with a bound on memory. Columns are
chosen from the registry in services/roster_columns.py; sorting runs in SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.services.cadres import queries
from desktop.services.cadres.roster import RosterRow
from desktop.services.cadres.roster_columns import DEFAULT_KEYS, column
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace

PAGE = 200
MAX_PAGES = 50

CadreIdRole = Qt.ItemDataRole.UserRole + 1
ColumnKeyRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RosterModel(QAbstractTableModel):
    """Signals: roster_did_reload() after the set or order of rows changed."""

    roster_did_reload = Signal()

    def __init__(self, ws: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.filter = RosterFilter()
        self.keys: list[str] = list(DEFAULT_KEYS)
        self.order = "name"
        self.descending = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[RosterRow | None]] = OrderedDict()
        self.total = 0
        self._loaded = False

    # --- loading --------------------------------------------------------------------------

    def set_filter(self, flt: RosterFilter) -> None:
        self.filter = flt
        self.reload()

    def set_columns(self, keys: Sequence[str]) -> None:
        keys = [column(k).key for k in keys] or ["name"]
        if keys == self.keys:
            return
        self.beginResetModel()
        self.keys = keys
        self.endResetModel()

    def reload(self) -> None:
        found = queries.roster_ids(self.ws, self.filter, order=self.order, descending=self.descending)
        self.total = found.total
        self.beginResetModel()
        self._ids = list(found.ids)
        self._pages.clear()
        self._loaded = True
        self.endResetModel()
        self.roster_did_reload.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Reload when cadres came or went (or their units changed); else repaint changed rows."""
        cadres = changes.entities.get("cadre")
        if changes.touches("unit") or (cadres and (cadres.created or cadres.deleted)):
            self.reload()
        elif changes.touches("cadre", "post", "study", "cadre_tag", "tag"):
            self.refresh_cadres(changes.ids("cadre"))

    def refresh_cadres(self, cadre_ids: set[int]) -> None:
        """Drop cached rows of changed cadres and tell views which cells to repaint."""
        if not cadre_ids:
            return
        positions = [i for i, cid in enumerate(self._ids) if cid in cadre_ids]
        for page in {p // PAGE for p in positions}:
            self._pages.pop(page, None)
        for row in positions:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.keys) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def _row(self, row: int) -> RosterRow | None:
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * PAGE:(page + 1) * PAGE]
            fetched = {r.id: r for r in queries.roster_rows(self.ws, ids)}
            rows = [fetched.get(cid) for cid in ids]
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[row - page * PAGE]

    def cadre_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, cadre_id: int) -> int:
        try:
            return self._ids.index(cadre_id)
        except ValueError:
            return -1

    # --- Qt interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CadreIdRole:
            return self._ids[index.row()]
        key = self.keys[index.column()]
        if role == ColumnKeyRole:
            return key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._row(index.row())
            return row.text(key) if row else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column(key).kind == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.keys):
            return column(self.keys[section]).title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, col: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= col < len(self.keys):
            return
        key, descending = self.keys[col], order == Qt.SortOrder.DescendingOrder
        if not self._loaded or (key, descending) == (self.order, self.descending):
            # Enabling sorting on a view sorts at once; the first reload does that work.
            self.order, self.descending = key, descending
            return
        self.order, self.descending = key, descending
        new_ids = list(queries.roster_ids(self.ws, self.filter, order=self.order, descending=self.descending).ids)
        # Same rows, new order: keep the selection on the same cadres.
        self.layoutAboutToBeChanged.emit()
        old_ids, self._ids = self._ids, new_ids
        position = {cid: i for i, cid in enumerate(new_ids)}
        for idx in self.persistentIndexList():
            new_row = position.get(old_ids[idx.row()], -1) if idx.row() < len(old_ids) else -1
            self.changePersistentIndex(idx, self.index(new_row, idx.column()) if new_row >= 0 else QModelIndex())
        self._pages.clear()
        self.layoutChanged.emit()
        self.roster_did_reload.emit()
