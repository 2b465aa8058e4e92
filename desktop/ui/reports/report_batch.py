"""Batch generation for the selected cadres: one file each into a folder, or one merged PDF.

The work runs on a worker thread that drives a pool of layout processes, so the window keeps
repainting and the Cancel button answers at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.reports import catalog
from desktop.services.reports.reports_batch import BatchCancelled, BatchResult, default_workers, run_batch
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.messages import show_error
from desktop.ui.settings import Settings


def batch_kinds() -> list[catalog.Kind]:
    return [k for k in catalog.KINDS.values() if k.available and catalog.CADRE in k.scopes
            and catalog.FREE not in k.scopes]


class BatchDialog(QDialog):
    """Signals: none; the result is shown in the dialog and the files are where the user chose."""

    def __init__(self, ws: Workspace, cadre_ids: list[int], kind: str = "adform",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.cadre_ids = ws, cadre_ids
        self.task: workers.Task | None = None
        self.result_value: BatchResult | None = None
        self.setWindowTitle("批量生成报表")
        self.kind = QComboBox()
        for k in batch_kinds():
            self.kind.addItem(k.name, k.key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.per_file = QRadioButton("每人一个文件(&E)")
        self.merged = QRadioButton("合并为一个 PDF(&M)")
        self.per_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.per_file)
        group.addButton(self.merged)
        self.format = QComboBox()
        self.target = QLineEdit(str(Settings().value("reports/last_folder", str(Path.home()))))
        browse = QPushButton("浏览(&B)…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(browse)
        self.workers = QSpinBox()
        self.workers.setRange(1, max(1, default_workers() * 2))
        self.workers.setValue(default_workers())
        form = QFormLayout()
        form.addRow("报表(&K)：", self.kind)
        form.addRow("输出：", self.per_file)
        form.addRow("", self.merged)
        form.addRow("格式(&T)：", self.format)
        form.addRow("保存到：", where)
        form.addRow("排版进程数(&W)：", self.workers)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(cadre_ids))
        self.progress.setValue(0)
        self.status = QLabel(f"已选择 {len(cadre_ids)} 名干部")
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("开始生成(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消(&C)", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._update_formats)
        self.merged.toggled.connect(self._update_formats)
        self._update_formats()
        self.start_button.setDefault(True)

    def _update_formats(self) -> None:
        key = self.kind.currentData()
        formats = ["pdf"] if self.merged.isChecked() else list(catalog.KINDS[key].formats)
        self.format.clear()
        for f in formats:
            self.format.addItem(catalog.FORMAT_LABELS[f], f)

    def _browse(self) -> None:
        if self.merged.isChecked():
            chosen = file_dialogs.save_file(self, "合并后的 PDF", self.target.text(), "PDF 文件 (*.pdf)",
                                            purpose="reports")
        else:
            chosen = file_dialogs.choose_folder(self, "保存到文件夹", self.target.text(), purpose="reports")
        if chosen:
            self.target.setText(chosen)

    def _inputs(self, enabled: bool) -> None:
        for w in (self.kind, self.per_file, self.merged, self.format, self.target, self.workers):
            w.setEnabled(enabled)
        self.start_button.setEnabled(enabled)

    def start(self) -> None:
        key = self.kind.currentData()
        fmt = self.format.currentData()
        target = Path(self.target.text().strip())
        merged = self.merged.isChecked()
        if merged and target.suffix.lower() != ".pdf":
            target = target / f"{catalog.KINDS[key].name}（{len(self.cadre_ids)}人）.pdf" if target.is_dir() \
                else target.with_suffix(".pdf")
        Settings().set_value("reports/last_folder", str(target.parent if merged else target))
        count = self.workers.value()
        self._inputs(False)
        self.status.setText("正在准备数据……")

        def work(task: workers.Task) -> BatchResult:
            if merged:
                return run_batch(self.ws, key, self.cadre_ids, merged=target, workers=count,
                                 progress=task.progress, cancelled=task.cancelled)
            return run_batch(self.ws, key, self.cadre_ids, out_dir=target, fmt=fmt, workers=count,
                             progress=task.progress, cancelled=task.cancelled)

        self.task = workers.start(work, on_success=self._done, on_failure=self._failed, on_progress=self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        self.status.setText(f"正在生成：{done}/{total}")

    def _done(self, result: BatchResult) -> None:
        self.task = None
        self.result_value = result
        target = result.merged or (Path(result.files[0].path).parent if result.files else None)
        made = len(self.cadre_ids) - len(result.skipped)
        self.status.setText(f"已生成 {made} 份，共 {result.pages} 页：{target}")
        if result.skipped:
            kind = catalog.KINDS[result.kind]
            self.status.setText(self.status.text() + f"\n另有 {len(result.skipped)} 名干部没有"
                                f"{kind.needs or '所需的记录'}，未生成")
        if result.missing:
            self.status.setText(self.status.text() + f"\n注意：字符“{''.join(sorted(result.missing))}”已印作〓")
        self.cancel_button.setText("关闭(&C)")
        if target is not None:
            opener = self.buttons.addButton("打开文件夹(&O)", QDialogButtonBox.ButtonRole.ActionRole)
            folder = target.parent if target.is_file() else target
            opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._inputs(True)
        if isinstance(exc, BatchCancelled):
            self.status.setText(str(exc))
            return
        self.status.setText("生成失败")
        show_error(self, exc)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("正在取消：等待正在排版的报表完成……")
            return
        self.reject()

    def reject(self) -> None:
        if self.task is not None:
            if QMessageBox.question(self, "批量生成", "正在生成，要取消吗？") == QMessageBox.StandardButton.Yes:
                self.task.cancel()
            return
        super().reject()
