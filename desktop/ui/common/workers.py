"""Running long work off the window's thread, with progress and cancel.

A Task runs a function on a Python thread. The function receives the task so it can report
progress and ask whether it was cancelled; it must never touch widgets. Results and errors
come back as signals of an object living on the window's thread, so Qt delivers them there.

(Plain threads rather than QRunnable: a Python-owned QRunnable can be freed on the window's
thread while the pool thread still finishes with it, which crashes at random.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class TaskSignals(QObject):
    """Signals: task_did_progress(done, total), task_did_succeed(result), task_did_fail(exc)."""

    task_did_progress = Signal(int, int)
    task_did_succeed = Signal(object)
    task_did_fail = Signal(object)


class Task:
    def __init__(self, fn: Callable[[Task], Any]) -> None:
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()
        # Set when the window gives up on the task (it is closing): what the task still
        # reports is dropped, so no callback touches a closed window or database.
        self.abandoned = False
        self.thread = threading.Thread(target=self.run, name="frontline-task", daemon=True)

    def run(self) -> None:
        try:
            result = self.fn(self)
        except BaseException as exc:
            self.done.set()
            self.signals.task_did_fail.emit(exc)
        else:
            self.done.set()
            self.signals.task_did_succeed.emit(result)

    def progress(self, done: int, total: int) -> None:
        self.signals.task_did_progress.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


_running: set[Task] = set()


def start(fn: Callable[[Task], Any], *, on_success: Callable[[Any], None] | None = None,
          on_failure: Callable[[BaseException], None] | None = None,
          on_progress: Callable[[int, int], None] | None = None) -> Task:
    task = Task(fn)
    # Keep a reference until the task reports, so its signals outlive the thread.
    _running.add(task)
    if on_progress:
        task.signals.task_did_progress.connect(_unless_abandoned(task, on_progress))
    task.signals.task_did_succeed.connect(lambda _r: _running.discard(task))
    task.signals.task_did_fail.connect(lambda _e: _running.discard(task))
    if on_success:
        task.signals.task_did_succeed.connect(_unless_abandoned(task, on_success))
    if on_failure:
        task.signals.task_did_fail.connect(_unless_abandoned(task, on_failure))
    task.thread.start()
    return task


def _unless_abandoned(task: Task, slot: Callable[..., None]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        if not task.abandoned:
            slot(*args)
    return call


def stop_all(timeout: float = 60.0) -> list[Task]:
    """Cancel every running task and wait for its thread to end; returns those still running.

    Called before the database closes: a task left running would write into a closed (or, in
    a test, deleted) workspace, and its error would surface in whatever window comes next.
    Each task checks `cancelled()` between steps and rolls back its transaction, so the wait
    is one step long, not the whole job.
    """
    tasks = list(_running)
    for task in tasks:
        task.abandoned = True
        task.cancel()
    left = []
    for task in tasks:
        task.thread.join(timeout)
        if task.thread.is_alive():
            left.append(task)
        else:
            _running.discard(task)
    return left
