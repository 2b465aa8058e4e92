"""工作台账: higher-level instructions and central tasks, broken into items that campaigns
assess. The item grid is small and edited in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.dates import DateFormatError, PartialDate
from desktop.services.campaigns import directives, queries
from desktop.services.campaigns.directives import DIRECTIVE, DirectiveInput, ItemInput
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common import conflict_dialog
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.text_box import TextBox


class DirectivesPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.current: int | None = None
        self.model = ListModel([("title", "标题"), ("source", "来源"), ("issued_on", "日期"), ("items", "事项"),
                                ("campaigns", "关联考核")], self)
        self.view = make_table(self.model)
        self.view.setColumnWidth(0, 300)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur.row()))
        new = QPushButton("新建台账(&N)")
        new.clicked.connect(self.new)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(new)
        lv.addWidget(self.view)

        self.title = QLineEdit()
        self.source = QLineEdit()
        self.source.setPlaceholderText("上级批示、会议部署、中心工作……")
        self.issued_by = QLineEdit()
        self.issued_on = date_edit(None, "印发日期")
        self.doc_no = QLineEdit()
        self.content = TextBox()
        self.content.setMaximumHeight(110)
        self.items = QTableWidget(0, 3)
        self.items.setHorizontalHeaderLabels(["分解事项", "完成时限（如 2026.09）", "责任单位"])
        self.items.setColumnWidth(0, 320)
        self.items.horizontalHeader().setStretchLastSection(True)
        add = QPushButton("添加事项(&A)")
        add.clicked.connect(self.add_item)
        remove = QPushButton("删除事项")
        remove.clicked.connect(lambda: self.items.removeRow(self.items.currentRow()))
        save = QPushButton("保存(&S)")
        save.clicked.connect(self.save)
        delete = QPushButton("删除台账")
        delete.clicked.connect(self.delete)
        self.linked = QLabel()
        self.linked.setWordWrap(True)
        form = QFormLayout()
        form.addRow("标题(&I)：", self.title)
        form.addRow("来源：", self.source)
        form.addRow("印发机关：", self.issued_by)
        form.addRow("日期：", self.issued_on)
        form.addRow("文号：", self.doc_no)
        form.addRow("内容摘要：", self.content)
        buttons = QHBoxLayout()
        for b in (add, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(delete)
        buttons.addWidget(save)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addLayout(form)
        rv.addWidget(QLabel("分解事项："))
        rv.addWidget(self.items, 1)
        rv.addWidget(self.linked)
        rv.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        save_action = QAction(self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)
        self.reload()
        self.new()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def reload(self) -> None:
        self.model.set_rows(queries.directive_rows(self.ws))

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("directive", "directive_item", "campaign"):
            self.reload()

    def _item_row(self, item: ItemInput) -> None:
        r = self.items.rowCount()
        self.items.insertRow(r)
        cell = QTableWidgetItem(item.text)
        cell.setData(Qt.ItemDataRole.UserRole, item.id)
        self.items.setItem(r, 0, cell)
        self.items.setItem(r, 1, QTableWidgetItem(item.deadline.dotted() if item.deadline else ""))
        self.items.setItem(r, 2, QTableWidgetItem(item.responsible))
        self.items.setCurrentCell(r, 0)

    def add_item(self) -> None:
        """A new item row with the cursor in it: typing goes straight into the text."""
        self._item_row(ItemInput(""))
        self.items.setFocus()
        self.items.editItem(self.items.item(self.items.rowCount() - 1, 0))

    def new(self) -> None:
        self.current = None
        self.opened: DirectiveInput | None = None
        for w in (self.title, self.source, self.issued_by, self.doc_no):
            w.clear()
        self.issued_on.set_date(None)
        self.content.clear()
        self.items.setRowCount(0)
        self.linked.setText("")
        self.title.setFocus()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        detail = queries.directive_for_editing(self.ws, self.model.rows[row].id)
        d = detail.data
        self.current = detail.id
        self.opened = d  # with its row version: another clerk's later save is shown, not overwritten
        self.title.setText(d.title)
        self.source.setText(d.source)
        self.issued_by.setText(d.issued_by)
        self.issued_on.set_date(d.issued_on)
        self.doc_no.setText(d.doc_no)
        self.content.setPlainText(d.content)
        self.items.setRowCount(0)
        for item in d.items:
            self._item_row(item)
        used = detail.linked_campaigns
        self.linked.setText(f"关联的一线考核：{'、'.join(used)}" if used else "尚未关联一线考核。")

    def _items(self) -> list[ItemInput]:
        out = []
        for r in range(self.items.rowCount()):
            text = (self.items.item(r, 0).text() if self.items.item(r, 0) else "").strip()
            if not text:
                continue
            raw = self.items.item(r, 1).text() if self.items.item(r, 1) else ""
            try:
                when = PartialDate.parse_optional(raw)
            except DateFormatError as exc:
                raise ValueError(f"第{r + 1}项的完成时限：{exc}") from None
            out.append(ItemInput(text, when,
                                 self.items.item(r, 2).text() if self.items.item(r, 2) else "",
                                 self.items.item(r, 0).data(Qt.ItemDataRole.UserRole)))
        return out

    def save(self) -> None:
        try:
            data = DirectiveInput(self.title.text(), self.source.text(), self.issued_by.text(),
                                  date_of(self.issued_on), self.doc_no.text(), self.content.toPlainText(),
                                  self._items())
            if self.current is None or self.opened is None:
                self.current = directives.save(self.ws, data, self.current)
            else:
                current = self.current
                if conflict_dialog.save_choosing(self, DIRECTIVE, self.opened, data,
                                                 lambda d: directives.save(self.ws, d, current)) is None:
                    return  # back to editing: nothing saved
            self._show_saved(self.current)
        except ValueError as exc:
            QMessageBox.warning(self, "工作台账", str(exc))
        except Exception as exc:
            show_error(self, exc)

    def _show_saved(self, directive_id: int) -> None:
        """The directive as stored now (what another clerk kept in a merge too), at its new version."""
        row = next((i for i, r in enumerate(self.model.rows) if r.id == directive_id), None)
        if row is None:
            self.reload()
            row = next((i for i, r in enumerate(self.model.rows) if r.id == directive_id), None)
        if row is not None:
            self._show(row)

    def delete(self) -> None:
        if self.current is None:
            return
        if QMessageBox.question(self, "删除台账", f"删除“{self.title.text()}”？") == QMessageBox.StandardButton.Yes:
            try:
                directives.delete(self.ws, self.current)
                self.new()
            except Exception as exc:
                show_error(self, exc)
