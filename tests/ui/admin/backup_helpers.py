"""Shared steps of the backup window tests: reaching the page, holding a backup mid-copy, a
small or read-only disk."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QProgressDialog

from desktop.ui.admin.backup_page import BackupPage
from desktop.ui.admin.backup_runner import BackupRunner
from desktop.ui.main_window import MainWindow
from tests.ui.helpers import menu_titled


def open_backup_page(window: MainWindow) -> BackupPage:
    """工具 → 备份与恢复, as the clerk chooses it from the menu (the window active, as for
    a clerk: Alt+letter and Ctrl+S belong to the active window)."""
    window.activateWindow()
    QApplication.processEvents()
    tools = menu_titled(window, "工具(&T)")
    next(a for a in tools.actions() if a.text() == "备份与恢复(&B)…").trigger()
    QApplication.processEvents()
    page = window.backup_page
    assert page.isVisible()
    return page


def alt(qtbot, key: Qt.Key, button: QAbstractButton) -> None:
    """Alt+letter on a button's mnemonic. Qt clicks a button on its shortcut a moment later
    (animateClick), so wait for the click as a person sees it happen. The button's window is
    made the active one first, as a person's is when they type into it: in a long run another
    window may still hold the activation, and Alt+letter belongs to the active window."""
    top = button.window()
    if not top.isActiveWindow():
        top.activateWindow()
        qtbot.waitUntil(top.isActiveWindow, timeout=5000)
    # The keys go where a person's would: to the focused widget of that window (a widget of
    # another window, left focused by an earlier step, would take them elsewhere).
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    target = focus if focus is not None and focus.window() is top else top
    with qtbot.waitSignal(button.clicked, timeout=5000):
        qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)
    QApplication.processEvents()


def shown_progress() -> QProgressDialog:
    """The progress dialog on screen, made the active window as a window manager would (the
    offscreen platform does not): its Esc is a shortcut of the active window."""
    (progress,) = [d for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog) and d.isVisible()]
    progress.activateWindow()
    QApplication.processEvents()
    return progress


class Held:
    """Holds every backup at its first page step until released, so a test can act while a
    backup is under way (cancel it, start another)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from desktop.store import backup

        self.started = threading.Event()
        self.release = threading.Event()
        monkeypatch.setattr(backup, "STEP_PAGES", 8)  # many steps: the cancel lands between two
        original = BackupRunner.report

        def report(runner: BackupRunner, task, done: int, total: int) -> None:
            self.started.set()
            self.release.wait(10)
            original(runner, task, done, total)

        monkeypatch.setattr(BackupRunner, "report", report)


@contextmanager
def mounted(folder: Path, *, size: str = "1m", read_only: bool = False) -> Iterator[Path]:
    """A small tmpfs at `folder` (a full USB stick, or a write-protected one). Needs root;
    the test is skipped elsewhere."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
