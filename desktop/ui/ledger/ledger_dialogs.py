"""Recording a ledger entry (积分) with its fact, and reversing one with a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.ledger import DIMENSIONS, SOURCES
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.ledger import ledger, queries
from desktop.services.ledger.ledger import EntryInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import _buttons, date_edit, date_of
from desktop.ui.common import file_dialogs
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.cadre_picker import CadrePicker
from desktop.ui.widgets.text_box import TextBox


class EntryDialog(QDialog):
    """A new entry. Choosing a rule fills its points and limits them to the rule's range;
    the fact is required (the dialog says so before the service refuses)."""

    def __init__(self, ws: Workspace, *, cadre: tuple[int, str] | None = None, campaign_id: int | None = None,
                 source: str = "一线考核", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.entry_id: int | None = None
        self.setWindowTitle("记录政治表现积分")
        choices = queries.entry_choices(ws)
        self.rules = choices.rules
        open_campaigns = choices.campaigns
        self.cadre = CadrePicker(ws)
        if cadre is not None:
            self.cadre.choose(*cadre)
        self.date = date_edit(dt.date.today())
        self.dimension = QComboBox()
        self.dimension.addItems(DIMENSIONS)
        self.plus, self.minus = QRadioButton("加分"), QRadioButton("扣分")
        self.plus.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.plus)
        group.addButton(self.minus)
        self.rule = QComboBox()
        self.points = QSpinBox()
        self.points.setRange(1, 100)
        self.range_hint = QLabel()
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        self.source.setCurrentText(source)
        self.campaign = QComboBox()
        self.campaign.addItem("（无）", None)
        for cid, name in open_campaigns:
            self.campaign.addItem(name, cid)
        if campaign_id is not None:
            self.campaign.setCurrentIndex(max(0, self.campaign.findData(campaign_id)))
        # The talk or visit the fact came from, among the chosen campaign's records.
        self.talk = QComboBox()
        self.visit = QComboBox()
        self.campaign.currentIndexChanged.connect(self._fill_links)
        self._fill_links()
        self.fact = TextBox()
        self.fact.setPlaceholderText("具体事实（必填）：时间、地点、做了什么、结果如何。每一条积分都要有具体事例支撑。")
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(70)
        add_file = QPushButton("添加佐证材料…")
        add_file.clicked.connect(self._add_files)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        for w in (self.dimension, self.plus, self.minus):
            (w.currentIndexChanged if isinstance(w, QComboBox) else w.toggled).connect(self._fill_rules)
        self.rule.currentIndexChanged.connect(self._rule_chosen)

        direction = QHBoxLayout()
        direction.addWidget(self.plus)
        direction.addWidget(self.minus)
        direction.addStretch(1)
        points = QHBoxLayout()
        points.addWidget(self.points)
        points.addWidget(self.range_hint, 1)
        files = QHBoxLayout()
        files.addWidget(self.evidence, 1)
        files.addWidget(add_file)
        form = QFormLayout()
        form.addRow("干部(&C)：", self.cadre)
        form.addRow("日期：", self.date)
        form.addRow("维度：", self.dimension)
        form.addRow("加分/扣分：", direction)
        form.addRow("行为类型：", self.rule)
        form.addRow("分值：", points)
        form.addRow("来源：", self.source)
        form.addRow("关联考核：", self.campaign)
        form.addRow("来自谈话：", self.talk)
        form.addRow("来自走访：", self.visit)
        form.addRow("具体事实(&F)：", self.fact)
        form.addRow("佐证材料：", files)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "记录"))
        self.resize(680, 560)
        self._fill_rules()

    def _fill_links(self) -> None:
        campaign_id = self.campaign.currentData()
        self.talk.clear()
        self.visit.clear()
        self.talk.addItem("（无）", None)
        self.visit.addItem("（无）", None)
        if campaign_id is None:
            return
        records = campaign_queries.fieldwork_records(self.ws, campaign_id)
        for t in records.talks:
            when = f"{t.start_at.astimezone():%m-%d %H:%M}" if t.start_at else ""
            self.talk.addItem(f"{when} 与{t.interviewee_name}谈话", t.id)
        for v in records.visits:
            self.visit.addItem(f"{v.date} {v.place}", v.id)

    def _fill_rules(self) -> None:
        positive = self.plus.isChecked()
        self.rule.blockSignals(True)
        self.rule.clear()
        self.rule.addItem("（其他行为，不按规则）", None)
        for r in self.rules:
            if r.dimension == self.dimension.currentText() and r.positive == positive:
                self.rule.addItem(f"{r.behaviour}（{r.min_points}—{r.max_points}分）", r.id)
        self.rule.blockSignals(False)
        self.rule.setCurrentIndex(1 if self.rule.count() > 1 else 0)
        self._rule_chosen()

    def _rule_chosen(self) -> None:
        rule = next((r for r in self.rules if r.id == self.rule.currentData()), None)
        if rule is None:
            self.points.setRange(1, 100)
            self.range_hint.setText("")
            return
        self.points.setRange(rule.min_points, rule.max_points)
        self.points.setValue(rule.points)
        self.range_hint.setText(f"按规则可在 {rule.min_points}—{rule.max_points} 分之间调整")

    def _add_files(self) -> None:
        paths = file_dialogs.open_files(self, "添加佐证材料", purpose="evidence")
        self.evidence.addItems(paths)

    def data(self) -> EntryInput:
        rule = next((r for r in self.rules if r.id == self.rule.currentData()), None)
        return EntryInput(
            cadre_id=self.cadre.cadre_id or 0, date=date_of(self.date) or dt.date.today(),
            dimension=self.dimension.currentText(), positive=self.plus.isChecked(), points=self.points.value(),
            source=self.source.currentText(), fact=self.fact.toPlainText(), rule_id=rule.id if rule else None,
            behaviour=rule.behaviour if rule else "", campaign_id=self.campaign.currentData(),
            talk_id=self.talk.currentData(), visit_id=self.visit.currentData(),
            evidence=[Path(self.evidence.item(i).text()) for i in range(self.evidence.count())])

    def accept(self) -> None:
        if self.cadre.cadre_id is None:
            self.problem.setText("请选择干部（输入姓名或拼音首字母后从列表中选择）")
            self.cadre.setFocus()
            return
        if not self.fact.toPlainText().strip():
            self.problem.setText("具体事实：必填。每一条积分都要有具体事例支撑")
            self.fact.setFocus()
            return
        try:
            self.entry_id = ledger.add(self.ws, self.data())
        except Exception as exc:
            show_error(self, exc, "不能记录")
            return
        super().accept()


class ReverseDialog(QDialog):
    """Reverse (冲正) an entry: a new entry cancels it; the reason is required."""

    def __init__(self, ws: Workspace, entry_id: int, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.entry_id = entry_id
        self.new_id: int | None = None
        self.setWindowTitle("冲正积分记录")
        explain = QLabel(f"将追加一条冲正记录，抵消第 {entry_id} 号记录：\n{summary}\n原记录保留，不会被修改或删除。")
        explain.setWordWrap(True)
        self.reason = TextBox()
        self.reason.setPlaceholderText("冲正理由（必填），如：经复核，该事项不属实")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "冲正"))
        self.resize(520, 300)

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.problem.setText("冲正理由：必填")
            return
        try:
            self.new_id = ledger.reverse(self.ws, self.entry_id, self.reason.toPlainText())
        except Exception as exc:
            show_error(self, exc, "不能冲正")
            return
        super().accept()
