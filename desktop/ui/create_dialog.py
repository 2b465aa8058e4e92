"""Creating a database (empty or demo), showing its recovery key once before it takes its name.

The work runs in a worker; when the database is complete (still under its hidden name, see
store/creation.py) the worker asks the window to show the key and waits for the clerk to
confirm it is kept: a database never appears whose recovery key nobody saw.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.demo.database import Cancelled, create_demo_database
from desktop.errors import FrontlineError
from desktop.services.admin.accounts import MIN_PASSWORD, check_password, check_username, create_database
from desktop.services.workspace import Workspace
from desktop.ui.common import clipboard, file_dialogs, workers
from desktop.ui.common.messages import show_error


def _unused_path(name: str) -> str:
    folder = paths.data_dir()
    candidate = folder / f"{name}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{name}{n}.db"
        n += 1
    return str(candidate)


class _KeyPrompt(QObject):
    """Carries the recovery key from the worker to the window, which shows it before the
    worker goes on (a blocking queued connection)."""

    key_will_show = Signal(str)


class CreateDatabaseDialog(QDialog):
    def __init__(self, *, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo = demo
        self.workspace: Workspace | None = None
        self.recovery_code = ""
        self._task: workers.Task | None = None
        self._prompt = _KeyPrompt(self)
        self._prompt.key_will_show.connect(self._show_key, Qt.ConnectionType.BlockingQueuedConnection)
        self.setWindowTitle("创建演示数据库" if demo else "新建数据库")
        self.setMinimumWidth(520)

        self.path_edit = QLineEdit(_unused_path("演示数据库" if demo else "一线考核"))
        browse = QPushButton("浏览(&B)…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.user_edit = QLineEdit("admin")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(f"至少 {MIN_PASSWORD} 位，含大写、小写字母、数字、符号中的三类")
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.cadres_spin = QSpinBox()
        self.cadres_spin.setRange(10, 200_000)
        self.cadres_spin.setSingleStep(1000)
        self.cadres_spin.setValue(1000)
        self.cadres_spin.setSuffix(" 人")
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("数据库文件(&F)：", row)
        form.addRow("管理员用户名(&U)：", self.user_edit)
        form.addRow("密码(&P)：", self.password_edit)
        form.addRow("确认密码(&C)：", self.confirm_edit)
        if demo:
            form.addRow("模拟干部人数(&N)：", self.cadres_spin)
        note = QLabel("数据库使用 SQLCipher 加密。创建后会显示一次恢复密钥：忘记所有密码时只有它能打开数据库。")
        note.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for edit in (self.password_edit, self.confirm_edit, self.user_edit):
            edit.textChanged.connect(self._check)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    def _browse(self) -> None:
        path = file_dialogs.save_file(self, "数据库保存为", self.path_edit.text(), "一线考核数据库 (*.db)",
                                      purpose="database")
        if path:
            self.path_edit.setText(path if path.endswith(".db") else f"{path}.db")

    def _problem(self) -> str:
        try:
            check_username(self.user_edit.text())
            check_password(self.password_edit.text())
        except FrontlineError as exc:
            return str(exc)
        if self.confirm_edit.text() and self.confirm_edit.text() != self.password_edit.text():
            return "两次输入的密码不一致"
        return ""

    def _check(self) -> None:
        self.problem.setText(self._problem() if self.password_edit.text() else "")

    def _start(self) -> None:
        problem = self._problem() or ("请再次输入密码" if not self.confirm_edit.text() else "")
        path = self.path_edit.text().strip()
        if not problem and Path(path).exists():
            problem = f"{path} 已存在，请选择其他文件名"
        if problem:
            self.problem.setText(problem)
            return
        user, secret, cadres = self.user_edit.text().strip(), self.password_edit.text(), self.cadres_spin.value()
        self.setEnabled(False)
        if self.demo:
            progress = QProgressDialog("正在生成演示数据……", "取消", 0, cadres, self)
            progress.setWindowTitle("创建演示数据库")
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(0)
            self._progress = progress

            def work(task: workers.Task) -> tuple[Workspace, str]:
                ws, code, _summary = create_demo_database(path, user, secret, cadres,
                                                          progress=task.progress, cancelled=task.cancelled,
                                                          show_recovery_key=self._prompt.key_will_show.emit)
                return ws, code

            self._task = workers.start(work, on_success=self._created, on_failure=self._failed,
                                       on_progress=lambda done, _total: progress.setValue(done))
            progress.canceled.connect(self._task.cancel)
        else:
            self._task = workers.start(
                lambda _t: create_database(path, user, secret, show_recovery_key=self._prompt.key_will_show.emit),
                on_success=self._created, on_failure=self._failed)

    def _finish_progress(self) -> None:
        progress = getattr(self, "_progress", None)
        if progress is not None:
            progress.reset()
            progress.deleteLater()
            self._progress = None

    @Slot(str)
    def _show_key(self, code: str) -> None:
        self._finish_progress()
        self.recovery_code = code
        RecoveryKeyDialog(code, self).exec()

    def _created(self, result: tuple[Workspace, str]) -> None:
        self._finish_progress()
        self.workspace, self.recovery_code = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._finish_progress()
        self.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.problem.setText(str(exc))
            return
        show_error(self, exc)


class RecoveryKeyDialog(QDialog):
    """Shown once after creation. Continuing requires confirming the key is kept safe."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle("恢复密钥")
        explain = QLabel(
            "这是数据库的恢复密钥。忘记所有账户密码时，只有它能打开数据库。\n"
            "请现在抄写或打印，并存放在安全的地方。它不会再次显示。"
        )
        explain.setWordWrap(True)
        key = QLabel(code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(16)
        key.setFont(font)
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        copy = QPushButton("复制(&C)")
        copy.clicked.connect(lambda: clipboard.copy_text(code, sensitive=True))
        print_button = QPushButton("打印(&P)…")
        print_button.clicked.connect(self._print)
        self.confirm = QCheckBox("我已抄写或打印恢复密钥，并会妥善保管(&K)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("继续")
        self.ok_button.setEnabled(False)
        self.confirm.toggled.connect(self.ok_button.setEnabled)
        buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(copy)
        row.addWidget(print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(key)
        layout.addLayout(row)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setHtml(f"<h2>一线考核数据库恢复密钥</h2><p style='font-size:20pt;font-family:monospace'>{self.code}</p>"
                    "<p>忘记所有账户密码时，用此密钥代替密码登录。请妥善保管。</p>")
        doc.print_(printer)

    def reject(self) -> None:
        # Esc must not skip the confirmation: the key is never shown again.
        if self.confirm.isChecked():
            super().reject()
