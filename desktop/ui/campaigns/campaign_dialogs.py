"""Dialogs of the 一线考核 section: a campaign's fields, its team, linked instruction items,
and a visit (走访)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.models.campaigns import CAMPAIGN_KINDS, TEAM_ROLES, TOPIC_SOURCES
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns, fieldwork, queries
from desktop.services.campaigns.campaigns import CAMPAIGN, CampaignInput
from desktop.services.campaigns.fieldwork import VISIT, VisitInput
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.code_combo import CodeCombo
from desktop.ui.widgets.date_edit import DateEdit, DateInputError
from desktop.ui.widgets.text_box import TextBox

DEFAULT_WEIGHTS = {"上级": 30, "同级": 25, "下级": 20, "服务对象": 10, "考核组": 15}


def date_edit(value: dt.date | None, label: str = "日期") -> DateEdit:
    """A day field (empty means not set); typed as 2026-12-01, 2026.12.01 or 20261201."""
    edit = DateEdit(day=True, label=label)
    edit.set_date(value)
    return edit


def date_of(edit: DateEdit) -> dt.date | None:
    """The day typed; raises DateInputError (a refusal in Chinese) for text that is not one."""
    return edit.date()


def _buttons(dialog: QDialog, ok_text: str = "确定") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class CampaignDialog(QDialog):
    """New or edited campaign; saved through the service when accepted."""

    def __init__(self, ws: Workspace, campaign_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.setWindowTitle("编辑一线考核" if campaign_id else "新建一线考核")
        loaded = queries.campaign_form(ws, campaign_id)
        data = loaded.data or CampaignInput(name="", kind="沉浸式", rater_weights=dict(DEFAULT_WEIGHTS))
        self.opened = data  # with its row version: another clerk's later save is shown, not overwritten
        self.unit_choices = loaded.unit_choices
        self.name = QLineEdit(data.name)
        self.name.setPlaceholderText("考核主题，如：东部新城片区建设沉浸式一线考核")
        self.kind = QComboBox()
        self.kind.addItems(CAMPAIGN_KINDS)
        self.kind.setCurrentText(data.kind)
        self.source = QComboBox()
        self.source.addItems(TOPIC_SOURCES)
        self.source.setCurrentText(data.topic_source)
        self.source_detail = QLineEdit(data.source_detail)
        self.source_detail.setPlaceholderText("选题依据：台账事项、中心工作或突发事件的名称")
        self.follows = CodeCombo(list(self.unit_choices))
        self.follows.set_value(data.follows)
        self.follows.lineEdit().setPlaceholderText("跟进的重大任务、指挥部或专班（可从单位中选择，也可直接填写）")
        self.start = date_edit(data.start, "开始日期")
        self.end = date_edit(data.end, "结束日期")
        self.description = TextBox(data.description)
        self.description.setMaximumHeight(80)
        self.weights: dict[str, QSpinBox] = {}
        weights = QHBoxLayout()
        for cat in RATER_CATEGORIES:
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix("%")
            spin.setValue(int(data.rater_weights.get(cat, 0)))
            self.weights[cat] = spin
            weights.addWidget(QLabel(cat))
            weights.addWidget(spin)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("考核主题(&N)：", self.name)
        form.addRow("考核类型：", self.kind)
        form.addRow("选题来源：", self.source)
        form.addRow("选题依据：", self.source_detail)
        form.addRow("跟进对象：", self.follows)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("至"))
        dates.addWidget(self.end)
        form.addRow("考核时间：", dates)
        form.addRow("考核说明：", self.description)
        form.addRow("测评权重：", weights)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "保存"))
        self.resize(720, 460)

    def data(self) -> CampaignInput:
        follows = self.follows.value()
        unit = self.unit_choices.get(follows)
        return CampaignInput(
            name=self.name.text(), kind=self.kind.currentText(), topic_source=self.source.currentText(),
            source_detail=self.source_detail.text(), follows=unit[1] if unit else follows,
            follows_unit_id=unit[0] if unit else None, start=date_of(self.start), end=date_of(self.end),
            description=self.description.toPlainText(),
            rater_weights={c: s.value() for c, s in self.weights.items() if s.value()})

    def accept(self) -> None:
        try:
            data = self.data()
        except DateInputError as exc:
            self.problem.setText(str(exc))
            return
        problems = data.problems()
        if problems:
            self.problem.setText("；".join(problems))
            return
        try:
            if self.campaign_id is None:
                self.campaign_id = campaigns.create(self.ws, data)
            else:
                campaign_id = self.campaign_id
                if conflict_dialog.save_choosing(self, CAMPAIGN, self.opened, data,
                                 lambda d: campaigns.update(self.ws, campaign_id, d)) is None:
                    return  # back to editing: nothing saved
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()


class TeamDialog(QDialog):
    """The assessment team (考核组): names and roles, one per row. Names are picked from the
    department's staff (the accounts, by name or pinyin); someone from outside, seconded for
    this campaign, can still be typed."""

    def __init__(self, ws: Workspace, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.setWindowTitle("考核组成员")
        team = queries.team_form(ws, campaign_id)
        self.staff = team.staff
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["姓名", "角色"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        for name, role in team.members or [("", "组长")]:
            self._row(name, role)
        add = QPushButton("添加成员(&A)")
        add.clicked.connect(lambda: self._row("", "成员"))
        remove = QPushButton("删除成员(&R)")
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(_buttons(self, "保存"))
        self.resize(420, 360)

    def _row(self, name: str, role: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        person = CodeCombo(list(self.staff))
        person.set_value(name)
        person.lineEdit().setPlaceholderText("输入姓名或拼音首字母")
        self.table.setCellWidget(r, 0, person)
        combo = QComboBox()
        combo.addItems(TEAM_ROLES)
        combo.setCurrentText(role)
        self.table.setCellWidget(r, 1, combo)
        self.table.setCurrentCell(r, 0)
        person.setFocus()

    def member_rows(self) -> list[tuple[str, str, int | None]]:
        members = []
        for r in range(self.table.rowCount()):
            person = self.table.cellWidget(r, 0)
            combo = self.table.cellWidget(r, 1)
            if isinstance(person, CodeCombo) and isinstance(combo, QComboBox):
                person.settle()
                name = person.value()
                if name:
                    members.append((name, combo.currentText(), self.staff.get(name)))
        return members

    def accept(self) -> None:
        members = self.member_rows()
        try:
            campaigns.set_team(self.ws, self.campaign_id, members)
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()


class UnitsDialog(QDialog):
    """The units a campaign assesses: found by name or pinyin, added with their current
    cadres (sub-units included) or alone, and removed again. Each change is saved at once."""

    def __init__(self, ws: Workspace, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.setWindowTitle("考核单位")
        self.choices = {label: uid for label, (uid, _p) in queries.unit_choices(ws).items()}
        self.labels = {uid: label for label, uid in self.choices.items()}
        self.pick = CodeCombo(list(self.choices))
        self.pick.lineEdit().setPlaceholderText("输入单位名称或拼音首字母，回车添加")
        self.pick.lineEdit().returnPressed.connect(self.add)
        self.pick.keep_return()
        self.with_cadres = QCheckBox("同时把该单位（含下级单位）的现任干部列为考核对象")
        self.with_cadres.setChecked(True)
        add = QPushButton("添加单位(&A)")
        add.clicked.connect(self.add)
        self.list = QListWidget()
        remove = QPushButton("移除所选单位(&X)")
        remove.setToolTip("只移除单位；已列为考核对象的干部请在“考核对象”中移除")
        remove.clicked.connect(self.remove)
        self.message = QLabel()
        self.message.setStyleSheet("color: #8a5a00;")
        top = QHBoxLayout()
        top.addWidget(self.pick, 1)
        top.addWidget(add)
        bottom = QHBoxLayout()
        bottom.addWidget(remove)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.with_cadres)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        layout.addWidget(close)
        self.resize(620, 460)
        self.reload()

    def reload(self) -> None:
        chosen = queries.campaign_unit_ids(self.ws, self.campaign_id)
        self.list.clear()
        for uid in chosen:
            item = QListWidgetItem(self.labels.get(uid, str(uid)))
            item.setData(Qt.ItemDataRole.UserRole, uid)
            self.list.addItem(item)

    def add(self) -> None:
        self.pick.settle()
        label = self.pick.value()
        uid = self.choices.get(label)
        if uid is None:
            self.message.setText(f"没有名为“{label}”的单位，请从下拉列表中选择" if label else "请先输入单位")
            return
        added = 0

        def op() -> None:
            nonlocal added
            campaigns.add_units(self.ws, self.campaign_id, [uid])
            if self.with_cadres.isChecked():
                added = campaigns.add_cadres_matching(self.ws, self.campaign_id, RosterFilter(unit_ids=(uid,)))

        try:
            op()
        except Exception as exc:
            show_error(self, exc)
            return
        more = f"，新增考核对象 {added} 人" if self.with_cadres.isChecked() else ""
        self.message.setText(f"已添加“{label}”{more}")
        self.pick.set_value("")
        self.reload()

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            campaigns.remove_units(self.ws, self.campaign_id, [int(item.data(Qt.ItemDataRole.UserRole))])
        except Exception as exc:
            show_error(self, exc)
            return
        self.message.setText(f"已移除“{item.text()}”")
        self.reload()


class ItemsDialog(QDialog):
    """Choose the instruction-ledger items (工作台账事项) a campaign assesses."""

    def __init__(self, ws: Workspace, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.setWindowTitle("关联工作台账事项")
        self.list = QListWidget()
        choices = queries.item_choices(ws, campaign_id)
        for item in choices.items:
            entry = QListWidgetItem(f"{item.directive}：{item.text}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setCheckState(Qt.CheckState.Checked if item.id in choices.linked else Qt.CheckState.Unchecked)
            self.list.addItem(entry)
        self.linked = set(choices.linked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("勾选本次考核要检验落实情况的台账事项："))
        layout.addWidget(self.list)
        layout.addWidget(_buttons(self, "保存"))
        self.resize(640, 420)

    def accept(self) -> None:
        wanted = {int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked}
        try:
            campaigns.link_items(self.ws, self.campaign_id, sorted(wanted - self.linked))
            campaigns.unlink_items(self.ws, self.campaign_id, sorted(self.linked - wanted))
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()


class VisitDialog(QDialog):
    """A visit (走访): where, which units, unannounced or not, who went, what was seen."""

    def __init__(self, ws: Workspace, campaign_id: int | None, visit_id: int | None = None,
                 parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.visit_id = visit_id
        self.setWindowTitle("走访记录（只读：考核已结束）" if read_only else "走访记录")
        loaded = queries.visit_form(ws, campaign_id, visit_id)
        data = loaded.data or VisitInput(date=dt.date.today(), campaign_id=campaign_id)
        self.opened = data  # with its row version: another clerk's later save is shown, not overwritten
        team = list(loaded.team)
        self.unit_choices = loaded.unit_choices
        by_id = {uid: label for label, uid in self.unit_choices.items()}
        self.date = date_edit(data.date, "走访日期")
        self.place = QLineEdit(data.place)
        self.unannounced = QCheckBox("“四不两直”（不发通知、不打招呼、不听汇报、不用陪同接待，直奔基层、直插现场）")
        self.unannounced.setChecked(data.unannounced)
        self.unit_pick = CodeCombo(list(self.unit_choices))
        self.unit_pick.lineEdit().setPlaceholderText("输入单位名称或拼音首字母，回车添加")
        self.unit_pick.lineEdit().returnPressed.connect(self._add_unit)
        self.unit_pick.keep_return()  # Return adds the unit; it does not save the visit
        self.units = QListWidget()
        self.units.setMaximumHeight(90)
        for uid in data.unit_ids:
            self._unit_item(uid, by_id.get(uid, str(uid)))
        remove_unit = QPushButton("移除单位")
        remove_unit.clicked.connect(lambda: self.units.takeItem(self.units.currentRow()))
        self.members = QLineEdit("、".join(data.members or team))
        self.members.setPlaceholderText("参加走访的考核组成员，用顿号分隔")
        self.seen = TextBox(data.seen)
        self.findings = TextBox(data.findings)
        form = QFormLayout()
        form.addRow("走访日期：", self.date)
        form.addRow("走访地点(&P)：", self.place)
        unit_row = QGridLayout()
        unit_row.addWidget(self.unit_pick, 0, 0)
        unit_row.addWidget(remove_unit, 0, 1)
        unit_row.addWidget(self.units, 1, 0, 1, 2)
        form.addRow("走访单位：", unit_row)
        form.addRow("", self.unannounced)
        form.addRow("参加人员：", self.members)
        form.addRow("所见情况：", self.seen)
        form.addRow("发现问题：", self.findings)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if read_only:
            # A closed campaign's visit can be read in full but not changed.
            for edit in (self.place, self.members):
                edit.setReadOnly(True)
            for text in (self.seen, self.findings):
                text.setReadOnly(True)
            for widget in (self.date, self.unannounced, self.unit_pick, remove_unit):
                widget.setEnabled(False)
            close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
            close.rejected.connect(self.reject)
            layout.addWidget(close)
        else:
            layout.addWidget(_buttons(self, "保存"))
        self.resize(720, 600)

    def _unit_item(self, uid: int, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, uid)
        self.units.addItem(item)

    def _add_unit(self) -> None:
        self.unit_pick.settle()  # "dbxc" + Return takes the first unit the popup offered
        label = self.unit_pick.value()
        uid = self.unit_choices.get(label)
        if uid is not None and uid not in self.unit_ids():
            self._unit_item(uid, label)
        self.unit_pick.set_value("")

    def unit_ids(self) -> list[int]:
        return [int(self.units.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.units.count())]

    def accept(self) -> None:
        try:
            data = VisitInput(date=date_of(self.date) or dt.date.today(), place=self.place.text(),
                              unit_ids=self.unit_ids(), unannounced=self.unannounced.isChecked(),
                              members=[m for m in self.members.text().replace(",", "、").split("、") if m.strip()],
                              seen=self.seen.toPlainText(), findings=self.findings.toPlainText(),
                              campaign_id=self.campaign_id)

            def save(visit: VisitInput) -> None:
                self.visit_id = fieldwork.save_visit(self.ws, visit, self.visit_id)

            if conflict_dialog.save_choosing(self, VISIT, self.opened, data, save) is None:
                return  # back to editing: nothing saved
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
