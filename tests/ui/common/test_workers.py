"""Background tasks: a closing window stops them and hears nothing more from them."""

import threading

from PySide6.QtCore import QCoreApplication

from desktop.ui.common import workers


def test_stop_all_cancels_a_running_task_and_drops_its_reports(qtbot) -> None:
    started = threading.Event()
    heard: list[object] = []

    def job(task: workers.Task) -> str:
        started.set()
        while not task.cancelled():
            task.done.wait(0.01)
        raise RuntimeError("已取消")

    task = workers.start(job, on_success=heard.append, on_failure=heard.append)
    assert started.wait(10)
    assert workers.stop_all(timeout=10) == []
    assert not task.thread.is_alive() and task.cancelled()
    QCoreApplication.processEvents()  # the failure was queued before the join: it must be dropped
    assert heard == []


def test_a_finished_task_still_reports_to_its_window(qtbot) -> None:
    heard: list[object] = []
    workers.start(lambda _t: 42, on_success=heard.append)
    qtbot.waitUntil(lambda: heard == [42], timeout=5000)
