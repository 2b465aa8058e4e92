"""导入: choose a file or folder, see what would change, save the error report, commit.

Reading and committing run in a worker with progress and cancel. Nothing is written until
导入 is pressed, and then all or nothing. Signals: import_did_commit(result).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.exchange import imports
from desktop.services.exchange.imports import ImportPlan, ImportResult
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.messages import show_error
from desktop.ui.exchange.import_preview_model import PreviewModel

FILE_FILTER = ("可导入的文件 (*.xlsx *.xlsm *.lrmx *.lrm *.zip);;Excel 工作簿 (*.xlsx);;"
               "任免审批表 (*.lrmx *.lrm);;zip 压缩包 (*.zip)")


class ImportDialog(QDialog):
    import_did_commit = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ws = ws
        self.plan: ImportPlan | None = None
        self.task: workers.Task | None = None
        self.setWindowTitle("导入干部信息")
        self.resize(980, 620)

        self.path_edit = QLineEdit(path)
        self.path_edit.setPlaceholderText("Excel 干部名册、年度考核结果、积分记录或民主测评票，"
                                          "任免审批表（.lrmx/.lrm）、文件夹或 zip 压缩包")
        label = QLabel("文件(&F)：")
        label.setBuddy(self.path_edit)
        self.file_button = QPushButton("选择文件(&O)…")
        self.folder_button = QPushButton("选择文件夹(&D)…")
        self.preview_button = QPushButton("预览(&P)")
        top = QHBoxLayout()
        for w in (label, self.path_edit, self.file_button, self.folder_button, self.preview_button):
            top.addWidget(w, 1 if w is self.path_edit else 0)

        self.summary = QLabel("选择文件后按“预览”：先显示将新增、修改和被拒绝的内容，确认后才写入。")
        self.summary.setWordWrap(True)
        # Room for the summary, the notes and the hint without squeezing them together.
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((0, 50), (1, 80), (2, 200)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("取消(&C)")
        self.cancel_button.setVisible(False)
        self.report_button = QPushButton("保存错误报告(&S)…")
        self.report_button.setEnabled(False)
        self.commit_button = QPushButton("导入(&I)")
        self.commit_button.setEnabled(False)
        buttons = QDialogButtonBox()
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.commit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.file_button.clicked.connect(self._choose_file)
        self.folder_button.clicked.connect(self._choose_folder)
        self.preview_button.clicked.connect(self.start_preview)
        self.path_edit.returnPressed.connect(self.start_preview)
        self.report_button.clicked.connect(self._save_report)
        self.commit_button.clicked.connect(self.start_commit)
        self.cancel_button.clicked.connect(self._cancel)
        self.path_edit.setFocus()

    # --- choosing ---------------------------------------------------------------------------

    def _choose_file(self) -> None:
        path = file_dialogs.open_file(self, "选择要导入的文件", self.path_edit.text(), FILE_FILTER, purpose="imports")
        if path:
            self.path_edit.setText(path)
            self.start_preview()

    def _choose_folder(self) -> None:
        path = file_dialogs.choose_folder(self, "选择装有任免审批表的文件夹", self.path_edit.text(), purpose="imports")
        if path:
            self.path_edit.setText(path)
            self.start_preview()

    # --- work -------------------------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self.summary.setText(text)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        for w in (self.preview_button, self.commit_button, self.report_button, self.file_button, self.folder_button):
            w.setEnabled(False)

    def _idle(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        for w in (self.preview_button, self.file_button, self.folder_button):
            w.setEnabled(True)
        self.commit_button.setEnabled(self.plan is not None and self.plan.writable)
        self.report_button.setEnabled(self.plan is not None and bool(self.plan.rejects))

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def start_preview(self) -> None:
        path = self.path_edit.text().strip()
        if not path or self.task is not None:
            return
        self.plan = None
        self.model.set_plan(None)
        self._busy(f"正在读取 {Path(path).name} …")
        ws = self.ws
        self.task = workers.start(
            lambda task: imports.preview(ws, path, progress=task.progress, cancelled=task.cancelled),
            on_success=self._previewed, on_failure=self._failed, on_progress=self._on_progress)

    def _previewed(self, plan: Any) -> None:
        self.plan = plan
        self.model.set_plan(plan)
        text = plan.summary()
        if plan.source.notes:
            text += "\n" + "\n".join(plan.source.notes)
        if plan.rejects:
            text += "\n有被拒绝的内容时不能导入：请保存错误报告，改正文件后重新预览。"
        elif not (plan.adds or plan.updates):
            text += "\n数据库中已是这些内容，没有需要导入的变化。"
        self.summary.setText(text)
        self._idle()
        (self.commit_button if self.commit_button.isEnabled() else self.table).setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc) if not isinstance(exc, Exception) or str(exc) else "操作失败")
        self._idle()
        show_error(self, exc, "导入")

    def start_commit(self) -> None:
        plan = self.plan
        if plan is None or not plan.writable or self.task is not None:
            return
        self._busy("正在写入数据库 …")
        ws = self.ws
        self.task = workers.start(
            lambda task: imports.commit(ws, plan, progress=task.progress, cancelled=task.cancelled),
            on_success=self._committed, on_failure=self._failed, on_progress=self._on_progress)

    def _committed(self, result: ImportResult) -> None:
        self.plan = None
        self._idle()
        self.summary.setText(f"{result.message()}。")
        self.import_did_commit.emit(result)
        QMessageBox.information(self, "导入", self.summary.text())
        self.accept()

    def _save_report(self) -> None:
        if self.plan is None:
            return
        default = str(Path(self.path_edit.text()).with_name(f"{Path(self.path_edit.text()).stem}-错误报告.xlsx"))
        path = file_dialogs.save_file(self, "保存错误报告", default, "Excel 工作簿 (*.xlsx)")
        if path:
            self.save_report(path)

    def save_report(self, path: str) -> None:
        assert self.plan is not None
        try:
            imports.write_error_report(self.ws, self.plan, path)
        except Exception as exc:
            show_error(self, exc, "保存错误报告")
            return
        self.summary.setText(f"{self.summary.text()}\n错误报告已保存到 {path}")

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.done.wait(5)
        super().reject()
