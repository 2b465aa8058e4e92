"""Two read-mostly tabs of the cadre file: attachments and the change history."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cadres import attachments, queries
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error


class AttachmentsPanel(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.cadre_id: int | None = None
        self.model = ListModel([("filename", "文件名"), ("size", "大小"), ("added_at", "添加时间"), ("note", "备注")],
                               self)
        self.view = make_table(self.model)
        self.view.setColumnWidth(0, 280)
        self.view.doubleClicked.connect(lambda _i: self.preview())
        self.hint = QLabel("保存档案后才能添加附件。")
        buttons = QHBoxLayout()
        self.buttons = []
        for text, slot in (("添加文件(&A)…", self.add), ("预览(&P)", self.preview),
                           ("另存为(&C)…", self.save_copy), ("删除(&X)", self.remove)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons.append(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.set_cadre(None)

    def set_cadre(self, cadre_id: int | None) -> None:
        self.cadre_id = cadre_id
        self.hint.setVisible(cadre_id is None)
        for b in self.buttons:
            b.setEnabled(cadre_id is not None)
        self.reload()

    def reload(self) -> None:
        if self.cadre_id is None:
            self.model.set_rows([])
            return
        self.model.set_rows(queries.attachment_rows(self.ws, self.cadre_id))

    def _current(self) -> attachments.AttachmentInfo | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def add(self) -> None:
        if self.cadre_id is None:
            return
        paths = file_dialogs.open_files(self, "添加附件", purpose="attachments")
        try:
            for path in paths:
                attachments.add_file(self.ws, self.cadre_id, path)
        except Exception as exc:
            show_error(self, exc)
        self.reload()

    def preview(self) -> None:
        item = self._current()
        if item is None:
            return
        try:
            found = queries.attachment_content(self.ws, item.id)
        except Exception as exc:
            show_error(self, exc)
            return
        if found.mime.startswith("image/"):
            PreviewDialog.image(found.filename, found.data, self).exec()
        elif found.mime == "application/pdf":
            PreviewDialog.pdf(found.filename, found.data, self).exec()
        else:
            QMessageBox.information(self, "预览", f"无法在程序内预览 {found.filename}，请“另存为”后用相应程序打开。")

    def save_copy(self) -> None:
        item = self._current()
        if item is None:
            return
        # The stored name is offered made safe: a name such as "/home/x/.bashrc" or
        # "../../x.bat" from a field-laptop package would otherwise pick the folder too.
        target = file_dialogs.save_file(self, "附件另存为", item.save_name, purpose="attachments")
        if target:
            try:
                attachments.save_copy(self.ws, item.id, target)
            except Exception as exc:
                show_error(self, exc)

    def remove(self) -> None:
        item = self._current()
        if item is None:
            return
        if QMessageBox.question(self, "删除附件", f"删除附件“{item.filename}”？") == QMessageBox.StandardButton.Yes:
            attachments.remove(self.ws, item.id)
            self.reload()


class PreviewDialog(QDialog):
    @classmethod
    def image(cls, name: str, data: bytes, parent: QWidget | None) -> PreviewDialog:
        dialog = cls(name, parent)
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(data))
        label = QLabel()
        label.setPixmap(pixmap)
        area = QScrollArea()
        area.setWidget(label)
        dialog.layout().addWidget(area)
        return dialog

    @classmethod
    def pdf(cls, name: str, data: bytes, parent: QWidget | None) -> PreviewDialog:
        dialog = cls(name, parent)
        # The PDF is read from memory: decrypted attachments never touch the disk.
        dialog.buffer = QBuffer(dialog)
        dialog.buffer.setData(QByteArray(data))
        dialog.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        dialog.document = QPdfDocument(dialog)
        dialog.document.load(dialog.buffer)
        view = QPdfView()
        view.setDocument(dialog.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        dialog.layout().addWidget(view)
        return dialog

    def __init__(self, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"预览 — {name}")
        self.resize(800, 900)
        QVBoxLayout(self)


class HistoryPanel(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ListModel([("at", "时间"), ("actor", "操作人"), ("action", "操作"), ("what", "项目"),
                                ("detail", "内容")], self)
        self.view = make_table(self.model)
        for i, w in enumerate((150, 80, 90, 90)):
            self.view.setColumnWidth(i, w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)

    def load(self, cadre_id: int | None) -> None:
        if cadre_id is None:
            self.model.set_rows([])
            return
        self.model.set_rows(queries.history_rows(self.ws, cadre_id))
