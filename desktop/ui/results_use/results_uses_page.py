"""结果运用: the records per type with their follow-up state and the facts they rest on, and
the share of newly promoted cadres with front-line records, with the people behind it.

Keyboard: Alt+K type, Alt+Z state; Alt+A new, Alt+E (or Enter in the table) change, Delete
removes; Alt+X exports; Alt+Q/Alt+O the figure's period (Enter recomputes).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.results_use import USE_KINDS, USE_STATES
from desktop.services import permissions
from desktop.services.operations import Changes
from desktop.services.results_use import queries, records
from desktop.services.results_use.queries import UseRow
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common import file_dialogs, messages
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.results_use.use_dialog import UseDialog

ALL = "全部"
USE_COLUMNS = [("id", "编号"), ("kind_label", "类型"), ("subject", "对象"), ("date", "日期"), ("title", "事项"),
               ("subtype", "细分"), ("state", "办理状态"), ("follow_up", "跟进情况"), ("evidence", "依据（条）")]
PEOPLE_COLUMNS = [("name", "姓名"), ("kind", "类型"), ("date", "日期"), ("title", "事项"),
                  ("front_line_text", "有一线记录"), ("basis", "一线记录")]


class ResultUsesPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        may = permissions.allowed
        self.kind = QComboBox()
        self.kind.addItem(ALL, None)
        for key, label in USE_KINDS.items():
            self.kind.addItem(label, key)
        self.state = QComboBox()
        self.state.addItems([ALL, *USE_STATES])
        for combo in (self.kind, self.state):
            combo.currentIndexChanged.connect(self.reload)
        self.add_button = QPushButton("新增(&A)…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("修改(&E)…")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(self.delete)
        self.export_button = QPushButton("导出(&X)…")
        self.export_button.clicked.connect(self.export)
        # Hidden when not allowed; never setVisible(True) before the buttons have a parent: each
        # would be a window of its own for a moment and take the activation (the keyboard) from
        # the main window, which builds this section on first visit.
        for button, action in ((self.add_button, "result_use.create"), (self.edit_button, "result_use.update"),
                               (self.delete_button, "result_use.delete"), (self.export_button, "export.result_uses")):
            if not may(ws.actor.role, action):
                button.hide()
        top = QHBoxLayout()
        for caption, combo in (("类型(&K)：", self.kind), ("办理状态(&Z)：", self.state)):
            buddy = QLabel(caption)
            buddy.setBuddy(combo)
            top.addWidget(buddy)
            top.addWidget(combo)
        top.addStretch(1)
        for b in (self.add_button, self.edit_button, self.delete_button, self.export_button):
            top.addWidget(b)
        self.model = ListModel(USE_COLUMNS, self)
        self.view = make_table(self.model)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda *_: self.edit())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_evidence())
        for i, w in enumerate((50, 110, 110, 90, 260, 70, 70, 200)):
            self.view.setColumnWidth(i, w)
        self.summary = QLabel()
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        year = dt.date.today().year
        self.start = date_edit(dt.date(year, 1, 1), "起始日期")
        self.end = date_edit(dt.date(year, 12, 31), "截止日期")
        for d in (self.start, self.end):
            d.editingFinished.connect(self.reload_figure)
        self.figure = QLabel()
        self.figure.setWordWrap(True)
        self.people_model = ListModel(PEOPLE_COLUMNS, self)
        self.people = make_table(self.people_model)
        for i, w in enumerate((80, 80, 90, 240, 80)):
            self.people.setColumnWidth(i, w)
        period = QHBoxLayout()
        for caption, edit in (("期间(&Q)：", self.start), ("至(&O)：", self.end)):
            buddy = QLabel(caption)
            buddy.setBuddy(edit)
            period.addWidget(buddy)
            period.addWidget(edit)
        period.addStretch(1)
        box = QGroupBox("新提拔（含晋升职级、已落实）干部中有一线记录的比例")
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(period)
        box_layout.addWidget(self.figure)
        box_layout.addWidget(self.people)
        box.setToolTip("一线记录：提拔或晋升职级之日前参加过一线考核、有仍有效的“一线考核”来源积分，或有一线考核中的谈话记录")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.evidence)
        layout.addWidget(box, 2)
        bridge_for(ws).workspace_did_change.connect(self._apply_changes)
        self.reload()
        self.reload_figure()

    # --- lists ---------------------------------------------------------------------------

    def reload(self) -> None:
        state = self.state.currentText()
        rows = queries.uses(self.ws, kind=self.kind.currentData(), state=None if state == ALL else state)
        self.model.set_rows(rows)
        counts = "，".join(f"{s} {sum(r.state == s for r in rows)}" for s in USE_STATES)
        self.summary.setText(f"共 {len(rows)} 条：{counts}")
        self._show_evidence()

    def current(self) -> UseRow | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _show_evidence(self) -> None:
        row = self.current()
        if row is None:
            self.evidence.setText("")
            return
        detail = queries.use(self.ws, row.id)
        lines = [f"[{n}] " + (f.label if f is not None else "所引用的记录已不存在")
                 for n, f in enumerate(detail.evidence, start=1)]
        self.evidence.setText("依据的事实：" + ("\n".join(lines) if lines else "未引用"))

    def reload_figure(self) -> None:
        try:
            start, end = date_of(self.start), date_of(self.end)
            if start is None or end is None:
                self.figure.setText("请填写期间的起止日期。")
                return
            figure = queries.promotion_share(self.ws, start, end)
        except Exception as exc:
            self.figure.setText(messages.describe(exc))
            return
        self.figure.setText(figure.sentence())
        self.people_model.set_rows(figure.people)

    # --- changes -------------------------------------------------------------------------

    def add(self) -> None:
        if not self.add_button.isVisible():
            return
        dialog = UseDialog(self.ws, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def edit(self) -> None:
        row = self.current()
        if row is None or not self.edit_button.isVisible():
            return
        dialog = UseDialog(self.ws, queries.use(self.ws, row.id), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def delete(self) -> None:
        row = self.current()
        if row is None or not self.delete_button.isVisible():
            return
        if messages.choose(self, "删除结果运用记录", f"删除第 {row.id} 号记录“{row.title}”？", ["删除"]) != "删除":
            return
        try:
            records.delete_use(self.ws, row.id)
        except Exception as exc:
            messages.show_error(self, exc)
            return
        self.reload()
        messages.tell(self, f"已删除结果运用记录第 {row.id} 号")

    def export(self) -> None:
        path = file_dialogs.save_file(self, "导出结果运用记录", "结果运用记录.xlsx", "Excel 文件 (*.xlsx)",
                                      purpose="result_uses")
        if not path:
            return
        state = self.state.currentText()
        try:
            start, end = date_of(self.start), date_of(self.end)
            period = (start, end) if start and end else None
            from desktop.services.results_use import export  # openpyxl: loaded when exporting

            count = export.export_uses(self.ws, path, kind=self.kind.currentData(),
                                       state=None if state == ALL else state, period=period)
        except Exception as exc:
            messages.show_error(self, exc)
            return
        messages.tell(self, f"已导出结果运用记录 {count} 条到 {path}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete()
                return True
        return super().eventFilter(watched, event)

    def _apply_changes(self, changes: Changes) -> None:
        if changes.touches("result_use", "citation"):
            self.reload()
            self.reload_figure()
