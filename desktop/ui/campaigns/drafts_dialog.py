"""Offered at start-up: talk records that were being typed when the program last stopped."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns import fieldwork
from desktop.services.campaigns.queries import DraftRow
from desktop.services.workspace import Workspace


class DraftsDialog(QDialog):
    """Signals: restore_requested(draft_id)."""

    restore_requested = Signal(int)

    def __init__(self, ws: Workspace, drafts: Sequence[DraftRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("恢复未完成的谈话记录")
        explain = QLabel(f"发现 {len(drafts)} 份未完成的谈话记录（程序上次关闭时它们尚未保存）。"
                         "内容保存在加密数据库中，最多可能缺少最后一两秒的输入。")
        explain.setWordWrap(True)
        self.list = QListWidget()
        for d in drafts:
            item = QListWidgetItem(f"{d.title}　（最后保存于 {d.updated_at.astimezone():%Y-%m-%d %H:%M:%S}）")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.restore())
        restore = QPushButton("恢复(&R)")
        restore.setDefault(True)
        restore.clicked.connect(self.restore)
        discard = QPushButton("丢弃(&D)")
        discard.clicked.connect(self.discard)
        later = QPushButton("稍后处理(&L)")
        later.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (restore, discard, later):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(620, 320)

    def _current(self) -> QListWidgetItem | None:
        return self.list.currentItem()

    def restore(self) -> None:
        item = self._current()
        if item is not None:
            self.restore_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
            self.list.takeItem(self.list.row(item))
        if not self.list.count():
            self.accept()

    def discard(self) -> None:
        item = self._current()
        if item is not None:
            fieldwork.discard_draft(self.ws, int(item.data(Qt.ItemDataRole.UserRole)))
            self.list.takeItem(self.list.row(item))
        if not self.list.count():
            self.accept()
