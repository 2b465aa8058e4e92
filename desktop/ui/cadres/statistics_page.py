"""干部统计: counts and percentages by dimension, as a table and a bar chart.

The scope is the whole database, one unit (with its sub-units) or the roster's current
filter. Counting 100,000 cadres takes a moment, so it runs in a worker.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import traces
from desktop.services.cadres import queries, statistics
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.operations import Changes
from desktop.services.units import queries as unit_queries
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import show_error

Index = QModelIndex | QPersistentModelIndex
ALL, UNIT, ROSTER = "全部干部", "按单位", "花名册当前筛选"
HEADROOM = 1.12  # room past the longest bar for its count


def count_scale(top: int, ticks: int = 5) -> tuple[int, int]:
    """(end, step) of an axis of head counts: the step is 1, 2 or 5 times a power of ten and
    the end a whole number of steps past the largest count, so ticks read 0, 100, 200 …"""
    raw = max(top, 1) / ticks
    if raw <= 1:
        step = 1
    else:
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return max(step, math.ceil(max(top, 1) * HEADROOM / step) * step), step


class DistributionModel(QAbstractTableModel):
    HEADERS = ("项目", "人数", "占比")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.dist: statistics.Distribution | None = None

    def set_distribution(self, dist: statistics.Distribution | None) -> None:
        self.beginResetModel()
        self.dist = dist
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.dist is None else len(self.dist.counts) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.dist is None:
            return None
        total_row = index.row() == len(self.dist.counts)
        label, count = ("合计", self.dist.total) if total_row else self.dist.counts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (label, str(count), f"{self.dist.percent(count):.1f}%")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return self.HEADERS[section]
        return None


class StatisticsPage(QWidget):
    def __init__(self, ws: Workspace, roster_filter: Callable[[], RosterFilter], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.roster_filter = roster_filter
        self.result: statistics.Statistics | None = None
        self._stale = False  # files changed since the figures were counted
        self._task: workers.Task | None = None
        self.scope = QComboBox()
        self.scope.addItems([ALL, UNIT, ROSTER])
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setMinimumWidth(360)
        self.refresh_button = QPushButton("统计(&G)")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("导出 Excel(&X)…")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        self.scope.currentTextChanged.connect(lambda t: self.unit.setEnabled(t == UNIT))
        self.unit.setEnabled(False)
        self.summary = QLabel("选择范围后点“统计”。")
        top = QHBoxLayout()
        top.addWidget(QLabel("范围："))
        top.addWidget(self.scope)
        top.addWidget(self.unit)
        top.addWidget(self.refresh_button)
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)

        self.dimensions = QListWidget()
        self.dimensions.setMaximumWidth(160)
        self.dimensions.currentRowChanged.connect(self._show_dimension)
        self.model = DistributionModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.chart = QChart()
        self.chart.legend().setVisible(False)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(420)
        splitter = QSplitter()
        splitter.addWidget(self.dimensions)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart_view)
        splitter.setSizes([150, 380, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._load_units()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The first look at the page shows the figures rather than an empty chart; 统计 is
        # there to count again after a change of scope or data.
        if (self.result is None or self._stale) and not self._counting():
            self.refresh()

    def _counting(self) -> bool:
        return self._task is not None and not self._task.done.is_set()

    def stop(self) -> None:
        """Let a count under way finish before the database closes (it cannot be cut short)."""
        if self._task is not None:
            self._task.done.wait(10)

    def _load_units(self) -> None:
        self.unit_choices = {label: uid for label, (uid, _p) in unit_queries.unit_choices(self.ws).items()}
        self.unit.clear()
        self.unit.addItems(list(self.unit_choices))

    def current_filter(self) -> RosterFilter:
        scope = self.scope.currentText()
        if scope == ROSTER:
            return self.roster_filter()
        if scope == UNIT and self.unit.currentText() in self.unit_choices:
            return RosterFilter(unit_ids=(self.unit_choices[self.unit.currentText()],))
        return RosterFilter()

    def refresh(self) -> None:
        self._stale = False
        flt = self.current_filter()
        self.refresh_button.setEnabled(False)
        self.summary.setText("正在统计……")

        def work(_task: workers.Task) -> statistics.Statistics:
            return queries.statistics_of(self.ws, flt)

        self._task = workers.start(work, on_success=self._show, on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText("")
        show_error(self, exc)

    def export(self) -> None:
        """What the page shows, as a spreadsheet (every dimension, counts and percentages)."""
        if self.result is None:
            return
        path = file_dialogs.save_file(self, "导出干部统计", "干部统计.xlsx", "Excel 工作簿 (*.xlsx)", purpose="exports")
        if not path:
            return
        out = path if path.endswith(".xlsx") else f"{path}.xlsx"
        try:
            from desktop.services.exchange import statistics_export  # openpyxl: loaded when exporting

            statistics_export.write_stats(self.result, self.current_filter().describe(), out)
            # Written from the figures on screen, yet an export like `frontline export
            # statistics`: it leaves the same audit entry (or the file is removed again).
            traces.record(self.ws, "statistics", [out], records=self.result.total)
        except Exception as exc:
            show_error(self, exc)

    def _show(self, result: statistics.Statistics) -> None:
        self.refresh_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.result = result
        average = f"，平均年龄 {result.average_age:.1f} 岁" if result.average_age is not None else ""
        self.summary.setText(f"共 {result.total} 人{average}（{self.current_filter().describe()}）")
        row = max(0, self.dimensions.currentRow())
        self.dimensions.blockSignals(True)
        self.dimensions.clear()
        self.dimensions.addItems([d.title for d in result.dimensions])
        self.dimensions.blockSignals(False)
        self.dimensions.setCurrentRow(row)
        self._show_dimension(row)

    def _show_dimension(self, row: int) -> None:
        if self.result is None or not 0 <= row < len(self.result.dimensions):
            return
        dist = self.result.dimensions[row]
        self.model.set_distribution(dist)
        self._set_chart(_bar_chart(dist))

    def _set_chart(self, chart: QChart) -> None:
        # A fresh chart each time: axes taken off a chart leave their labels drawn behind
        # the new ones.
        old = self.chart
        self.chart = chart
        self.chart_view.setChart(chart)
        old.deleteLater()

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("unit"):
            self._load_units()
        if self.result is not None and changes.touches("cadre", "post", "study", "cadre_tag", "unit"):
            # A file edited elsewhere: count again when the page is next looked at (or now,
            # if it is on screen), so the figures never lag behind the roster.
            self._stale = True
            if self.isVisible() and not self._counting():
                self.refresh()


def _bar_chart(dist: statistics.Distribution) -> QChart:
    """Bars running across, one row per value: labels such as 30岁及以下 or 二级主任科员 sit
    whole beside their bar, where under an upright bar they were cut to 30岁及… ."""
    chart = QChart()
    chart.legend().setVisible(False)
    chart.setTitle(f"{dist.title}分布")
    rows = list(reversed(dist.counts))  # Qt stacks categories upward; read top-down like the table
    bars = QBarSet("人数")
    bars.append([count for _label, count in rows])
    bars.setLabelColor(QColor("#333333"))  # the default white is meant for labels inside bars
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    # Bars about as thick as a line of the table: two values (性别) would otherwise fill the chart.
    series.setBarWidth(min(0.7, 0.1 * len(rows)))
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([label for label, _count in rows])
    categories.setGridLineVisible(False)
    end, step = count_scale(max([count for _label, count in rows] or [0]))
    values = QValueAxis()
    values.setRange(0, end)
    values.setTickType(QValueAxis.TickType.TicksDynamic)
    values.setTickAnchor(0)
    values.setTickInterval(step)
    values.setLabelFormat("%d")
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values)
    return chart
