"""Tables of one cadre's tally: per rater category (weight, issued, returned, turnout, mean,
overall grades with percentages) and per item (grade counts over every rater)."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.models.scoring import Tally
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.evaluation.queries import GradedItem as TallyItem
from desktop.ui.common.rows_model import number

Index = QModelIndex | QPersistentModelIndex
TOTAL_BRUSH = QBrush(QColor("#eef2f7"))
ABSTAIN = "弃权"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def percent(count: int, of: int) -> Decimal:
    return (Decimal(count) * 100 / of).quantize(Decimal("0.1"), ROUND_HALF_UP) if of else Decimal(0)


def count_text(count: int, of: int) -> str:
    return f"{count}（{number(percent(count, of), 1)}%）" if of else "0"


class _Table(QAbstractTableModel):
    """Rows of display values computed once per load; the last row may be a bold total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.cells: list[list[str]] = []
        self.total_row = False

    def _set(self, headers: list[str], cells: list[list[str]], total_row: bool) -> None:
        self.beginResetModel()
        self.headers, self.cells, self.total_row = headers, cells, total_row
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.cells) or index.column() >= len(self.headers):
            return None
        is_total = self.total_row and index.row() == len(self.cells) - 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and is_total:
            return TOTAL_BRUSH
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CategoryTallyModel(_Table):
    """One row per rater category, then 合计 (its score is the weighted one)."""

    def load(self, tally: Tally | None, items: list[TallyItem], weights: dict[str, int]) -> None:
        if tally is None:
            self._set([], [], False)
            return
        overall = next((i for i in items if i.is_overall), None)
        grades = [*overall.labels, ABSTAIN] if overall is not None else []
        headers = ["测评人类别", "权重", "发出", "收回", "参评率", "平均分", *grades]
        order = [c for c in RATER_CATEGORIES if c in tally.categories]
        order += [c for c in tally.categories if c not in order]
        cells = []
        for name in order:
            cat = tally.categories[name]
            answered = sum(cat.overall.values())
            cells.append([name, f"{weights[name]}%" if name in weights else "—", str(cat.issued), str(cat.responses),
                          f"{number(cat.turnout, 1)}%" if cat.turnout is not None else "—", number(cat.mean),
                          *[count_text(cat.overall.get(g, 0), answered) for g in grades]])
        responses = sum(c.responses for c in tally.categories.values())
        issued = sum(c.issued for c in tally.categories.values())
        total: Counter[str] = tally.overall()
        answered = sum(total.values())
        cells.append(["合计（加权）", "", str(issued), str(responses),
                      f"{number(percent(responses, issued), 1)}%" if issued else "—", number(tally.weighted),
                      *[count_text(total.get(g, 0), answered) for g in grades]])
        self._set(headers, cells, True)


class ItemGradesModel(_Table):
    """One row per rated item: how often each grade was given, over every rater."""

    def load(self, tally: Tally | None, items: list[TallyItem]) -> None:
        if tally is None:
            self._set([], [], False)
            return
        grades: list[str] = []
        for item in items:
            grades += [g for g in item.labels if g not in grades]
        cells = []
        for n, item in enumerate(items, start=1):
            counts = tally.item_grades.get(item.id, Counter())
            answered = sum(counts.values())
            cells.append([f"{n}. {item.text}", str(answered),
                          *[count_text(counts.get(g, 0), answered) if g in item.labels else "" for g in grades]])
        self._set(["测评项目", "评价数", *grades], cells, False)
