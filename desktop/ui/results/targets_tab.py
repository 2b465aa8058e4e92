"""任务清单: a campaign's task list with each line's verified result; import from a
spreadsheet, the template, and 核验 (Enter on a line).

Lines are added one by one with 新增… (Insert, or Ctrl+N in the list), changed with 修改… (F2)
and removed with 删除 (Delete, after a confirmation). A verified line is in the 落实清单 and is
not removed: the clerk is told so before being asked anything (targets.delete refuses it too).
There is no undo of a removal, as nowhere else in the window for saved records: the
confirmation names the line instead."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.operations import Changes
from desktop.services.results import queries, target_import, targets
from desktop.services.results.queries import TargetRow
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_picker import CampaignPicker
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.busy import busy
from desktop.ui.common.list_model import keeping_current, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.results.target_dialog import TargetDialog
from desktop.ui.results.target_import_dialog import XLSX_FILTER, TargetImportDialog
from desktop.ui.results.verify_dialog import RESULT_COLOURS, VerifyDialog, goal_text, number_text

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QBrush(QColor("#fde2e1"))
STATE_COLUMN = 9
GOAL_COLUMN = 3
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


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
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == GOAL_COLUMN:
            return RIGHT  # "95%" and "2000个" alike: one column of figures, not some left, some right
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
        self.new_button = QPushButton("新增(&N)…")
        self.new_button.setToolTip("新增一条任务（Insert，或在清单中按 Ctrl+N）")
        self.new_button.clicked.connect(self.new_target)
        self.edit_button = QPushButton("修改(&E)…")
        self.edit_button.setToolTip("修改选中的任务（F2）")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("删除(&U)")
        self.delete_button.setToolTip("删除选中的任务（Delete）；已核验的任务不能删除")
        self.delete_button.clicked.connect(self.delete_current)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        for b in (self.new_button, self.edit_button, self.delete_button, self.import_button, template,
                  self.verify_button):
            top.addWidget(b)
        self.model = TargetsModel(self)
        self.view = make_table(self.model)
        for column, width in enumerate((40, 300, 110, 100, 90, 40, 80, 180, 70)):
            self.view.setColumnWidth(column, width)
        self.view.activated.connect(lambda _i: self.verify_current())  # Enter or double-click
        for keys, slot in ((Qt.Key.Key_Insert, self.new_target), (Qt.Key.Key_F2, self.edit_current),
                           (Qt.Key.Key_Delete, self.delete_current)):
            action = QAction(self.view)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
        self.view.installEventFilter(self)  # Ctrl+N in the list: a new task, not a new cadre file
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
        for button in (self.import_button, self.new_button):
            button.setEnabled(bool(cid) and not closed)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(bool(rows) and not closed)
        if self.view.currentIndex().row() < 0 and rows:
            self.view.setCurrentIndex(self.model.index(0, 1))

    def current(self) -> TargetRow | None:
        index = self.view.currentIndex()
        row: TargetRow | None = self.model.row_object(index.row()) if index.isValid() else None
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+N is the window's 新建干部档案 everywhere else; in the task list it adds a task.
        Taking the shortcut-override lets the key reach the list as a plain key press."""
        if watched is self.view and isinstance(event, QKeyEvent) and event.type() in (
                QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and \
                event.keyCombination() == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_N):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.new_target()
            return True
        return super().eventFilter(watched, event)

    def _editable(self) -> bool:
        return bool(self.campaign_id()) and not self.picker.is_closed()

    def new_target(self) -> TargetDialog | None:
        if not self._editable():
            return None
        dialog = TargetDialog(self.ws, self.campaign_id(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._select(dialog.saved_id)
            self._tell("已新增任务")
        return dialog

    def edit_current(self) -> TargetDialog | None:
        row = self.current()
        if row is None or not self._editable():
            return None
        dialog = TargetDialog(self.ws, row.campaign_id, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._tell(f"已修改第 {row.seq} 项任务")
        return dialog

    def delete_current(self) -> None:
        row = self.current()
        if row is None or not self._editable():
            return
        duty = row.duty if len(row.duty) <= 30 else row.duty[:30] + "…"
        if row.result is not None:
            QMessageBox.warning(self, "删除任务", f"第 {row.seq} 项“{duty}”已核验为“{row.result_label}”，"
                                "列入了落实清单，不能删除。\n如任务有误，可“修改…”，或按 Enter 重新核验。")
            return
        asked = QMessageBox.question(self, "删除任务", f"删除第 {row.seq} 项任务“{duty}”（{row.subject}）？\n"
                                     "删除后不能撤销。", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                     QMessageBox.StandardButton.No)
        if asked != QMessageBox.StandardButton.Yes:
            return
        try:
            targets.delete(self.ws, row.id)
        except Exception as exc:
            show_error(self, exc, "删除任务")
            return
        self._tell(f"已删除第 {row.seq} 项任务")

    def _select(self, target_id: int | None) -> None:
        for n, r in enumerate(self.model.rows):
            if r.id == target_id:
                self.view.setCurrentIndex(self.model.index(n, 1))
                self.view.scrollTo(self.model.index(n, 1))
                return

    def verify_current(self) -> VerifyDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = VerifyDialog(self.ws, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            done = next((r for r in self._rows() if r.id == row.id), None)
            if done is not None:
                self._tell(f"已核验第 {done.seq} 项任务：{done.result_label}，列入落实清单")
        return dialog

    def _rows(self) -> list[TargetRow]:
        """The lines shown, read again first if a change has not reached the tab yet."""
        self.reload()
        rows: list[TargetRow] = self.model.rows
        return rows

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
        before = {r.id for r in self.model.rows}
        dialog = TargetImportDialog(self.ws, row.id, row.name, path, self)
        dialog.read()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            # The imported lines come last: brought into view, the first of them selected.
            added = next((r.id for r in self._rows() if r.id not in before), None)
            self.view.scrollToBottom()
            self._select(added)
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
