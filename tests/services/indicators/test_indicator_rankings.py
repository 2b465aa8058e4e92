"""Scores and rankings from the database, hand-computed (see indicator_scenario.py): capped
targets, ties, missing values, groups, the trend, the bottom three and their notes."""

from __future__ import annotations

import pytest

from desktop.errors import FrontlineError
from desktop.services.indicators import queries, rankings, rule_sets, values
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.indicators.values import Entry
from desktop.services.workspace import Workspace
from tests.services.campaigns.plain_values import assert_plain
from tests.services.indicators.indicator_scenario import Scenario, build


@pytest.fixture
def sc(ws: Workspace) -> Scenario:
    return build(ws)


def test_the_quarters_scores_ranks_and_bottom_three(ws: Workspace, sc: Scenario):
    table = queries.rankings(ws, sc.set_id, 2026, 1)
    got = [(r.subject, r.rank, r.total, r.missing, r.bottom, r.scores) for r in table.rows]
    assert got == [
        ("东区", 1, 110.0, 0, False, (60.0, 30.0, 20.0)),  # 120/100 reaches the 1.2 cap
        ("西区", 1, 110.0, 0, False, (60.0, 30.0, 20.0)),  # 150/100 capped at 1.2; tied on 项目开工
        ("南区", 3, 35.0, 1, True, (25.0, 10.0, 0.0)),  # the next place after a tie is skipped
        ("市发展改革委", 4, 15.0, 1, True, (0.0, 0.0, 15.0)),
        ("市住建局", 5, 0.0, 3, False, (0.0, 0.0, 0.0)),  # nothing reported: 0, ranked, 未报 not 末位
    ]
    assert table.indicators == ("招商引资", "项目开工", "群众满意度") and table.weights == (50, 30, 20)
    # The last three places among the four that reported: the tie at first takes places 1 and 2.
    assert [r.subject for r in table.bottom] == ["南区", "市发展改革委"]
    assert table.subject_label == "单位" and table.quarters == ("2026年第1季度",)
    assert_plain(table)


def test_containers_and_sections_are_not_ranked(ws: Workspace, sc: Scenario):
    table = queries.rankings(ws, sc.set_id, 2026, 1)
    assert {r.subject_id for r in table.rows} == {sc.a, sc.b, sc.c, sc.d, sc.e}


def test_ranks_within_groups(ws: Workspace, sc: Scenario):
    table = queries.rankings(ws, sc.set_id, 2026, 1)
    assert table.groups == ("区", "政府部门")
    assert [(r.subject, r.group_rank) for r in table.in_group("区")] == [("东区", 1), ("西区", 1), ("南区", 3)]
    # Groups where three or fewer reported have no bottom three (it would be all of them).
    assert [(r.subject, r.group_rank, r.group_bottom) for r in table.in_group("政府部门")] == [
        ("市发展改革委", 1, False), ("市住建局", 2, False)]
    assert not [r.subject for r in table.rows if r.group_bottom]


def test_reporting_rate_and_who_has_not_reported(ws: Workspace, sc: Scenario):
    rep = queries.reporting(ws, sc.set_id, 2026, 1)
    assert (rep.expected, rep.reported, rep.subjects, rep.complete) == (15, 10, 5, 2)
    assert rep.rate == pytest.approx(2 / 3)
    assert {m.name: m.missing for m in rep.not_reported} == {
        "南区": ("群众满意度",), "市发展改革委": ("招商引资",),
        "市住建局": ("招商引资", "项目开工", "群众满意度")}
    later = queries.reporting(ws, sc.set_id, 2026, 3)
    assert (later.reported, later.rate, len(later.not_reported)) == (0, 0.0, 5)


def test_the_trend_across_quarters(ws: Workspace, sc: Scenario):
    table = queries.rankings(ws, sc.set_id, 2026, 2)
    assert table.quarters == ("2026年第1季度", "2026年第2季度")
    trend = {r.subject: r.trend for r in table.rows}
    assert trend == {"东区": (110.0, 50.0), "西区": (110.0, 25.0), "南区": (35.0, None),
                     "市发展改革委": (15.0, None), "市住建局": (None, None)}
    assert [(r.subject, r.rank) for r in table.rows][:2] == [("东区", 1), ("西区", 2)]


def test_a_bottom_ranked_units_note(ws: Workspace, sc: Scenario):
    rankings.record_note(ws, sc.set_id, 2026, 1, sc.c, "项目前期手续滞后", "倒排工期，每周调度")
    rankings.record_note(ws, sc.set_id, 2026, 1, sc.c, "项目前期手续滞后", "倒排工期，每周调度，专人盯办")
    notes = queries.ranking_notes(ws, sc.set_id, 2026, 1)
    assert [(n.subject_id, n.explanation, n.measures, n.recorded_by) for n in notes] == [
        (sc.c, "项目前期手续滞后", "倒排工期，每周调度，专人盯办", "admin")]
    with pytest.raises(FrontlineError, match="东区在2026年第1季度排第 1 名，不在末位 3 名之列"):
        rankings.record_note(ws, sc.set_id, 2026, 1, sc.a, "无", "无")
    with pytest.raises(FrontlineError, match="请填写整改措施"):
        rankings.record_note(ws, sc.set_id, 2026, 1, sc.d, "原因", "  ")
    with pytest.raises(FrontlineError, match="不在“重点任务指标”2026年第1季度的排名中"):
        rankings.record_note(ws, sc.set_id, 2026, 1, sc.section, "原因", "措施")


def test_the_trend_reaches_into_last_years_set_of_the_same_name(ws: Workspace, sc: Scenario):
    spec = SetSpec("重点任务指标", 2025, "unit", (IndicatorSpec("招商引资", 100, cap=1.0),))
    last_year = rule_sets.create(ws, spec)
    rule_sets.activate(ws, last_year)
    indicator = queries.set_detail(ws, last_year).indicators[0].id
    values.record_many(ws, last_year, 2025, 4, [Entry(sc.a, indicator, 80, 100), Entry(sc.d, indicator, 200, 100)])
    table = queries.rankings(ws, sc.set_id, 2026, 1)
    assert table.quarters == ("2025年第1季度", "2025年第2季度", "2025年第3季度", "2025年第4季度", "2026年第1季度")
    trend = {r.subject: r.trend for r in table.rows}
    assert trend["东区"] == (None, None, None, 80.0, 110.0)
    assert trend["市发展改革委"] == (None, None, None, 100.0, 15.0)  # capped at 1.0 last year
    assert trend["西区"] == (None, None, None, None, 110.0)  # nothing reported that quarter


def test_a_quarter_nobody_has_reported_yet_flags_nobody(ws: Workspace, sc: Scenario):
    table = queries.rankings(ws, sc.set_id, 2026, 4)
    assert table.rows and table.reporting.reported == 0
    assert not [r.subject for r in table.rows if r.bottom or r.group_bottom]
