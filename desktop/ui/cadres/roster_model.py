"""The roster (花名册) table model: every matching cadre, rows fetched in pages on demand.

Filtering yields only ids (fast at 100,000 cadres); the values of a row are read when a view
first asks for them, a page of rows at a time, and cached with a bound on memory. Columns are
chosen from the registry in services/roster_columns.py; sorting runs in SQL.

The filter text is matched in memory (services/cadres/roster_index.py) against the names of
the cadres in scope, read once; the other filters and any order but by name are read from SQL
once per combination and kept until the data changes, so a keystroke reads nothing but the
rows that come into view.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from desktop.services.cadres import queries
from desktop.services.cadres.roster import RosterRow
from desktop.services.cadres.roster_columns import DEFAULT_KEYS, column
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.cadres.roster_index import NameIndex
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.cadres.roster_ids import FirstRows
from desktop.ui.common import workers

# Rows read per query when no view has said how many it shows (rows_in_sight): a screen's
# worth, not more, since after every keystroke the rows in sight are read again for the new
# matches (a row costs some 0.1 ms, a query 1 ms more).
PAGE = 50
MAX_ROWS = 2000  # rows kept: scrolling back further re-reads a page in ~10 ms
NAMES_DELAY_MS = 500

CadreIdRole = Qt.ItemDataRole.UserRole + 1
ColumnKeyRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
# A view asks for a dozen roles per cell on every paint; those we answer are these.
_ANSWERED = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                       Qt.ItemDataRole.TextAlignmentRole, CadreIdRole, ColumnKeyRole))


class RosterModel(QAbstractTableModel):
    """Signals: roster_did_reload() after the set or order of rows changed; names_ready() when
    the filter text is from then on matched in memory."""

    roster_did_reload = Signal()
    names_ready = Signal()

    def __init__(self, ws: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.filter = RosterFilter()
        self.keys: list[str] = list(DEFAULT_KEYS)
        self.order = "name"
        self.descending = False
        self._ids: Sequence[int] = array("q")
        # The names, read in the background from the first reload on (and after changes);
        # until they are there, SQL answers.
        self._names: NameIndex | None = None
        self._names_task: workers.Task | None = None
        self._names_started = self._names_waiting = False
        # Ids matching the filter without its text, per (filter, order, descending).
        self._bases: OrderedDict[tuple[RosterFilter, str, bool], Sequence[int]] = OrderedDict()
        # Row values by cadre id (None: not readable, e.g. out of scope since): kept across
        # filters, so that the rows in sight after a keystroke are mostly read already.
        self._rows: OrderedDict[int, RosterRow | None] = OrderedDict()
        self.total = 0
        self._loaded = False
        self.rows_in_sight = PAGE  # set by the view (RosterPage) as its height changes

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

    def _matching(self) -> tuple[Sequence[int], int]:
        """The ids the filter matches in the current order, and how many cadres are in scope."""
        names = self._names
        if names is None:
            self._read_names()
            if self.filter.is_empty() and (self.order, self.descending) == ("name", False):
                start = queries.roster_start(self.ws, 2 * PAGE)
                rows = FirstRows(start.ids, start.total, lambda: self._every_id(rows))
                return rows, start.total
            ids = queries.roster_ids(self.ws, self.filter, order=self.order, descending=self.descending)
            return ids.ids, ids.total
        found = names.matching_ids(self.filter.text)
        rest = self.filter.with_text("")
        if found is not None and rest.is_empty() and (self.order, self.descending) == ("name", False):
            return found, len(names)
        if found is None:  # text only SQL can match (王l)
            ids = queries.roster_ids(self.ws, self.filter, order=self.order, descending=self.descending)
            return ids.ids, ids.total
        key = (rest, self.order, self.descending)
        base = self._bases.get(key)
        if base is None:
            base = array("q", queries.roster_ids(self.ws, rest, order=self.order, descending=self.descending).ids)
            self._bases[key] = base
            if len(self._bases) > 8:
                self._bases.popitem(last=False)
        if found is names.ids:  # no text
            return base, len(names)
        wanted = set(found)
        return array("q", (cid for cid in base if cid in wanted)), len(names)

    def _every_id(self, rows: FirstRows) -> Sequence[int]:
        """The rest of a FirstRows: every id in scope in name order (a view may be showing and
        selecting its first rows already)."""
        names = self._names
        ids: Sequence[int] = names.ids if names is not None else queries.roster_ids(self.ws, RosterFilter()).ids
        if not rows.agrees(ids):
            # Cadres came, went or were renamed since the first rows were read (another clerk,
            # or this one): until the reset that shows the change, which waits for the view to
            # stop asking, the rows read keep their cadres and the others are blank (id 0: no
            # cadre has it; CadreIdRole gives None for them).
            QTimer.singleShot(0, self, self.reload)
            ids = array("q", rows.known())
            ids.extend([0] * (len(rows) - len(ids)))
        return ids

    def _read_names(self) -> None:
        if self._names_task is not None or self._names_waiting:
            return
        if not self._names_started:
            # The first time, once the window is up: reading 100,000 names holds the interpreter
            # lock for much of a second, which the window's first paint should not wait behind.
            self._names_started = self._names_waiting = True
            QTimer.singleShot(NAMES_DELAY_MS, self, self._read_names_now)
            return
        self._read_names_now()

    def _read_names_now(self) -> None:
        self._names_waiting = False
        if self._names_task is not None or self._names is not None:
            return
        task = workers.start(lambda _t: queries.roster_names(self.ws), on_success=self._names_read,
                             on_failure=self._names_failed)
        self._names_task = task

    def _names_read(self, names: NameIndex) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the names were read
        self._names_task = None
        self._names = names
        first = self._ids
        if isinstance(first, FirstRows) and not first.all_read:
            # The whole roster, read in the background: the same ids (the rows stay as they
            # are, no signal), or the roster changed meanwhile and is shown afresh.
            if first.agrees(names.ids):
                self._ids = names.ids
            else:
                self.reload()
        self.names_ready.emit()

    def _names_failed(self, _exc: BaseException) -> None:
        self._names_task = None  # SQL goes on answering; the next reload tries again

    @property
    def names_read(self) -> bool:
        """Whether a keystroke is answered from memory (False while the names are being read)."""
        return self._names is not None

    def forget_reads(self) -> None:
        """The data changed: read names and other filters' matches again."""
        reading = self._names is not None or self._names_task is not None
        if self._names_task is not None:
            self._names_task.abandoned = True  # it may have read before the change
            self._names_task = None
        self._names = None
        self._bases.clear()
        self._rows.clear()  # a unit's or a tag's new name shows in many rows
        if reading:
            self._read_names()

    def reload(self) -> None:
        ids, total = self._matching()
        self.total = total
        self.beginResetModel()
        self._ids = ids
        self._loaded = True
        self.endResetModel()
        self.roster_did_reload.emit()

    def apply_changes(self, changes: Changes) -> None:
        """Reload when cadres came or went (or their units changed); else repaint changed rows."""
        cadres = changes.entities.get("cadre")
        if changes.touches("cadre", "post", "study", "cadre_tag", "tag", "unit", "account_scope", "campaign_cadre",
                           "campaign_unit", "campaign_member"):
            # A name, a post, a tag or a scope changed: what a filter matches may have too.
            self.forget_reads()
        if changes.touches("unit") or (cadres and (cadres.created or cadres.deleted)) \
                or changes.unlisted & {"cadre", "post", "study", "cadre_tag", "tag"}:
            self.reload()  # (unlisted: another clerk changed more rows than a notice can name)
        elif changes.touches("cadre", "post", "study", "cadre_tag", "tag"):
            self.refresh_cadres(changes.ids("cadre"))

    def refresh_cadres(self, cadre_ids: set[int]) -> None:
        """Drop cached rows of changed cadres and tell views which cells to repaint."""
        if not cadre_ids:
            return
        for cid in cadre_ids:
            self._rows.pop(cid, None)
        # Among the ids read: a roster opened on its first rows is not read whole for this.
        known = self._ids.known() if isinstance(self._ids, FirstRows) else self._ids
        positions = [i for i, cid in enumerate(known) if cid in cadre_ids]
        for row in positions:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.keys) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def _row(self, row: int) -> RosterRow | None:
        cid = self._ids[row]
        if cid in self._rows:
            self._rows.move_to_end(cid)
            return self._rows[cid]
        # The rows in sight from here down that are not read yet, in one query: a view paints
        # from its top row down (scrolling up, it asks for the few rows that came in).
        ids = [i for i in self._ids[row:row + self.rows_in_sight] if i not in self._rows]
        fetched = {r.id: r for r in queries.roster_rows(self.ws, ids)}
        for i in ids:
            self._rows[i] = fetched.get(i)
        while len(self._rows) > MAX_ROWS:
            self._rows.popitem(last=False)
        return fetched.get(cid)

    def cadre_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return [cid for cid in self._ids if cid]  # not the blank rows of a pending reset

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
        if role not in _ANSWERED or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CadreIdRole:
            return self._ids[index.row()] or None  # a blank row of a pending reset has none
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
        new_ids, _total = self._matching()
        # Same rows, new order: keep the selection on the same cadres.
        self.layoutAboutToBeChanged.emit()
        old_ids, self._ids = self._ids, new_ids
        position = {cid: i for i, cid in enumerate(new_ids)}
        for idx in self.persistentIndexList():
            new_row = position.get(old_ids[idx.row()], -1) if idx.row() < len(old_ids) else -1
            self.changePersistentIndex(idx, self.index(new_row, idx.column()) if new_row >= 0 else QModelIndex())
        self.layoutChanged.emit()
        self.roster_did_reload.emit()
