"""The merge screen's two tables: the records a package changes, and one record's fields
side by side (office | laptop | which is taken). A report file between levels is merged on
the same screen, its sides named by `REPORT_SIDES` (本级 | 上报)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.exchange.packages.merge import Change, MergePlan
from desktop.services.exchange.packages.records import field_label, show

Index = QModelIndex | QPersistentModelIndex
ORDER = {"conflict": 0, "update": 1, "add": 2, "delete": 3}
COLORS = {"冲突": "#fdecea", "更新": "#fff8e1", "新增": "#e6f4ea", "删除": "#eeeeee"}
UNDECIDED = "#ffe082"


@dataclass(frozen=True)
class Sides:
    """What the merge screen calls the receiving database and the file's side."""

    mine: str = "办公室"
    theirs: str = "笔记本"
    mine_table: str = "办公室数据库"
    theirs_table: str = "外出笔记本"

    def choice(self, side: str | None) -> str:
        return {"office": f"保留{self.mine}", "laptop": f"采用{self.theirs}", None: "未决定"}[side]


PACKAGE_SIDES = Sides()
REPORT_SIDES = Sides("本级", "上报", "本级数据库", "上报文件")


class ChangeColumns(IntEnum):
    ACTION = 0
    RECORD = 1
    DECISION = 2


class FieldColumns(IntEnum):
    FIELD = 0
    OFFICE = 1
    LAPTOP = 2
    TAKEN = 3


CHANGE_HEADERS = {ChangeColumns.ACTION: "处理", ChangeColumns.RECORD: "记录", ChangeColumns.DECISION: "决定"}


def field_headers(sides: Sides) -> dict[FieldColumns, str]:
    return {FieldColumns.FIELD: "项目", FieldColumns.OFFICE: sides.mine_table,
            FieldColumns.LAPTOP: sides.theirs_table, FieldColumns.TAKEN: "采用"}


def decision(change: Change, sides: Sides = PACKAGE_SIDES) -> str:
    if change.action != "conflict":
        return {"add": f"加入{sides.mine}", "update": f"采用{sides.theirs}的修改",
                "delete": f"在{sides.mine}删除"}[change.action]
    choices = {f.choice for f in change.fields if f.changed == "both"}
    if None in choices:
        return "未决定"
    if len(choices) == 1:
        return sides.choice(choices.pop())
    return "逐项决定"


class ChangesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, sides: Sides = PACKAGE_SIDES) -> None:
        super().__init__(parent)
        self.changes: list[Change] = []
        self.sides = sides

    def set_plan(self, plan: MergePlan | None) -> None:
        self.beginResetModel()
        self.changes = sorted(plan.changes, key=lambda c: ORDER[c.action]) if plan is not None else []
        self.endResetModel()

    def refresh(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(ChangeColumns) - 1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ChangeColumns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.changes):
            return None
        c = self.changes[index.row()]
        column = ChangeColumns(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return {ChangeColumns.ACTION: c.action_label, ChangeColumns.RECORD: c.label,
                    ChangeColumns.DECISION: decision(c, self.sides)}[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == ChangeColumns.DECISION and c.undecided:
                return QBrush(QColor(UNDECIDED))
            return QBrush(QColor(COLORS[c.action_label]))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(ChangeColumns):
            return CHANGE_HEADERS[ChangeColumns(section)]
        return None


class FieldsModel(QAbstractTableModel):
    """The fields of one change: for a new record what the laptop holds, for a changed one
    every field that differs, with the side taken."""

    def __init__(self, parent: Any = None, sides: Sides = PACKAGE_SIDES) -> None:
        super().__init__(parent)
        self.sides = sides
        self.change: Change | None = None
        self.rows: list[tuple[str, str, str, str, bool]] = []  # field, office, laptop, taken, undecided
        self.names: dict[str, str] = {}

    def set_change(self, change: Change | None) -> None:
        self.beginResetModel()
        self.change = change
        self._fill()
        self.endResetModel()

    def refresh(self) -> None:
        self._fill()
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(FieldColumns) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole])

    def _fill(self) -> None:
        c = self.change
        self.rows = []
        if c is None:
            return
        if c.fields:
            for f in c.fields:
                mine, theirs = self.sides.mine, self.sides.theirs
                taken = self.sides.choice(f.choice) if f.changed == "both" else \
                    (f"{theirs}（仅{theirs}改过）" if f.changed == "laptop" else f"{mine}（仅{mine}改过）")
                if f.changed != "both" and f.choice != f.changed:
                    taken = self.sides.choice(f.choice)
                self.rows.append((f.label, f.office, f.laptop, taken, f.choice is None))
        elif c.laptop is not None:
            for name, value in c.laptop.items():
                if not name.startswith("_") and value not in (None, "", [], {}):
                    self.rows.append((field_label(name, self.names, c.kind.table), "（无）", show(value, self.names),
                                      self.sides.theirs, False))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FieldColumns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row[4]:
            return QBrush(QColor(UNDECIDED))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(FieldColumns):
            return field_headers(self.sides)[FieldColumns(section)]
        return None
