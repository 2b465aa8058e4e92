"""季度指标: a quarter's indicator values typed in like a spreadsheet (a number and Enter
records it; Tab and Enter move on), the reporting rate above, the rankings beside with the
bottom three in red and their 说明与整改, the rankings exported and the 成绩单 printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.indicators import queries, workbooks
from desktop.services.indicators.rankings import Rankings, RankRow
from desktop.services.operations import Changes
from desktop.services.reports.report_data import Request
from desktop.services.reports.reports import generate
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.busy import busy
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.results.indicator_grid_model import IndicatorGridModel
from desktop.ui.results.ranking_model import RankingModel
from desktop.ui.results.ranking_note_dialog import RankingNoteDialog
from desktop.ui.results.rule_set_dialog import RuleSetDialog
from desktop.ui.results.target_import_dialog import XLSX_FILTER

PDF_FILTER = "PDF 文件 (*.pdf)"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EntryGrid(QTableView):
    """Typing starts an editor on the cell; Enter records and goes down, Tab goes right,
    Esc leaves the cell as it was."""

    def __init__(self, model: IndicatorGridModel) -> None:
        super().__init__()
        self.setModel(model)
        T = QAbstractItemView.EditTrigger
        self.setEditTriggers(T.AnyKeyPressed | T.EditKeyPressed | T.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: record, then go down
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS and self.state() != QAbstractItemView.State.EditingState:
            self.move_down()
            return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        index = self.currentIndex()
        if index.isValid() and index.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(self.model().index(index.row() + 1, index.column()))


def reporting_text(t: Rankings) -> str:
    rep = t.reporting
    if not rep.expected:
        return f"这一季度还没有需要报送的{t.subject_label}。"
    missing = len(rep.not_reported)
    names = "、".join(m.name for m in rep.not_reported[:5]) + ("等" if missing > 5 else "")
    late = (f"<span style='color:#b00020'>{missing} 个{t.subject_label}未报齐（{names}）</span>"
            if missing else f"全部{t.subject_label}已报齐")
    return (f"报送率 <b>{rep.rate:.1%}</b>（已报 {rep.reported}/{rep.expected} 项），{late}。"
            "黄色格子为未报；输入数值按 Enter 录入，Tab 向右，Esc 放弃。")


class IndicatorsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.table: Rankings | None = None
        today = dt.date.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.rule_set = QComboBox()
        self.rule_set.setMinimumWidth(280)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(f"第{q}季度", q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.export_button = QPushButton("导出排名(&X)…")
        self.export_button.clicked.connect(self.export_rankings)
        self.print_button = QPushButton("打印成绩单(&P)…")
        self.print_button.clicked.connect(self.print_scorecard)
        self.manage_button = QPushButton("指标体系管理(&R)…")
        self.manage_button.setToolTip("新建、修改、启用和停用指标体系及其版本")
        self.manage_button.clicked.connect(self.manage_sets)
        top = QHBoxLayout()
        for caption, field in (("年度(&N)：", self.year), ("指标体系(&Z)：", self.rule_set),
                               ("季度(&J)：", self.quarter)):
            label = QLabel(caption)
            label.setBuddy(field)
            top.addWidget(label)
            top.addWidget(field)
        top.addWidget(self.manage_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid_model = IndicatorGridModel(ws, self)
        self.grid_model.failed.connect(lambda exc: show_error(self, exc, "录入指标数值"))
        self.grid = EntryGrid(self.grid_model)
        self.grid.horizontalHeader().setDefaultSectionSize(96)
        self.ranking_model = RankingModel(self)
        self.ranking = make_table(self.ranking_model)
        self.ranking.verticalHeader().setDefaultSectionSize(self.grid.verticalHeader().defaultSectionSize())
        for column, width in enumerate((40, 150, 70, 60, 50)):
            self.ranking.setColumnWidth(column, width)
        self.ranking.selectionModel().currentRowChanged.connect(lambda _a, _b: self._enable_note())
        self.ranking.activated.connect(lambda _i: self.note_current())
        self.note_button = QPushButton("说明与整改(&G)…")
        self.note_button.setToolTip("为选中的末位单位记录原因说明和整改措施（季度分析会）")
        self.note_button.clicked.connect(self.note_current)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("排名(&K)（末位三名标红）")
        title.setBuddy(self.ranking)
        side_layout.addWidget(title)
        side_layout.addWidget(self.ranking, 1)
        side_layout.addWidget(self.note_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.grid)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.reload_sets()
        self.year.valueChanged.connect(lambda _v: self.reload_sets())
        self.rule_set.currentIndexChanged.connect(lambda _i: self.reload())
        self.quarter.currentIndexChanged.connect(lambda _i: self.reload())
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    # --- choosing -----------------------------------------------------------------------

    def reload_sets(self) -> None:
        keep = self.rule_set.currentData()
        self.rule_set.blockSignals(True)
        self.rule_set.clear()
        rows = queries.set_rows(self.ws, self.year.value())
        for row in rows:
            self.rule_set.addItem(f"{row.name}（第{row.version}版，{row.subject_label}，{row.status_label}）", row.id)
        found = self.rule_set.findData(keep)
        if found < 0:  # the active version first
            found = next((n for n, r in enumerate(rows) if r.status == "active"), 0)
        self.rule_set.setCurrentIndex(found if rows else -1)
        self.rule_set.blockSignals(False)
        self.reload()

    def period(self) -> tuple[int, int, int] | None:
        set_id = self.rule_set.currentData()
        if set_id is None:
            return None
        return int(set_id), self.year.value(), int(self.quarter.currentData())

    def choose(self, year: int, quarter: int, set_id: int | None = None) -> None:
        self.year.setValue(year)
        if set_id is not None:
            self.rule_set.setCurrentIndex(max(0, self.rule_set.findData(set_id)))
        self.quarter.setCurrentIndex(quarter - 1)

    # --- showing ------------------------------------------------------------------------

    def reload(self) -> None:
        period = self.period()
        for b in (self.export_button, self.print_button):
            b.setEnabled(period is not None)
        if period is None:
            self.table = None
            self.grid_model.load(None)
            self.ranking_model.show((), set(), "单位")
            self.summary.setText(f"{self.year.value()}年没有指标体系。可用命令 frontline indicators add-set 新建。")
            self._enable_note()
            return
        try:
            grid = queries.value_grid(self.ws, *period)
            self.table = queries.rankings(self.ws, *period)
            noted = {n.subject_id for n in queries.ranking_notes(self.ws, *period)}
        except Exception as exc:
            show_error(self, exc, "季度指标")
            return
        self.grid_model.load(grid)
        if self.grid.columnWidth(0) < 150:
            self.grid.setColumnWidth(0, 150)
        keep = self.ranking.currentIndex().row()
        self.ranking_model.show(self.table.rows, noted, self.table.subject_label)
        if 0 <= keep < self.ranking_model.rowCount():
            self.ranking.setCurrentIndex(self.ranking_model.index(keep, 1))
        self.summary.setText(reporting_text(self.table))
        self._enable_note()

    def current_rank(self) -> RankRow | None:
        return self.ranking_model.row_at(self.ranking.currentIndex().row())

    def _enable_note(self) -> None:
        row = self.current_rank()
        self.note_button.setEnabled(row is not None and row.bottom)

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("indicator_set", "indicator"):
            self.reload_sets()
        elif changes.touches("indicator_value", "ranking_note", "unit", "cadre"):
            self.reload()

    # --- actions ------------------------------------------------------------------------

    def manage_sets(self) -> None:
        # The dialog's changes reach this tab through workspace_did_change (apply_changes);
        # a version the clerk left active there is the one shown here.
        dialog = RuleSetDialog(self.ws, self.year.value(), self)
        dialog.exec()
        if dialog.detail is not None and dialog.detail.row.status == "active":
            self.choose(dialog.detail.row.year, int(self.quarter.currentData()), dialog.detail.row.id)

    def note_current(self) -> RankingNoteDialog | None:
        row, period = self.current_rank(), self.period()
        if row is None or period is None or not row.bottom:
            return None
        notes = {n.subject_id: n for n in queries.ranking_notes(self.ws, *period)}
        dialog = RankingNoteDialog(self.ws, period, row, notes.get(row.subject_id), self)
        dialog.exec()
        return dialog

    def _file_name(self, what: str, suffix: str) -> str:
        set_name = self.table.set_name if self.table else "季度指标"
        return f"{set_name}{self.year.value()}年第{self.quarter.currentData()}季度{what}.{suffix}"

    def export_rankings(self) -> None:
        period = self.period()
        if period is None:
            return
        path = file_dialogs.save_file(self, "导出排名", self._file_name("排名", "xlsx"), XLSX_FILTER,
                                      purpose="exports")
        if path:
            self._write(lambda: workbooks.export_rankings(self.ws, *period, path), f"已导出排名到 {path}")

    def print_scorecard(self) -> None:
        period = self.period()
        if period is None:
            return
        path = file_dialogs.save_file(self, "保存成绩单", self._file_name("成绩单", "pdf"), PDF_FILTER,
                                      purpose="reports")
        if not path:
            return
        set_id, year, quarter = period
        request = Request("scorecard", set_id=set_id, year=year, quarter=quarter)
        self._write(lambda: generate(self.ws, request, out=Path(path)), f"已保存成绩单 {path}")

    def _write(self, work: Callable[[], object], done: str) -> None:
        try:
            with busy():
                work()
        except Exception as exc:
            show_error(self, exc, "季度指标")
            return
        top = self.window()
        if isinstance(top, QMainWindow):
            top.statusBar().showMessage(done, 8000)

