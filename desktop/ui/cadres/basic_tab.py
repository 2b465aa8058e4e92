"""The 基本信息 tab: the 任免审批表 fields, each with its validation message beside it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models import idcard, retirement
from desktop.models.dates import DateFormatError, PartialDate
from desktop.models.validation import Problem
from desktop.ui.cadres.cadre_form import CadreForm
from desktop.ui.cadres.photo import PhotoPanel
from desktop.ui.widgets.code_combo import CodeCombo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.text_box import TextBox

STATUSES = ("在职", "退休", "调出", "去世")
RETIREMENT_INPUTS = frozenset({"birth", "sex", "pre_reform_age_limit"})
ERROR_STYLE = "color: #b00020; font-size: 9pt;"
WARNING_STYLE = "color: #8a5a00; font-size: 9pt;"


@dataclass
class Field:
    key: str
    label: str
    widget: QWidget
    get: Callable[[], str]
    set: Callable[[str], None]
    message: QLabel


class BasicTab(QWidget):
    def __init__(self, form: CadreForm, codes: dict[str, list[str]], tags: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.fields: dict[str, Field] = {}
        self._syncing = False

        left, right, lower = QFormLayout(), QFormLayout(), QFormLayout()
        for layout in (left, right, lower):
            layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._line(left, "name", "姓名(&M)")
        self._code(left, "sex", "性别", codes.get("sex", ["男", "女"]))
        self._date(left, "birth", "出生年月")
        self._code(left, "ethnicity", "民族", codes.get("ethnicity", []))
        self._line(left, "native_place", "籍贯")
        self._line(left, "birthplace", "出生地")
        self._code(left, "political_status", "政治面貌", codes.get("political_status", []))
        self._date(left, "party_joined", "入党时间")
        self._date(left, "work_started", "参加工作时间")
        self._code(left, "health", "健康状况", codes.get("health", []))
        self._line(right, "citizen_id", "身份证号(&I)")
        self._line(right, "professional_title", "专业技术职务")
        self._line(right, "expertise", "熟悉专业有何专长")
        self._line(right, "mobile", "手机号码")
        self._line(right, "phone", "办公电话")
        self._line(right, "email", "电子邮箱")
        self._line(right, "address", "通讯地址")
        status = QComboBox()
        status.addItems(STATUSES)
        self._add(right, "status", "状态", status, status.currentText, status.setCurrentText)
        status.currentTextChanged.connect(lambda t: self._edited("status", t))
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("用顿号或逗号分隔，如 优秀年轻干部、选调生")
        completer = QCompleter(tags, self.tags_edit)
        self.tags_edit.setCompleter(completer)
        self.tags_edit.editingFinished.connect(self._tags_edited)
        right.addRow("标签", self.tags_edit)
        self._line(lower, "current_post_override", "现任职务（如需改写）")
        self.fields["current_post_override"].widget.setToolTip("留空时按现任职务自动生成")  # type: ignore[union-attr]
        self._line(lower, "proposed_post", "拟任职务")
        self._line(lower, "proposed_removal", "拟免职务")
        self._text(lower, "appointment_reason", "任免理由")
        self._text(lower, "rewards_override", "奖惩情况（如需改写）")
        self.fields["rewards_override"].widget.setToolTip(
            "留空时按奖励、惩处记录生成；从其他任免审批表导入的无法逐条识别的奖惩情况原文保存在这里")
        self._line(lower, "reporting_unit", "呈报单位")
        self.fields["reporting_unit"].widget.setPlaceholderText(  # type: ignore[attr-defined]
            "留空时使用报表设置中的发文单位")
        self._code(lower, "pre_reform_age_limit", "改革前任职年龄界限", list(retirement.LIMIT_CHOICES))
        self._date(lower, "retirement_due", "到龄年月")
        self._text(lower, "notes", "备注")

        self.photo = PhotoPanel()
        self.photo.photo_did_change.connect(self.form.set_photo)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.photo, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        appointment = QGroupBox("任免审批表")
        appointment.setLayout(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(appointment)
        layout.addStretch(1)
        self.refresh()

    # --- building -------------------------------------------------------------------------

    def _add(self, layout: QFormLayout, key: str, label: str, widget: QWidget,
             get: Callable[[], str], put: Callable[[str], None]) -> None:
        message = QLabel()
        message.setWordWrap(True)
        message.setVisible(False)
        box = QVBoxLayout()
        box.setSpacing(1)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        box.addWidget(message)
        holder = QWidget()
        holder.setLayout(box)
        caption = QLabel(f"{label}：")
        caption.setBuddy(widget)
        layout.addRow(caption, holder)
        self.fields[key] = Field(key, label.replace("(&M)", "").replace("(&I)", ""), widget, get, put, message)

    def _line(self, layout: QFormLayout, key: str, label: str) -> None:
        edit = QLineEdit()
        self._add(layout, key, label, edit, edit.text, edit.setText)
        edit.textEdited.connect(lambda t: self._edited(key, t))
        edit.editingFinished.connect(self.form.break_coalescing)

    def _date(self, layout: QFormLayout, key: str, label: str) -> None:
        edit = DateEdit()
        self._add(layout, key, label, edit, edit.text, edit.setText)
        edit.textChanged.connect(lambda t: self._edited(key, t))
        edit.editingFinished.connect(self.form.break_coalescing)

    def _code(self, layout: QFormLayout, key: str, label: str, choices: list[str]) -> None:
        combo = CodeCombo(choices)
        self._add(layout, key, label, combo, combo.value, combo.set_value)
        combo.value_did_change.connect(lambda t: self._edited(key, t.strip()))

    def _text(self, layout: QFormLayout, key: str, label: str) -> None:
        edit = TextBox()
        edit.setFixedHeight(54)
        edit.setUndoRedoEnabled(False)  # the form's undo covers it
        self._add(layout, key, label, edit, edit.toPlainText, edit.setPlainText)
        edit.textChanged.connect(lambda: self._edited(key, edit.toPlainText()))

    # --- syncing with the form ------------------------------------------------------------

    def _edited(self, key: str, value: str) -> None:
        if self._syncing:
            return
        self.form.set_field(key, value)
        if key == "citizen_id":
            self._fill_from_id(value)
        if key in RETIREMENT_INPUTS:
            self._show_computed_due()

    def _show_computed_due(self) -> None:
        """An empty 到龄年月 is computed by the reform's schedule: show what it will print."""
        f = self.form.fields
        try:
            birth = PartialDate.parse_optional(str(f.get("birth") or ""))
        except DateFormatError:
            birth = None
        due = retirement.due_month(birth, str(f.get("sex") or ""), str(f.get("pre_reform_age_limit") or ""))
        edit = self.fields["retirement_due"].widget
        assert isinstance(edit, QLineEdit)
        edit.setPlaceholderText(f"留空按规定计算：{due.dotted()}" if due else "留空按规定计算（需出生年月和性别）")

    def _fill_from_id(self, number: str) -> None:
        """A valid ID number fills an empty birth month and sex; a conflict is left to
        validation, which flags it beside the field."""
        try:
            cid = idcard.parse(number)
        except idcard.CitizenIdError:
            return
        if not self.form.fields.get("birth"):
            self.form.set_field("birth", f"{cid.birth:%Y.%m}")
        if not self.form.fields.get("sex"):
            self.form.set_field("sex", cid.sex)
        self.refresh(("birth", "sex"))

    def _tags_edited(self) -> None:
        parts = self.tags_edit.text().replace("，", "、").replace(",", "、").split("、")
        self.form.set_tags(parts)

    def refresh(self, keys: tuple[str, ...] | None = None) -> None:
        """Show the form's values (after load, undo, or a change made elsewhere)."""
        self._syncing = True
        try:
            for key, f in self.fields.items():
                if keys is not None and key not in keys:
                    continue
                value = str(self.form.fields.get(key, "") or "")
                if f.get() != value:
                    with blocked(f.widget):
                        f.set(value)
            if keys is None:
                self.tags_edit.setText("、".join(self.form.tags))
                self.photo.show_photo(self.form.photo)
            if keys is None or RETIREMENT_INPUTS & set(keys):
                self._show_computed_due()
        finally:
            self._syncing = False

    def show_problems(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p)
        for key, f in self.fields.items():
            found = by_field.get(key, [])
            f.message.setVisible(bool(found))
            if found:
                error = any(p.severity == "error" for p in found)
                f.message.setText("；".join(p.message.split("：", 1)[-1] for p in found))
                f.message.setStyleSheet(ERROR_STYLE if error else WARNING_STYLE)

    def focus(self, key: str) -> bool:
        f = self.fields.get(key)
        if f is None:
            return False
        f.widget.setFocus()
        if isinstance(f.widget, QLineEdit):
            f.widget.selectAll()
        return True


@contextlib.contextmanager
def blocked(widget: QWidget) -> Iterator[None]:
    """Show a value without the widget (or a combo's line edit) reporting it as an edit."""
    objects: list[QObject] = [widget]
    if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
        objects.append(widget.lineEdit())
    previous = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, previous, strict=True):
            o.blockSignals(was)
