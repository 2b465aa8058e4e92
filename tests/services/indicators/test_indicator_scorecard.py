"""The 成绩单's and the 晾晒 notice's data, from the hand-worked scenario and a unit's task list."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import FrontlineError
from desktop.models import Problem, Target, Verification
from desktop.reports.scorecard_data import MeetingNote, ScoreRow
from desktop.services.admin import settings
from desktop.services.indicators import queries, rankings, rule_sets
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from tests.services.indicators.indicator_scenario import Scenario, build


@pytest.fixture
def sc(ws: Workspace) -> Scenario:
    return build(ws)


def test_the_scorecards_data(ws: Workspace, sc: Scenario):
    settings.put(ws, settings.REPORT_ISSUER, "中共海滨市委组织部")
    rankings.record_note(ws, sc.set_id, 2026, 1, sc.c, "手续滞后", "专人盯办")  # a note of another quarter
    data = queries.scorecard_data(ws, sc.set_id, 2026, 2)
    assert (data.organization, data.set_name, data.year, data.quarter, data.subject_label) == (
        "中共海滨市委组织部", "重点任务指标", 2026, 2, "单位")
    assert data.indicators == ("招商引资", "项目开工", "群众满意度") and data.weights == (50, 30, 20)
    # Only 招商引资 reported in the second quarter: the other two print 未报, not their 0.
    assert data.rows[0] == ScoreRow(1, "东区", "区", 1, 50.0, (50.0, 0.0, 0.0), 2, False, (110.0, 50.0),
                                    (True, False, False))
    assert data.rows[1] == ScoreRow(2, "西区", "区", 2, 25.0, (25.0, 0.0, 0.0), 2, False, (110.0, 25.0),
                                    (True, False, False))
    assert all(r.reported == (False, False, False) for r in data.rows[2:])
    # Two reported: no bottom three (it would be both of them); the three without values are 未报.
    assert [r.rank for r in data.rows] == [1, 2, 3, 3, 3] and not any(r.bottom for r in data.rows)
    assert data.reporting_rate == pytest.approx(2 / 15)
    assert set(data.not_reported) == {"东区", "西区", "南区", "市发展改革委", "市住建局"}
    assert data.quarters == ("2026年第1季度", "2026年第2季度")
    assert data.notes == ()
    assert queries.scorecard_data(ws, sc.set_id, 2026, 1).notes == (MeetingNote("南区", "手续滞后", "专人盯办"),)


def test_a_units_notice_with_its_task_list(ws: Workspace, sc: Scenario):
    def op(ctx: OpContext) -> None:
        s = ctx.session
        met = Target(unit_id=sc.a, duty="完成固定资产投资", indicator="固定资产投资", target_value=50, measure="亿元",
                     deadline=dt.date(2026, 6, 30), seq=0)
        late = Target(unit_id=sc.a, duty="建成口袋公园", indicator="口袋公园", target_value=10, measure="个",
                      deadline=dt.date(2026, 3, 31), seq=1)
        open_ = Target(unit_id=sc.a, duty="老旧小区改造", deadline=dt.date(2026, 12, 31), seq=2)
        other = Target(unit_id=sc.b, duty="别的单位的任务", deadline=dt.date(2026, 1, 1))
        s.add_all([met, late, open_, other])
        s.flush()
        s.add_all([Verification(target_id=met.id, achieved_value=52, result="met", fact="统计局数据",
                                verified_by="李四", verified_on=dt.date(2026, 6, 30)),
                   Verification(target_id=late.id, achieved_value=6, result="partly", fact="现场查看",
                                verified_by="李四", verified_on=dt.date(2026, 4, 2))])
        s.add_all([Problem(year=2026, quarter=1, unit_id=sc.a, problem="拆迁进度慢", status="整改中"),
                   Problem(year=2026, quarter=1, unit_id=sc.a, problem="已解决的", status="已解决"),
                   Problem(year=2026, quarter=3, unit_id=sc.a, problem="以后的季度", status="待反馈")])

    ws.run("test.results", op)
    notice = queries.notice_data(ws, sc.set_id, 2026, 1, sc.a, today=dt.date(2026, 4, 15))
    assert (notice.unit, notice.rank, notice.of, notice.total) == ("东区", 1, 5, 110.0)
    assert notice.lines == (
        ("招商引资", "120亿元（目标 100亿元）", "完成"),
        ("项目开工", "10个", "已报"),
        ("群众满意度", "100", "已报"),
        ("固定资产投资", "52亿元", "完成"),
        ("口袋公园", "6个", "部分完成"),
        ("老旧小区改造", "", "未核验"),
    )
    assert notice.completion_rate == pytest.approx(1 / 3)
    assert (notice.overdue, notice.problems_open) == (1, 1)
    c = queries.notice_data(ws, sc.set_id, 2026, 1, sc.c, today=dt.date(2026, 4, 15))
    assert c.lines[0] == ("招商引资", "50亿元（目标 100亿元）", "部分完成") and c.lines[2] == ("群众满意度", "", "未报")
    assert (c.completion_rate, c.overdue, c.problems_open) == (None, 0, 0)


def test_a_notice_is_for_units_only(ws: Workspace):
    set_id = rule_sets.create(ws, SetSpec("领导干部指标", 2026, "leader", (IndicatorSpec("招商引资", 100),)))
    with pytest.raises(FrontlineError, match="考核的是领导干部；晾晒通知只用于单位"):
        queries.notice_data(ws, set_id, 2026, 1, 1)
