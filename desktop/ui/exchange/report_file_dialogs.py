"""上报 / 接收 in the 数据交换 menu: the export dialog (scope, period, kinds, password; written in
a worker with progress and cancel), the merge screen for a received file, registering the
district that signed a file (its fingerprint typed as read out on the phone), and the list of
registered districts.

Every dialog is driven from the keyboard: Alt+letters reach every field, Ctrl+Enter (or Enter
on the default button) does the work, Esc cancels — and, while a report is being written,
stops it without leaving a file behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin.accounts import MIN_PASSWORD
from desktop.services.exchange.levels import export as report_export
from desktop.services.exchange.levels import keys, placement, queries, receive
from desktop.services.exchange.levels.container import SUFFIX
from desktop.services.exchange.packages.apply import PackageImport
from desktop.services.exchange.packages.merge import MergePlan
from desktop.services.units import queries as unit_queries
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.messages import describe, is_refusal, show_error
from desktop.ui.exchange.package_merge_dialog import PackageMergeDialog
from desktop.ui.exchange.package_merge_model import REPORT_SIDES
from desktop.ui.exchange.report_placement import PlacementRow

FILTER = "上报文件 (*.flrpt);;所有文件 (*)"
ALL_UNITS = "全部（账户工作范围内的全部干部）"
_KIND_KEYS = {"files": "&D", "annual": "&A", "appraisal": "&Z", "ledger": "&J"}
_ERROR = "color: #b00020;"


def _buttons(ok: str, dialog: QDialog) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    box = QDialogButtonBox()
    accept = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    accept.setDefault(True)
    box.rejected.connect(dialog.reject)
    for keys_ in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys_), dialog, accept.click)
    return box, accept, cancel


class ReportExportDialog(QDialog):
    """上报: what goes into the report file, then the file, written in a worker.

    Signals: report_did_export(ReportSummary)."""

    report_did_export = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ws = ws
        self.path = path  # given by a test or a caller; otherwise asked when exporting
        self.task: workers.Task | None = None
        self.setWindowTitle("上报：导出上报文件")
        self.units = {label: uid for label, (uid, _n) in unit_queries.unit_choices(ws).items()}
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems([ALL_UNITS, *self.units])
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.unit.model(), self.unit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.unit.setCompleter(completer)
        last = dt.date.today().year - 1
        self.first_year, self.last_year = QSpinBox(), QSpinBox()
        for box in (self.first_year, self.last_year):
            box.setRange(1990, 2100)
            box.setValue(last)
        period = QHBoxLayout()
        period.addWidget(self.first_year)
        to = QLabel("年 至(&T)")
        to.setBuddy(self.last_year)
        period.addWidget(to)
        period.addWidget(self.last_year)
        period.addWidget(QLabel("年"), 1)
        self.kinds: dict[str, QCheckBox] = {}
        kinds = QVBoxLayout()
        for key, text in report_export.KINDS_OFFERED.items():
            head, _, rest = text.partition("（")
            check = QCheckBox(f"{head}({_KIND_KEYS[key]})" + (f"（{rest}" if rest else ""))
            check.setChecked(True)
            self.kinds[key] = check
            kinds.addWidget(check)
        self.password, self.again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        mine = queries.own_fingerprint(ws)
        self.fingerprint = QLabel(f"本数据库的签名指纹：{mine}" if mine else
                                  "本数据库第一次上报时生成签名密钥，导出后显示其指纹")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        intro = QLabel("上报所选单位（含下级单位）现有在职干部的档案，以及所选期间的考核结果。文件经本数据库签名并用"
                       f"上报文件密码加密（至少 {MIN_PASSWORD} 个字符）；密码请另行告知上级，不要与文件放在一起。"
                       "上级第一次接收前，要与上级电话核对签名指纹。")
        intro.setWordWrap(True)
        form = QFormLayout()
        unit_label, from_label = QLabel("单位(&U)："), QLabel("期间 自(&F)：")
        unit_label.setBuddy(self.unit)
        from_label.setBuddy(self.first_year)
        form.addRow(unit_label, self.unit)
        form.addRow(from_label, period)
        form.addRow("上报内容：", kinds)
        for caption, edit in (("上报文件密码(&W)：", self.password), ("再次输入(&R)：", self.again)):
            buddy = QLabel(caption)
            buddy.setBuddy(edit)
            form.addRow(buddy, edit)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        buttons, self.export_button, self.cancel_button = _buttons("导出(&E)…", self)
        self.export_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.unit.setFocus()

    def scope(self) -> report_export.Scope:
        label = self.unit.currentText().strip()
        units: tuple[int, ...] = ()
        if label and label != ALL_UNITS:
            if label not in self.units:
                raise ValueError(f"没有单位“{label}”：请从列表中选择（可输入名称的一部分）")
            units = (self.units[label],)
        kinds = frozenset(k for k, box in self.kinds.items() if box.isChecked())
        if not kinds:
            raise ValueError("请至少选择一项上报内容")
        if self.first_year.value() > self.last_year.value():
            raise ValueError("期间的起始年份晚于结束年份")
        return report_export.Scope(self.first_year.value(), self.last_year.value(), kinds, units)

    def _say(self, text: str, error: bool = True) -> None:
        self.status.setStyleSheet(_ERROR if error else "")
        self.status.setText(text)

    def start(self) -> None:
        if self.task is not None:
            return
        try:
            scope = self.scope()
        except ValueError as exc:
            self._say(str(exc))
            return
        if len(self.password.text()) < MIN_PASSWORD:
            self._say(f"上报文件密码至少需要 {MIN_PASSWORD} 个字符")
            self.password.setFocus()
            return
        if self.password.text() != self.again.text():
            self._say("两次输入的密码不一致")
            self.again.setFocus()
            self.again.selectAll()
            return
        path = self.path or file_dialogs.save_file(
            self, "保存上报文件", report_export.default_name(self._district(scope), scope), FILTER,
            purpose="reports-out")
        if not path:
            return
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        self._run(scope, path)

    def _district(self, scope: report_export.Scope) -> str:
        label = self.unit.currentText().strip()
        return label.rsplit(" / ", 1)[-1] if scope.units else "上报"

    def _run(self, scope: report_export.Scope, path: str) -> None:
        ws, secret = self.ws, self.password.text()
        self._say("正在导出上报文件……", error=False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        self.cancel_button.setText("停止")

        def progress(done: int, total: int) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

        self.task = workers.start(
            lambda task: report_export.export(ws, scope, path, secret, progress=task.progress,
                                              cancelled=task.cancelled),
            on_success=self._done, on_failure=self._failed, on_progress=progress)

    def _idle(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.cancel_button.setText("取消")

    def _done(self, summary: report_export.ReportSummary) -> None:
        self._idle()
        self.report_did_export.emit(summary)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        if is_refusal(exc):
            self._say(describe(exc))
        else:
            show_error(self, exc, "上报")

    def reject(self) -> None:
        if self.task is not None:  # Esc while writing: stop, and the service leaves no file
            self.task.cancel()
            return
        super().reject()

    def done(self, code: int) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.done.wait(10)
        super().done(code)


class TrustDialog(QDialog):
    """登记报送单位: the district a report file names and the fingerprint of the key that
    signed it; registered only when the fingerprint the district read out is typed."""

    def __init__(self, ws: Workspace, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.path = path
        self.district: keys.District | None = None
        self.setWindowTitle("登记报送单位")
        self.header = receive.read_header(path)
        signer = QLabel(f"上报文件 {self.header.name} 由“{self.header.district}”签名，签名指纹：")
        signer.setWordWrap(True)
        self.fingerprint = QLabel(self.header.fingerprint)
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 16pt; font-weight: bold; padding: 8px;")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QLabel("请打电话给报送单位，请对方在其程序中（数据交换 → 报送单位与签名指纹，或 "
                      "frontline report-file key）读出本单位的签名指纹，把对方读出的指纹输入下面。"
                      "与上面的一致才登记；登记后接收该单位签名的上报文件。")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText("如 AB12 CD34 …（空格可有可无）")
        label = QLabel("对方读出的指纹(&P)：")
        label.setBuddy(self.typed)
        self.status = QLabel("")
        self.status.setStyleSheet(_ERROR)
        self.status.setWordWrap(True)
        buttons, accept, _cancel = _buttons("登记(&G)", self)
        accept.clicked.connect(self._register)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.typed, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(signer)
        layout.addWidget(self.fingerprint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.typed.setFocus()

    def _register(self) -> None:
        try:
            self.district = receive.trust_file(self.ws, self.path, self.typed.text())
        except Exception as exc:
            if not is_refusal(exc):
                raise
            self.status.setText(describe(exc))
            self.typed.setFocus()
            self.typed.selectAll()
            return
        self.accept()


class DistrictsDialog(QDialog):
    """报送单位: this database's own fingerprint (for its report to the level above) and the
    districts it receives from; Delete removes the selected one (after asking)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("报送单位")
        mine = queries.own_fingerprint(ws)
        own = QLabel(f"本数据库的上报签名指纹：{mine}" if mine else "本数据库还没有上报过（第一次上报时生成签名密钥）")
        own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["报送单位", "签名指纹", "登记人", "登记时间"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        label = QLabel("已登记、接收其上报文件的单位(&L)：")
        label.setBuddy(self.table)
        self.remove_button = QPushButton("取消登记(&D)")
        self.remove_button.clicked.connect(self.remove)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.remove)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(720, 360)
        self.reload()
        self.table.setFocus()

    def reload(self) -> None:
        self.found = queries.districts(self.ws)
        self.table.setRowCount(len(self.found))
        for row, d in enumerate(self.found):
            for column, value in enumerate((d.name, d.fingerprint, d.registered_by, d.registered_at[:10])):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if self.found:
            self.table.selectRow(0)
        self.remove_button.setEnabled(bool(self.found))

    def remove(self) -> None:
        from desktop.ui.common.messages import choose

        row = self.table.currentRow()
        if not 0 <= row < len(self.found):
            return
        district = self.found[row]
        question = f"取消登记“{district.name}”（{district.fingerprint}）？此后拒绝它签名的上报文件。"
        answer = choose(self, "取消登记", question, ["取消登记"])
        if answer is None:
            return
        try:
            keys.untrust(self.ws, district.fingerprint)
        except Exception as exc:
            show_error(self, exc, "取消登记")
        self.reload()


class ReportMergeDialog(PackageMergeDialog):
    """接收上报文件: the merge screen, with the district's file in the laptop's place, and 放在
    (Alt+U), where the district's units new to the city go (report_placement.py)."""

    TITLE, FILTER, PURPOSE, SIDES = "接收上报文件", FILTER, "reports-in", REPORT_SIDES
    FILE_LABEL, FILE_HINT = "上报文件(&F)：", "下级单位报送的上报文件（.flrpt）"
    PASSWORD_LABEL, PASSWORD_HINT = "上报文件密码(&W)：", "报送单位告知的上报文件密码"
    INTRO = ("输入上报文件密码后按“预览”：先核对签名，再列出新增、更新和本级与上报都改过的记录，决定之后才写入。"
             "第一次接收某单位的文件前，先按“登记报送单位”核对其签名指纹。")

    def __init__(self, ws: Workspace, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(ws, parent, path)
        self.trust_button = QPushButton("登记报送单位(&G)…")
        self.trust_button.setAutoDefault(False)
        self.trust_button.clicked.connect(self.ask_trust)
        self.placement = PlacementRow(self)
        self.placement.placement_did_change.connect(self._place)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.trust_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.insertWidget(3, self.placement)

    def open_job(self, path: str, secret: str) -> PackageImport:
        receive.check_not_package(path)
        return receive.ReportImport(self.ws, path, secret)

    def start_preview(self) -> None:
        self.placement.clear()
        super().start_preview()

    def _previewed(self, result: tuple[PackageImport, MergePlan]) -> None:
        super()._previewed(result)
        job = self.job
        if isinstance(job, receive.ReportImport) and job.choice is not None:
            self.placement.offer(queries.placement_choices(self.ws), job.choice, job.placed)

    def _busy(self, text: str) -> None:
        super()._busy(text)
        self.placement.combo.setEnabled(False)

    def _idle(self) -> None:
        super()._idle()
        job = self.job
        self.placement.combo.setEnabled(isinstance(job, receive.ReportImport) and bool(job.placed))

    def _place(self, choice: placement.Choice) -> None:
        job, plan = self.job, self.plan
        if not isinstance(job, receive.ReportImport) or plan is None or self.task is not None:
            return
        job.place(plan, choice)
        self._describe()
        self.fields.set_change(self.fields.change)  # a new unit's 上级单位 is the one chosen

    def start_commit(self) -> None:
        job, plan = self.job, self.plan
        if isinstance(job, receive.ReportImport) and plan is not None and job.placed:
            choice = self.placement.chosen()
            if choice is None:
                self.summary.setText(f"本级没有单位“{self.placement.combo.value()}”：请在“放在”中从列表选择一个单位"
                                     "（可输入名称、拼音或首字母查找），或选择顶层。没有写入任何数据")
                self.placement.combo.setFocus()
                self.placement.combo.lineEdit().selectAll()
                return
            if job.choice is None or choice.under != job.choice.under:
                self._place(choice)
        super().start_commit()

    def headline(self, plan: MergePlan) -> str:
        header = getattr(self.job, "header", None)
        if not isinstance(header, receive.ReportHeader):
            return ""
        return (f"“{plan.package.campaign}”上报：{header.period}，{header.kinds_text}；{header.exported_by} 于 "
                f"{header.exported_text} 导出，签名指纹 {header.fingerprint}。")

    def ask_trust(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.summary.setText("请先选择上报文件，再登记其报送单位")
            self.path_edit.setFocus()
            return
        try:
            dialog = TrustDialog(self.ws, path, self)
        except Exception as exc:
            show_error(self, exc, "登记报送单位")
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.district is not None:
            self.summary.setText(f"已登记报送单位“{dialog.district.name}”（签名指纹 {dialog.district.fingerprint}）。"
                                 "输入上报文件密码后按“预览”。")
            self.activateWindow()
            self.password_edit.setFocus()
            self.password_edit.selectAll()


def export_report(window: Any) -> None:
    """上报：导出上报文件."""
    dialog = ReportExportDialog(window.ws, window)
    dialog.report_did_export.connect(lambda s: window.statusBar().showMessage(
        f"已生成上报文件 {s.path}：{s.district}，{s.cadres} 名干部；签名指纹 {s.fingerprint}", 15000))
    dialog.exec()


def receive_report(window: Any) -> None:
    """接收上报文件并合并."""
    dialog = ReportMergeDialog(window.ws, window)
    model = getattr(window, "model", None)
    if model is not None and hasattr(model, "reload"):
        dialog.package_did_merge.connect(lambda _r: model.reload())
    dialog.package_did_merge.connect(lambda r: window.statusBar().showMessage(r.message(), 10000))
    dialog.exec()


def show_districts(window: Any) -> None:
    DistrictsDialog(window.ws, window).exec()
