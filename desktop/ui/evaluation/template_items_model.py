"""The template editor's table: section rows (bold, with their weight subtotal) and their
items (text, weight, scale, fact threshold, overall mark). Text and weight are edited in
place; the rest in the panel beside the table."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services.evaluation.template_text import number_text, scale_summary
from desktop.ui.evaluation.template_form import Row, TemplateForm, parse_weight

Index = QModelIndex | QPersistentModelIndex
SECTION_BRUSH = QBrush(QColor("#eef2f7"))
ERROR_BRUSH = QBrush(QColor("#fde2e2"))
CHINESE_NUMBERS = "一二三四五六七八九十"


class Columns(IntEnum):
    TEXT = 0
    WEIGHT = 1
    SCALE = 2
    FACT = 3
    OVERALL = 4


HEADERS = {Columns.TEXT: "评议项目", Columns.WEIGHT: "权重（分）", Columns.SCALE: "评分方式",
           Columns.FACT: "须写事实", Columns.OVERALL: "总体评价"}


def section_number(n: int) -> str:
    return CHINESE_NUMBERS[n] if n < len(CHINESE_NUMBERS) else str(n + 1)


class TemplateItemsModel(QAbstractTableModel):
    """Mirrors a TemplateForm; edits go to the form, so each one is undoable.

    `last_error` holds why the last edit was refused (a weight that is not a number)."""

    def __init__(self, form: TemplateForm, parent: Any = None) -> None:
        super().__init__(parent)
        self.form = form
        self._rows = form.rows()
        self.last_error = ""
        form.listeners.append(self._form_changed)

    def _form_changed(self, what: str, row: int) -> None:
        if what == "rows":
            self.beginResetModel()
            self._rows = self.form.rows()
            self.endResetModel()
        elif what == "row" and 0 <= row < len(self._rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Columns) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
            # The section's subtotal changes with an item's weight.
            section_row = self._rows.index(Row(self._rows[row].section))
            self.dataChanged.emit(self.index(section_row, Columns.WEIGHT), self.index(section_row, Columns.WEIGHT),
                                  [Qt.ItemDataRole.DisplayRole])

    def row_at(self, flat: int) -> Row | None:
        return self._rows[flat] if 0 <= flat < len(self._rows) else None

    # --- Qt interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = Columns(index.column())
        if row.is_section:
            return self._section_data(row, col, role)
        item = self.form.item(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == Columns.TEXT:
                number = (row.item or 0) + 1
                return item.text if role == Qt.ItemDataRole.EditRole else f"{number}. {item.text}"
            if col == Columns.WEIGHT:
                return "—" if item.scale.get("type") == "flag" and role == Qt.ItemDataRole.DisplayRole \
                    else number_text(item.weight)
            if col == Columns.SCALE:
                return scale_summary(item.scale)
            if col == Columns.FACT:
                return "勾选即须写" if item.scale.get("type") == "flag" else f"低于 {item.fact_below} 分"
            return "✓" if item.is_overall else ""
        if role == Qt.ItemDataRole.BackgroundRole and col == Columns.TEXT and not item.text.strip():
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Columns.TEXT:
                return item.text or "请填写评议项目的内容"
            if col == Columns.SCALE:
                return scale_summary(item.scale)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Columns.WEIGHT, Columns.OVERALL):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _section_data(self, row: Row, col: Columns, role: int) -> Any:
        sec = self.form.section(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Columns.TEXT:
                return f"{section_number(row.section)}、{sec.title}" + \
                    ("（勾选扣分）" if sec.checklist and "清单" not in sec.title else "")
            if col == Columns.WEIGHT and not sec.checklist:
                return f"小计 {number_text(self.form.section_weight(row.section))}"
            return ""
        if role == Qt.ItemDataRole.EditRole:
            return sec.title if col == Columns.TEXT else ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return SECTION_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Columns.WEIGHT:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(Columns):
            return HEADERS[Columns(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self._rows[index.row()]
        col = Columns(index.column())
        if col == Columns.TEXT:
            return base | Qt.ItemFlag.ItemIsEditable
        if col == Columns.WEIGHT and not row.is_section and self.form.item(row).scale.get("type") != "flag":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        col = Columns(index.column())
        text = str(value).strip()
        self.last_error = ""
        if row.is_section:
            if col != Columns.TEXT:
                return False
            self.form.set_section(row.section, "title", text)
        elif col == Columns.TEXT:
            assert row.item is not None
            self.form.set_item(row.section, row.item, "text", text)
        elif col == Columns.WEIGHT:
            assert row.item is not None
            try:
                weight = parse_weight(text)
            except ValueError as exc:
                self.last_error = str(exc)
                return False
            self.form.set_item(row.section, row.item, "weight", weight)
        else:
            return False
        self.form.break_undo_group()  # one cell edit is one undo step
        return True
