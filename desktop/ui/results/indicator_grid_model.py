"""The 季度指标 entry grid: one row per unit (or leader), a column per indicator and a target
column after each target-rule indicator. A cell typed in is recorded through
services.indicators.values at once; a refusal leaves the cell as it was and is reported
through `failed` (the tab shows it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop.errors import FrontlineError
from desktop.services.indicators import values
from desktop.services.indicators.queries import GridRow, IndicatorRow, ValueGrid
from desktop.services.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
NOT_REPORTED = QBrush(QColor("#fff3cd"))  # a cell without a value: 未报
FIXED = 2  # subject and group come before the indicators


@dataclass(frozen=True)
class Column:
    indicator: int  # position in the set's indicators
    target: bool  # the target column of a target-rule indicator


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def wrapped(name: str, width: int = 6) -> str:
    """An indicator's name on lines of `width` characters: the columns stay narrow enough to
    show several indicators at once (Chinese has no spaces to break at)."""
    return "\n".join(name[i:i + width] for i in range(0, len(name), width))


def header_text(ind: IndicatorRow, target: bool) -> str:
    if target:
        return f"{wrapped(ind.name)}\n目标"
    return f"{wrapped(ind.name)}\n（{ind.measure}）" if ind.measure else wrapped(ind.name)


def header_tip(ind: IndicatorRow) -> str:
    rule = ind.rule_label
    if ind.rule == "manual":
        rule = f"{rule}，{ind.min_value:g} 至 {ind.max_value:g} 分"
    elif ind.rule == "target":
        rule = f"{rule}，封顶 {ind.cap:g}"
    lower = "，越低越好" if ind.lower_is_better else ""
    return f"{ind.name}：权重 {ind.weight:g}，{rule}{lower}"


class IndicatorGridModel(QAbstractTableModel):
    failed = Signal(object)  # the exception a refused entry raised

    def __init__(self, ws: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.grid: ValueGrid | None = None
        self.rows: tuple[GridRow, ...] = ()
        self.indicators: tuple[IndicatorRow, ...] = ()
        self.columns: list[Column] = []

    # --- loading ------------------------------------------------------------------------

    def load(self, grid: ValueGrid | None) -> None:
        """Show `grid`; the same subjects and indicators only refresh the cells (the clerk's
        place and editor survive a value recorded elsewhere)."""
        rows = grid.rows if grid else ()
        indicators = grid.detail.indicators if grid else ()
        same = ([r.subject_id for r in rows] == [r.subject_id for r in self.rows]
                and [i.id for i in indicators] == [i.id for i in self.indicators])
        if same and self.rows:
            self.grid, self.rows = grid, rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.grid, self.rows, self.indicators = grid, rows, indicators
        self.columns = [Column(n, t) for n, i in enumerate(indicators)
                        for t in ((False, True) if i.rule == "target" else (False,))]
        self.endResetModel()

    # --- reading ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (FIXED + len(self.columns) if self.rows or self.columns else 0)

    def column_of(self, column: int) -> Column | None:
        return self.columns[column - FIXED] if FIXED <= column < FIXED + len(self.columns) else None

    def column_for(self, indicator_name: str, target: bool = False) -> int:
        """The column of an indicator (by name), or of its target; -1 if there is none."""
        for n, c in enumerate(self.columns):
            if self.indicators[c.indicator].name == indicator_name and c.target == target:
                return FIXED + n
        return -1

    def cell(self, row: int, column: int) -> float | None:
        c = self.column_of(column)
        if c is None:
            return None
        r = self.rows[row]
        return (r.targets if c.target else r.values)[c.indicator]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        c = self.column_of(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c is None:
                return row.subject if column == 0 else row.group
            return number_text(self.cell(index.row(), column))
        if role == Qt.ItemDataRole.BackgroundRole and c is not None and not c.target:
            return NOT_REPORTED if row.values[c.indicator] is None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and c is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and c is not None and row.values[c.indicator] is None and not c.target:
            return "未报：输入数值后按 Enter 录入"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        c = self.column_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if c is None:
                return self.grid.detail.row.subject_label if section == 0 and self.grid else ("单位" if section == 0
                                                                                              else "类别")
            return header_text(self.indicators[c.indicator], c.target)
        if role == Qt.ItemDataRole.ToolTipRole and c is not None:
            return header_tip(self.indicators[c.indicator])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.column_of(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # --- recording ----------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        c = self.column_of(index.column()) if index.isValid() else None
        if c is None or role != Qt.ItemDataRole.EditRole or self.grid is None or index.row() >= len(self.rows):
            return False
        text = str(value).strip().replace("，", "").replace(",", "")
        old = self.cell(index.row(), index.column())
        try:
            typed = float(text) if text else None
        except ValueError:
            self.failed.emit(FrontlineError(f"“{text}”不是数字，请输入数值（留空表示未报）"))
            return False
        if typed == old:
            return False
        row, ind = self.rows[index.row()], self.indicators[c.indicator]
        grid = self.grid
        current_value, current_target = row.values[c.indicator], row.targets[c.indicator]
        number, target = (current_value, typed) if c.target else (typed, current_target)
        if number is None and target is not None and not c.target:
            target = None  # a value cleared: its target goes with it
        try:
            values.record(self.ws, grid.detail.row.id, grid.year, grid.quarter, row.subject_id, ind.id, number, target)
        except Exception as exc:  # shown by the tab: a refusal in Chinese, anything else as a bug
            self.failed.emit(exc)
            return False
        return True
