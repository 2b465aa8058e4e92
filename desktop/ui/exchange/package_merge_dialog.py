"""导入外出考核数据包: the merge screen.

Left, every record the package would add, change or delete (conflicts first); right, the
selected record's fields side by side, office | laptop, with the side taken. In either
table O keeps the office's value and L takes the laptop's (the whole record on the left,
the selected fields on the right); the buttons do the same. 导入 stays disabled until every
conflict is decided, and then writes everything in one transaction.

Signals: package_did_merge(MergeResult).

A report file between levels (接收上报文件) is merged on this screen too: ReportMergeDialog
(report_file_dialogs.py) names the sides and the file and opens it with its own job.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.exchange.packages.apply import MergeResult, PackageImport
from desktop.services.exchange.packages.merge import MergePlan, Side
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.messages import show_error
from desktop.ui.exchange.package_merge_model import PACKAGE_SIDES, ChangesModel, FieldsModel

FILTER = "外出考核数据包 (*.flpkg);;所有文件 (*)"


class _DecidingView(QTableView):
    """A table where O and L decide for the selected rows."""

    def __init__(self, decide: Any) -> None:
        super().__init__()
        self._decide = decide

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_O:
                self._decide("office")
                return
            if event.key() == Qt.Key.Key_L:
                self._decide("laptop")
                return
        super().keyPressEvent(event)


class PackageMergeDialog(QDialog):
    package_did_merge = Signal(object)
    # What the screen says; ReportMergeDialog says it of report files.
    TITLE, FILTER, PURPOSE, SIDES = "导入外出考核数据包", FILTER, "packages", PACKAGE_SIDES
    FILE_LABEL, FILE_HINT = "数据包(&F)：", "从笔记本电脑带回的数据包文件（.flpkg）"
    PASSWORD_LABEL, PASSWORD_HINT = "数据包密码(&W)：", "导出数据包时设定的数据包密码"
    INTRO = "输入数据包密码后按“预览”：先列出新增、更新、删除和两边都改过的记录，决定之后才写入。"

    def __init__(self, ws: Workspace, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ws = ws
        self.job: PackageImport | None = None
        self.plan: MergePlan | None = None
        self.task: workers.Task | None = None
        self.setWindowTitle(self.TITLE)
        self.resize(1100, 640)
        mine, theirs = self.SIDES.mine, self.SIDES.theirs

        self.path_edit = QLineEdit(path)
        self.path_edit.setPlaceholderText(self.FILE_HINT)
        browse = QPushButton("选择(&B)…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.PASSWORD_HINT)
        self.preview_button = QPushButton("预览(&P)")
        row2 = QHBoxLayout()
        row2.addWidget(self.password_edit, 1)
        row2.addWidget(self.preview_button)
        form = QFormLayout()
        file_label = QLabel(self.FILE_LABEL)
        file_label.setBuddy(self.path_edit)
        pw_label = QLabel(self.PASSWORD_LABEL)
        pw_label.setBuddy(self.password_edit)
        form.addRow(file_label, row)
        form.addRow(pw_label, row2)

        self.summary = QLabel(self.INTRO)
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 8)

        self.changes = ChangesModel(self, self.SIDES)
        self.changes_view = _DecidingView(self._decide_records)
        self.changes_view.setModel(self.changes)
        self.fields = FieldsModel(self, self.SIDES)
        self.fields_view = _DecidingView(self._decide_fields)
        self.fields_view.setModel(self.fields)
        for view in (self.changes_view, self.fields_view):
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setWordWrap(True)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
        self.changes_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.changes_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.changes_view.setColumnWidth(0, 48)
        self.changes_view.setColumnWidth(2, 96)
        self.fields_view.setColumnWidth(0, 110)
        self.fields_view.setColumnWidth(1, 200)
        self.fields_view.setColumnWidth(2, 200)
        self.changes_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur.row()))

        self.keep_record = QPushButton(f"本条保留{mine}(&O)")
        self.take_record = QPushButton(f"本条采用{theirs}(&L)")
        self.keep_field = QPushButton(f"所选项目保留{mine}(&K)")
        self.take_field = QPushButton(f"所选项目采用{theirs}(&T)")
        self.keep_record.clicked.connect(lambda: self._decide_records("office"))
        self.take_record.clicked.connect(lambda: self._decide_records("laptop"))
        self.keep_field.clicked.connect(lambda: self._decide_fields("office"))
        self.take_field.clicked.connect(lambda: self._decide_fields("laptop"))
        hint = QLabel(f"在表格中按 O 保留{mine}的内容，按 L 采用{theirs}的内容。")
        hint.setStyleSheet("color: #555;")
        decide = QHBoxLayout()
        for w in (self.keep_record, self.take_record, self.keep_field, self.take_field):
            decide.addWidget(w)
        decide.addWidget(hint, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.record_title = QLabel("")
        self.record_title.setWordWrap(True)
        right_layout.addWidget(self.record_title)
        right_layout.addWidget(self.fields_view, 1)
        splitter = QSplitter()
        splitter.addWidget(self.changes_view)
        splitter.addWidget(right)
        splitter.setSizes([420, 680])

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.commit_button = QPushButton("导入(&I)")
        self.commit_button.setEnabled(False)
        buttons = QDialogButtonBox()
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.addButton(self.commit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(decide)
        layout.addLayout(bottom)

        self.preview_button.clicked.connect(self.start_preview)
        self.password_edit.returnPressed.connect(self.start_preview)
        self.path_edit.returnPressed.connect(lambda: self.password_edit.setFocus())
        self.commit_button.clicked.connect(self.start_commit)
        self._update_buttons()
        (self.password_edit if path else self.path_edit).setFocus()

    # --- choosing and previewing --------------------------------------------------------------

    def _browse(self) -> None:
        path = file_dialogs.open_file(self, self.TITLE, self.path_edit.text(), self.FILTER, purpose=self.PURPOSE)
        if path:
            self.path_edit.setText(path)
            self.password_edit.setFocus()

    def _busy(self, text: str) -> None:
        self.summary.setText(text)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        for w in (self.preview_button, self.commit_button, self.path_edit, self.password_edit):
            w.setEnabled(False)

    def _idle(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        for w in (self.preview_button, self.path_edit, self.password_edit):
            w.setEnabled(True)
        self._update_buttons()

    def _close_job(self) -> None:
        if self.job is not None:
            self.job.close()
            self.job = None

    def start_preview(self) -> None:
        path, secret = self.path_edit.text().strip(), self.password_edit.text()
        if not path or self.task is not None:
            return
        self._close_job()
        self.plan = None
        self.changes.set_plan(None)
        self.fields.set_change(None)
        self._busy("正在检查并读取数据包……")
        ws = self.ws

        def work(_task: workers.Task) -> tuple[PackageImport, MergePlan]:
            job = self.open_job(path, secret)
            try:
                return job, job.preview(ws)
            except BaseException:
                job.close()
                raise

        self.task = workers.start(work, on_success=self._previewed, on_failure=self._failed)

    def _previewed(self, result: tuple[PackageImport, MergePlan]) -> None:
        self.job, self.plan = result
        self.fields.names = self.plan.names
        self.changes.set_plan(self.plan)
        self.changes_view.resizeRowsToContents()
        self._idle()
        self._describe()
        if self.changes.rowCount():
            self.changes_view.selectionModel().setCurrentIndex(
                self.changes.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.changes_view.setFocus()
        else:
            self.password_edit.setFocus()

    def open_job(self, path: str, secret: str) -> PackageImport:
        """The opened file (in the worker)."""
        return PackageImport(path, secret)

    def headline(self, plan: MergePlan) -> str:
        info = plan.package
        return (f"考核“{info.campaign}”，{info.exported_by} 于 {info.exported_text} 导出；"
                f"笔记本上操作 {info.laptop_operations} 次。")

    def _describe(self) -> None:
        if self.plan is None:
            return
        mine, theirs = self.SIDES.mine, self.SIDES.theirs
        lines = [self.headline(self.plan) + self.plan.summary()]
        lines += self.plan.notes
        if self.plan.undecided():
            lines.append(f"两边都改过的记录标为黄色：逐条或逐项决定保留{mine}还是采用{theirs}，全部决定后才能导入。")
        elif not self.plan.changes:
            lines.append(f"{self.SIDES.mine_table}中已是这些内容，没有需要导入的变化。")
        self.summary.setText("\n".join(lines))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc) or "操作失败")
        self._idle()
        show_error(self, exc, self.TITLE)
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    # --- deciding -----------------------------------------------------------------------------

    def _current_row(self) -> int:
        return self.changes_view.currentIndex().row()

    def _show(self, row: int) -> None:
        change = self.changes.changes[row] if 0 <= row < len(self.changes.changes) else None
        self.fields.set_change(change)
        self.fields_view.resizeRowsToContents()
        self.record_title.setText(f"{change.action_label}：{change.label}" if change else "")
        self._update_buttons()

    def _decide_records(self, side: Side) -> None:
        row = self._current_row()
        if not 0 <= row < len(self.changes.changes) or self.changes.changes[row].action != "conflict":
            return
        self.changes.changes[row].decide(side)
        self._refresh(row)

    def _decide_fields(self, side: Side) -> None:
        row = self._current_row()
        change = self.fields.change
        if change is None or change.action != "conflict":
            return
        rows = sorted({i.row() for i in self.fields_view.selectionModel().selectedRows()}) or \
            ([self.fields_view.currentIndex().row()] if self.fields_view.currentIndex().isValid() else [])
        for r in rows:
            if 0 <= r < len(change.fields):
                change.fields[r].choice = side
        self._refresh(row)

    def _refresh(self, row: int) -> None:
        self.changes.refresh(row)
        self.fields.refresh()
        self._describe()
        self._update_buttons()

    def _update_buttons(self) -> None:
        change = self.fields.change
        conflict = change is not None and change.action == "conflict" and self.task is None
        for w in (self.keep_record, self.take_record, self.keep_field, self.take_field):
            w.setEnabled(conflict)
        ready = self.plan is not None and bool(self.plan.changes) and not self.plan.undecided() and self.task is None
        self.commit_button.setEnabled(ready)
        if self.plan is not None and self.plan.undecided():
            self.commit_button.setToolTip(f"还有 {self.plan.undecided()} 处冲突未决定")
        else:
            self.commit_button.setToolTip("")

    # --- committing ---------------------------------------------------------------------------

    def start_commit(self) -> None:
        job, plan = self.job, self.plan
        if job is None or plan is None or plan.undecided() or self.task is not None:
            return
        self._busy(f"正在合并到{self.SIDES.mine_table}……")
        ws = self.ws
        self.task = workers.start(lambda _t: job.commit(ws, plan), on_success=self._committed,
                                  on_failure=self._failed)

    def _committed(self, result: MergeResult) -> None:
        self._close_job()
        self.plan = None
        self._idle()
        self.summary.setText(result.message())
        self.package_did_merge.emit(result)
        self.accept()

    def done(self, code: int) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.done.wait(10)
        self._close_job()
        super().done(code)
