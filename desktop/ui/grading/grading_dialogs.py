"""The grading page's dialogs: a new round, a 政治素质鉴定, a grade set by hand, the approval of an
excess, the start of the public notice, an objection and its handling. Each saves through its
service on 保存 (Enter in a line, Ctrl+Enter anywhere); a refusal is shown and the dialog stays
open with what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.models.grading import STAFF_TYPES
from desktop.models.grading_rules import RuleError, appraisal_score
from desktop.services.grading import appraisals, queries, rounds
from desktop.services.grading.appraisals import APPRAISAL, SUGGESTIONS, AppraisalInput
from desktop.services.grading.queries import ProposalRow, RoundView
from desktop.services.grading.rounds import GRADE, OBJECTION, GradeChoice, Handling, RoundInput
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog
from desktop.ui.common.messages import show_error, tell
from desktop.ui.widgets.date_edit import DateEdit


class FormDialog(QDialog):
    """A form with 保存/取消; `save()` does the work and returns what the status bar says."""

    def __init__(self, ws: Workspace, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(title)
        self.setMinimumWidth(520)  # room for the comments and the rule as typed
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(box)

    def save(self) -> str | None:
        """Save and say what was saved; None: nothing saved, the dialog stays open."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            said = self.save()
        except Exception as exc:
            show_error(self, exc, self.windowTitle())
            return
        if said is None:
            return  # the clerk went back to editing: nothing saved
        tell(self.parentWidget() or self, said)
        super().accept()


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class RoundDialog(FormDialog):
    """新建定等: unit, year, staff type, bands, the two caps, the front-line rule, minimum service."""

    def __init__(self, ws: Workspace, year: int, parent: QWidget | None = None) -> None:
        super().__init__(ws, "新建年度考核定等", parent)
        self.saved_id: int | None = None
        self.unit = QComboBox()
        self.unit.setEditable(True)  # type the unit's name to find it
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for uid, name in queries.unit_choices(ws):
            self.unit.addItem(name, uid)
        self.year = _spin(appraisals.FIRST_YEAR, appraisals.LAST_YEAR, year)
        self.staff = QComboBox()
        self.staff.addItems(list(STAFF_TYPES))
        defaults = RoundInput(0, year)
        self.bands = QLineEdit(defaults.bands)
        self.quota = QDoubleSpinBox()
        self.quota.setRange(1, 100)
        self.quota.setValue(defaults.quota_share * 100)
        self.quota.setSuffix(" %")
        self.frontline = QDoubleSpinBox()
        self.frontline.setRange(1, 30)
        self.frontline.setValue(defaults.frontline_share * 100)
        self.frontline.setSuffix(" %")
        self.months = _spin(0, 12, defaults.frontline_months)
        self.rule = QLineEdit(defaults.frontline_rule)
        self.service = _spin(0, 12, defaults.min_service_months)
        for label, field in (("单位(&U)：", self.unit), ("年度(&N)：", self.year), ("人员类别(&T)：", self.staff),
                             ("分数段(&B)：", self.bands), ("优秀比例(&Q)：", self.quota),
                             ("一线干部优秀比例(&F)：", self.frontline), ("一线累计月数(&M)：", self.months),
                             ("一线条件表述(&R)：", self.rule), ("任职不满几个月不定等次(&S)：", self.service)):
            self.form.addRow(label, field)
        self.note.setText("分数段：优秀、第二等、第三等的最低分，如 90,75,60。名额向下取整；一线干部的比例最高 30%。")
        self.unit.setFocus()

    def save(self) -> str:
        index = self.unit.findText(self.unit.currentText())
        if index < 0:
            raise FrontlineError(f"没有名为“{self.unit.currentText()}”的单位")
        data = RoundInput(int(self.unit.itemData(index)), self.year.value(), self.staff.currentText(),
                          self.bands.text(), round(self.quota.value() / 100, 4), round(self.frontline.value() / 100, 4),
                          self.rule.text(), self.months.value(), self.service.value())
        self.saved_id = rounds.create_round(self.ws, data)
        return f"已建立{self.unit.currentText()}{data.year}年度{data.staff_type}定等"


class AppraisalDialog(FormDialog):
    """政治素质鉴定 of one cadre for one year; the score is shown as the counts are typed."""

    def __init__(self, ws: Workspace, cadre_id: int, name: str, year: int, parent: QWidget | None = None) -> None:
        super().__init__(ws, f"政治素质鉴定 — {name}（{year}年度）", parent)
        self.cadre_id, self.year = cadre_id, year
        current = queries.appraisal(ws, cadre_id, year)
        values = (current.issued, current.returned, current.valid, current.good, current.fair, current.average,
                  current.poor) if current else (0,) * 7
        self.counts = [_spin(0, 9999, v) for v in values]
        labels = ("发出(&I)：", "收回(&R)：", "有效(&V)：", "好(&G)：", "较好(&F)：", "一般(&A)：", "较差(&P)：")
        for label, box in zip(labels, self.counts, strict=True):
            self.form.addRow(label, box)
            box.valueChanged.connect(lambda _v: self.show_score())
        self.comment = QLineEdit(current.supervisor_comment if current else "")
        self.suggest = QComboBox()
        self.suggest.addItems(list(SUGGESTIONS))
        self.suggest.setCurrentText(current.suggested_grade if current else "")
        self.opinion = QLineEdit(current.committee_opinion if current else "")
        self.form.addRow("主管领导评语(&C)：", self.comment)
        self.form.addRow("等次建议(&S)：", self.suggest)
        self.form.addRow("党委（党组）意见(&O)：", self.opinion)
        self.show_score()
        self.counts[0].setFocus()
        # As opened, at its row version (0: none yet): another clerk's later save is shown, not overwritten.
        self.opened = self._input(values, current.supervisor_comment if current else "",
                                  current.suggested_grade if current else "",
                                  current.committee_opinion if current else "",
                                  current.row_version if current else 0)

    def _input(self, values: Sequence[int], comment: str, grade: str, opinion: str,
               version: int | None) -> AppraisalInput:
        issued, returned, valid, good, fair, average, poor = values
        return AppraisalInput(self.cadre_id, self.year, issued, returned, valid, good, fair, average, poor,
                              comment, grade, opinion, version)

    def values(self) -> list[int]:
        return [b.value() for b in self.counts]

    def show_score(self) -> None:
        valid, levels = self.values()[2], self.values()[3:]
        score = appraisal_score(*levels)
        added = sum(levels)
        check = "" if added == valid else f"；好、较好、一般、较差合计 {added} 票，应等于有效票 {valid} 份"
        shown = "—" if score is None else f"{score:g}"
        self.note.setText(f"鉴定得分：{shown}（好 100、较好 80、一般 60、较差 40 的平均）{check}")

    def save(self) -> str | None:
        mine = self._input(self.values(), self.comment.text(), self.suggest.currentText(), self.opinion.text(), None)
        if conflict_dialog.save_choosing(self, APPRAISAL, self.opened, mine,
                                         lambda d: appraisals.save(self.ws, d)) is None:
            return None
        return "已保存政治素质鉴定"


class GradeDialog(FormDialog):
    """The grade of one cadre set by hand; a grade other than the proposed one needs its reason."""

    def __init__(self, ws: Workspace, row: ProposalRow, words: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(ws, f"确定等次 — {row.name}", parent)
        self.row = row
        self.grade = QComboBox()
        self.grade.addItems(list(words))
        self.grade.setCurrentText(row.grade or row.proposed)
        self.reason = QLineEdit(row.note or (row.undetermined_reason if row.grade == words[-1] else ""))
        self.reason.setPlaceholderText("与拟定等次不同时必填；不定等次时写明原因")
        score = "—" if row.score is None else f"{row.score:g}"
        self.form.addRow("鉴定得分：", QLabel(f"{score}（拟定：{row.proposed or '无'}）"))
        self.form.addRow("等次(&G)：", self.grade)
        self.form.addRow("理由(&N)：", self.reason)
        self.grade.setFocus()

    def save(self) -> str | None:
        row = self.row
        opened = GradeChoice(row.grade, row.note, row.row_version)
        mine = GradeChoice(self.grade.currentText(), self.reason.text().strip())
        saved = conflict_dialog.save_choosing(self, GRADE, opened, mine,
                                              lambda d: rounds.set_grade(self.ws, row.id, d.grade, d.note, d.version))
        return None if saved is None else f"已将{row.name}的等次定为{saved.grade}"


class ApproveDialog(FormDialog):
    def __init__(self, ws: Workspace, view: RoundView, parent: QWidget | None = None) -> None:
        super().__init__(ws, "记录超出名额的批准", parent)
        self.round_id = view.row.id
        self.text = QLineEdit(view.approval)
        self.text.setPlaceholderText("批准的依据：文件、会议或批示，如 部务会 2026-12-04 同意增加一名")
        self.form.addRow("名额：", QLabel(view.count.line()))
        self.form.addRow("批准依据(&T)：", self.text)
        self.text.setFocus()

    def save(self) -> str:
        count = rounds.approve(self.ws, self.round_id, self.text.text())
        return f"已记录批准：优秀 {count} 名"


class NoticeDialog(FormDialog):
    """公示: the start date and working days; the end day is shown as they are typed."""

    def __init__(self, ws: Workspace, round_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ws, "开始公示", parent)
        self.round_id = round_id
        self.start = DateEdit(day=True, label="公示开始日期")
        self.start.set_date(dt.date.today())
        self.days = _spin(1, 60, 5)
        self.form.addRow("开始日期(&S)：", self.start)
        self.form.addRow("工作日数(&D)：", self.days)
        self.start.textChanged.connect(lambda _t: self.show_end())
        self.days.valueChanged.connect(lambda _v: self.show_end())
        self.show_end()
        self.start.setFocus()

    def show_end(self) -> None:
        start = self.start.date() if self.start.problem() is None else None
        if start is None:
            self.note.setText("请填写公示开始日期，如 2026-12-03")
            return
        try:
            end = queries.notice_end_on(self.ws, start, self.days.value())
        except RuleError as exc:
            self.note.setText(str(exc))
            return
        self.note.setText(f"公示到 {end.isoformat()}（跳过周六周日和设定的节假日）结束，期满后才能定等。")

    def save(self) -> str:
        self.start.check()
        start = self.start.date()
        if start is None:
            raise FrontlineError("请填写公示开始日期")
        end = rounds.start_notice(self.ws, self.round_id, start, self.days.value())
        return f"已开始公示：{start.isoformat()} 至 {end.isoformat()}"


class ObjectionDialog(FormDialog):
    """A new objection (who it concerns, when it came, what it says, how it was handled), or the
    handling of one already recorded: saved at the version it was read at, so a handling another
    clerk wrote meanwhile is shown beside this one's rather than overwritten."""

    def __init__(self, ws: Workspace, view: RoundView, objection_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ws, "处理公示异议" if objection_id else "记录公示异议", parent)
        self.round_id, self.objection_id = view.row.id, objection_id
        existing = next((o for o in view.objections if o.id == objection_id), None)
        self.cadre = QComboBox()
        self.cadre.addItem("（不针对具体干部）", None)
        for p in view.proposals:
            self.cadre.addItem(p.name, p.cadre_id)
        self.on = DateEdit(day=True, label="收到日期")
        self.on.set_date(dt.date.today())
        self.content = QLineEdit()
        self.handling = QLineEdit(existing.handling if existing else "")
        self.handling.setPlaceholderText("核实和处理情况（定等前须写明）")
        if existing is not None:
            self.form.addRow("异议：", QLabel(existing.content))
        else:
            self.form.addRow("涉及干部(&C)：", self.cadre)
            self.form.addRow("收到日期(&D)：", self.on)
            self.form.addRow("异议内容(&T)：", self.content)
        self.form.addRow("处理情况(&H)：", self.handling)
        (self.handling if existing else self.cadre).setFocus()
        # As the list read it (the text shown above and its row version).
        self.opened = Handling(existing.handling, existing.row_version) if existing else Handling("")

    def save(self) -> str | None:
        if self.objection_id is not None:
            oid = self.objection_id
            mine = Handling(self.handling.text().strip())
            saved = conflict_dialog.save_choosing(
                self, OBJECTION, self.opened, mine,
                lambda d: rounds.handle_objection(self.ws, oid, d.handling, d.version))
            return None if saved is None else "已写明异议的处理情况"
        self.on.check()
        received = self.on.date()
        if received is None:
            raise FrontlineError("请填写收到日期")
        oid = rounds.record_objection(self.ws, self.round_id, self.content.text(), received,
                                      cadre_id=self.cadre.currentData(), handling=self.handling.text())
        return f"已记录异议第 {oid} 号"
