"""测评票: a campaign's batches of paper ballots; create a batch, open one to key its ballots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.evaluation import evaluation, queries, sheets
from desktop.services.evaluation.evaluation import BatchRow
from desktop.services.workspace import Workspace
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.evaluation.ballot_entry import BallotEntryDialog
from desktop.ui.evaluation.sheet_plan import published_templates
from desktop.ui.widgets.code_combo import CodeCombo

UNFINISHED_BRUSH = QBrush(QColor("#fff8e1"))
BALLOT_KINDS = ("民主测评", "年度考核")


class BatchDialog(QDialog):
    """新建测评票批次: which template, whom it rates, which raters, how many ballots were issued."""

    def __init__(self, ws: Workspace, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.batch_id = 0
        self.setWindowTitle("新建测评票批次")
        self.cadres = {c.label: c.id for c in queries.campaign_cadres(ws, campaign_id)}
        self.template = QComboBox()
        choices = published_templates(ws)
        kinds = []
        for tid, label, kind in choices:
            if kind in BALLOT_KINDS:
                self.template.addItem(label, tid)
                kinds.append(kind)
        # Paper ballots are mostly the 德能勤绩廉 democratic evaluation.
        self.template.setCurrentIndex(kinds.index(BALLOT_KINDS[0]) if BALLOT_KINDS[0] in kinds else 0)
        self.cadre = CodeCombo(list(self.cadres))
        self.cadre.lineEdit().setPlaceholderText("输入姓名或拼音首字母")
        self.category = QComboBox()
        self.category.addItems(list(RATER_CATEGORIES))
        self.category.setCurrentText("下级")
        self.issued = QSpinBox()
        self.issued.setRange(1, 100000)
        self.issued.setValue(30)
        self.issued.setSuffix(" 张")
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：第一党支部 2025年12月5日测评会")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        form = QFormLayout()
        form.addRow("测评表(&T)：", self.template)
        form.addRow("被测评干部(&C)：", self.cadre)
        form.addRow("测评人类别(&R)：", self.category)
        form.addRow("发出票数(&N)：", self.issued)
        form.addRow("说明(&D)：", self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建并开始录入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 260)
        self.cadre.setFocus()

    def accept(self) -> None:
        cadre_id = self.cadres.get(self.cadre.value())
        if cadre_id is None:
            self.error.setText("请从本次考核的被考核干部中选择被测评人。")
            self.cadre.setFocus()
            return
        if self.template.currentData() is None:
            self.error.setText("没有已发布的民主测评表模板。")
            return
        try:
            self.batch_id = sheets.create_batch(self.ws, int(self.template.currentData()), cadre_id,
                                                self.category.currentText(), self.issued.value(),
                                                self.campaign_id, self.title.text())
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()


class BallotsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = 0
        self.closed = False
        self.model = RowsModel([("cadre", "被测评人"), ("template", "测评表"), ("category", "测评人类别"),
                                ("issued", "发出"), ("entered", "已录入"), ("state", "录入情况"), ("title", "说明")],
                               lambda r: UNFINISHED_BRUSH if r.entered < r.issued else None, self)
        self.view = make_table(self.model)
        for col, width in enumerate((110, 260, 90, 60, 60, 90)):
            self.view.setColumnWidth(col, width)
        self.view.activated.connect(lambda _i: self.enter_current())
        self.enter_button = QPushButton("录入(&E)")
        self.enter_button.setToolTip("录入选中批次的测评票（Enter）")
        self.enter_button.clicked.connect(self.enter_current)
        self.new_button = QPushButton("新建批次(&N)…")
        self.new_button.setToolTip("Insert")
        self.new_button.clicked.connect(self.new_batch)
        self.delete_button = QPushButton("删除批次(&X)")
        self.delete_button.setToolTip("只能删除尚未录入测评票的批次（Delete）")
        self.delete_button.clicked.connect(self.delete_current)
        self.summary = QLabel()
        top = QHBoxLayout()
        for w in (self.enter_button, self.new_button, self.delete_button):
            top.addWidget(w)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        for keys, slot in ((Qt.Key.Key_Insert, self.new_batch), (Qt.Key.Key_Delete, self.delete_current)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)

    def set_campaign(self, campaign_id: int, closed: bool) -> None:
        self.campaign_id, self.closed = campaign_id, closed
        self.new_button.setEnabled(bool(campaign_id) and not closed)
        self.delete_button.setEnabled(bool(campaign_id) and not closed)
        self.enter_button.setText("查看(&E)" if closed else "录入(&E)")
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        rows: list[BatchRow] = []
        if self.campaign_id:
            rows = queries.batch_rows(self.ws, self.campaign_id)
        self.model.set_rows(rows)
        entered, issued = sum(r.entered for r in rows), sum(r.issued for r in rows)
        self.summary.setText(f"共 {len(rows)} 批，发出 {issued} 张，已录入 {entered} 张。" if rows
                             else "本次考核还没有测评票批次。点“新建批次”登记发出的测评票，然后逐张录入。")
        if not self.campaign_id:
            self.summary.setText("没有可用的一线考核。")
        self.enter_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows) and not self.closed)
        wanted = select_id if select_id is not None else (current.id if current else None)
        ids = [r.id for r in rows]
        if rows:
            self.view.selectRow(ids.index(wanted) if wanted in ids else 0)

    def current(self) -> BatchRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def open_batch(self, batch_id: int) -> None:
        try:
            dialog = BallotEntryDialog(self.ws, batch_id, self)
        except Exception as exc:
            show_error(self, exc)
            return
        dialog.exec()
        self.reload(batch_id)
        self.view.setFocus()

    def enter_current(self) -> None:
        row = self.current()
        if row is not None:
            self.open_batch(row.id)

    def new_batch(self) -> None:
        if not self.campaign_id or self.closed:
            return
        dialog = BatchDialog(self.ws, self.campaign_id, self)
        if dialog.exec() and dialog.batch_id:
            self.reload(dialog.batch_id)
            self.open_batch(dialog.batch_id)

    def delete_current(self) -> None:
        row = self.current()
        if row is None or self.closed:
            return
        question = f"删除{row.cadre}的这批测评票（{row.category}，发出 {row.issued} 张）？"
        if QMessageBox.question(self, "删除批次", question) != QMessageBox.StandardButton.Yes:
            return
        try:
            evaluation.delete_batch(self.ws, row.id)
        except Exception as exc:
            show_error(self, exc)
        self.reload()
