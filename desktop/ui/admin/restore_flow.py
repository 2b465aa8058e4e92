"""恢复: putting a backup in place of the open database, and opening it again.

The window asks (the backup file, its account and password, a confirmation naming the
database replaced and where it is kept), then closes its database and hands the request to
the start-up loop (ui/app.py), which restores and reopens. Everything that can be checked
is checked while the database is still open — the password, every page of the backup, a
writable folder with room for the copy — so those errors leave the clerk where they were.
Should the restore itself still fail, it has put everything back, and the same database is
opened again (or the login dialog offered, filled in).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import WrongPassword
from desktop.services.admin import backups
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs, messages, workers
from desktop.ui.common.messages import describe, is_refusal

log = logging.getLogger(__name__)

BACKUP_FILTER = "一线考核数据库 (*.db);;所有文件 (*)"
CONFIRM = "恢复并重新打开"


@dataclass(frozen=True)
class RestoreRequest:
    backup: Path
    target: Path
    username: str  # the account whose password unlocks the backup
    password: str
    current_user: str  # the account the window was opened with, to open again as


@dataclass(frozen=True)
class Reopened:
    """What the start-up loop does after a restore: a window on `workspace`, else the login
    dialog filled in with `db` and `user`; `message` is told either way."""

    workspace: Workspace | None
    db: Path
    user: str
    message: str
    failed: bool
    error: BaseException | None = None  # a bug, for the crash dialog


# --- asking (the window is still open) ----------------------------------------------------

class RestorePasswordDialog(QDialog):
    """The account and password of the backup, checked with the backup itself (in a worker)
    before the dialog closes: a wrong password or a damaged backup is said here."""

    def __init__(self, ws: Workspace, backup: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.backup = backup
        self._task: workers.Task | None = None
        self.setWindowTitle("从备份恢复")
        self.setMinimumWidth(520)
        intro = QLabel(f"备份文件：{backup}\n请输入备份中一个账户的密码（备份时的密码），也可以输入恢复密钥。")
        intro.setWordWrap(True)
        self.user_edit = QLineEdit(ws.actor.username)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        for text, edit in (("账户(&A)：", self.user_edit), ("密码(&P)：", self.password_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.buttons = QDialogButtonBox()
        self.next_button = self.buttons.addButton("下一步", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.next_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.password_edit.setFocus()

    def accept(self) -> None:
        if self._task is not None:
            return
        user, secret = self.user_edit.text().strip(), self.password_edit.text()
        if not user:
            self._fail("请输入账户名", self.user_edit)
            return
        self._busy(True)
        target = self.ws.db.path
        self._task = workers.start(lambda _t: backups.check_restore(self.backup, target, user, secret),
                                   on_success=lambda _r: self._checked(), on_failure=self._failed)

    def _busy(self, busy: bool) -> None:
        for w in (self.user_edit, self.password_edit, self.next_button):
            w.setEnabled(not busy)
        self.problem.setStyleSheet("color: palette(text);" if busy else "color: #b00020;")
        self.problem.setText("正在检查备份……" if busy else "")

    def _checked(self) -> None:
        self._task = None
        self._busy(False)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._busy(False)
        if not is_refusal(exc):
            messages.show_error(self, exc, "从备份恢复")
            return
        self._fail(describe(exc), self.password_edit if isinstance(exc, WrongPassword) else self.user_edit)

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.problem.setText(message)
        focus.setFocus()
        focus.selectAll()

    def reject(self) -> None:
        if self._task is None:  # not while the worker checks: it would report to a closed dialog
            super().reject()


def confirmation_text(request: RestoreRequest) -> str:
    target = request.target
    kept = backups.replaced_name(target).name
    return (f"将用备份\n{request.backup}\n替换当前数据库\n{target}\n\n"
            f"当前数据库不会删除：它将改名为\n{kept}\n（名称中是恢复的时间）保留在同一文件夹 {target.parent} 中，"
            f"备份之后所做的修改都还在那个文件里。\n\n"
            f"恢复时程序会关闭当前数据库，完成后以账户 {request.current_user} 重新打开恢复后的数据库。")


def ask_restore(parent: QWidget, ws: Workspace, backup: Path | None = None,
                start_folder: str = "") -> RestoreRequest | None:
    """The clerk's choices for a restore, every check passed; None if they stopped."""
    if ws.db.is_package:
        QMessageBox.information(parent, "从备份恢复", "外出考核数据包不能从备份恢复。请在办公室的数据库上恢复，"
                                                   "或重新导出数据包。")
        return None
    if backup is None:
        chosen = file_dialogs.open_file(parent, "选择要恢复的备份", start_folder, BACKUP_FILTER, purpose="backups")
        if not chosen:
            return None
        backup = Path(chosen)
    dialog = RestorePasswordDialog(ws, backup, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    request = RestoreRequest(backup, ws.db.path, dialog.user_edit.text().strip(), dialog.password_edit.text(),
                             ws.actor.username)
    if messages.choose(parent, "确认恢复", confirmation_text(request), [CONFIRM]) != CONFIRM:
        return None
    return request


# --- carrying out (the window has closed its database) ------------------------------------

def _open_as(db: Path, request: RestoreRequest) -> Workspace | None:
    """The database opened as the window's account with the password given for the backup,
    when that is the same account; else None (the login dialog asks)."""
    if request.username != request.current_user:
        return None
    try:
        return Workspace.open(db, request.current_user, request.password)
    except Exception as exc:  # its message is the login dialog's to tell
        log.info("reopening %s after a restore: %s", db, exc)
        return None


def restore_and_reopen(request: RestoreRequest) -> Reopened:
    """Runs in a worker: the restore, then opening the result (or the unchanged database)."""
    try:
        result = backups.restore(request.backup, request.target, request.username, request.password, force=True)
    except Exception as exc:
        bug = None if is_refusal(exc) else exc
        reason = describe(exc) if bug is None else "程序遇到了意外错误"
        ws = _open_as(request.target, request)
        again = "" if ws is not None else "请重新登录。"
        return Reopened(ws, request.target, request.current_user,
                        f"恢复没有完成：{reason}\n当前数据库没有改动。{again}", True, bug)
    done = f"已用备份 {request.backup} 恢复了数据库 {result.path}。"
    if result.replaced is not None:
        done += f"\n原数据库已改名保留为 {result.replaced}。"
    ws = _open_as(result.path, request)
    if ws is None:
        done += "\n请以恢复后的数据库中的账户登录（备份时的密码）。"
    return Reopened(ws, result.path, request.current_user, done, False)


def carry_out(request: RestoreRequest, parent: QWidget | None = None) -> Reopened:
    """Restore with a progress dialog (it cannot be cancelled halfway: it is short, and a
    restore either happens whole or not at all)."""
    progress = QProgressDialog("正在从备份恢复数据库……", "", 0, 0, parent)
    progress.setWindowTitle("从备份恢复")
    progress.setCancelButton(None)  # type: ignore[arg-type]
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(420)
    progress.show()
    loop = QEventLoop()
    outcome: list[Reopened] = []

    def finished(result: Reopened) -> None:
        outcome.append(result)
        loop.quit()

    def failed(exc: BaseException) -> None:  # restore_and_reopen catches everything but a bug of its own
        outcome.append(Reopened(None, request.target, request.current_user,
                                "恢复时程序遇到了意外错误，请重新登录。", True, exc))
        loop.quit()

    workers.start(lambda _t: restore_and_reopen(request), on_success=finished, on_failure=failed)
    loop.exec()
    progress.reset()
    progress.deleteLater()
    return outcome[0]
