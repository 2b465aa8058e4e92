"""代码表: administrators add codes and retire old ones. Retired codes stay in the records
that use them; they are only no longer offered for new entries."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.codes import CODE_TABLES
from desktop.services.units import codes, queries
from desktop.services.workspace import Workspace
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error


class CodesPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.tables = QListWidget()
        self.tables.addItems(list(CODE_TABLES.values()))
        self.tables.setMaximumWidth(160)
        self.tables.currentRowChanged.connect(lambda _r: self.reload())
        self.model = ListModel([("code", "代码"), ("name", "名称"), ("state", "状态")], self)
        self.view = make_table(self.model)
        add = QPushButton("添加代码(&A)…")
        add.clicked.connect(self.add)
        toggle = QPushButton("停用 / 启用(&Y)")
        toggle.clicked.connect(self.toggle)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(toggle)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(buttons)
        right.addWidget(QLabel("停用的代码不再出现在下拉列表中，已使用它的档案保持不变。"))
        right.addWidget(self.view, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tables)
        layout.addLayout(right, 1)
        self.tables.setCurrentRow(0)

    def table(self) -> str:
        return list(CODE_TABLES)[max(0, self.tables.currentRow())]

    def reload(self) -> None:
        self.model.set_rows(queries.code_items(self.ws, self.table()))

    def add(self) -> None:
        label = CODE_TABLES[self.table()]
        code, ok = QInputDialog.getText(self, f"添加{label}代码", "代码：")
        if not ok:
            return
        name, ok = QInputDialog.getText(self, f"添加{label}代码", "名称：")
        if not ok:
            return
        try:
            codes.add_item(self.ws, self.table(), code, name)
        except Exception as exc:
            show_error(self, exc)
        self.reload()

    def toggle(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        item = self.model.rows[index.row()]
        codes.set_active(self.ws, item.id, not item.active)
        self.reload()
        self.view.selectRow(index.row())
