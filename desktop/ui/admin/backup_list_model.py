"""The list of this database's automatic backups in the chosen folder (备份与恢复 page).

Each row is one backup file: when it was made (from its name, which the program wrote), its
size, and its name. Only `stat` is asked of the files: they are never opened to be listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.admin import backups
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path
from desktop.ui.common.file_dialogs import size_text

Index = QModelIndex | QPersistentModelIndex
PathRole = Qt.ItemDataRole.UserRole + 1


class Columns(IntEnum):
    TIME = 0
    SIZE = 1
    NAME = 2


HEADERS = {Columns.TIME: "备份时间", Columns.SIZE: "大小", Columns.NAME: "文件名"}


@dataclass(frozen=True)
class BackupRow:
    path: Path
    made: dt.datetime | None
    size: int

    @property
    def time_text(self) -> str:
        return f"{self.made:%Y-%m-%d %H:%M:%S}" if self.made else "—"


def rows_for(ws: Workspace, folder: Path) -> list[BackupRow]:
    """Newest first, as a clerk looks for the latest."""
    rows = []
    for path in reversed(backups.automatic_backups(ws, folder)):
        try:
            size = path.stat().st_size + (slots_path(path).stat().st_size if slots_path(path).exists() else 0)
        except OSError:  # removed meanwhile (another program's rotation, a stick pulled out)
            continue
        rows.append(BackupRow(path, backups.made_at(ws, path), size))
    return rows


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
