"""导入任务清单: the file read and checked first (target_import.preview), every line to be
added or every refused row listed, then 导入 adds all lines or none.

A file with any bad row cannot be imported: the rows are listed with their column, what was
typed and why, so the clerk corrects the spreadsheet and chooses it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.interchange.incoming import Rejection, Where
from desktop.services.results import target_import
from desktop.services.results.target_import import TargetPlan
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs
from desktop.ui.common.busy import busy
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
    """Opened with a file already chosen; 重新选择… reads another."""

    def __init__(self, ws: Workspace, campaign_id: int, campaign_name: str, path: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.plan: TargetPlan | None = None
        self.added = 0
        self.setWindowTitle(f"导入任务清单 — {campaign_name}")
        self.resize(980, 560)
        self.path_edit = QLineEdit(path)
        self.path_edit.setReadOnly(True)
        again = QPushButton("重新选择(&O)…")
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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def read(self) -> bool:
        """Read and check the file; False (the refusal shown) when it cannot be read at all."""
        self.plan = None
        try:
            with busy():
                self.plan = target_import.preview(self.ws, Path(self.path_edit.text()), self.campaign_id)
        except Exception as exc:
            show_error(self, exc, "导入任务清单")
            self._show(self.lines_model, [])
            self.summary.setText("文件不能读取，没有导入任何任务。")
            self.import_button.setEnabled(False)
            return False
        plan = self.plan
        self._show(self.refusals_model if plan.rejects else self.lines_model,
                   refused_cells(plan.rejects) if plan.rejects else preview_lines(plan))
        notes = "".join(f"<br>说明：{n}" for n in plan.notes)
        if plan.rejects:
            self.summary.setText(f"<b style='color:#b00020'>{plan.name} 中有 {plan.bad_rows} 行不能导入"
                                 f"（{len(plan.rejects)} 处问题），不会导入任何任务。</b>"
                                 f"请按下表改正每一行后重新选择文件。{notes}")
        else:
            self.summary.setText(f"{plan.name}：将导入 {len(plan.lines)} 条任务。按“导入”写入。{notes}")
        self.import_button.setEnabled(not plan.rejects and bool(plan.lines))
        self.table.setFocus()
        return True

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
        if self.plan is None or not self.import_button.isEnabled():
            return
        try:
            with busy():
                self.added = target_import.commit(self.ws, self.plan)
        except Exception as exc:
            show_error(self, exc, "导入任务清单")
            self.read()  # the database changed meanwhile: show what is wrong now
            return
        super().accept()
