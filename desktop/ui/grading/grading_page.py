"""年度考核定等: choose or create a round, propose grades from the appraisals, set a grade by hand
(Enter or F2 on a line), see the 优秀 against the quota, record a leader's approval of an excess,
run the public notice with its objections, finalise (a leader), write the filing bundle, and
print its part on paper (the filing report and the register sheets, one numbered report shown in
the report preview, which prints it).

The notice and finalise buttons stay where they are; while the round may not take that step the
button's tooltip says why, and pressing it says so instead of doing it (the services refuse too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.models.grading import UNDETERMINED
from desktop.services.grading import queries, rounds
from desktop.services.grading.queries import ObjectionRow, ProposalRow, RoundView
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import keeping_current, make_table
from desktop.ui.common.messages import show_error, tell
from desktop.ui.common.rows_model import Index, RowsModel
from desktop.ui.grading.grading_dialogs import (
    AppraisalDialog,
    ApproveDialog,
    GradeDialog,
    NoticeDialog,
    ObjectionDialog,
    RoundDialog,
)
from desktop.ui.reports.report_preview import ReportPreview
from desktop.ui.widgets.panes import list_below

if TYPE_CHECKING:
    from desktop.services.grading.filing import FilingResult
    from desktop.services.reports.reports import Generated

# The filing service (services/grading/filing.py) is imported where it is used: it brings the
# PDF, Word and spreadsheet writers (pypdf, python-docx, openpyxl: ~0.3 s, ~20 MiB) that the
# window, which builds this page when it opens, does not need until a filing is written.

EXCELLENT_BRUSH = QBrush(QColor("#e6f4ea"))
UNDETERMINED_BRUSH = QBrush(QColor("#eeeeee"))
CHANGED_BRUSH = QBrush(QColor("#fff4e0"))
OVER_STYLE = "color: #b00020; font-weight: bold;"
ZIP_FILTER = "zip 压缩文件 (*.zip)"


class ProposalsModel(RowsModel):
    """The round's cadres: score, proposed and decided grade, front-line mark, why 不定等次 or why
    changed; 优秀 tinted green, 不定等次 grey, a grade changed by hand amber (its note as tooltip)."""

    # Scores with two decimals throughout (87.50 beside 98.82, not 87.5), as the analysis prints them.
    COLUMNS = (("name", "姓名"), ("post", "单位及职务"),
               (lambda r: "" if r.score is None else f"{r.score:.2f}", "鉴定得分"), ("proposed", "拟定等次"),
               ("grade", "等次"), (lambda r: "是" if r.frontline else "", "一线"),
               (lambda r: r.undetermined_reason or r.note, "说明"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.COLUMNS, brush=self._brush, parent=parent)

    @staticmethod
    def _brush(row: ProposalRow) -> QBrush | None:
        if row.grade == UNDETERMINED:
            return UNDETERMINED_BRUSH
        if row.changed:
            return CHANGED_BRUSH
        return EXCELLENT_BRUSH if row.grade == "优秀" else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < len(self.rows):
            row: ProposalRow = self.rows[index.row()]
            if row.changed and row.note:
                return f"由拟定的“{row.proposed or '无'}”改为“{row.grade}”：{row.note}"
        return super().data(index, role)


class GradingPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.view_data: RoundView | None = None
        self.task: workers.Task | None = None
        self.previews: list[ReportPreview] = []  # kept while open (a preview is not modal)
        self.rounds = QComboBox()
        self.rounds.currentIndexChanged.connect(lambda _i: self.show_round())
        label = QLabel("定等(&W)：")
        label.setBuddy(self.rounds)
        self.new_button = self._button("新建(&N)…", self.new_round, "为一个单位的一类人员建立一年的定等")
        self.propose_button = self._button("拟定等次(&P)", self.propose,
                                           "按政治素质鉴定得分和分数段拟定等次（手工调整过的保留）")
        self.appraisal_button = self._button("政治素质鉴定(&A)…", self.edit_appraisal,
                                             "录入选中干部本年度的政治素质鉴定")
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.rounds, 1)
        for b in (self.new_button, self.propose_button, self.appraisal_button):
            top.addWidget(b)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.model = ProposalsModel(self)
        self.table = make_table(self.model)
        self.table.setTabKeyNavigation(False)
        for column, width in enumerate((80, 220, 70, 80, 80, 40)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda _i: self.edit_grade())
        edit = QAction(self.table)
        edit.setShortcut(QKeySequence(Qt.Key.Key_F2))
        edit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit.triggered.connect(self.edit_grade)
        self.table.addAction(edit)
        self.approve_button = self._button("批准超额(&B)…", self.approve, "领导记录超出名额的批准（写明依据）")
        self.notice_button = self._button("开始公示(&G)…", self.start_notice, "")
        self.withdraw_button = self._button("撤回公示(&Q)", self.withdraw,
                                            "撤回公示，回到拟定中，以便修改等次；之后须重新公示")
        self.finalise_button = self._button("签批定等(&S)", self.finalise, "")
        self.filing_button = self._button("备案材料(&E)…", self.write_filing,
                                          "生成优秀等次备案材料：备案报告、年度考核登记表、名册（一个 zip 文件）")
        self.print_button = self._button("打印备案材料(&I)…", self.print_filing,
                                         "备案报告和每名优秀人员的年度考核登记表，作为一份编号报表预览和打印")
        self.cancel_button = self._button("取消(&C)", self.cancel_filing, "停止生成备案材料，不写入任何文件")
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        self.notice = QLabel()
        steps = QHBoxLayout()
        for b in (self.approve_button, self.notice_button, self.withdraw_button, self.finalise_button,
                  self.filing_button, self.print_button):
            steps.addWidget(b)
        steps.addWidget(self.notice, 1)
        steps.addWidget(self.progress)
        steps.addWidget(self.cancel_button)
        self.objections = RowsModel([(lambda o: o.received_on.isoformat(), "收到日期"), ("cadre", "涉及干部"),
                                     ("content", "异议内容"), (lambda o: o.handling or "未处理", "处理情况"),
                                     ("recorded_by", "记录人")], parent=self)
        self.objection_table = make_table(self.objections)
        self.objection_table.setTabKeyNavigation(False)
        for column, width in enumerate((85, 80, 420, 380)):
            self.objection_table.setColumnWidth(column, width)
        self.objection_table.activated.connect(lambda _i: self.handle_objection())
        objection_label = QLabel("公示异议(&O)：")
        objection_label.setBuddy(self.objection_table)
        self.objection_button = self._button("记录异议(&Y)…", self.add_objection, "记录公示期间收到的异议")
        self.handle_button = self._button("处理(&L)…", self.handle_objection, "写明选中异议的处理情况（Enter）")
        split = list_below(self.table, objection_label, self.objection_table,
                           [self.objection_button, self.handle_button])
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        layout.addLayout(steps)
        layout.addWidget(self.status)
        self._stale = False
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def _button(self, text: str, slot: Any, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _c=False: slot())
        return button

    # --- reading -----------------------------------------------------------------------------------

    def current_round(self) -> int | None:
        value = self.rounds.currentData()
        return None if value is None else int(value)

    def reload(self, select: int | None = None) -> None:
        self._stale = False
        chosen = select if select is not None else self.current_round()
        self.rounds.blockSignals(True)
        self.rounds.clear()
        for row in queries.round_rows(self.ws):
            self.rounds.addItem(row.label, row.id)
        index = self.rounds.findData(chosen) if chosen is not None else -1
        self.rounds.setCurrentIndex(max(0, index) if self.rounds.count() else -1)
        self.rounds.blockSignals(False)
        self.show_round()

    def show_round(self) -> None:
        rid = self.current_round()
        self.view_data = view = queries.round_view(self.ws, rid) if rid is not None else None
        with keeping_current(self.table):
            self.model.set_rows(view.proposals if view else [])
        self.objections.set_rows(view.objections if view else [])
        if view is None:
            self.rule.setText("还没有定等。按“新建…”为一个单位建立一年的定等。")
            self.count.setText("")
            self.notice.setText("")
            return
        self.rule.setText(view.rule_text())
        self.count.setText(view.count.line() + (f"；已批准：{view.approval}（{view.approved_by}，"
                                                f"优秀 {view.approved_excellent} 名）" if view.approval else ""))
        # Red while the quota stops the next step (not once an approval covers it).
        self.count.setStyleSheet(OVER_STYLE if "超出名额" in (view.notice_refusal or view.finalise_refusal) else "")
        self.notice_button.setToolTip(view.notice_refusal or "开始公示（至少 5 个工作日）")
        self.finalise_button.setToolTip(view.finalise_refusal or "领导签批：锁定等次并写入干部档案的年度考核结果")
        if view.notice_start and view.notice_end:
            self.notice.setText(f"公示：{view.notice_start.isoformat()} 至 {view.notice_end.isoformat()}"
                                f"（{view.notice_days} 个工作日）" + (f"；已由 {view.signed_by} 签批定等"
                                                                      if view.signed_by else ""))
        else:
            self.notice.setText(view.row.state_label)

    def current_proposal(self) -> ProposalRow | None:
        index = self.table.currentIndex()
        row: ProposalRow | None = self.model.row_object(index.row()) if index.isValid() else None
        return row

    def current_objection(self) -> ObjectionRow | None:
        index = self.objection_table.currentIndex()
        row: ObjectionRow | None = self.objections.row_object(index.row()) if index.isValid() else None
        return row

    def _refuse(self, title: str, reason: str) -> bool:
        """Say why a step cannot be taken now; True when it was refused."""
        if reason:
            show_error(self, FrontlineError(reason), title)
        return bool(reason)

    # --- actions -----------------------------------------------------------------------------------

    def new_round(self) -> RoundDialog:
        dialog = RoundDialog(self.ws, dt.date.today().year, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.reload(dialog.saved_id)
        return dialog

    def propose(self) -> None:
        rid = self.current_round()
        if rid is None:
            return
        try:
            count = rounds.propose(self.ws, rid)
        except Exception as exc:
            show_error(self, exc, "拟定等次")
            return
        self.show_round()
        self._say(f"已为 {count} 名干部拟定等次。{self.view_data.count.line() if self.view_data else ''}")

    def edit_appraisal(self) -> AppraisalDialog | None:
        row, view = self.current_proposal(), self.view_data
        if row is None or view is None:
            return None
        dialog = AppraisalDialog(self.ws, row.cadre_id, row.name, view.row.year, self)
        dialog.exec()
        return dialog

    def edit_grade(self) -> GradeDialog | None:
        row, view = self.current_proposal(), self.view_data
        if row is None or view is None:
            return None
        if not view.editable:
            self._refuse("确定等次", "公示期间和定等之后不能修改等次" if view.row.state != "final"
                         else f"已由 {view.signed_by} 签批定等，已锁定，不能再修改")
            return None
        dialog = GradeDialog(self.ws, row, view.words, self)
        dialog.exec()
        return dialog

    def approve(self) -> ApproveDialog | None:
        view = self.view_data
        if view is None:
            return None
        dialog = ApproveDialog(self.ws, view, self)
        dialog.exec()
        return dialog

    def start_notice(self) -> NoticeDialog | None:
        view = self.view_data
        if view is None or self._refuse("开始公示", view.notice_refusal):
            return None
        dialog = NoticeDialog(self.ws, view.row.id, self)
        dialog.exec()
        return dialog

    def withdraw(self) -> None:
        view = self.view_data
        if view is None:
            return
        if QMessageBox.question(self, "撤回公示", "撤回后回到拟定中，修改等次后须重新公示。确定撤回吗？") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            rounds.withdraw_notice(self.ws, view.row.id)
        except Exception as exc:
            show_error(self, exc, "撤回公示")
            return
        self._say("已撤回公示，回到拟定中")

    def add_objection(self) -> ObjectionDialog | None:
        view = self.view_data
        if view is None:
            return None
        dialog = ObjectionDialog(self.ws, view, parent=self)
        dialog.exec()
        return dialog

    def handle_objection(self) -> ObjectionDialog | None:
        view, row = self.view_data, self.current_objection()
        if view is None or row is None:
            return None
        dialog = ObjectionDialog(self.ws, view, row.id, parent=self)
        dialog.exec()
        return dialog

    def finalise(self) -> None:
        view = self.view_data
        if view is None or self._refuse("签批定等", view.finalise_refusal):
            return
        question = (f"签批后 {view.row.unit}{view.row.year}年度的等次锁定，并写入 {view.row.people} 名干部档案的"
                    "年度考核结果。确定签批吗？")
        if QMessageBox.question(self, "签批定等", question) != QMessageBox.StandardButton.Yes:
            return
        try:
            count = rounds.finalise(self.ws, view.row.id)
        except Exception as exc:
            show_error(self, exc, "签批定等")
            return
        self._say(f"已签批定等：{count} 名干部的年度考核结果已写入干部档案")

    def write_filing(self) -> None:
        view = self.view_data
        if view is None or self.task is not None:
            return
        from desktop.services.grading import filing

        target = file_dialogs.save_file(self, "保存备案材料", filing.default_name(view), ZIP_FILTER, purpose="exports")
        if not target:
            return
        rid = view.row.id
        self._start("正在生成备案材料……", lambda task: filing.write_filing(
            self.ws, rid, Path(target), progress=task.progress, cancelled=task.cancelled), self._filing_done)

    def print_filing(self) -> None:
        """Lay the filing report and the register sheets out as one numbered report in the
        background, then show it in the preview, where Ctrl+P prints it."""
        view = self.view_data
        if view is None or self.task is not None:
            return
        rid = view.row.id
        from desktop.services.grading import filing

        self._start("正在生成备案材料的打印稿……", lambda task: filing.printable(
            self.ws, rid, progress=task.progress, cancelled=task.cancelled), self._printable_done)

    def _start(self, text: str, work: Callable[[workers.Task], object], done: Callable[[Any], None]) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.filing_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self._say(text)
        self.task = workers.start(work, on_success=done, on_failure=self._filing_failed,
                                  on_progress=self._filing_progress)

    def _filing_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _filing_finished(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.filing_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def _filing_done(self, made: FilingResult) -> None:
        self._filing_finished()
        self._say(f"已生成备案材料 {made.path.name}（优秀 {made.people} 名，{len(made.files)} 个文件）")

    def _printable_done(self, made: Generated) -> None:
        self._filing_finished()
        self._say(f"已生成备案材料的打印稿（报表编号 {made.number}，共 {made.pages} 页），按 Ctrl+P 打印")
        preview = ReportPreview(self.ws, made, parent=self)
        self.previews = [p for p in self.previews if p.isVisible()] + [preview]
        preview.show()

    def _filing_failed(self, exc: BaseException) -> None:
        self._filing_finished()
        from desktop.services.grading.filing import FilingCancelled

        if isinstance(exc, FilingCancelled):
            self._say(str(exc))
            return
        self._say("没有生成备案材料")
        show_error(self, exc, "备案材料")

    def cancel_filing(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        tell(self, text)

    def apply_changes(self, changes: Changes) -> None:
        # Any saved cadre file touches this: read again now only when on screen, else when shown
        # (a clerk editing files all day should not pay for a page out of sight).
        if changes.touches("grade_round", "grade_proposal", "notice_objection", "appraisal", "cadre"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)
