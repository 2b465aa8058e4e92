"""Closing the main window, with the automatic backup on the way out.

Closing runs in steps, since a backup takes a while and the window must stay responsive:
1. unsaved files and talks are settled (the clerk may say 取消: nothing happens);
2. a backup still running (the daily one) is waited for, with its progress and 取消;
3. when 关闭程序时备份 is set, one automatic backup is made, with a small progress dialog and
   取消 — a failure is told, and the window closes all the same: nothing keeps it open;
4. the database is let go and the window closes.
A close that arrives during step 2 or 3 (Ctrl+Q again) is ignored; the steps go on.

Automatic backups that finish while the window is open (the daily one) are reported in
the status bar, never in a box: a stick left at home must not interrupt the clerk hourly.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from desktop.services.admin import backups
from desktop.ui.admin.backup_runner import AUTOMATIC, BackupOutcome, BackupProgress
from desktop.ui.common.messages import describe, is_refusal, write_crash_log

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

OPEN, BACKING_UP, READY, CLOSED = "open", "backing-up", "ready", "closed"


class Closing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.state = OPEN

    @property
    def pending(self) -> bool:
        """A close was accepted and waits for a backup."""
        return self.state == BACKING_UP

    def may_close(self) -> bool:
        """Called by closeEvent: True when the window may close now."""
        if self.state in (READY, CLOSED):
            self._shut_down()
            return True
        if self.state == BACKING_UP:
            return False
        if not self.window.confirm_close():
            return False
        runner = self.window.backup_runner
        runner.stop()
        if runner.busy:
            self.state = BACKING_UP
            self._wait_for_running()
            return False
        if self._backup_wanted():
            self.state = BACKING_UP
            self._backup()
            return False
        self._shut_down()
        return True

    def _shut_down(self) -> None:
        if self.state != CLOSED:
            self.state = CLOSED
            self.window.shut_down()

    def _finish(self) -> None:
        self.state = READY
        self.window.close()

    def _backup_wanted(self) -> bool:
        window = self.window
        if window.restore_request is not None or window.ws.db.chain_state.alarm:
            return False  # a restore keeps the replaced database; a rolled-back one is not rotated in
        try:
            config = backups.read_settings(window.ws)
            return config.enabled and config.on_close and not backups.automatic_is_current(window.ws)
        except Exception:  # reading settings must never keep the window open
            log.exception("reading the backup settings at closing")
            return False

    def _wait_for_running(self) -> None:
        runner = self.window.backup_runner
        BackupProgress(runner, "正在完成进行中的备份……", self.window).show()

        def done(outcome: BackupOutcome) -> None:
            runner.backup_did_finish.disconnect(done)
            if not outcome.cancelled and self._backup_wanted():
                self._backup()
            else:
                QTimer.singleShot(0, self._finish)

        runner.backup_did_finish.connect(done)

    def _backup(self) -> None:
        runner = self.window.backup_runner
        folder = backups.read_settings(self.window.ws).folder
        progress = BackupProgress(runner, f"关闭前自动备份到 {folder} ……", self.window)

        def done(outcome: BackupOutcome) -> None:
            runner.backup_did_finish.disconnect(done)
            if outcome.error is not None and not outcome.cancelled:
                QMessageBox.warning(self.window, "自动备份", f"关闭前的自动备份没有完成：{_reason(outcome.error)}\n\n"
                                                            "数据库本身没有受影响，程序将照常关闭。")
            # Closing from inside the runner's signal would delete what is still emitting.
            QTimer.singleShot(0, self._finish)

        runner.backup_did_finish.connect(done)
        if runner.automatic():
            progress.show()
        else:  # cannot happen (nothing runs now), but closing must go on regardless
            progress.deleteLater()
            runner.backup_did_finish.disconnect(done)
            self._finish()

    def automatic_did_finish(self, outcome: BackupOutcome) -> None:
        """The daily backup's result, in the status bar."""
        if outcome.kind != AUTOMATIC or self.state != OPEN:
            return
        bar = self.window.statusBar()
        if outcome.ok:
            bar.showMessage(f"已自动备份到 {outcome.path}（已打开核对）", 10000)
        elif not outcome.cancelled and outcome.error is not None:
            bar.showMessage(f"自动备份失败：{_reason(outcome.error)}")


def _reason(exc: BaseException) -> str:
    if is_refusal(exc):
        return describe(exc)
    write_crash_log(exc)
    return "程序遇到了意外错误（详细信息已写入日志文件夹）"
