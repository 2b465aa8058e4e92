"""任务清单: a campaign's task list with each line's verified result; import from a
spreadsheet, the template, and 核验 (Enter on a line)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from desktop.services.operations import Changes
from desktop.services.results import queries, target_import
from desktop.services.results.queries import TargetRow
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_picker import CampaignPicker
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.busy import busy
from desktop.ui.common.list_model import keeping_current, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.results.target_import_dialog import XLSX_FILTER, TargetImportDialog
from desktop.ui.results.verify_dialog import RESULT_COLOURS, VerifyDialog, goal_text, number_text

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QBrush(QColor("#fde2e1"))
STATE_COLUMN = 9


def state_text(row: TargetRow) -> str:
    return row.result_label + ("（逾期）" if row.overdue else "")


class TargetsModel(RowsModel):
    """The task list: overdue lines tinted red, the state coloured by result."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([("seq", "序号"), ("duty", "任务"), ("indicator", "指标"),
                          (lambda r: goal_text(r) if r.target_value is not None else "", "目标"),
                          (lambda r: str(r.deadline or ""), "完成时限"), (lambda r: "是" if r.hard else "", "硬性"),
                          ("source_department", "来源部门"), (lambda r: r.subject, "责任对象"),
                          (lambda r: number_text(r.achieved_value), "完成值"), (state_text, "状态")],
                         brush=lambda r: OVERDUE if r.overdue else None, parent=parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < len(self.rows):
            row: TargetRow = self.rows[index.row()]
            if index.column() == STATE_COLUMN and (row.result or row.overdue):
                return QBrush(QColor("#b00020" if row.overdue else RESULT_COLOURS.get(row.result or "", "#000")))
            if index.column() == 5 and row.hard:
                return QBrush(QColor("#b00020"))
            return None
        return super().data(index, role)


class TargetsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.picker = CampaignPicker(ws)
        self.picker.campaign_did_change.connect(lambda _c: self.reload())
        self.import_button = QPushButton("导入(&I)…")
        self.import_button.clicked.connect(self.import_file)
        self.template_button = template = QPushButton("下载模板(&M)…")
        template.clicked.connect(self.save_template)
        self.verify_button = QPushButton("核验(&Y)…")
        self.verify_button.setToolTip("核验选中的任务（Enter），列入落实清单")
        self.verify_button.clicked.connect(self.verify_current)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        for b in (self.import_button, template, self.verify_button):
            top.addWidget(b)
        self.model = TargetsModel(self)
        self.view = make_table(self.model)
        for column, width in enumerate((40, 300, 110, 100, 90, 40, 80, 180, 70)):
            self.view.setColumnWidth(column, width)
        self.view.activated.connect(lambda _i: self.verify_current())  # Enter or double-click
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.picker.reload()
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def campaign_id(self) -> int:
        return self.picker.campaign_id()

    def reload(self) -> None:
        cid = self.campaign_id()
        with keeping_current(self.view):
            self.model.set_rows(queries.targets(self.ws, campaign_id=cid) if cid else [])
        rows: list[TargetRow] = self.model.rows
        if not cid:
            self.summary.setText("尚无一线考核：任务清单属于一次考核。")
        elif not rows:
            self.summary.setText("这次考核还没有任务清单：按“导入…”从 Excel 导入（可先“下载模板…”）。")
        else:
            verified = sum(r.result is not None for r in rows)
            overdue = sum(r.overdue for r in rows)
            self.summary.setText(f"共 {len(rows)} 条任务，已核验 {verified} 条，硬性指标 {sum(r.hard for r in rows)} 条"
                                 + (f"，<span style='color:#b00020'>逾期 {overdue} 条</span>" if overdue else "")
                                 + "。选中一条按 Enter 核验。")
        closed = self.picker.is_closed()
        self.import_button.setEnabled(bool(cid) and not closed)
        if self.view.currentIndex().row() < 0 and rows:
            self.view.setCurrentIndex(self.model.index(0, 1))

    def current(self) -> TargetRow | None:
        index = self.view.currentIndex()
        row: TargetRow | None = self.model.row_object(index.row()) if index.isValid() else None
        return row

    def verify_current(self) -> VerifyDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = VerifyDialog(self.ws, row, self)
        dialog.exec()
        return dialog

    def save_template(self) -> None:
        path = file_dialogs.save_file(self, "保存任务清单导入模板", "任务清单导入模板.xlsx", XLSX_FILTER,
                                      purpose="templates")
        if not path:
            return
        try:
            with busy():
                target_import.write_template(self.ws, path)
        except Exception as exc:
            show_error(self, exc, "下载模板")
            return
        self._tell(f"已保存任务清单导入模板 {path}")

    def import_file(self) -> TargetImportDialog | None:
        row = self.picker.current()
        if row is None:
            return None
        path = file_dialogs.open_file(self, "选择任务清单文件", "", XLSX_FILTER, purpose="imports")
        if not path:
            return None
        dialog = TargetImportDialog(self.ws, row.id, row.name, path, self)
        if not dialog.read():
            return None
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._tell(f"已导入任务清单 {dialog.added} 条")
        return dialog

    def _tell(self, text: str) -> None:
        top = self.window()
        if isinstance(top, QMainWindow):
            top.statusBar().showMessage(text, 8000)

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("campaign"):
            self.picker.reload()
        if changes.touches("target", "verification", "campaign", "cadre", "unit"):
            self.reload()
