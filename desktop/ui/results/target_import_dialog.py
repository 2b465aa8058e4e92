"""导入任务清单: the file read and checked first (target_import.preview), every line to be
added or every refused row listed, then 导入 adds all lines or none.

Reading and writing run in a worker (workers.Task) with a progress bar and 取消: the window
stays responsive with a large file, and a write cancelled part way is rolled back whole.

A file with any bad row cannot be imported: the rows are listed with their column, what was
typed and why, so the clerk corrects the spreadsheet and chooses it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor
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
from desktop.interchange.incoming import Rejection, Where
from desktop.services.results import target_import
from desktop.services.results.target_import import TargetPlan
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
REFUSED = QBrush(QColor("#fde2e1"))


@dataclass(frozen=True)
class PreviewLine:
    """One line that will be added."""

    where: str
    subject: str
    duty: str
    goal: str
    deadline: str
    hard: str


@dataclass(frozen=True)
class RefusedCell:
    """One problem of a row that cannot be imported."""

    row: str
    column: str
    value: str
    reason: str


def _row_label(where: Where) -> str:
    return f"第{where.row}行" if where.row is not None else where.label()


def refused_cells(rejects: Iterable[Rejection]) -> list[RefusedCell]:
    return [RefusedCell(_row_label(r.where), r.column, r.value, r.reason) for r in rejects]


def preview_lines(plan: TargetPlan) -> list[PreviewLine]:
    raw = {(row.where.sheet, row.where.row): row.values for row in plan.sheet.rows}
    out = []
    for where, data in plan.lines:
        values = raw.get((where.sheet, where.row), {})
        subject = str(values.get("name") or values.get("unit") or "")
        goal = "" if data.target_value is None else f"{data.target_value:g}{data.measure}"
        out.append(PreviewLine(_row_label(where), subject, data.duty, goal, str(data.deadline or ""),
                               "是" if data.hard else ""))
    return out


class TargetImportDialog(QDialog):
    """Opened with a file already chosen (read() starts reading it); 重新选择… reads another."""

    def __init__(self, ws: Workspace, campaign_id: int, campaign_name: str, path: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.plan: TargetPlan | None = None
        self.task: workers.Task | None = None
        self.added = 0
        self.setWindowTitle(f"导入任务清单 — {campaign_name}")
        self.resize(980, 560)
        self.path_edit = QLineEdit(path)
        self.path_edit.setReadOnly(True)
        self.again_button = again = QPushButton("重新选择(&O)…")
        again.clicked.connect(self.choose_again)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件："))
        top.addWidget(self.path_edit, 1)
        top.addWidget(again)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lines_model = RowsModel([("where", "行"), ("subject", "责任对象"), ("duty", "任务"), ("goal", "目标"),
                                      ("deadline", "完成时限"), ("hard", "硬性")], parent=self)
        self.refusals_model = RowsModel([("row", "行"), ("column", "列"), ("value", "所填内容"),
                                         ("reason", "不能导入的原因")], brush=lambda _r: REFUSED, parent=self)
        self.model = self.lines_model
        self.table = make_table(self.model)
        self.table.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入(&I)", QDialogButtonBox.ButtonRole.AcceptRole)
        close = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("取消(&C)")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- work in a worker -------------------------------------------------------------------

    def _start(self, text: str, work: Any, on_success: Any) -> None:
        self.summary.setText(text)
        self.progress.setRange(0, 0)  # busy until the first report says how much there is
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        for w in (self.import_button, self.again_button):
            w.setEnabled(False)
        self.cancel_button.setFocus()
        self.task = workers.start(work, on_success=on_success, on_failure=self._failed,
                                  on_progress=self._on_progress)

    def _idle(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.again_button.setEnabled(True)
        self.import_button.setEnabled(self.plan is not None and not self.plan.rejects and bool(self.plan.lines))

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _failed(self, exc: BaseException) -> None:
        reading = self.plan is None
        self._idle()
        if isinstance(exc, Cancelled):
            self.summary.setText("已取消读取，没有导入任何任务。" if reading else "已取消导入，没有写入任何任务。")
            self.table.setFocus()
            return
        show_error(self, exc, "导入任务清单")
        if reading:
            self._show(self.lines_model, [])
            self.summary.setText("文件不能读取，没有导入任何任务。")
        else:
            self.read()  # the database changed meanwhile: show what is wrong now

    def read(self) -> None:
        """Read and check the file in a worker; the result (or the refusal) is shown when done."""
        if self.task is not None:
            return
        self.plan = None
        self._show(self.lines_model, [])
        ws, path, campaign_id = self.ws, Path(self.path_edit.text()), self.campaign_id
        self._start(f"正在读取 {path.name} …",
                    lambda task: target_import.preview(ws, path, campaign_id, progress=task.progress,
                                                       cancelled=task.cancelled), self._previewed)

    def _previewed(self, plan: TargetPlan) -> None:
        self.plan = plan
        self._idle()
        self._show(self.refusals_model if plan.rejects else self.lines_model,
                   refused_cells(plan.rejects) if plan.rejects else preview_lines(plan))
        notes = "".join(f"<br>说明：{n}" for n in plan.notes)
        if plan.rejects:
            self.summary.setText(f"<b style='color:#b00020'>{plan.name} 中有 {plan.bad_rows} 行不能导入"
                                 f"（{len(plan.rejects)} 处问题），不会导入任何任务。</b>"
                                 f"请按下表改正每一行后重新选择文件。{notes}")
        else:
            self.summary.setText(f"{plan.name}：将导入 {len(plan.lines)} 条任务。按“导入”写入。{notes}")
        (self.import_button if self.import_button.isEnabled() else self.table).setFocus()

    def _show(self, model: RowsModel, rows: list[PreviewLine] | list[RefusedCell]) -> None:
        other = self.refusals_model if model is self.lines_model else self.lines_model
        other.set_rows([])  # a file read again: nothing of the one before stays
        model.set_rows(rows)
        if model is not self.model:
            self.model = model
            self.table.setModel(model)
        widths = (60, 120, 320, 110, 90) if model is self.lines_model else (60, 170, 200)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.resizeRowsToContents()

    def choose_again(self) -> None:
        path = file_dialogs.open_file(self, "选择任务清单文件", self.path_edit.text(), XLSX_FILTER, purpose="imports")
        if path:
            self.path_edit.setText(path)
            self.read()

    def accept(self) -> None:
        plan = self.plan
        if plan is None or self.task is not None or not self.import_button.isEnabled():
            return
        ws = self.ws
        self._start(f"正在写入 {len(plan.lines)} 条任务 …",
                    lambda task: target_import.commit(ws, plan, progress=task.progress, cancelled=task.cancelled),
                    self._committed)

    def _committed(self, added: int) -> None:
        self.added = added
        self.plan = None
        self._idle()
        super().accept()

    def reject(self) -> None:
        if self.task is not None:  # closing while working: stop it first (a write rolls back)
            self.task.cancel()
            self.task.done.wait(5)
        super().reject()
