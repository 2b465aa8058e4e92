"""指标体系管理's indicator table: one row per indicator, edited in place like a spreadsheet
(name, weight, scoring rule from a combo, cap, min/max, lower-is-better, unit, source
department). Cells that do not apply to a row's rule show “—” and cannot be edited; a cell
the service would refuse is tinted and says why (rule_sets.indicator_problems)."""

from __future__ import annotations

from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.models.indicators import MANUAL, RANKING, RULE_LABELS, TARGET
from desktop.services.indicators.queries import IndicatorRow
from desktop.services.indicators.rule_sets import IndicatorSpec

Index = QModelIndex | QPersistentModelIndex
ERROR_BRUSH = QBrush(QColor("#fde2e2"))
NOT_APPLICABLE = "—"
RULES = list(RULE_LABELS)  # the combo's order: 按目标, 按排名, 人工评分


class Col(IntEnum):
    NAME = 0
    WEIGHT = 1
    RULE = 2
    CAP = 3
    MIN = 4
    MAX = 5
    LOWER = 6
    MEASURE = 7
    SOURCE = 8


HEADERS = {Col.NAME: "指标名称", Col.WEIGHT: "权重", Col.RULE: "评分方式", Col.CAP: "封顶系数",
           Col.MIN: "最低分", Col.MAX: "最高分", Col.LOWER: "越低越好", Col.MEASURE: "计量单位",
           Col.SOURCE: "来源部门"}
TIPS = {Col.CAP: "按目标计分：完成值占目标的比例最多按此倍数计分（1 表示超额不加分，1.2 表示最多多得 20%）",
        Col.MIN: "人工评分：可录入的最低分", Col.MAX: "人工评分：可录入的最高分",
        Col.LOWER: "数值越低越好（如安全事故起数）：空格键勾选",
        Col.RULE: "F2 或空格打开选择，↑↓ 选择，Enter 确定"}
NUMBERS = {Col.WEIGHT: "weight", Col.CAP: "cap", Col.MIN: "min_value", Col.MAX: "max_value"}
TEXTS = {Col.NAME: "name", Col.MEASURE: "measure", Col.SOURCE: "source_department"}


def number_text(value: float) -> str:
    return f"{value:g}"


def parse_number(text: str) -> float:
    """A number as a clerk types it (full-width digits and thousands separators allowed);
    ValueError with a Chinese message otherwise."""
    cleaned = text.strip().translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-")).replace(",", "")
    cleaned = cleaned.replace("，", "")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"“{text.strip()}”不是数字，请输入数值") from None


def applies(spec: IndicatorSpec, col: Col) -> bool:
    if col == Col.CAP:
        return spec.rule == TARGET
    if col in (Col.MIN, Col.MAX):
        return spec.rule == MANUAL
    if col == Col.LOWER:
        return spec.rule in (TARGET, RANKING)
    return True


def spec_of_row(row: IndicatorRow) -> IndicatorSpec:
    return IndicatorSpec(row.name, row.weight, row.rule, row.cap, row.min_value, row.max_value,
                         row.lower_is_better, row.measure, row.source_department)


def cell_problem(spec: IndicatorSpec, col: Col) -> str:
    """What the service would say about this cell, or ""."""
    if col == Col.NAME and not spec.name.strip():
        return "名称必填"
    if col == Col.WEIGHT and not spec.weight > 0:
        return f"权重应大于 0（现为 {spec.weight:g}）"
    if col == Col.CAP and spec.rule == TARGET and not spec.cap >= 1:
        return f"封顶系数应不小于 1（现为 {spec.cap:g}）"
    if col in (Col.MIN, Col.MAX) and spec.rule == MANUAL and not spec.min_value < spec.max_value:
        return f"人工评分的最低分应小于最高分（现为 {spec.min_value:g} 至 {spec.max_value:g}）"
    return ""


class IndicatorRulesModel(QAbstractTableModel):
    """The indicators being edited, as IndicatorSpecs. `changed` follows every edit (the
    dialog recounts the weights); `refused` carries why a typed value was not taken."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.specs: list[IndicatorSpec] = []
        self.read_only = False

    def load(self, specs: list[IndicatorSpec], read_only: bool) -> None:
        self.beginResetModel()
        self.specs, self.read_only = list(specs), read_only
        self.endResetModel()

    # --- rows ---------------------------------------------------------------------------

    def insert(self, row: int) -> int:
        """A blank target-rule indicator at `row` (clamped); returns where it went."""
        row = min(max(row, 0), len(self.specs))
        self.beginInsertRows(QModelIndex(), row, row)
        self.specs.insert(row, IndicatorSpec(name="", weight=0.0))
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.specs[row]
        self.endRemoveRows()
        self.changed.emit()

    def move(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (1); returns where it is now."""
        to = row + delta
        if not (0 <= row < len(self.specs) and 0 <= to < len(self.specs)):
            return row
        # beginMoveRows counts the destination before the move: one further when going down.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if delta > 0 else to)
        self.specs.insert(to, self.specs.pop(row))
        self.endMoveRows()
        self.changed.emit()
        return to

    def total_weight(self) -> float:
        return sum(s.weight for s in self.specs)

    # --- Qt interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.specs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.specs):
            return None
        spec, col = self.specs[index.row()], Col(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(spec, col, role)
        if role == Qt.ItemDataRole.CheckStateRole and col == Col.LOWER and applies(spec, col):
            return Qt.CheckState.Checked if spec.lower_is_better else Qt.CheckState.Unchecked
        problem = cell_problem(spec, col)
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or (TIPS.get(col) if applies(spec, col) else "该评分方式不用此项")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, spec: IndicatorSpec, col: Col, role: int) -> Any:
        if col == Col.LOWER:
            return None if applies(spec, col) else NOT_APPLICABLE
        if not applies(spec, col):
            return NOT_APPLICABLE if role == Qt.ItemDataRole.DisplayRole else ""
        if col == Col.RULE:
            return spec.rule if role == Qt.ItemDataRole.EditRole else RULE_LABELS.get(spec.rule, spec.rule)
        if col in NUMBERS:
            return number_text(float(getattr(spec, NUMBERS[col])))
        return str(getattr(spec, TEXTS[col]))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Col):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Col(section)]
            if role == Qt.ItemDataRole.ToolTipRole:
                return TIPS.get(Col(section))
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.specs):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = Col(index.column())
        if self.read_only or index.row() >= len(self.specs) or not applies(self.specs[index.row()], col):
            return base
        if col == Col.LOWER:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self.specs) or not self.flags(index) & (
                Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable):
            return False
        spec, col = self.specs[index.row()], Col(index.column())
        if col == Col.LOWER and role == Qt.ItemDataRole.CheckStateRole:
            changed = replace(spec, lower_is_better=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif col == Col.RULE:
            if value not in RULE_LABELS:
                return False
            changed = replace(spec, rule=str(value))
        elif col in NUMBERS:
            try:
                fields: dict[str, Any] = {NUMBERS[col]: parse_number(str(value))}
            except ValueError as exc:
                self.refused.emit(f"{HEADERS[col]}：{exc}")
                return False
            changed = replace(spec, **fields)
        else:
            texts: dict[str, Any] = {TEXTS[col]: str(value).strip()}
            changed = replace(spec, **texts)
        if changed == spec:
            return False
        self.specs[index.row()] = changed
        # A new rule changes which cells apply: the whole row is redrawn.
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(Col) - 1))
        self.changed.emit()
        return True


class RuleDelegate(QStyledItemDelegate):
    """The 评分方式 column is chosen from a combo; the other columns edit as text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() != Col.RULE:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for key in RULES:
            combo.addItem(RULE_LABELS[key], key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
