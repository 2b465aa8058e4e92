"""季度指标 rankings within groups and across quarters, from the keyboard on the demo database:
范围 switches the pane to the ranks within each unit type (one group or all), the selected unit
kept; the trend under it lists its totals and ranks quarter by quarter; 打印晾晒通报 writes the
selected unit's one-page notice; the ranking and trend models through the model tester."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.indicators import queries, rule_sets
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.workspace import Workspace
from desktop.ui.results.indicators_tab import IndicatorsTab
from desktop.ui.results.ranking_model import BOTTOM_TEXT, RankingModel
from tests.reports.pdf_helpers import compact, pages
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import FileAnswers, press
from tests.ui.model_checks import check, column, shown


def _open(qtbot, ws: Workspace) -> IndicatorsTab:
    t = shown(qtbot, IndicatorsTab(ws))
    row = max((r for r in queries.set_rows(ws) if r.status == "active"), key=lambda r: r.year)
    quarter = max(q for q in range(1, 5) if queries.rankings(ws, row.id, row.year, q).reporting.reported)
    t.choose(row.year, quarter, row.id)
    t.activateWindow()
    QApplication.processEvents()
    return t


@pytest.fixture
def tab(qtbot, demo_ws: Workspace) -> IndicatorsTab:
    return _open(qtbot, demo_ws)


def _headers(tab: IndicatorsTab) -> list[str]:
    m = tab.ranking_model
    return [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]


def _scope(qtbot, tab: IndicatorsTab, steps: int) -> None:
    """Alt+W to 范围, then Down as many times as asked (a combo box changes without opening)."""
    tab.ranking.setFocus()
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert tab.scope.hasFocus()
    for _ in range(steps):
        press(qtbot, Qt.Key.Key_Down)


def test_the_ranks_within_groups_keep_the_selected_unit(qtbot, tab: IndicatorsTab):
    table = tab.table
    assert table is not None and len(table.groups) > 1
    last = table.rows[-1]
    tab.ranking.setFocus()
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the last unit overall
    assert tab.current_rank() == last
    _scope(qtbot, tab, 1)
    assert tab.scope.currentText() == "分组排名（全部类别）"
    assert _headers(tab)[:5] == ["类别", "组内名次", "单位", "总分", "总名次"]
    groups = column(tab.ranking_model, 0)
    assert groups == sorted(groups) and set(groups) == set(table.groups)  # group after group
    first_group = [r for r in tab.ranking_model.rows if r.group == table.groups[0]]
    assert [r.group_rank for r in first_group] == sorted(r.group_rank for r in first_group)
    assert first_group[0].group_rank == 1
    assert tab.current_rank() == last  # still the same unit, now at its place in its group
    at = tab.ranking.currentIndex().row()
    assert column(tab.ranking_model, 2)[at] == last.subject
    assert column(tab.ranking_model, 1)[at] == str(last.group_rank)
    assert column(tab.ranking_model, 4)[at] == str(last.rank)
    # Red marks the bottom three of each group now: the group's last is red though the
    # overall ranking does not flag every one of them.
    flagged = [n for n, r in enumerate(tab.ranking_model.rows) if r.group_bottom and not r.bottom]
    assert flagged and tab.ranking_model.index(flagged[0], 2).data(Qt.ItemDataRole.ForegroundRole) == BOTTOM_TEXT
    assert column(tab.ranking_model, 6)[flagged[0]] == "组内末位"
    assert column(tab.ranking_model, 6)[at] == "组内末位，总末位"
    # One group alone.
    _scope(qtbot, tab, 1 + table.groups.index(last.group))
    assert tab.scope.currentText() == f"分组：{last.group}"
    assert set(column(tab.ranking_model, 0)) == {last.group}
    assert [int(x) for x in column(tab.ranking_model, 1)] == [r.group_rank for r in table.in_group(last.group)]
    # Back to the overall ranking.
    press(qtbot, Qt.Key.Key_Home)
    assert _headers(tab)[:2] == ["名次", "单位"] and tab.ranking_model.rowCount() == len(table.rows)
    assert tab.current_rank() == last


def test_the_trend_of_the_selected_unit(qtbot, tab: IndicatorsTab):
    table = tab.table
    assert table is not None
    tab.ranking.setFocus()
    tab.ranking.setCurrentIndex(tab.ranking_model.index(0, 1))
    press(qtbot, Qt.Key.Key_Down)  # the second unit
    row = table.rows[1]
    assert tab.trend_title.text() == f"{row.subject}近几季度走势(&Q)"
    assert column(tab.trend_model, 0) == list(table.quarters)
    assert column(tab.trend_model, 1)[-1] == f"{row.total:g}"
    ranks = column(tab.trend_model, 2)
    assert ranks[-1] == str(row.rank) and len(ranks) == len(row.trend)
    # A hand check of the change column: last quarter's rank against this one's.
    before, now = row.trend_ranks[-2], row.trend_ranks[-1]
    assert before is not None and now is not None
    expected = "持平" if before == now else (f"↑{before - now}" if now < before else f"↓{now - before}")
    assert column(tab.trend_model, 3)[-1] == expected
    assert column(tab.trend_model, 3)[0] == ""  # nothing to compare the first quarter with
    # Every past quarter's rank is that quarter's: the best total of a quarter is ranked 1st.
    q = 0
    best = max((r for r in table.rows if r.trend[q] is not None), key=lambda r: r.trend[q])  # type: ignore[arg-type, return-value]
    assert best.trend_ranks[q] == 1


def test_the_notice_of_the_selected_unit_is_printed(qtbot, tab: IndicatorsTab, monkeypatch, tmp_path: Path):
    table = tab.table
    assert table is not None
    assert not tab.notice_button.isEnabled()  # nothing selected yet
    tab.ranking.setFocus()
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    unit = table.rows[-1]
    out = tmp_path / "晾晒.pdf"
    files = FileAnswers(monkeypatch, out)
    alt(qtbot, Qt.Key.Key_B, tab.notice_button)  # 打印晾晒通报(&B)…
    assert files.asked[0].title == "保存晾晒通报"
    assert files.asked[0].name == f"{unit.subject}{table.year}年第{table.quarter}季度晾晒通报.pdf"
    flat = compact(out.read_bytes())  # the upright text: the rotated watermark left out
    assert f"关于{unit.subject}{table.year}年第{table.quarter}季度重点任务进展情况的晾晒" in flat
    assert f"在{len(table.rows)}个单位中排第{unit.rank}名" in flat
    assert f"总分{unit.total:g}分" in flat
    assert len(pages(out.read_bytes())) == 1


def test_the_ranking_model_within_groups(qtbot, qtmodeltester, demo_ws: Workspace):
    t = _open(qtbot, demo_ws)
    model = t.ranking_model
    assert isinstance(model, RankingModel)
    check(qtbot, qtmodeltester, model)
    t.scope.setCurrentIndex(1)  # all groups: a reset with other columns
    assert model.columnCount() == 7 and model.rowCount() > 100
    t.scope.setCurrentIndex(2)  # one group
    assert 0 < model.rowCount() < 100
    t.choose(2000, 1)  # no set: empty, the overall columns again
    assert model.rowCount() == 0 and t.scope.count() == 1


def test_the_trend_model(qtbot, qtmodeltester, demo_ws: Workspace):
    t = _open(qtbot, demo_ws)
    check(qtbot, qtmodeltester, t.trend_model)
    t.ranking.setCurrentIndex(t.ranking_model.index(3, 1))
    assert t.trend_model.rowCount() == len(t.table.quarters)  # type: ignore[union-attr]
    t.choose(2000, 1)
    assert t.trend_model.rowCount() == 0 and t.trend_title.text() == "走势(&Q)（选中单位后显示）"


def test_a_leader_set_has_groups_by_rank_level_and_no_notice(qtbot, tab: IndicatorsTab):
    tab.ranking.setFocus()
    tab.ranking.setCurrentIndex(tab.ranking_model.index(0, 1))  # a unit
    spec = SetSpec("领导班子成员指标", 2026, "leader", (IndicatorSpec("招商引资", 100, cap=1.0),))
    set_id = rule_sets.create(tab.ws, spec)
    rule_sets.activate(tab.ws, set_id)
    tab.choose(2026, 1, set_id)
    assert tab.ranking_model.rowCount() > 0 and tab.scope.count() > 2  # 职务层次 groups
    assert tab.current_rank() is None  # the unit's number is not a leader's
    tab.ranking.setFocus()
    tab.ranking.setCurrentIndex(tab.ranking_model.index(0, 1))
    assert tab.current_rank() is not None and not tab.notice_button.isEnabled()  # units only
    _scope(qtbot, tab, 1)
    assert _headers(tab)[2] == "领导干部"
