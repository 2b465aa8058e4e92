"""Backups made by the window: one at a time, in a worker, with progress and cancel.

Three things start backups: 立即备份 on the 备份与恢复 page, the daily check (at login and
every hour while the window is open), and closing the window. They share one runner so that
two never run at once: the page refuses while another runs, the daily check skips, and
closing waits for a running one before its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.services.admin import backups
from desktop.services.workspace import Workspace
from desktop.ui.common import workers

MANUAL, AUTOMATIC = "manual", "automatic"
# The daily check: soon after login (once the window is up), then every hour.
FIRST_CHECK_MS = 5000
CHECK_EVERY_MS = 60 * 60 * 1000


@dataclass(frozen=True)
class BackupOutcome:
    kind: str  # MANUAL or AUTOMATIC
    path: Path | None = None
    error: BaseException | None = None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, backups.BackupCancelled)

    @property
    def ok(self) -> bool:
        return self.path is not None


class BackupRunner(QObject):
    """Signals: backup_did_start(kind), backup_did_progress(done, total),
    backup_did_finish(BackupOutcome)."""

    backup_did_start = Signal(str)
    backup_did_progress = Signal(int, int)
    backup_did_finish = Signal(object)

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.task: workers.Task | None = None
        self.kind = ""
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_daily)

    def start_daily_checks(self) -> None:
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_daily)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def busy(self) -> bool:
        return self.task is not None

    # --- starting -------------------------------------------------------------------------

    def backup_to(self, target: Path) -> bool:
        """立即备份 to a file the clerk chose; False if another backup is running."""
        return self._start(MANUAL, lambda report: backups.make_backup(self.ws, target, progress=report))

    def automatic(self) -> bool:
        """One automatic backup into the chosen folder, with rotation."""
        return self._start(AUTOMATIC, lambda report: backups.run_automatic(self.ws, progress=report))

    def check_daily(self) -> bool:
        """The daily backup, if one is due and nothing else is running. Not of a database whose
        audit chain raised the alarm: rotation would push good backups out for it."""
        if self.busy or self.ws.db.chain_state.alarm:
            return False
        if not backups.automatic_due(self.ws) or backups.automatic_is_current(self.ws):
            return False
        return self.automatic()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _start(self, kind: str, work: Callable[[backups.Progress], Path]) -> bool:
        if self.busy:
            return False

        def run(task: workers.Task) -> Path:
            def report(done: int, total: int) -> None:
                # Called on the worker between pages: the one place a cancel can take effect.
                if task.cancelled():
                    raise backups.BackupCancelled()
                self.report(task, done, total)

            if task.cancelled():
                raise backups.BackupCancelled()
            return Path(work(report))

        self.kind = kind
        self.task = workers.start(run, on_success=lambda p: self._finish(BackupOutcome(kind, path=p)),
                                  on_failure=lambda e: self._finish(BackupOutcome(kind, error=e)),
                                  on_progress=self.backup_did_progress.emit)
        self.backup_did_start.emit(kind)
        return True

    def report(self, task: workers.Task, done: int, total: int) -> None:
        """Progress from the worker thread (tests hold a backup here to cancel it)."""
        task.progress(done, total)

    def _finish(self, outcome: BackupOutcome) -> None:
        self.task = None
        self.kind = ""
        self.backup_did_finish.emit(outcome)


class BackupProgress(QProgressDialog):
    """A small window-modal progress dialog for the runner's current backup; 取消 (or Esc)
    cancels it. Closes itself when the backup finishes."""

    def __init__(self, runner: BackupRunner, text: str, parent: QWidget | None) -> None:
        super().__init__(text, "取消", 0, 0, parent)
        self.runner = runner
        self.setWindowTitle("备份")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.canceled.connect(self._cancel)
        runner.backup_did_progress.connect(self._progress)
        runner.backup_did_finish.connect(self._finished)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))

    def _cancel(self) -> None:
        self.setLabelText("正在取消……")
        self.runner.cancel()

    def _finished(self, _outcome: BackupOutcome) -> None:
        self.runner.backup_did_progress.disconnect(self._progress)
        self.runner.backup_did_finish.disconnect(self._finished)
        self.hide()
        self.deleteLater()
