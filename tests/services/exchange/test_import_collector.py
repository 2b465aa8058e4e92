"""An import holds the cyclic garbage collector off while it runs (services/collector.py)
and leaves it as it found it, whether the import succeeds, is refused, or several overlap."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from desktop.errors import FileRefused
from desktop.services import collector
from desktop.services.exchange import imports
from desktop.services.workspace import Workspace


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _roster(path: Path) -> Path:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "出生年月"])
    sheet.append(["张三丰", "男", "1980.05"])
    wb.save(path)
    return path


def test_an_import_runs_with_the_collector_off_and_switches_it_back_on(ws: Workspace, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       collector_on: None):
    seen: list[bool] = []
    real_plan = imports.plan

    def watched_plan(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(imports, "plan", watched_plan)
    plan = imports.preview(ws, _roster(tmp_path / "名册.xlsx"))
    assert seen == [False] and gc.isenabled()
    done = imports.commit(ws, plan)
    assert done.message() == "已导入：新增 1 人，修改 0 人" and gc.isenabled()


def test_a_refused_file_leaves_the_collector_on(ws: Workspace, tmp_path: Path, collector_on: None):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(FileRefused):
        imports.preview(ws, bad)
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_last_overlapping_import_ends(collector_on: None):
    first_in, second_done = threading.Event(), threading.Event()

    def other() -> None:
        with collector.paused():
            first_in.set()
            second_done.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    first_in.wait(5)
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other import is still running
    second_done.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
