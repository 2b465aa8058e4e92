"""导入数值: a quarter's indicator values from the xlsx template (workbooks.preview), every value
that would be written listed beside what is recorded now, or every refused cell; then 导入
writes all of them or none (workbooks.commit).

Reading and writing run in a worker (desktop/ui/common/workers.py) with a progress bar and
取消; a file that cannot be read, a template of another rule set or quarter, or any refused
row leaves the database as it was and says why in Chinese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.interchange.errors import Cancelled
from desktop.services.indicators import workbooks
from desktop.services.indicators.workbooks import PlannedValue, ValuesPlan
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel, number
from desktop.ui.results.target_import_dialog import REFUSED, XLSX_FILTER, RefusedCell, refused_cells


def reading_text(value: float | None, target: float | None) -> str:
    """120（目标 100）, 95, or “—” for nothing recorded."""
    if value is None and target is None:
        return "—"
    shown = number(value)
    return f"{shown}（目标 {number(target)}）" if target is not None else shown


def change_text(line: PlannedValue) -> str:
    if not line.changed:
        return "不变"
    return "新增" if line.before.value is None and line.before.target is None else "修改"


class ValueImportDialog(QDialog):
    """Opened with a file already chosen (start_preview reads it); 重新选择… reads another."""

    def __init__(self, ws: Workspace, period: tuple[int, int, int], title: str, subject_label: str, path: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.period = ws, period
        self.plan: ValuesPlan | None = None
        self.task: workers.Task | None = None
        self.closed = False  # a worker reporting after 关闭 is not listened to
        self.written = 0
        self.setWindowTitle(f"导入指标数值 — {title}")
        self.resize(900, 560)
        self.path_edit = QLineEdit(path)
        self.path_edit.setReadOnly(True)
        self.again_button = QPushButton("重新选择(&O)…")
        self.again_button.clicked.connect(self.choose_again)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件："))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.again_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.values_model = RowsModel([("row", "行"), ("subject", subject_label), ("indicator", "指标"),
                                       (lambda r: reading_text(r.before.value, r.before.target), "现有数值"),
                                       (lambda r: reading_text(r.value, r.target), "导入后"),
                                       (change_text, "变化")], parent=self)
        self.refusals_model = RowsModel([("row", "行"), ("column", "列"), ("value", "所填内容"),
                                         ("reason", "不能导入的原因")], brush=lambda _r: REFUSED, parent=self)
        self.model = self.values_model
        self.table = make_table(self.model)
        self.table.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("取消(&C)")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入(&I)", QDialogButtonBox.ButtonRole.AcceptRole)
        close = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- work in the background --------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self.summary.setText(text)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setFocus()
        self.import_button.setEnabled(False)
        self.again_button.setEnabled(False)

    def _idle(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.again_button.setEnabled(True)
        plan = self.plan
        self.import_button.setEnabled(plan is not None and not plan.rejects and plan.changes > 0)

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def start_preview(self) -> None:
        if self.task is not None:
            return
        self.plan = None
        self._show(self.values_model, [])
        path = self.path_edit.text()
        self._busy(f"正在读取并检查 {Path(path).name} …")
        ws, (set_id, year, quarter) = self.ws, self.period
        self.task = workers.start(
            lambda task: workbooks.preview(ws, set_id, year, quarter, path, progress=task.progress,
                                           cancelled=task.cancelled),
            on_success=self._previewed, on_failure=self._unreadable, on_progress=self._on_progress)

    def _previewed(self, plan: ValuesPlan) -> None:
        if self.closed:
            return
        self.plan = plan
        if plan.rejects:
            bad_rows = len({r.where.row for r in plan.rejects})
            self._show(self.refusals_model, refused_cells(plan.rejects))
            self.summary.setText(f"<b style='color:#b00020'>{plan.source} 中有 {bad_rows} 行不能导入"
                                 f"（{len(plan.rejects)} 处问题），不会写入任何数值。</b>"
                                 "请按下表改正后重新选择文件。")
        else:
            # What changes first: a template comes back with every value already recorded.
            self._show(self.values_model, sorted(plan.lines, key=lambda line: not line.changed))
            if not plan.lines:
                self.summary.setText(f"{plan.source} 中没有填写任何数值，没有需要导入的内容。")
            elif not plan.changes:
                self.summary.setText(f"{plan.source}：{len(plan.lines)} 个数值与已录入的相同，没有需要导入的变化。")
            else:
                self.summary.setText(f"{plan.source}：{plan.rows} 行共 {len(plan.lines)} 个数值，"
                                     f"其中 {plan.changes} 个新增或修改（列在前面）。按“导入”全部写入。")
        self._idle()
        (self.import_button if self.import_button.isEnabled() else self.table).setFocus()

    def _unreadable(self, exc: BaseException) -> None:
        if self.closed:
            return
        self.plan = None
        self._idle()
        if isinstance(exc, Cancelled):  # the clerk's own 取消: said, not shown in a box
            self.summary.setText(f"已取消读取 {Path(self.path_edit.text()).name}，没有导入任何数值。")
            return
        self.summary.setText(f"<b style='color:#b00020'>{exc}</b>" if str(exc) else "文件不能读取，没有导入任何数值。")
        show_error(self, exc, "导入指标数值")
        self.again_button.setFocus()

    def _show(self, model: RowsModel, rows: list[PlannedValue] | list[RefusedCell]) -> None:
        other = self.refusals_model if model is self.values_model else self.values_model
        other.set_rows([])  # a file read again: nothing of the one before stays
        model.set_rows(rows)
        if model is not self.model:
            self.model = model
            self.table.setModel(model)
        widths = (50, 170, 170, 130, 130) if model is self.values_model else (60, 190, 120)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def choose_again(self) -> None:
        if self.task is not None:
            return
        path = file_dialogs.open_file(self, "选择指标数值文件", self.path_edit.text(), XLSX_FILTER, purpose="imports")
        if path:
            self.path_edit.setText(path)
            self.start_preview()

    def accept(self) -> None:
        plan = self.plan
        if plan is None or self.task is not None or not self.import_button.isEnabled():
            return
        self._busy(f"正在写入 {plan.changes} 个数值 …")
        ws = self.ws
        self.task = workers.start(lambda task: workbooks.commit(ws, plan, cancelled=task.cancelled),
                                  on_success=self._committed, on_failure=self._refused)

    def _committed(self, written: Any) -> None:
        if self.closed:
            return
        self.task = None
        self.written = int(written)
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        if self.closed:
            return
        self._idle()
        if isinstance(exc, Cancelled):
            self.summary.setText(str(exc))
            return
        show_error(self, exc, "导入指标数值")
        self.start_preview()  # the database may have changed meanwhile: show what is wrong now

    def reject(self) -> None:
        self.closed = True
        if self.task is not None:  # 关闭 or Esc while working: cancel, and wait for the rollback
            self.task.cancel()
            self.task.done.wait(5)
        super().reject()
