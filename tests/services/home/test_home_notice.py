"""工作台: a grading round's public notice is listed from three days before its last day, with
the objections still to handle, and leaves the list once signed off."""

from __future__ import annotations

import datetime as dt

from desktop.services.grading import rounds
from desktop.services.grading.rounds import RoundInput
from desktop.services.home import queries as home
from desktop.services.workspace import Workspace
from tests.services.grading.grading_scenario import YEAR, build

THURSDAY = dt.date(2026, 12, 3)  # five working days: Thu, Fri, Mon, Tue, Wed 9 December


def _notices(ws: Workspace, day: dt.date) -> list[home.WorkRow]:
    return [r for r in home.today(ws, day).rows if r.kind == home.NOTICE]


def test_a_notice_ending_is_today_s_work_until_the_grades_are_signed_off(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    assert _notices(ws, dt.date(2026, 12, 9)) == []  # a draft has no notice yet
    assert rounds.start_notice(ws, rid, THURSDAY) == dt.date(2026, 12, 9)
    assert _notices(ws, dt.date(2026, 12, 5)) == []  # four days ahead: not yet
    oid = rounds.record_objection(ws, rid, "反映乙同志年内请假较多", dt.date(2026, 12, 4), cadre_id=s.ids["乙"])
    [soon] = _notices(ws, dt.date(2026, 12, 6))
    assert soon.title == f"{YEAR}年度 海滨市审计局 公务员定等公示12月9日期满；1 条异议待处理"
    assert soon.round_id == rid and soon.count == 1 and soon.kind_label == "公示期届满"
    [last_day] = _notices(ws, dt.date(2026, 12, 9))
    assert last_day.title.startswith(f"{YEAR}年度 海滨市审计局 公务员定等公示12月9日期满（今天）")
    rounds.handle_objection(ws, oid, "经核实不属实")
    [over] = _notices(ws, dt.date(2026, 12, 10))
    assert over.title == f"{YEAR}年度 海滨市审计局 公务员定等公示已于12月9日期满，可签批定等" and over.count == 0
    rounds.finalise(ws, rid, today=dt.date(2026, 12, 10))
    assert _notices(ws, dt.date(2026, 12, 10)) == []
