"""工作台: today's work gathered from hand-built records, narrowed to what the account may read
and to its scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop.models.accounts import ROLE_AUDITOR, ROLE_CLERK
from desktop.services.admin import roles
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.evaluation import sheets
from desktop.services.home import queries as home
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import answers_all, template
from tests.services.home.home_helpers import TODAY, build, login


def test_today_lists_each_piece_of_work_once_with_what_to_open(ws: Workspace):
    ids = build(ws)
    work = home.today(ws)
    rows = {(r.kind, r.campaign_id or r.draft_id): r for r in work.rows}
    assert [r.kind for r in work.rows] == ["draft", "sheets", "ballots", "to_close", "overdue"]
    assert rows[("draft", ids["draft"])].title.startswith("谈话记录草稿“与张伟谈话”未完成")
    assert rows[("sheets", ids["road"])].title == "城区道路塌陷处置应急考核：4 份测评表未填"
    assert rows[("sheets", ids["road"])].count == 4
    assert rows[("ballots", ids["flood"])].title == "防汛抢险一线考核：1 批测评票还有 3 张未录入"
    assert rows[("to_close", ids["ended"])].title.startswith("春耕生产一线考核：已于 ")
    assert rows[("overdue", ids["road"])].title == "城区道路塌陷处置应急考核：1 项任务已过期限未完成"


def test_filled_sheets_and_closed_campaigns_leave_the_list(ws: Workspace):
    ids = build(ws)
    campaigns.close(ws, ids["ended"])
    with ws.read("test.inspect") as s:
        pending = [r.id for r in sheets.sheets_of(s, ids["road"])]
    sheet_template = template(ws)
    for sheet_id in pending[:3]:
        sheets.fill(ws, sheet_id, answers_all(sheet_template))
    titles = [r.title for r in home.today(ws).rows]
    assert "城区道路塌陷处置应急考核：1 份测评表未填" in titles
    assert not [t for t in titles if t.startswith("春耕生产")]


def test_problems_waiting_for_feedback_show_after_two_weeks(ws: Workspace):
    build(ws)
    later = home.today(ws, TODAY + dt.timedelta(days=home.PROBLEM_WAIT_DAYS + 1))
    problem = [r for r in later.rows if r.kind == "problems"]
    assert [(r.period, r.title) for r in problem] == [
        ((TODAY.year, 1), f"{TODAY.year}年第1季度问题清单：1 个问题提出超过 14 天仍待反馈")]
    assert not [r for r in home.today(ws).rows if r.kind == "problems"]


def test_a_scoped_clerk_sees_only_the_work_of_its_campaigns(ws: Workspace):
    ids = build(ws)
    clerk = login(ws, "wang", ROLE_CLERK)
    roles.set_scope(ws, "wang", [], [ids["flood"]])
    work = home.today(clerk)
    assert {r.campaign_id for r in work.rows} == {ids["flood"]}
    assert [r.kind for r in work.rows] == ["ballots"]  # the admin's draft is the admin's own
    later = home.today(clerk, TODAY + dt.timedelta(days=home.PROBLEM_WAIT_DAYS + 1))
    assert [r.count for r in later.rows if r.kind == "problems"] == [1]
    roles.set_scope(ws, "wang", [], [ids["road"]])
    later = home.today(clerk, TODAY + dt.timedelta(days=home.PROBLEM_WAIT_DAYS + 1))
    assert [r.kind for r in later.rows if r.kind == "problems"] == []  # road's problem was fed back
    fieldwork.save_draft(clerk, "talk", {}, "与李娜谈话")
    assert [r.kind for r in home.today(clerk).rows] == ["draft", "sheets", "overdue"]


def test_a_role_that_reads_no_cadre_data_gets_an_empty_day(ws: Workspace):
    build(ws)
    auditor = login(ws, "shen", ROLE_AUDITOR)
    work = home.today(auditor)
    assert work.empty and work.rows == ()


def test_an_empty_database_has_nothing_to_do(ws: Workspace):
    assert home.today(ws).empty


def test_rows_are_frozen(ws: Workspace):
    build(ws)
    row = home.today(ws).rows[0]
    with pytest.raises(AttributeError):
        row.title = "x"  # type: ignore[misc]
    assert replace(row, count=9).count == 9
