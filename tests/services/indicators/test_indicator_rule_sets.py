"""Rule sets: weights must total 100, versions lock once values are recorded against them,
activation retires the other versions; values are checked (ranges, targets, period) and a
batch with one bad entry writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.errors import FrontlineError
from desktop.models import AuditEntry, IndicatorValue
from desktop.services.indicators import queries, rule_sets, values
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.indicators.values import Entry
from desktop.services.workspace import Workspace
from tests.conftest import data_digest
from tests.services.campaigns.plain_values import assert_plain
from tests.services.indicators.indicator_scenario import INDICATORS, Scenario, build


def test_weights_not_totalling_100_are_refused(ws: Workspace):
    short = (IndicatorSpec("招商引资", 50), IndicatorSpec("项目开工", 30, "ranking"),
             IndicatorSpec("群众满意度", 10, "manual"))
    with pytest.raises(FrontlineError, match="各项指标权重合计应为 100，现为 90"):
        rule_sets.create(ws, SetSpec("重点任务指标", 2026, "unit", short))
    assert queries.set_rows(ws) == []
    bad = (IndicatorSpec("", 60), IndicatorSpec("满意度", 40, "manual", min_value=100, max_value=60))
    with pytest.raises(FrontlineError) as err:
        rule_sets.create(ws, SetSpec("重点任务指标", 2026, "unit", bad))
    assert "第1项指标：名称必填" in str(err.value) and "人工评分的最低分应小于最高分" in str(err.value)
    with pytest.raises(FrontlineError, match="考核对象应为"):
        rule_sets.create(ws, SetSpec("重点任务指标", 2026, "cadre", INDICATORS))


def test_a_set_from_json_with_chinese_rule_names(ws: Workspace):
    doc = [{"name": "招商引资", "weight": 60, "rule": "按目标", "cap": 1.1},
           {"name": "满意度", "weight": 40, "rule": "人工评分", "min": 0, "max": 10}]
    spec = rule_sets.spec_from_json(doc, name="指标", year=2026, subject="leader")
    set_id = rule_sets.create(ws, spec)
    detail = queries.set_detail(ws, set_id)
    assert [(i.name, i.weight, i.rule_label, i.cap, i.max_value) for i in detail.indicators] == [
        ("招商引资", 60, "按目标", 1.1, 100.0), ("满意度", 40, "人工评分", 1.0, 10)]
    assert (detail.row.subject_label, detail.row.status_label, detail.row.version) == ("领导干部", "草稿", 1)
    assert_plain(detail)
    with pytest.raises(FrontlineError, match="第1项指标：权重、封顶系数和分值范围应为数字"):
        rule_sets.spec_from_json([{"name": "x", "weight": "很多"}], name="指标", year=2026, subject="unit")


def test_a_version_with_values_is_locked_and_a_new_version_copies_it(ws: Workspace):
    sc = build(ws)
    edited = SetSpec("重点任务指标", 2026, "unit", (IndicatorSpec("招商引资", 100, "target"),))
    with pytest.raises(FrontlineError, match="第1版已录入指标数据，不能修改；请另存为新版本后修改"):
        rule_sets.update(ws, sc.set_id, edited)
    second = rule_sets.new_version(ws, sc.set_id)
    rows = {r.id: r for r in queries.set_rows(ws, 2026)}
    assert (rows[second].version, rows[second].status, rows[second].indicators, rows[second].values) == (
        2, "draft", 3, 0)
    assert (rows[sc.set_id].status, rows[sc.set_id].values) == ("active", 12)
    rule_sets.update(ws, second, edited)
    assert [i.name for i in queries.set_detail(ws, second).indicators] == ["招商引资"]
    rule_sets.activate(ws, second)
    rows = {r.id: r for r in queries.set_rows(ws, 2026)}
    assert (rows[sc.set_id].status, rows[second].status) == ("retired", "active")
    with pytest.raises(FrontlineError, match="第1版已停用，不能再录入数据"):
        values.record(ws, sc.set_id, 2026, 3, sc.a, sc.indicators[0], 1, 2)
    # The old version still scores its quarters as recorded.
    assert queries.rankings(ws, sc.set_id, 2026, 1).rows[0].total == 110.0


def test_values_are_checked_and_a_bad_batch_writes_nothing(ws: Workspace):
    sc: Scenario = build(ws, record=False)
    t, r, m = sc.indicators
    before = data_digest(ws)
    with pytest.raises(FrontlineError) as err:
        values.record_many(ws, sc.set_id, 2026, 1, [Entry(sc.a, t, 120, 100), Entry(sc.b, m, 101),
                                                    Entry(sc.c, r, 5, 10), Entry(999, t, 1, 1),
                                                    Entry(sc.d, t, 5, 0)])
    message = str(err.value)
    assert "“群众满意度”为人工评分，应在 60 至 100 之间（现为 101）" in message
    assert "“项目开工”按排名计分，不填目标值" in message
    assert "单位 999 不存在" in message
    assert "“招商引资”的目标值应大于 0（现为 0）" in message
    assert message.endswith("（没有写入任何数据）")
    assert data_digest(ws) == before
    with pytest.raises(FrontlineError, match="季度应为 1 至 4"):
        values.record(ws, sc.set_id, 2026, 5, sc.a, t, 1, 1)
    with pytest.raises(FrontlineError, match="是2026年的指标体系，不能用于2025年"):
        values.record(ws, sc.set_id, 2025, 1, sc.a, t, 1, 1)


def test_recording_changing_and_clearing_one_value(ws: Workspace):
    sc = build(ws, record=False)
    t = sc.indicators[0]
    values.record(ws, sc.set_id, 2026, 1, sc.a, t, 80, 100)
    values.record(ws, sc.set_id, 2026, 1, sc.a, t, 90, 100)
    grid = queries.value_grid(ws, sc.set_id, 2026, 1)
    row = next(r for r in grid.rows if r.subject_id == sc.a)
    assert (row.values, row.targets) == ((90, None, None), (100, None, None))
    assert_plain(grid)
    values.record(ws, sc.set_id, 2026, 1, sc.a, t, 95, keep_target=True)  # the target stays
    row = next(r for r in queries.value_grid(ws, sc.set_id, 2026, 1).rows if r.subject_id == sc.a)
    assert (row.values[0], row.targets[0]) == (95, 100)
    values.record(ws, sc.set_id, 2026, 1, sc.a, t, None, None)
    with ws.read("test.inspect") as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "indicator_value")))
    assert actions == ["indicator_value.record"] * 4


def test_a_draft_changed_by_another_administrator_since_it_was_shown_is_not_overwritten(ws: Workspace):
    from dataclasses import fields, replace

    from desktop.services.indicators import queries as indicator_queries
    from desktop.services.indicators.rule_sets import SET, IndicatorSpec, SetSpec
    from desktop.services.record_versions import StaleRecord, merged

    first = IndicatorSpec("地区生产总值增速", 60)
    set_id = rule_sets.create(ws, SetSpec("县区经济发展指标", 2026, "unit", (first, IndicatorSpec("招商引资", 40))))
    shown = indicator_queries.set_detail(ws, set_id)  # two administrators open the draft
    with ws.read("test.inspect") as s:
        opened = rule_sets.spec_of(rule_sets.get(s, set_id))
    assert opened.version == shown.version
    # Only an indicator's weight changes: a save of the set too.
    rule_sets.update(ws, set_id, replace(opened, indicators=(replace(first, weight=50), IndicatorSpec("招商引资", 50))))
    with pytest.raises(StaleRecord) as caught:
        rule_sets.update(ws, set_id, replace(opened, name="县区高质量发展指标"))
    assert "指标体系「县区经济发展指标第1版」在您打开之后" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("名称", "县区高质量发展指标", "县区经济发展指标"),
        ("指标", "地区生产总值增速（权重 60）；招商引资（权重 40）",
         "地区生产总值增速（权重 50）；招商引资（权重 50）")]
    rule_sets.update(ws, set_id, merged(caught.value, {"name"}))
    saved = indicator_queries.set_detail(ws, set_id)
    assert (saved.row.name, [i.weight for i in saved.indicators]) == ("县区高质量发展指标", [50, 50])
    assert {f.name for f in fields(SetSpec)} - {"version"} == set(SET.labels)
