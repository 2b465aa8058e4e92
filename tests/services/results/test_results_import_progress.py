"""The task-list import reports its progress and stops when cancelled: a cancelled read
writes nothing, and a commit cancelled part way — even after its last line was added —
rolls back whole, leaving the task list and the audit log as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.interchange.errors import Cancelled
from desktop.services.results import queries, target_import
from desktop.services.workspace import Workspace
from tests.conftest import data_digest
from tests.services.assessment_helpers import cadre, campaign
from tests.services.results.test_results_target_import import _fill


def _file(ws: Workspace, tmp_path: Path, rows: int) -> tuple[int, Path]:
    cid = campaign(ws, cadre(ws, "张三"))
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    lines: list[list[object]] = [["张三", None, None, f"任务{n}", None, n, "个", None, None, None, None, None]
                                 for n in range(1, rows + 1)]
    return cid, _fill(template, lines, tmp_path / "任务清单.xlsx")


def test_progress_counts_the_rows(ws: Workspace, tmp_path: Path):
    cid, path = _file(ws, tmp_path, 5)
    seen: list[tuple[int, int]] = []
    plan = target_import.preview(ws, path, cid, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    seen.clear()
    assert target_import.commit(ws, plan, progress=lambda d, t: seen.append((d, t))) == 5
    assert seen[0] == (0, 10) and seen[-1] == (10, 10) and len(seen) == 11
    assert [t.duty for t in queries.targets(ws, campaign_id=cid)] == [f"任务{n}" for n in range(1, 6)]


@pytest.mark.parametrize("after", [0, 3, 7, 10])
def test_a_cancelled_commit_writes_nothing(ws: Workspace, tmp_path: Path, after: int):
    cid, path = _file(ws, tmp_path, 5)
    plan = target_import.preview(ws, path, cid)
    before = data_digest(ws)
    calls = iter(range(100))
    with pytest.raises(Cancelled, match="已取消，没有写入任何数据"):
        target_import.commit(ws, plan, cancelled=lambda: next(calls) >= after)
    assert queries.targets(ws, campaign_id=cid) == []
    assert data_digest(ws) == before


def test_a_cancelled_read_stops(ws: Workspace, tmp_path: Path):
    cid, path = _file(ws, tmp_path, 5)
    with pytest.raises(Cancelled):
        target_import.preview(ws, path, cid, cancelled=lambda: True)
