"""What the window's 季度指标 tab adds to the services, hand-computed on indicator_scenario.py:
each subject's overall rank in every quarter of the trend, and the values an import would
write listed with what is recorded now, a cancelled preview or commit writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.interchange.errors import Cancelled
from desktop.services.indicators import queries, workbooks
from desktop.services.workspace import Workspace
from tests.conftest import data_digest
from tests.services.indicators.indicator_scenario import Scenario, build


@pytest.fixture
def sc(ws: Workspace) -> Scenario:
    return build(ws)


def test_the_trend_has_each_quarters_rank(ws: Workspace, sc: Scenario):
    table = queries.rankings(ws, sc.set_id, 2026, 2)
    ranks = {r.subject: r.trend_ranks for r in table.rows}
    # Q1: 110 and 110 tie at 1, 35 is 3rd, 15 4th; 市住建局 reported nothing. Q2: only 东区 50, 西区 25.
    assert ranks == {"东区": (1, 1), "西区": (1, 2), "南区": (3, None), "市发展改革委": (4, None),
                     "市住建局": (None, None)}
    assert all(len(r.trend_ranks) == len(table.quarters) for r in table.rows)


def _filled_template(ws: Workspace, sc: Scenario, path: Path) -> None:
    workbooks.write_template(ws, sc.set_id, 2026, 1, path)
    wb = load_workbook(path)
    sheet = wb["指标数据"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "东区")
    sheet.cell(row, 5).value = 12  # 项目开工: 10 recorded
    wb.save(path)


def test_the_preview_lists_the_values_with_what_is_recorded(ws: Workspace, sc: Scenario, tmp_path: Path):
    path = tmp_path / "q1.xlsx"
    _filled_template(ws, sc, path)
    seen: list[tuple[int, int]] = []
    plan = workbooks.preview(ws, sc.set_id, 2026, 1, path, progress=lambda d, t: seen.append((d, t)))
    [changed] = [line for line in plan.lines if line.changed]
    assert (changed.subject, changed.indicator, changed.value, changed.before.value) == ("东区", "项目开工", 12, 10)
    assert plan.changes == 1 and len(plan.lines) == len(plan.entries)
    same = next(line for line in plan.lines if line.subject == "东区" and line.indicator == "招商引资")
    assert (same.value, same.target, same.changed) == (120, 100, False)


def test_a_cancelled_preview_or_commit_writes_nothing(ws: Workspace, sc: Scenario, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "q1.xlsx"
    _filled_template(ws, sc, path)
    monkeypatch.setattr(workbooks, "CHUNK", 1)  # the scenario has 5 rows: ask at every row
    with pytest.raises(Cancelled, match="已取消，没有写入任何数据"):
        workbooks.preview(ws, sc.set_id, 2026, 1, path, cancelled=lambda: True)
    plan = workbooks.preview(ws, sc.set_id, 2026, 1, path)
    before = data_digest(ws)
    with pytest.raises(Cancelled):
        workbooks.commit(ws, plan, cancelled=lambda: True)
    assert data_digest(ws) == before
    assert workbooks.commit(ws, plan) == 1
