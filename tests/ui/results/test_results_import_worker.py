"""导入任务清单 runs in a worker: the progress bar shows while it writes, 取消 (Alt+C) stops
it, and a cancelled import leaves the database exactly as it was; the dialog stays open with
the file still ready to import."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.results import queries, target_import, targets
from desktop.ui.main_window import MainWindow
from desktop.ui.results.target_import_dialog import TargetImportDialog
from tests.conftest import data_digest
from tests.services.assessment_helpers import cadre, campaign
from tests.services.results.task_files import fill_tasks
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import FileAnswers, WhenShown, press
from tests.ui.results.results_helpers import active
from tests.ui.results.test_results_window import _open_targets


def test_a_cancelled_import_changes_nothing(qtbot, window: MainWindow, monkeypatch, tmp_path: Path):
    ws = window.ws
    cid = campaign(ws, cadre(ws, "张三"))
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    path = fill_tasks(template, [["张三", None, None, f"任务{n}", None, n, "个", None, None, None, None, None]
                            for n in range(1, 4)], tmp_path / "任务清单.xlsx")
    tab = _open_targets(window, cid)
    before = data_digest(ws)
    started, go = threading.Event(), threading.Event()
    add_line = targets.add_line

    def held(*args, **kwargs):  # the first line waits until the clerk has pressed 取消
        started.set()
        assert go.wait(10)
        return add_line(*args, **kwargs)

    monkeypatch.setattr(targets, "add_line", held)
    FileAnswers(monkeypatch, path)
    seen: dict[str, object] = {}

    def cancel(d: TargetImportDialog) -> None:
        active(d)
        qtbot.waitUntil(lambda: d.plan is not None and d.task is None)
        press(qtbot, Qt.Key.Key_Return)  # 导入
        qtbot.waitUntil(started.is_set)
        seen["busy"] = (d.progress.isVisible(), d.cancel_button.isVisible(), d.import_button.isEnabled())
        alt(qtbot, Qt.Key.Key_C, d.cancel_button)  # 取消(&C)
        go.set()
        qtbot.waitUntil(lambda: d.task is None)
        seen["after"] = (d.summary.text(), d.import_button.isEnabled(), d.isVisible(), d.progress.isVisible())
        press(qtbot, Qt.Key.Key_Escape)

    shown = WhenShown(TargetImportDialog, cancel)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)
    shown.check()
    assert seen["busy"] == (True, True, False)
    assert seen["after"] == ("已取消导入，没有写入任何任务。", True, True, False)
    assert queries.targets(ws, campaign_id=cid) == []
    assert data_digest(ws) == before
    assert tab.model.rowCount() == 0


def test_a_cancelled_read_shows_nothing_to_import(qtbot, window: MainWindow, monkeypatch, tmp_path: Path):
    from desktop.interchange import target_xlsx

    ws = window.ws
    cid = campaign(ws, cadre(ws, "张三"))
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    path = fill_tasks(template, [["张三", None, None, "任务", None, 1, "个", None, None, None, None, None]],
                 tmp_path / "任务清单.xlsx")
    tab = _open_targets(window, cid)
    started, go = threading.Event(), threading.Event()
    read = target_xlsx.read

    def held(*args, **kwargs):  # the read waits until the clerk has pressed 取消
        started.set()
        assert go.wait(10)
        return read(*args, **kwargs)

    monkeypatch.setattr(target_xlsx, "read", held)
    FileAnswers(monkeypatch, path)
    seen: dict[str, object] = {}

    def cancel(d: TargetImportDialog) -> None:
        active(d)
        qtbot.waitUntil(started.is_set)
        seen["reading"] = d.summary.text()
        alt(qtbot, Qt.Key.Key_C, d.cancel_button)
        go.set()
        qtbot.waitUntil(lambda: d.task is None)
        seen["after"] = (d.summary.text(), d.import_button.isEnabled(), d.lines_model.rowCount())
        press(qtbot, Qt.Key.Key_Escape)

    shown = WhenShown(TargetImportDialog, cancel)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)
    shown.check()
    assert seen["reading"] == "正在读取 任务清单.xlsx …"
    assert seen["after"] == ("已取消读取，没有导入任何任务。", False, 0)
    assert queries.targets(ws, campaign_id=cid) == []
