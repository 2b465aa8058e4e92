"""新增/修改任务: one task-list line with all its fields, typed from the keyboard.

The subject is a cadre (found by name, pinyin or initials) or a unit (type-ahead over the
unit tree), one of the two. What the clerk typed is checked here for what only the window
knows (a number that is not one, a name that is no one on file) and by the service for the
rest (targets.problems_of); a refusal is shown, nothing is written, the dialog stays open
with everything typed. Tab moves on, Ctrl+Enter saves (Enter makes a new line in 任务).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.interchange.target_xlsx import MEASURES
from desktop.models.results import SOURCE_DEPARTMENTS
from desktop.services.cadres import queries as cadre_queries
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.results import targets
from desktop.services.results.queries import TargetRow
from desktop.services.results.targets import TARGET, TargetInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common.conflict_dialog import save_choosing
from desktop.ui.common.messages import show_error
from desktop.ui.results.problem_dialogs import save_buttons
from desktop.ui.results.verify_dialog import number_text, parse_number
from desktop.ui.widgets.cadre_picker import CadrePicker
from desktop.ui.widgets.code_combo import CodeCombo
from desktop.ui.widgets.text_box import TextBox


class TargetDialog(QDialog):
    """`row` None: a new line of campaign `campaign_id`; else that line, edited."""

    def __init__(self, ws: Workspace, campaign_id: int | None, row: TargetRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = row.campaign_id if row is not None else campaign_id
        self.row = row
        self.saved_id: int | None = None
        self.setWindowTitle("新增任务" if row is None else f"修改任务 — 第 {row.seq} 项")
        self.resize(600, 540)
        self.duty = TextBox()
        self.duty.setMaximumHeight(80)
        self.duty.setPlaceholderText("职责或目标，如“新增规上工业企业”")
        self.indicator = QLineEdit()
        self.indicator.setPlaceholderText("考核指标，如“规上企业数”（可不填）")
        self.target_value = QLineEdit()
        self.target_value.setPlaceholderText("数值目标（可不填：完成与否由核验时判定）")
        self.measure = CodeCombo(MEASURES)
        self.measure.setToolTip("计量单位：可从列表选择，也可直接输入")
        self.ceiling = QCheckBox("目标为上限(&X)")
        self.ceiling.setToolTip("如事故起数、能耗：不超过目标即为完成")
        value_row = QHBoxLayout()
        value_row.addWidget(self.target_value, 2)
        value_row.addWidget(QLabel("计量单位："))
        value_row.addWidget(self.measure, 1)
        value_row.addWidget(self.ceiling)
        self.deadline = date_edit(None, "完成时限")
        self.hard = QCheckBox("硬性指标(&H)")
        self.source = CodeCombo(SOURCE_DEPARTMENTS)
        self.post_duty = QLineEdit()
        self.post_duty.setPlaceholderText("对应的岗位职责（可不填）")
        self.cadre = CadrePicker(ws)
        self.units = {label: uid for label, (uid, _n) in campaign_queries.unit_choices(ws).items()}
        self.unit = CodeCombo(list(self.units))
        line = self.unit.lineEdit()
        if line is not None:  # an editable combo always has one
            line.setPlaceholderText("输入单位名称、全拼或首字母查找")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b26a00;")
        self.warning.setVisible(False)

        form = QFormLayout()
        form.addRow("任务(&R)：", self.duty)
        form.addRow("指标(&Z)：", self.indicator)
        value_label = QLabel("目标值(&V)：")  # a row of several fields: the label needs its buddy named
        value_label.setBuddy(self.target_value)
        form.addRow(value_label, value_row)
        form.addRow("完成时限(&T)：", self.deadline)
        form.addRow("", self.hard)
        form.addRow("来源部门(&S)：", self.source)
        form.addRow("对应岗位职责(&G)：", self.post_duty)
        form.addRow("责任干部(&C)：", self.cadre)
        form.addRow("责任单位(&U)：", self.unit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(QLabel("责任干部和责任单位只填一个。Tab 换到下一项，Ctrl+Enter 保存。"))
        layout.addWidget(save_buttons(self))
        # The line as it was read, at its row version: a save over another clerk's later save
        # shows both versions side by side (services/record_versions.py).
        self.opened = None if row is None else TargetInput(
            row.duty, row.cadre_id, row.unit_id, row.campaign_id, row.indicator, row.target_value, row.measure,
            row.lower_is_better, row.deadline, row.hard, row.source_department, row.post_duty, row.version)
        if row is not None:
            self._fill(row)
        self.duty.setFocus()

    def _fill(self, row: TargetRow) -> None:
        self.duty.setPlainText(row.duty)
        self.indicator.setText(row.indicator)
        self.target_value.setText(number_text(row.target_value))
        self.measure.set_value(row.measure)
        self.ceiling.setChecked(row.lower_is_better)
        self.deadline.set_date(row.deadline)
        self.hard.setChecked(row.hard)
        self.source.set_value(row.source_department)
        self.post_duty.setText(row.post_duty)
        if row.cadre_id is not None:
            self.cadre.choose(row.cadre_id, row.cadre)
        if row.unit_id is not None:
            label = next((k for k, v in self.units.items() if v == row.unit_id), row.unit)
            self.unit.set_value(label)
        if row.result is not None:
            self.warning.setText(f"这项任务已核验为“{row.result_label}”。修改目标值或计量单位不会重新判定结果，"
                                 "如有改动请重新核验。")
            self.warning.setVisible(True)

    def cadre_id(self) -> int | None:
        """The cadre chosen, or the only one on file with the name typed; None when empty."""
        name = self.cadre.text().strip()
        if not name:
            return None
        if self.cadre.cadre_id is not None and name == self.cadre.chosen_name():
            return self.cadre.cadre_id
        found = [r for r in cadre_queries.cadre_matches(self.ws, name) if r.name == name]
        if not found:
            raise FrontlineError(f"找不到干部“{name}”：请输入姓名、全拼或首字母后从列表中选择")
        if len(found) > 1:
            raise FrontlineError(f"有 {len(found)} 名干部叫“{name}”：请从列表中选择（列表中有单位和职务）")
        return found[0].id

    def unit_id(self) -> int | None:
        """The unit picked by its full label, or the only unit whose name is what was typed."""
        self.unit.settle()
        text = self.unit.value()
        if not text:
            return None
        if text in self.units:
            return self.units[text]
        found = [uid for label, uid in self.units.items() if label.rsplit(" / ", 1)[-1] == text]
        if len(found) != 1:
            raise FrontlineError(f"找不到单位“{text}”：请输入单位名称、全拼或首字母后从列表中选择")
        return found[0]

    def data(self) -> TargetInput:
        try:
            value = parse_number(self.target_value.text())
        except ValueError:
            raise FrontlineError(f"目标值应为数字，而不是“{self.target_value.text().strip()}”；"
                                 "没有数值目标的任务请留空") from None
        return TargetInput(duty=self.duty.toPlainText(), cadre_id=self.cadre_id(), unit_id=self.unit_id(),
                           campaign_id=self.campaign_id, indicator=self.indicator.text(), target_value=value,
                           measure=self.measure.value(), lower_is_better=self.ceiling.isChecked(),
                           deadline=date_of(self.deadline), hard=self.hard.isChecked(),
                           source_department=self.source.value(), post_duty=self.post_duty.text())

    def accept(self) -> None:
        try:
            data = self.data()
            if self.row is None or self.opened is None:
                self.saved_id = targets.create(self.ws, data)
            else:
                row_id = self.row.id
                if save_choosing(self, TARGET, self.opened, data, lambda d: targets.update(self.ws, row_id, d)) is None:
                    return  # back to editing: nothing saved
                self.saved_id = row_id
        except Exception as exc:
            show_error(self, exc, self.windowTitle())
            return
        super().accept()
