"""The unit tree as a Qt item model, with drag and drop and in-place renaming.

The model never changes data itself: a drop or an edit is turned into a request signal; the
page runs the operation (with undo) and the model reloads when the workspace says units
changed. That keeps one path for every change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.services.units import queries
from desktop.services.units.units import UnitNode
from desktop.services.workspace import Workspace

MIME = "application/x-frontline-unit"
UnitIdRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class Columns(IntEnum):
    NAME = 0
    CADRES = 1


HEADERS = {Columns.NAME: "单位", Columns.CADRES: "现任人数"}


class UnitTreeModel(QAbstractItemModel):
    """Signals: unit_move_requested(unit_id, parent_id or -1, position),
    unit_rename_requested(unit_id, name), tree_did_reload()."""

    unit_move_requested = Signal(int, int, int)
    unit_rename_requested = Signal(int, str)
    tree_did_reload = Signal()

    def __init__(self, ws: Workspace, *, columns: int = 1, editable: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.columns = columns
        self.editable = editable
        self.nodes: dict[int, UnitNode] = {}
        self.children: dict[int | None, list[int]] = {}
        self.totals: dict[int, int] = {}

    def reload(self) -> None:
        nodes = queries.unit_tree(self.ws, counts=self.columns > Columns.CADRES)
        self.beginResetModel()
        self.nodes = {n.id: n for n in nodes}
        children: dict[int | None, list[int]] = defaultdict(list)
        for n in nodes:  # tree() lists parents before children, siblings in order
            children[n.parent_id].append(n.id)
        self.children = dict(children)
        self.totals = {}
        for n in reversed(nodes):
            self.totals[n.id] = n.cadres + sum(self.totals[c] for c in self.children.get(n.id, ()))
        self.endResetModel()
        self.tree_did_reload.emit()

    # --- navigation -----------------------------------------------------------------------

    def _kids(self, parent_id: int | None) -> list[int]:
        return self.children.get(parent_id, [])

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.columns:
            return QModelIndex()
        parent_id = parent.internalId() if parent.isValid() else None
        kids = self._kids(parent_id)
        if not 0 <= row < len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        node = self.nodes.get(child.internalId())
        if node is None or node.parent_id is None:
            return QModelIndex()
        grand = self.nodes[node.parent_id].parent_id
        return self.createIndex(self._kids(grand).index(node.parent_id), 0, node.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._kids(parent.internalId() if parent.isValid() else None))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.columns

    def index_of(self, unit_id: int) -> QModelIndex:
        node = self.nodes.get(unit_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(self._kids(node.parent_id).index(unit_id), 0, unit_id)

    # --- data -----------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.nodes.get(index.internalId())
        if node is None:
            return None
        if role == UnitIdRole:
            return node.id
        if index.column() == Columns.NAME and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return node.name
        if index.column() == Columns.CADRES and role == Qt.ItemDataRole.DisplayRole:
            return str(self.totals.get(node.id, 0))
        if role == Qt.ItemDataRole.ToolTipRole and self.columns > Columns.CADRES:
            return f"{node.name}：本单位现任 {node.cadres} 人，含下级共 {self.totals.get(node.id, 0)} 人"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < self.columns:
            return HEADERS[Columns(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        if self.editable:
            base |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            if index.column() == Columns.NAME:
                base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.editable and index.isValid() and role == Qt.ItemDataRole.EditRole):
            return False
        name = str(value).strip()
        node = self.nodes.get(index.internalId())
        if node is None or not name or name == node.name:
            return False
        self.unit_rename_requested.emit(node.id, name)
        return False  # the reload after the operation shows the new name

    # --- drag and drop --------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = sorted({i.internalId() for i in indexes if i.isValid()})
        data.setData(MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return self.editable and data.hasFormat(MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(MIME).data()).decode()
        parent_id = parent.internalId() if parent.isValid() else -1
        for unit_id in (int(x) for x in text.split(",") if x):
            self.unit_move_requested.emit(unit_id, parent_id, row)
        # False: the view must not remove the dragged rows itself; the reload does it.
        return False
