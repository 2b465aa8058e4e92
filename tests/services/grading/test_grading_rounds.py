"""A grading round from proposal to sign-off on the hand-built unit (grading_scenario.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import AnnualResult
from desktop.models.accounts import ROLE_CLERK
from desktop.reports.annual_register import register_data
from desktop.services.cadres import queries as cadre_queries
from desktop.services.grading import appraisals, queries, rounds
from desktop.services.grading.appraisals import AppraisalInput
from desktop.services.grading.rounds import RoundInput
from desktop.services.reports import report_data
from desktop.services.workspace import Actor, Workspace
from tests.services.grading.grading_scenario import YEAR, build

MONDAY = dt.date(2026, 12, 7)


def _grades(ws: Workspace, round_id: int) -> dict[str, str]:
    return {p.name: p.grade for p in queries.round_view(ws, round_id).proposals}


def test_appraisal_counts_must_add_up_and_it_is_replaced_per_year(ws: Workspace):
    s = build(ws)
    with pytest.raises(FrontlineError, match="有效 12 份多于收回 11 份；好、较好、一般、较差合计 10 票"):
        appraisals.save(ws, AppraisalInput(s.ids["甲"], YEAR, 12, 11, 12, 10, 0, 0, 0))
    appraisals.save(ws, AppraisalInput(s.ids["甲"], YEAR, 20, 20, 20, 18, 2, 0, 0, suggested_grade="优秀"))
    view = queries.appraisal(ws, s.ids["甲"], YEAR)
    assert view is not None and (view.valid, view.good, view.score, view.suggested_grade) == (20, 18, 98.0, "优秀")
    assert queries.appraisal(ws, s.ids["甲"], YEAR - 1) is None


def test_proposed_from_scores_with_the_front_line_headroom(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    assert rounds.propose(ws, rid) == 8
    view = queries.round_view(ws, rid)
    by_name = {p.name: p for p in view.proposals}
    assert {n: (p.score, p.grade) for n, p in by_name.items()} == {
        "甲": (100.0, "优秀"), "乙": (92.0, "优秀"), "丙": (82.0, "称职"), "丁": (82.0, "称职"),
        "戊": (76.0, "称职"), "己": (66.0, "基本称职"), "庚": (52.0, "不称职"), "辛": (None, "不定等次")}
    assert by_name["甲"].frontline and not by_name["乙"].frontline
    assert by_name["辛"].undetermined_reason.startswith("试用期内（2026.03 参加工作")
    count = view.count
    assert (count.headcount, count.excellent, count.ordinary_cap, count.frontline_cap) == (7, 2, 1, 2)
    assert not count.over and view.notice_refusal == ""  # the second 优秀 is 甲, a front-line cadre


def test_stopped_at_the_quota_without_the_front_line_rule_until_approved(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR, frontline_months=13))  # 甲 has 12 months
    rounds.propose(ws, rid)
    view = queries.round_view(ws, rid)
    assert view.count.line().startswith("优秀 2/1")
    assert "优秀 2/1 超出名额" in view.notice_refusal
    with pytest.raises(FrontlineError, match=r"不能开始公示：优秀 2/1 超出名额.*须由领导记录批准"):
        rounds.start_notice(ws, rid, MONDAY)
    with pytest.raises(FrontlineError, match="请写明批准的依据"):
        rounds.approve(ws, rid, " ")
    assert rounds.approve(ws, rid, "区委组织部部务会 2026-12-04 同意增加一名") == 2
    assert rounds.start_notice(ws, rid, MONDAY) == dt.date(2026, 12, 11)


def test_a_grade_changed_by_hand_needs_a_note_and_keeps_through_a_new_proposal(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR, frontline_months=13))
    rounds.propose(ws, rid)
    yi = next(p for p in queries.round_view(ws, rid).proposals if p.name == "乙")
    with pytest.raises(FrontlineError, match="由拟定的“优秀”改为“称职”，须写明理由"):
        rounds.set_grade(ws, yi.id, "称职", "")
    with pytest.raises(FrontlineError, match="不是公务员的等次"):
        rounds.set_grade(ws, yi.id, "合格", "x")
    rounds.set_grade(ws, yi.id, "称职", "党组会议研究，优秀名额给一线干部")
    rounds.propose(ws, rid)
    assert _grades(ws, rid)["乙"] == "称职"
    assert not queries.round_view(ws, rid).count.over


def test_notice_objections_and_finalise_write_the_annual_results(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    with pytest.raises(FrontlineError, match="公示期至少 5 个工作日"):
        rounds.start_notice(ws, rid, MONDAY, days=4)
    thursday = dt.date(2026, 12, 3)
    assert rounds.start_notice(ws, rid, thursday) == dt.date(2026, 12, 9)  # over the weekend
    first = queries.round_view(ws, rid).proposals[0].id
    with pytest.raises(FrontlineError, match="公示期间不能修改等次；如需修改等次，请先撤回公示"):
        rounds.set_grade(ws, first, "称职", "x")
    rounds.withdraw_notice(ws, rid)  # back to draft: grades change, the notice must run again
    assert queries.round_view(ws, rid).row.state_label == "拟定中"
    with pytest.raises(FrontlineError, match="还没有公示"):
        rounds.finalise(ws, rid, today=dt.date(2026, 12, 10))
    rounds.set_grade(ws, first, "优秀", "")
    assert rounds.start_notice(ws, rid, thursday) == dt.date(2026, 12, 9)
    oid = rounds.record_objection(ws, rid, "反映乙同志年内请假较多", dt.date(2026, 12, 4), cadre_id=s.ids["乙"])
    with pytest.raises(FrontlineError, match="公示期到 2026-12-09 结束，期满后才能定等"):
        rounds.finalise(ws, rid, today=dt.date(2026, 12, 9))
    with pytest.raises(FrontlineError, match="还有 1 条异议没有处理"):
        rounds.finalise(ws, rid, today=dt.date(2026, 12, 10))
    rounds.handle_objection(ws, oid, "经核实，请假均经批准，不影响定等")

    clerk = Workspace(ws.db, Actor("wang", ROLE_CLERK))
    with pytest.raises(PermissionDenied, match="wang"):
        rounds.finalise(clerk, rid, today=dt.date(2026, 12, 10))

    assert rounds.finalise(ws, rid, today=dt.date(2026, 12, 10)) == 8
    view = queries.round_view(ws, rid)
    assert view.row.state_label == "已定等" and view.signed_by == "admin"
    with ws.read("test.inspect") as session:
        results = {r.cadre_id: (r.grade, r.note) for r in session.scalars(
            select(AnnualResult).where(AnnualResult.year == YEAR))}
        cadre = report_data.load_cadres(session, [s.ids["甲"]])[0]
        assert register_data(cadre, YEAR).grade == "优秀"
    assert results[s.ids["甲"]] == ("优秀", "")
    assert results[s.ids["辛"]][0] == "不定等次" and results[s.ids["辛"]][1].startswith("试用期内")
    file = cadre_queries.file_for_editing(ws, s.ids["乙"])
    assert [(r["year"], r["grade"]) for r in file.records["annual_results"]] == [(YEAR, "优秀")]

    for refused in (lambda: rounds.propose(ws, rid), lambda: rounds.approve(ws, rid, "x"),
                    lambda: rounds.record_objection(ws, rid, "x", dt.date(2026, 12, 10)),
                    lambda: rounds.handle_objection(ws, oid, "再次处理"), lambda: rounds.withdraw_notice(ws, rid),
                    lambda: rounds.finalise(ws, rid, today=dt.date(2026, 12, 11))):
        with pytest.raises(FrontlineError, match="已由 admin 签批定等"):
            refused()


def test_a_round_is_refused_with_bad_settings(ws: Workspace):
    s = build(ws)
    with pytest.raises(FrontlineError, match="一线干部优秀比例最高 30%"):
        rounds.create_round(ws, RoundInput(s.unit_id, YEAR, frontline_share=0.4))
    with pytest.raises(FrontlineError, match="分数段"):
        rounds.create_round(ws, RoundInput(s.unit_id, YEAR, bands="60,75,90"))
    rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    with pytest.raises(FrontlineError, match="海滨市审计局2026年度公务员的定等已经建立"):
        rounds.create_round(ws, RoundInput(s.unit_id, YEAR))


def test_the_notice_skips_the_holidays_set_for_the_database(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    with pytest.raises(FrontlineError, match="不能既是节假日又是调休工作日"):
        rounds.set_calendar(ws, [dt.date(2026, 12, 8)], [dt.date(2026, 12, 8)])
    with pytest.raises(PermissionDenied):
        rounds.set_calendar(Workspace(ws.db, Actor("wang", ROLE_CLERK)), [dt.date(2026, 12, 8)], [])
    rounds.set_calendar(ws, [dt.date(2026, 12, 8), dt.date(2026, 12, 9)], [])
    assert queries.notice_calendar(ws) == ([dt.date(2026, 12, 8), dt.date(2026, 12, 9)], [])
    # Mon 7, (Tue 8, Wed 9 holidays), Thu 10, Fri 11, (weekend), Mon 14, Tue 15
    assert rounds.start_notice(ws, rid, MONDAY) == dt.date(2026, 12, 15)
    assert queries.round_view(ws, rid).notice_end == dt.date(2026, 12, 15)


def test_an_appraisal_entered_by_another_clerk_meanwhile_is_not_replaced(ws: Workspace):
    """Both clerks open the dialog before anyone entered the year's appraisal (version 0): the
    second save does not replace the first one's counts."""
    from dataclasses import fields, replace

    from desktop.services.record_versions import StaleRecord, merged

    s = build(ws)
    cid = s.ids["甲"]
    first = AppraisalInput(cid, YEAR - 1, 20, 20, 20, 18, 2, 0, 0, version=0)
    appraisals.save(ws, first)
    second = AppraisalInput(cid, YEAR - 1, 20, 19, 19, 15, 4, 0, 0, supervisor_comment="敢于担当", version=0)
    with pytest.raises(StaleRecord) as caught:
        appraisals.save(ws, second)
    assert "政治素质鉴定「" in str(caught.value)
    assert [d.label for d in caught.value.differences] == ["收回", "有效", "好", "较好", "主管领导评语"]
    view = queries.appraisal(ws, cid, YEAR - 1)
    assert view is not None and (view.good, view.supervisor_comment, view.row_version) == (18, "", 1)
    appraisals.save(ws, merged(caught.value, {"supervisor_comment"}))
    view = queries.appraisal(ws, cid, YEAR - 1)
    assert view is not None and (view.good, view.supervisor_comment, view.row_version) == (18, "敢于担当", 2)
    appraisals.save(ws, replace(second, version=None))  # unchecked (command line, imports): replaced as before
    assert queries.appraisal(ws, cid, YEAR - 1).good == 15  # type: ignore[union-attr]
    keyed = {"cadre_id", "year", "version"}  # which appraisal it is, not what it says
    assert {f.name for f in fields(AppraisalInput)} - keyed == set(appraisals.APPRAISAL.labels)


def test_a_grade_another_clerk_set_since_the_dialog_opened_is_not_overwritten(ws: Workspace):
    from desktop.services.record_versions import StaleRecord, merged

    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR, frontline_months=13))
    rounds.propose(ws, rid)
    yi = next(p for p in queries.round_view(ws, rid).proposals if p.name == "乙")  # both clerks' screens
    rounds.set_grade(ws, yi.id, "称职", "党组会议研究，优秀名额给一线干部", yi.row_version)
    with pytest.raises(StaleRecord) as caught:
        rounds.set_grade(ws, yi.id, "优秀", "", yi.row_version)
    assert "确定的等次「乙」在您打开之后" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("等次", "优秀", "称职"), ("理由", "", "党组会议研究，优秀名额给一线干部")]
    assert _grades(ws, rid)["乙"] == "称职"
    kept = merged(caught.value, ())  # the clerk keeps the other's grade and reason
    rounds.set_grade(ws, yi.id, kept.grade, kept.note, kept.version)
    rounds.propose(ws, rid)  # a new proposal changes the row but not the grade: no conflict for it
    again = next(p for p in queries.round_view(ws, rid).proposals if p.name == "乙")
    rounds.propose(ws, rid)
    rounds.set_grade(ws, yi.id, "称职", "党组会议研究，优秀名额给一线干部（复核）", again.row_version)
    assert next(p for p in queries.round_view(ws, rid).proposals if p.name == "乙").note.endswith("（复核）")
