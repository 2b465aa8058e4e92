"""The list of this database's automatic backups in the chosen folder (备份与恢复 page).

Each row is one backup file: when it was made (from its name, which the program wrote), its
size, and its name. Only `stat` is asked of the files: they are never opened to be listed.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.admin import queries
from desktop.services.admin.queries import BackupFile
from desktop.services.workspace import Workspace
from desktop.ui.common.file_dialogs import size_text

Index = QModelIndex | QPersistentModelIndex
PathRole = Qt.ItemDataRole.UserRole + 1


class Columns(IntEnum):
    TIME = 0
    SIZE = 1
    NAME = 2


HEADERS = {Columns.TIME: "备份时间", Columns.SIZE: "大小", Columns.NAME: "文件名"}


BackupRow = BackupFile


def rows_for(ws: Workspace, folder: Path) -> list[BackupRow]:
    """Newest first, as a clerk looks for the latest."""
    return queries.backup_rows(ws, folder)


class BackupListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupRow] = []

    def set_rows(self, rows: list[BackupRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], Columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {Columns.TIME: row.time_text, Columns.SIZE: size_text(row.size), Columns.NAME: row.path.name}[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Columns.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PathRole:
            return str(row.path)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(Columns):
            return HEADERS[Columns(section)]
        return None

    def path(self, row: int) -> Path | None:
        return self.rows[row].path if 0 <= row < len(self.rows) else None
