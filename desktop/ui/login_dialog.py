"""The login dialog: database file (or office server address), account, password.

Opening runs in a worker (Argon2id takes about half a second, a migration longer) so the
dialog stays responsive. On first start, with no database remembered, it offers to create
an empty database or a demo database instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# QtCore.Qt is looked up when a key is pressed, not imported: making the Qt namespace's enums
# costs ~14 ms that the dialog's first paint need not wait for (ui/app.py).
from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import Throttled
from desktop.ui.common import workers
from desktop.ui.common.messages import choose, describe, is_refusal, show_error
from desktop.ui.settings import Settings

if TYPE_CHECKING:
    # The database layer loads on first use (ui/app.py): the dialog shows before it is needed.
    from desktop.services.workspace import Workspace

DB_FILTER = "一线考核数据库 (*.db);;外出考核数据包 (*.flpkg);;所有文件 (*)"


def _open(path: str, user: str, secret: str, upgrade: bool) -> Workspace:
    from desktop.services.workspace import Workspace

    return Workspace.open(path, user, secret, upgrade=upgrade)


class LoginDialog(QDialog):
    """Signals: first_painted() once the dialog is on screen (work put off until then starts)."""

    first_painted = Signal()
    def __init__(self, settings: Settings, initial_db: str | None = None,
                 parent: QWidget | None = None, *, initial_user: str | None = None,
                 notice: str = "", notice_failed: bool = False) -> None:
        super().__init__(parent)
        self.settings = settings
        self.workspace: Workspace | None = None
        self._task: workers.Task | None = None
        self._countdown = 0
        self._throttled: Throttled | None = None
        self._painted = False
        self.setWindowTitle("登录 — 一线考核")
        self.setMinimumWidth(520)

        self.welcome = QLabel(
            "欢迎使用一线考核。还没有打开过数据库：可以新建一个空的加密数据库，"
            "或创建一个填好模拟数据的演示数据库先试用。"
        )
        self.welcome.setWordWrap(True)
        self.db_edit = QLineEdit(initial_db or settings.last_db)
        self.db_edit.setPlaceholderText("数据库文件路径，或办公室服务器 postgresql://账户@服务器/数据库")
        browse = QPushButton("浏览(&B)…")
        browse.clicked.connect(self._browse)
        server_button = QPushButton("服务器(&S)…")
        server_button.clicked.connect(self._server)
        row = QHBoxLayout()
        row.addWidget(self.db_edit, 1)
        row.addWidget(browse)
        row.addWidget(server_button)
        self.user_edit = QLineEdit(initial_user or settings.last_user)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("账户密码或恢复密钥；打开外出考核数据包时为数据包密码")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        db_label = QLabel("数据库(&D)：")
        db_label.setBuddy(self.db_edit)
        form.addRow(db_label, row)
        form.addRow("用户名(&U)：", self.user_edit)
        form.addRow("密码(&P)：", self.password_edit)

        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.new_button = self.buttons.addButton("新建数据库(&N)…", QDialogButtonBox.ButtonRole.ActionRole)
        self.demo_button = self.buttons.addButton("创建演示数据库(&M)…", QDialogButtonBox.ButtonRole.ActionRole)
        quit_button = self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(lambda: self.attempt_login())
        self.new_button.clicked.connect(lambda: self._create(demo=False))
        self.demo_button.clicked.connect(lambda: self._create(demo=True))
        quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.welcome)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.welcome.setVisible(not self.db_edit.text())
        if notice:  # what happened before this login (a restore, say)
            self.status.setStyleSheet("color: #b00020;" if notice_failed else "color: palette(text);")
            self.status.setText(notice)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        (self.password_edit if self.db_edit.text() else self.db_edit).setFocus()

    # --- actions --------------------------------------------------------------------------

    def _browse(self) -> None:
        from desktop.ui.common import file_dialogs  # ~50 ms of Qt subclasses the first paint need not wait for

        path = file_dialogs.open_file(self, "选择数据库", self.db_edit.text(), DB_FILTER, purpose="database")
        if path:
            self.db_edit.setText(path)
            self.password_edit.setFocus()

    def _server(self) -> None:
        from desktop.ui.server_dialog import ServerDialog

        dialog = ServerDialog(self.db_edit.text(), self.user_edit.text(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.db_edit.setText(dialog.url)
            self.user_edit.setText(dialog.user)
            self.password_edit.setFocus()

    def _busy(self, busy: bool) -> None:
        for w in (self.login_button, self.new_button, self.demo_button, self.db_edit,
                  self.user_edit, self.password_edit):
            w.setEnabled(not busy)
        if busy:
            self.status.setStyleSheet("color: palette(text);")
            self.status.setText("正在打开数据库……")

    def attempt_login(self, *, upgrade: bool = False) -> None:
        path, user, secret = self.db_edit.text().strip(), self.user_edit.text().strip(), self.password_edit.text()
        if not path:
            self._fail("请选择数据库文件", self.db_edit)
            return
        if not user:
            self._fail("请输入用户名", self.user_edit)
            return
        self._busy(True)
        self._task = workers.start(lambda _t: _open(path, user, secret, upgrade),
                                   on_success=self._opened, on_failure=self._failed)

    def _opened(self, ws: Workspace) -> None:
        self.settings.last_db = ws.db.location  # a file's path, or a server's address (never a password)
        self.settings.last_user = ws.actor.username
        self.workspace = ws
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from desktop.services.office_server import SchemaOutdated  # loaded by the attempt already

        self._busy(False)
        if isinstance(exc, Throttled):
            self._throttled = exc
            self._countdown = exc.whole_seconds
            self.login_button.setEnabled(False)
            self._timer.start()
            self._tick()
            return
        if isinstance(exc, SchemaOutdated):
            # Offered to everyone who meets it; the server lets only an administrator do it.
            answer = choose(self, "升级服务器数据库",
                            f"{exc}\n\n您是管理员时可以现在升级（升级前请先用 pg_dump 备份）。", ["升级(&U)"])
            if answer is not None:
                self.attempt_login(upgrade=True)
                return
        if is_refusal(exc):
            self._fail(describe(exc), self.password_edit)
        else:
            self.status.setText("")
            show_error(self, exc)

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(message)
        focus.setFocus()
        focus.selectAll()

    def _tick(self) -> None:
        if self._countdown <= 0:
            self._timer.stop()
            self.login_button.setEnabled(True)
            self._fail("可以重新输入密码了", self.password_edit)
            return
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(self._throttled.message_for(self._countdown) if self._throttled else "")
        self._countdown -= 1

    def _create(self, demo: bool) -> None:
        from desktop.ui.create_dialog import CreateDatabaseDialog

        dialog = CreateDatabaseDialog(demo=demo, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.workspace is not None:
            self._opened(dialog.workspace)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Enter logs in from any field; Esc quits (the dialog default would do the same,
        # but the buttons' roles make it explicit here).
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.reject()
            return
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter) and self.login_button.isEnabled():
            self.attempt_login()
            return
        super().keyPressEvent(event)
