"""Problem-list dialogs: a new problem (typed in, or raised from a visit or a talk record,
which gives its campaign, unit or cadre and quarter), a status change with its follow-up, and
a problem's text and fields edited (修改). A refusal is shown and the dialog stays open."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.models.results import PROBLEM_STATUSES, SEVERITIES
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.results import problems
from desktop.services.results.problems import PROBLEM, ProblemInput
from desktop.services.results.queries import ProblemRow
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common.conflict_dialog import save_choosing
from desktop.ui.common.messages import show_error, tell
from desktop.ui.widgets.cadre_picker import CadrePicker
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.text_box import TextBox

NO_UNIT = "（不指定）"


def save_buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    QShortcut(QKeySequence("Ctrl+Return"), dialog, dialog.accept)  # Enter makes a new line in the text boxes
    return box


def _text_box(placeholder: str) -> TextBox:
    box = TextBox(placeholder=placeholder)
    box.setMaximumHeight(90)
    return box


def _feedback_fields(row: ProblemRow) -> tuple[QLineEdit, DateEdit, TextBox]:
    """反馈给, 反馈日期, 跟进整改: filled from the problem as it stands."""
    to = QLineEdit(row.fed_back_to)
    to.setPlaceholderText("反馈给哪个单位或谁")
    on = date_edit(row.fed_back_on)
    follow_up = _text_box("跟进和整改情况（标为已解决时必填）")
    follow_up.setPlainText(row.follow_up)
    return to, on, follow_up


class ProblemDialog(QDialog):
    """`origin` is None for a problem typed in (年度, 季度, 单位 or 干部 asked), or
    ("visit", id) / ("talk", id) for one raised from that record."""

    def __init__(self, ws: Workspace, *, origin: tuple[str, int] | None = None, origin_text: str = "",
                 year: int | None = None, quarter: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.origin = origin
        self.saved_id: int | None = None
        self.setWindowTitle("提出问题" if origin else "新增问题")
        self.resize(560, 420)
        today = dt.date.today()
        self.problem = _text_box("发现的问题")
        self.bottleneck = _text_box("堵点、难点（可不填）")
        self.severity = QComboBox()
        self.severity.addItems(list(SEVERITIES))
        self.year = QSpinBox()
        self.year.setRange(problems.FIRST_YEAR, problems.LAST_YEAR)
        self.year.setValue(year or today.year)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(f"第{q}季度", q)
        self.quarter.setCurrentIndex((quarter or (today.month - 1) // 3 + 1) - 1)
        self.unit = QComboBox()
        self.cadre = CadrePicker(ws)
        choices = {label: uid for label, (uid, _n) in campaign_queries.unit_choices(ws).items()}
        if origin is not None and origin[0] == "visit":
            visit_units = set(campaign_queries.visit_for_editing(ws, origin[1]).unit_ids)
            choices = {label: uid for label, uid in choices.items() if uid in visit_units}
        self.unit.addItem(NO_UNIT, None)
        for label, uid in choices.items():
            self.unit.addItem(label, uid)

        form = QFormLayout()
        if origin is not None:
            form.addRow("来源：", QLabel(origin_text))
        form.addRow("问题(&W)：", self.problem)
        form.addRow("堵点难点(&D)：", self.bottleneck)
        form.addRow("严重程度(&E)：", self.severity)
        if origin is None:
            form.addRow("年度(&N)：", self.year)
            form.addRow("季度(&J)：", self.quarter)
            form.addRow("干部(&C)：", self.cadre)
        if origin is None or (origin[0] == "visit" and self.unit.count() > 2):
            form.addRow("单位(&U)：", self.unit)  # a visit to one unit: that unit, nothing to ask
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Tab 换到下一项，Ctrl+Enter 保存。"))
        layout.addWidget(save_buttons(self))
        self.problem.setFocus()

    def save(self) -> int:
        text = self.problem.toPlainText()
        more: dict[str, object] = {"bottleneck": self.bottleneck.toPlainText(), "severity": self.severity.currentText()}
        unit_id: int | None = self.unit.currentData()
        if self.origin is None:
            if unit_id is None and self.cadre.cadre_id is None:
                raise FrontlineError("请指定问题所在的单位或涉及的干部")
            data = ProblemInput(year=self.year.value(), quarter=int(self.quarter.currentData()), problem=text,
                                unit_id=unit_id, cadre_id=self.cadre.cadre_id, **more)  # type: ignore[arg-type]
            return problems.create(self.ws, data)
        kind, record = self.origin
        raise_from: Callable[..., int] = problems.raise_from_visit if kind == "visit" else problems.raise_from_talk
        return raise_from(self.ws, record, text, unit_id=unit_id, **more)

    def accept(self) -> None:
        try:
            self.saved_id = self.save()
        except Exception as exc:
            show_error(self, exc, self.windowTitle())
            return
        tell(self.parentWidget() or self, f"已列入问题清单：第 {self.saved_id} 号问题")
        super().accept()


class StatusDialog(QDialog):
    """跟进: the new status, to whom and when it was fed back, what was done."""

    def __init__(self, ws: Workspace, row: ProblemRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.row = row
        self.setWindowTitle(f"修改状态 — 问题第 {row.id} 号")
        self.resize(520, 360)
        self.status = QComboBox()
        self.status.addItems(list(PROBLEM_STATUSES))
        self.status.setCurrentText(row.status)
        self.to, self.on, self.follow_up = _feedback_fields(row)
        head = QLabel(row.problem)
        head.setWordWrap(True)
        form = QFormLayout()
        form.addRow("问题：", head)
        form.addRow("状态(&S)：", self.status)
        form.addRow("反馈给(&T)：", self.to)
        form.addRow("反馈日期(&O)：", self.on)
        form.addRow("跟进整改(&G)：", self.follow_up)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(save_buttons(self))
        self.status.setFocus()

    def accept(self) -> None:
        try:
            problems.set_status(self.ws, self.row.id, self.status.currentText(),
                                follow_up=self.follow_up.toPlainText(), fed_back_to=self.to.text(),
                                fed_back_on=date_of(self.on))
        except Exception as exc:
            show_error(self, exc, "修改状态")
            return
        super().accept()


class EditProblemDialog(QDialog):
    """修改: the problem's text, bottleneck, severity, to whom and when it was fed back, and
    the follow-up. Its quarter, subject, origin and status stay (状态 has its own dialog)."""

    def __init__(self, ws: Workspace, row: ProblemRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.row = row
        where = row.unit or row.cadre
        self.setWindowTitle(f"修改问题 — 第 {row.id} 号")
        self.resize(560, 480)
        self.problem = _text_box("发现的问题")
        self.problem.setPlainText(row.problem)
        self.bottleneck = _text_box("堵点、难点（可不填）")
        self.bottleneck.setPlainText(row.bottleneck)
        self.severity = QComboBox()
        self.severity.addItems(list(SEVERITIES))
        self.severity.setCurrentText(row.severity)
        self.to, self.on, self.follow_up = _feedback_fields(row)
        origin = f"　来源：{row.origin}" if row.origin else ""
        form = QFormLayout()
        form.addRow("所在：", QLabel(f"{row.year}年第{row.quarter}季度　{where}　状态：{row.status}{origin}"))
        form.addRow("问题(&W)：", self.problem)
        form.addRow("堵点难点(&D)：", self.bottleneck)
        form.addRow("严重程度(&E)：", self.severity)
        form.addRow("反馈给(&T)：", self.to)
        form.addRow("反馈日期(&O)：", self.on)
        form.addRow("跟进整改(&G)：", self.follow_up)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Tab 换到下一项，Ctrl+Enter 保存。"))
        layout.addWidget(save_buttons(self))
        self.problem.setFocus()

    def data(self) -> ProblemInput:
        row = self.row
        kept = {f.name: getattr(row, f.name) for f in dataclasses.fields(ProblemInput)}
        kept.update(problem=self.problem.toPlainText(), bottleneck=self.bottleneck.toPlainText(),
                    severity=self.severity.currentText(), fed_back_to=self.to.text(), fed_back_on=date_of(self.on),
                    follow_up=self.follow_up.toPlainText())
        return ProblemInput(**kept)

    def accept(self) -> None:
        row_id = self.row.id
        # The line as it was read, at its row version: a save over another clerk's later save
        # shows both versions side by side (services/record_versions.py).
        opened = ProblemInput(**{f.name: getattr(self.row, f.name) for f in dataclasses.fields(ProblemInput)})
        try:
            if save_choosing(self, PROBLEM, opened, self.data(), lambda d: problems.update(self.ws, row_id, d)) is None:
                return  # back to editing: nothing saved
        except Exception as exc:
            show_error(self, exc, self.windowTitle())
            return
        super().accept()
