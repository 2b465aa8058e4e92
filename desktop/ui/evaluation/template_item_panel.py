"""The panel beside the template editor's table: every setting of the current section or
item (text, weight, scale, fact threshold, overall mark). Changes go straight to the form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.evaluation.template_text import number_text
from desktop.services.evaluation.templates import ItemSpec
from desktop.ui.evaluation.template_form import (
    SCALE_KINDS,
    Row,
    TemplateForm,
    grades_text,
    parse_grades,
    parse_weight,
)
from desktop.ui.widgets.text_box import TextBox

ERROR_STYLE = "color: #c0392b;"


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Show the form's value without disturbing a field being typed in (same text: no-op)."""
    current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    if current != text:
        widget.blockSignals(True)
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        else:
            widget.setText(text)
        widget.blockSignals(False)


def _set_value(widget: QSpinBox | QDoubleSpinBox | QComboBox | QCheckBox, value: Any) -> None:
    widget.blockSignals(True)
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findData(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    else:
        widget.setValue(value)
    widget.blockSignals(False)


class ItemPanel(QStackedWidget):
    def __init__(self, form: TemplateForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.row: Row | None = None

        # Section page.
        self.section_title = QLineEdit()
        self.section_title.textEdited.connect(lambda t: self._section("title", t.strip()))
        self.checklist = QCheckBox("负面行为清单（各项勾选扣分，不计权重）")
        self.checklist.toggled.connect(lambda on: self._section("checklist", on))
        section_page = QWidget()
        sf = QFormLayout()
        column = QVBoxLayout(section_page)
        column.addLayout(sf)
        column.addStretch(1)
        sf.addRow("部分标题(&I)：", self.section_title)
        sf.addRow("", self.checklist)

        # Item page.
        self.text = TextBox()
        self.text.setMaximumHeight(80)
        self.text.textChanged.connect(lambda: self._item("text", self.text.toPlainText().strip()))
        self.weight = QLineEdit()
        self.weight.setPlaceholderText("如 4 或 3.5")
        self.weight.textEdited.connect(self._weight_typed)
        self.kind = QComboBox()
        for key, label in SCALE_KINDS.items():
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.grades = QLineEdit()
        self.grades.setPlaceholderText("等次 分值；…　如：好 100；较好 80；一般 60；差 30")
        self.grades.editingFinished.connect(self._grades_done)
        self.maximum = QDoubleSpinBox()
        self.maximum.setRange(1, 1000)
        self.maximum.setDecimals(1)
        self.maximum.valueChanged.connect(lambda v: self._scale_value("max", v))
        self.penalty = QDoubleSpinBox()
        self.penalty.setRange(0, 100)
        self.penalty.setDecimals(1)
        self.penalty.valueChanged.connect(lambda v: self._scale_value("penalty", v))
        self.fact_below = QSpinBox()
        self.fact_below.setRange(0, 101)
        self.fact_below.setSuffix(" 分")
        self.fact_below.valueChanged.connect(lambda v: self._item("fact_below", int(v)))
        self.fact_hint = QLabel()
        self.fact_hint.setWordWrap(True)
        self.overall = QCheckBox("作为总体评价（不计权重，单独统计）")
        self.overall.toggled.connect(lambda on: self._item("is_overall", on))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        item_page = QWidget()
        f = QFormLayout()
        column = QVBoxLayout(item_page)
        column.addLayout(f)
        column.addStretch(1)
        f.addRow("内容(&C)：", self.text)
        f.addRow("权重(&W)：", self.weight)
        f.addRow("评分方式(&K)：", self.kind)
        self.grades_label, self.max_label, self.penalty_label = QLabel("等次与分值(&G)："), QLabel("满分："), \
            QLabel("每项扣分：")
        self.grades_label.setBuddy(self.grades)
        f.addRow(self.grades_label, self.grades)
        f.addRow(self.max_label, self.maximum)
        f.addRow(self.penalty_label, self.penalty)
        self.fact_label = QLabel("低于此分须写事实(&F)：")
        self.fact_label.setBuddy(self.fact_below)
        f.addRow(self.fact_label, self.fact_below)
        f.addRow("", self.fact_hint)
        f.addRow("", self.overall)
        f.addRow("", self.error)

        empty = QWidget()
        QVBoxLayout(empty).addWidget(QLabel("在左侧选择一个部分或项目。"))
        self.addWidget(empty)
        self.addWidget(section_page)
        self.addWidget(item_page)

    # --- showing --------------------------------------------------------------------------

    def show_row(self, row: Row | None) -> None:
        if row != self.row:
            self.error.clear()
        self.row = row
        if row is None:
            self.setCurrentIndex(0)
            return
        if row.is_section:
            sec = self.form.section(row)
            _set_text(self.section_title, sec.title)
            _set_value(self.checklist, sec.checklist)
            self.setCurrentIndex(1)
            return
        item = self.form.item(row)
        flag = item.scale.get("type") == "flag"
        _set_text(self.text, item.text)
        if not self.weight.hasFocus():
            _set_text(self.weight, number_text(item.weight))
        self.weight.setEnabled(not flag and not item.is_overall)
        _set_value(self.kind, item.scale.get("type"))
        self.kind.setEnabled(not self.form.section(row).checklist)
        if not self.grades.hasFocus():
            _set_text(self.grades, grades_text(item.scale.get("grades", [])))
        _set_value(self.maximum, float(item.scale.get("max", 10)))
        _set_value(self.penalty, float(item.scale.get("penalty", 5)))
        _set_value(self.fact_below, item.fact_below)
        _set_value(self.overall, item.is_overall)
        kind = item.scale.get("type")
        for label, widget, shown in ((self.grades_label, self.grades, kind == "grades"),
                                     (self.max_label, self.maximum, kind == "score"),
                                     (self.penalty_label, self.penalty, kind == "flag"),
                                     (self.fact_label, self.fact_below, not flag)):
            label.setVisible(shown)
            widget.setVisible(shown)
        self.overall.setVisible(not flag)
        self.fact_hint.setText(self._fact_hint(item))
        self.setCurrentIndex(2)

    @staticmethod
    def _fact_hint(item: ItemSpec) -> str:
        kind = item.scale.get("type")
        if kind == "flag":
            return "勾选此项时须写明具体事实。"
        if kind == "grades":
            low = [str(g[0]) for g in item.scale.get("grades", [])
                   if Decimal(str(g[1])) < item.fact_below]
            return f"评价为{'、'.join(f'“{x}”' for x in low)}时须写明具体事实。" if low else "任何评价都不要求写事实。"
        top = Decimal(str(item.scale.get("max", 10)))
        below = (Decimal(item.fact_below) * top / 100).normalize()
        return f"得分低于 {number_text(below)} 分（满分 {number_text(top)}）时须写明具体事实。"

    # --- editing --------------------------------------------------------------------------

    def _section(self, key: str, value: Any) -> None:
        if self.row is not None and self.row.is_section:
            self.form.set_section(self.row.section, key, value)

    def _item(self, key: str, value: Any) -> None:
        if self.row is not None and self.row.item is not None:
            self.form.set_item(self.row.section, self.row.item, key, value)

    def _weight_typed(self, text: str) -> None:
        try:
            value = parse_weight(text)
        except ValueError as exc:
            self.error.setText(f"权重：{exc}")
            return
        self.error.clear()
        self._item("weight", value)

    def _kind_chosen(self) -> None:
        if self.row is not None and self.row.item is not None:
            self.form.set_scale_kind(self.row.section, self.row.item, str(self.kind.currentData()))

    def _grades_done(self) -> None:
        if self.row is None or self.row.item is None:
            return
        try:
            grades = parse_grades(self.grades.text())
            for _label, points in grades:
                if not 0 <= points <= 100:
                    raise ValueError("等次的分值应在 0 至 100 之间")
        except ValueError as exc:
            self.error.setText(f"等次：{exc}")
            return
        self.error.clear()
        self._item("scale", {"type": "grades", "grades": grades})
        _set_text(self.grades, grades_text(grades))

    def _scale_value(self, key: str, value: float) -> None:
        if self.row is None or self.row.item is None:
            return
        scale = dict(self.form.item(self.row).scale)
        scale[key] = int(value) if value == int(value) else value
        self._item("scale", scale)
