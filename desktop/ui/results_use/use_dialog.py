"""A results-use record (结果运用) typed in or changed: type, cadre or unit (班子调整), date,
what was done, training or care type, follow-up state and note, and the facts it rests on,
picked from the cadre's (or unit's) citable facts as a conclusion cites them.

Keyboard: Tab through the fields; in 依据的事实 type to filter and Enter adds the fact; Delete
in the chosen list removes one; Ctrl+Enter saves. A refusal is shown and the dialog stays open.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.models.results_use import USE_KINDS, USE_STATES
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.judgement.citations import Fact
from desktop.services.results_use import queries, records
from desktop.services.results_use.queries import UseDetail
from desktop.services.results_use.records import SUBTYPES, TEAM, USE, UseInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common.conflict_dialog import save_choosing
from desktop.ui.common.messages import show_error, tell
from desktop.ui.judgement.fact_picker import FactPicker
from desktop.ui.results.problem_dialogs import save_buttons
from desktop.ui.widgets.cadre_picker import CadrePicker
from desktop.ui.widgets.text_box import TextBox

REF_ROLE = Qt.ItemDataRole.UserRole + 1


class UseDialog(QDialog):
    def __init__(self, ws: Workspace, detail: UseDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.detail = detail
        self.saved_id: int | None = None
        self.setWindowTitle(f"修改结果运用记录 — 第 {detail.row.id} 号" if detail else "新增结果运用记录")
        self.resize(900, 620)
        row = detail.row if detail else None
        # The record as it was read, at its row version: a save over another clerk's later save
        # shows both versions side by side (services/record_versions.py).
        self.opened = None if row is None or detail is None else UseInput(
            row.kind, row.date, row.title, row.cadre_id, row.unit_id, row.detail, row.subtype, row.state,
            row.follow_up, detail.refs, row.version)
        self.kind = QComboBox()
        for key, label in USE_KINDS.items():
            self.kind.addItem(label, key)
        self.cadre = CadrePicker(ws)
        self.unit = QComboBox()
        self.unit.setEditable(False)
        for label, (uid, _name) in campaign_queries.unit_choices(ws).items():
            self.unit.addItem(label, uid)
        self.date = date_edit(row.date if row else dt.date.today(), "日期")
        self.title = QLineEdit(row.title if row else "")
        self.title.setPlaceholderText("如：拟提拔为区发改局局长；列入2026年度优秀年轻干部名单")
        self.subtype = QComboBox()
        self.detail_box = TextBox(placeholder="具体情况（可不填）")
        self.detail_box.setMaximumHeight(80)
        self.state = QComboBox()
        self.state.addItems(list(USE_STATES))
        self.follow_up = QLineEdit(row.follow_up if row else "")
        self.follow_up.setPlaceholderText("跟进情况（可不填）")
        self.picker = FactPicker("依据的事实(&S)：")
        self.picker.fact_chosen.connect(self.add_evidence)
        self.chosen = QListWidget()
        self.chosen.installEventFilter(self)
        self.chosen.setToolTip("Delete 键移除选中的事实")

        form = QFormLayout()
        form.addRow("类型(&K)：", self.kind)
        self.cadre_label = QLabel("干部(&C)：")
        self.cadre_label.setBuddy(self.cadre)
        form.addRow(self.cadre_label, self.cadre)
        self.unit_label = QLabel("班子所在单位(&U)：")
        self.unit_label.setBuddy(self.unit)
        form.addRow(self.unit_label, self.unit)
        form.addRow("日期(&D)：", self.date)
        form.addRow("事项(&T)：", self.title)
        form.addRow("细分类型(&L)：", self.subtype)
        form.addRow("具体情况(&W)：", self.detail_box)
        form.addRow("办理状态(&Z)：", self.state)
        form.addRow("跟进情况(&G)：", self.follow_up)
        evidence = QVBoxLayout()
        evidence.addWidget(self.picker, 3)
        chosen_label = QLabel("已选依据(&Y)：")
        chosen_label.setBuddy(self.chosen)
        evidence.addWidget(chosen_label)
        evidence.addWidget(self.chosen, 1)
        body = QHBoxLayout()
        body.addLayout(form, 1)
        body.addLayout(evidence, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(QLabel("Tab 换到下一项；依据的事实中输入关键词筛选，回车加入；Ctrl+Enter 保存。"))
        layout.addWidget(save_buttons(self))

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.cadre.cadre_chosen.connect(lambda *_: self._load_facts())
        self.unit.currentIndexChanged.connect(lambda *_: self._load_facts())
        if detail is not None and row is not None:
            self.kind.setCurrentIndex(self.kind.findData(row.kind))
            if row.cadre_id is not None:
                self.cadre.choose(row.cadre_id, row.subject)
            if row.unit_id is not None:
                self.unit.setCurrentIndex(max(0, self.unit.findData(row.unit_id)))
            self.detail_box.setPlainText(row.detail)
            self.state.setCurrentText(row.state)
        self._kind_changed()
        if row is not None:
            self.subtype.setCurrentText(row.subtype)
        if detail is not None:
            for fact in detail.evidence:
                if fact is not None:
                    self.add_evidence(fact)
        self.kind.setFocus()

    def _kind_changed(self) -> None:
        key = self.kind.currentData()
        team = key == TEAM
        for shown in (self.cadre, self.cadre_label):
            shown.setVisible(not team)
        for other in (self.unit, self.unit_label):
            other.setVisible(team)
        self.subtype.clear()
        self.subtype.addItems(list(SUBTYPES.get(key, ())))
        self.subtype.setEnabled(key in SUBTYPES)
        self._load_facts()

    def _subject(self) -> tuple[int | None, int | None]:
        if self.kind.currentData() == TEAM:
            unit_id: int | None = self.unit.currentData()
            return None, unit_id
        return self.cadre.cadre_id, None

    def _load_facts(self) -> None:
        cadre_id, unit_id = self._subject()
        facts = queries.citable_facts(self.ws, cadre_id, unit_id) if (cadre_id or unit_id) else []
        self.picker.set_facts(facts)

    def refs(self) -> list[tuple[str, int]]:
        return [self.chosen.item(i).data(REF_ROLE) for i in range(self.chosen.count())]

    def add_evidence(self, fact: Fact) -> None:
        ref = (fact.kind, fact.ref_id)
        if ref in self.refs():
            return
        item = QListWidgetItem(fact.label)
        item.setData(REF_ROLE, ref)
        item.setToolTip(fact.note)
        self.chosen.addItem(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.chosen and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Delete:
            self.chosen.takeItem(self.chosen.currentRow())
            return True
        return super().eventFilter(watched, event)

    def data(self) -> UseInput:
        cadre_id, unit_id = self._subject()
        day = date_of(self.date)
        if day is None:
            raise FrontlineError("日期：必填")
        return UseInput(self.kind.currentData(), day, self.title.text(), cadre_id=cadre_id, unit_id=unit_id,
                        detail=self.detail_box.toPlainText(), subtype=self.subtype.currentText(),
                        state=self.state.currentText(), follow_up=self.follow_up.text(), evidence=tuple(self.refs()))

    def accept(self) -> None:
        try:
            data = self.data()
            if self.detail is None:
                self.saved_id = records.create(self.ws, data)
            else:
                row_id = self.detail.row.id
                saved = save_choosing(self, USE, self.opened, data,
                                      lambda d: records.update(self.ws, row_id, d))
                if saved is None:
                    return  # back to editing: nothing saved
                data, self.saved_id = saved, row_id
        except Exception as exc:
            show_error(self, exc, self.windowTitle())
            return
        said = f"已保存结果运用记录第 {self.saved_id} 号（依据的事实 {len(data.evidence)} 条）"
        tell(self.parentWidget() or self, said)
        super().accept()
