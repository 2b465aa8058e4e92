"""测评表: a campaign's sheets (complete or pending), to plan, open and fill."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop.models.search_keys import is_pinyin_query, name_keys, normalize_query
from desktop.services.evaluation import queries, sheets
from desktop.services.evaluation.sheets import SheetRow
from desktop.services.workspace import Workspace
from desktop.ui.common.busy import busy
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.evaluation.sheet_fill import SheetFillDialog
from desktop.ui.evaluation.sheet_plan import PlanDialog

PENDING_BRUSH = QBrush(QColor("#fff8e1"))
STATES = ("全部", "待填写", "已完成")


def _matches(row: SheetRow, query: str) -> bool:
    if not query:
        return True
    if query in row.cadre or query in row.rater:
        return True
    if not is_pinyin_query(query):
        return False
    return any(k.startswith(query) for part in name_keys(row.cadre) for k in part.split())


class SheetsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = 0
        self.closed = False
        self.all_rows: list[SheetRow] = []
        self.model = RowsModel([("cadre", "被测评人"), ("category", "测评人类别"), ("rater", "测评人"),
                                ("state", "状态"), ("score", "得分"), ("template", "测评表")],
                               lambda r: PENDING_BRUSH if r.status != "complete" else None, self)
        self.view = make_table(self.model)
        for col, width in enumerate((110, 90, 130, 70, 70)):
            self.view.setColumnWidth(col, width)
        self.view.activated.connect(lambda _i: self.fill_current())
        self.state = QComboBox()
        self.state.addItems(list(STATES))
        self.state.currentIndexChanged.connect(lambda _i: self._show())
        self.search = QLineEdit()
        self.search.setPlaceholderText("按姓名或拼音首字母筛选")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._show())
        self.fill_button = QPushButton("填写(&W)")
        self.fill_button.setToolTip("填写选中的测评表（Enter）")
        self.fill_button.clicked.connect(self.fill_current)
        self.plan_button = QPushButton("安排测评(&P)…")
        self.plan_button.setToolTip("为被考核干部按测评人类别生成待填写的测评表")
        self.plan_button.clicked.connect(self.plan)
        self.delete_button = QPushButton("删除(&X)")
        self.delete_button.setToolTip("删除选中的测评表（Delete）")
        self.delete_button.clicked.connect(self.delete_current)
        self.summary = QLabel()
        top = QHBoxLayout()
        for w in (self.fill_button, self.plan_button, self.delete_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(QLabel("状态："))
        top.addWidget(self.state)
        top.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        delete = QAction(self)
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_current)
        self.view.addAction(delete)

    def set_campaign(self, campaign_id: int, closed: bool) -> None:
        self.campaign_id, self.closed = campaign_id, closed
        self.plan_button.setEnabled(bool(campaign_id) and not closed)
        self.delete_button.setEnabled(bool(campaign_id) and not closed)
        self.fill_button.setText("查看(&W)" if closed else "填写(&W)")
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        if self.campaign_id:
            with busy():
                self.all_rows = queries.sheet_rows(self.ws, self.campaign_id)
        else:
            self.all_rows = []
        self._show(select_id if select_id is not None else (current.id if current else None))

    def _show(self, select_id: int | None = None) -> None:
        state = self.state.currentText()
        query = normalize_query(self.search.text())
        rows = [r for r in self.all_rows if state in ("全部", r.state) and _matches(r, query)]
        self.model.set_rows(rows)
        done = sum(1 for r in self.all_rows if r.status == "complete")
        pending = len(self.all_rows) - done
        self.summary.setText(f"共 {len(self.all_rows)} 张：已完成 {done} 张，待填写 {pending} 张。"
                             + (f"　当前显示 {len(rows)} 张。" if len(rows) != len(self.all_rows) else "")
                             if self.all_rows else "本次考核还没有测评表。点“安排测评”按测评人类别生成。")
        if not self.campaign_id:
            self.summary.setText("没有可用的一线考核。")
        self.fill_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows) and not self.closed)
        ids = [r.id for r in rows]
        if rows:
            self.view.selectRow(ids.index(select_id) if select_id in ids else 0)

    def current(self) -> SheetRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def fill_current(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            dialog = SheetFillDialog(self.ws, row.id, self)
        except Exception as exc:
            show_error(self, exc)
            return
        saved = dialog.exec() and dialog.saved
        self.reload(row.id)
        if saved:
            self._select_next_pending(row.id)
        self.view.setFocus()

    def _select_next_pending(self, after_id: int) -> None:
        """After saving, the next sheet to fill is ready under the cursor."""
        ids = [r.id for r in self.model.rows]
        start = ids.index(after_id) + 1 if after_id in ids else 0
        for n in list(range(start, len(ids))) + list(range(0, start)):
            if self.model.rows[n].status != "complete":
                self.view.selectRow(n)
                return

    def plan(self) -> None:
        if not self.campaign_id:
            return
        current = self.current()
        dialog = PlanDialog(self.ws, self.campaign_id, None, self)
        if dialog.exec():
            self.reload(current.id if current else None)
            self.summary.setText(f"已生成 {dialog.added} 张待填写的测评表。　" + self.summary.text())
        self.view.setFocus()  # the sheets to fill are under the cursor: Enter opens one

    def delete_current(self) -> None:
        row = self.current()
        if row is None or self.closed:
            return
        what = f"{row.cadre}的测评表（{row.category}：{row.rater or '未具名'}）"
        extra = "其中已填写的评价将一并删除。" if row.status == "complete" else ""
        if QMessageBox.question(self, "删除测评表", f"删除{what}？{extra}") != QMessageBox.StandardButton.Yes:
            return
        try:
            sheets.delete_sheet(self.ws, row.id)
        except Exception as exc:
            show_error(self, exc)
        self.reload()
