"""季度指标: a quarter's indicator values typed in like a spreadsheet (a number and Enter
records it; Tab and Enter move on), the reporting rate above, the rankings beside with the
bottom three in red and their 说明与整改, the rankings exported and the 成绩单 printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.indicators import SUBJECT_UNIT
from desktop.services.indicators import queries, workbooks
from desktop.services.indicators.rankings import Rankings, RankRow, scoped_note
from desktop.services.operations import Changes
from desktop.services.reports.report_data import Request
from desktop.services.reports.reports import generate
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.busy import busy
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error, tell
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.results.indicator_grid_model import IndicatorGridModel
from desktop.ui.results.ranking_model import RankingModel
from desktop.ui.results.ranking_note_dialog import RankingNoteDialog
from desktop.ui.results.rule_set_dialog import RuleSetDialog
from desktop.ui.results.target_import_dialog import XLSX_FILTER
from desktop.ui.results.value_import_dialog import ValueImportDialog

PDF_FILTER = "PDF 文件 (*.pdf)"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TAB_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


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
        if event.key() in TAB_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.ignore()  # Ctrl+Tab is the section's: the next tab, not the next cell
            return
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
    # A scoped account's ranking is computed among its own subjects (services/indicators/rankings.py).
    return (f"报送率 <b>{rep.rate:.1%}</b>（已报 {rep.reported}/{rep.expected} 项），{late}。{scoped_note(t)}"
            "黄色格子为未报；输入数值按 Enter 录入，Tab 向右，Esc 放弃。")


@dataclass(frozen=True)
class TrendPoint:
    """One quarter of the selected subject's trend."""

    quarter: str
    total: float | None
    rank: int | None
    change: str  # ↑3: three places better than the quarter before


def rank_change(rank: int | None, before: int | None) -> str:
    if rank is None or before is None:
        return ""
    if rank == before:
        return "持平"
    return f"↑{before - rank}" if rank < before else f"↓{rank - before}"


def trend_points(t: Rankings, row: RankRow) -> list[TrendPoint]:
    ranks = row.trend_ranks or (None,) * len(row.trend)
    return [TrendPoint(q, total, rank, rank_change(rank, ranks[n - 1] if n else None))
            for n, (q, total, rank) in enumerate(zip(t.quarters, row.trend, ranks, strict=True))]


class IndicatorsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.table: Rankings | None = None
        self.noted: set[int] = set()  # subjects whose 说明与整改 is recorded
        # The subject selected in the rankings, with its kind (a unit's id is not a leader's).
        self.kept_subject: tuple[str, int] | None = None
        self.shown_kind = ""  # unit or leader: what the rankings list now
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
        self.manage_button = QPushButton("指标体系管理(&M)…")
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
        self.ranking.selectionModel().currentRowChanged.connect(lambda _a, _b: self._enable_note())
        self.ranking.activated.connect(lambda _i: self.note_current())
        self.note_button = QPushButton("说明与整改(&G)…")
        self.note_button.setToolTip("为选中的末位单位记录原因说明和整改措施（季度分析会）")
        self.note_button.clicked.connect(self.note_current)
        self.notice_button = QPushButton("打印晾晒通报(&B)…")
        self.notice_button.setToolTip("选中单位本季度重点任务进展的一页晾晒通报（PDF），供在单位内部张贴")
        self.notice_button.clicked.connect(self.print_notice)
        self.scope = QComboBox()
        self.scope.setToolTip("总排名，或按单位类别（领导干部按职务层次）分组的组内名次")
        self.scope.currentIndexChanged.connect(lambda _i: self.show_ranking())
        self.trend_model = RowsModel([("quarter", "季度"), (lambda r: "" if r.total is None else f"{r.total:.2f}",
                                                            "总分"), ("rank", "名次"), ("change", "名次变化")],
                                     parent=self)
        self.trend = make_table(self.trend_model)
        self.trend.verticalHeader().setDefaultSectionSize(self.grid.verticalHeader().defaultSectionSize())
        for column, width in enumerate((120, 70, 50)):
            self.trend.setColumnWidth(column, width)
        self.trend_title = QLabel("走势(&Q)")
        self.trend_title.setBuddy(self.trend)
        self.ranking.selectionModel().currentRowChanged.connect(lambda _a, _b: self.show_trend())
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("排名(&K)（末位三名标红）")
        title.setBuddy(self.ranking)
        scope_label = QLabel("范围(&W)：")
        scope_label.setBuddy(self.scope)
        heading = QHBoxLayout()
        for w in (title, scope_label, self.scope):
            heading.addWidget(w, 1 if w is title else 0)
        side_layout.addLayout(heading)
        side_split = QSplitter(Qt.Orientation.Vertical)
        side_split.addWidget(self.ranking)
        trend_box = QWidget()
        trend_layout = QVBoxLayout(trend_box)
        trend_layout.setContentsMargins(0, 0, 0, 0)
        trend_layout.addWidget(self.trend_title)
        trend_layout.addWidget(self.trend, 1)
        side_split.addWidget(trend_box)
        side_split.setStretchFactor(0, 3)
        side_split.setStretchFactor(1, 2)
        side_layout.addWidget(side_split, 1)
        side_buttons = QHBoxLayout()
        side_buttons.addWidget(self.note_button)
        side_buttons.addWidget(self.notice_button)
        side_layout.addLayout(side_buttons)
        self.template_button = QPushButton("下载模板(&E)…")
        self.template_button.setToolTip("本季度的指标数值 Excel 模板（已录入的数值已填好）")
        self.template_button.clicked.connect(self.save_template)
        self.import_button = QPushButton("导入数值(&I)…")
        self.import_button.setToolTip("从填好的模板导入本季度的指标数值：先预览，全部无误才写入")
        self.import_button.clicked.connect(self.import_values)
        entry = QWidget()
        entry_layout = QVBoxLayout(entry)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        entry_buttons = QHBoxLayout()
        entry_buttons.addWidget(QLabel("也可用 Excel 填报："))
        entry_buttons.addWidget(self.template_button)
        entry_buttons.addWidget(self.import_button)
        entry_buttons.addStretch(1)
        entry_layout.addLayout(entry_buttons)
        entry_layout.addWidget(self.grid, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(entry)
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
        for b in (self.export_button, self.print_button, self.template_button, self.import_button):
            b.setEnabled(period is not None)
        if period is None:
            self.table = None
            self.grid_model.load(None)
            self._fill_scopes()
            self.show_ranking()
            self.summary.setText(f"{self.year.value()}年没有指标体系。请按 指标体系管理(Alt+R) 新建。")
            return
        try:
            grid = queries.value_grid(self.ws, *period)
            self.table = queries.rankings(self.ws, *period)
            self.noted = {n.subject_id for n in queries.ranking_notes(self.ws, *period)}
        except Exception as exc:
            show_error(self, exc, "季度指标")
            return
        self.grid_model.load(grid)
        if self.grid.columnWidth(0) < 150:
            self.grid.setColumnWidth(0, 150)
        self._fill_scopes()
        self.show_ranking()
        self.summary.setText(reporting_text(self.table))

    def _fill_scopes(self) -> None:
        """总排名, 分组排名 (every group, one after another), then each group alone."""
        keep = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("总排名", None)
        groups = self.table.groups if self.table else ()
        if groups:
            self.scope.addItem("分组排名（全部类别）", "")
            for g in groups:
                self.scope.addItem(f"分组：{g}", g)
        self.scope.setCurrentIndex(max(0, self.scope.findData(keep)))
        self.scope.blockSignals(False)

    def show_ranking(self) -> None:
        """The rankings as the 范围 chooses, the selected subject kept."""
        current = self.current_rank()
        if current is not None:  # kept while a group without it is shown, found again after
            self.kept_subject = (self.shown_kind, current.subject_id)
        group = self.scope.currentData()
        t = self.table
        if t is None:
            rows: tuple[RankRow, ...] = ()
        elif group is None:
            rows = t.rows
        else:
            rows = tuple(r for g in (t.groups if group == "" else (group,)) for r in t.in_group(g))
        self.ranking_model.show(rows, self.noted, t.subject_label if t else "单位", grouped=group is not None)
        widths = (56, 60, 120, 56, 50, 44) if group is not None else (40, 150, 70, 60, 50)
        for column, width in enumerate(widths):  # a reset with other columns: set them again
            self.ranking.setColumnWidth(column, width)
        self.shown_kind = t.subject if t else ""
        kept = self.kept_subject
        at = self.ranking_model.find(kept[1]) if kept is not None and kept[0] == self.shown_kind else -1
        if at >= 0:
            self.ranking.setCurrentIndex(self.ranking_model.index(at, self.ranking_model.subject_column))
        self._enable_note()
        self.show_trend()

    def current_rank(self) -> RankRow | None:
        return self.ranking_model.row_at(self.ranking.currentIndex().row())

    def show_trend(self) -> None:
        row, t = self.current_rank(), self.table
        points = trend_points(t, row) if t is not None and row is not None else []
        self.trend_model.set_rows(points)
        label = t.subject_label if t is not None else "单位"
        self.trend_title.setText(f"{row.subject}近几季度走势(&Q)" if row is not None
                                 else f"走势(&Q)（选中{label}后显示）")
        if points:
            self.trend.scrollToBottom()

    def _enable_note(self) -> None:
        row = self.current_rank()
        self.note_button.setEnabled(row is not None and row.bottom)
        self.notice_button.setEnabled(row is not None and self.table is not None and self.table.subject == SUBJECT_UNIT)

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

    def print_notice(self) -> None:
        """The selected unit's 晾晒通报 (reports/notice.py) as a one-page PDF."""
        row, period = self.current_rank(), self.period()
        if row is None or period is None or not self.notice_button.isEnabled():
            return
        name = f"{row.subject}{self.year.value()}年第{self.quarter.currentData()}季度晾晒通报.pdf"
        path = file_dialogs.save_file(self, "保存晾晒通报", name, PDF_FILTER, purpose="reports")
        if not path:
            return
        set_id, year, quarter = period
        request = Request("notice", set_id=set_id, year=year, quarter=quarter, unit_id=row.subject_id)
        self._write(lambda: generate(self.ws, request, out=Path(path)), f"已保存{row.subject}的晾晒通报 {path}")

    def save_template(self) -> None:
        period = self.period()
        if period is None:
            return
        path = file_dialogs.save_file(self, "保存指标数值导入模板", self._file_name("数值导入模板", "xlsx"),
                                      XLSX_FILTER, purpose="templates")
        if path:
            self._write(lambda: workbooks.write_template(self.ws, *period, path), f"已保存模板 {path}")

    def import_values(self) -> ValueImportDialog | None:
        period = self.period()
        if period is None:
            return None
        path = file_dialogs.open_file(self, "选择填好的指标数值模板", "", XLSX_FILTER, purpose="imports")
        if not path:
            return None
        title = f"{self.table.set_name if self.table else ''}{self.year.value()}年第{self.quarter.currentData()}季度"
        label = self.table.subject_label if self.table else "单位"
        dialog = ValueImportDialog(self.ws, period, title, label, path, self)
        dialog.start_preview()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._tell(f"已从 {Path(path).name} 导入指标数值，{dialog.written} 个数值有变化")
        return dialog

    def _write(self, work: Callable[[], object], done: str) -> None:
        try:
            with busy():
                work()
        except Exception as exc:
            show_error(self, exc, "季度指标")
            return
        self._tell(done)

    def _tell(self, done: str) -> None:
        tell(self, done)

