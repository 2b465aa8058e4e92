"""The comprehensive analysis (立体式研判) read through services.analysis.queries: the figures
worked out by hand in tests/services/reports/report_scenario.py, the same as the 综合分析报告
prints them; reversed ledger entries kept beside their reversal; ranks with a tie; refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import event

from desktop.errors import FrontlineError, NotFound, PermissionDenied
from desktop.models.accounts import ROLE_AUDITOR, ROLE_LEADER
from desktop.reports import blocks as b
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.analysis import queries
from desktop.services.cadres import cadre_files
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.campaigns.fieldwork import TalkInput, VisitInput
from desktop.services.evaluation import sheets
from desktop.services.reports import report_data
from desktop.services.reports.report_data import Context, Request
from desktop.services.workspace import Actor, Workspace
from tests.services.assessment_helpers import answers_all, cadre, template
from tests.services.reports.report_scenario import Scenario


@pytest.fixture
def built(scenario_db: tuple[Path, Scenario]) -> Iterator[tuple[Workspace, Scenario]]:
    from tests.conftest import PASSWORD

    workspace = Workspace.open(scenario_db[0], "admin", PASSWORD)
    yield workspace, scenario_db[1]
    workspace.close()


def _printed_dimensions(ws: Workspace, cadre_id: int) -> dict[str, tuple[str, ...]]:
    """The 维度 table of the 综合分析报告 as it is laid out for printing."""
    with ws.read("report.read") as s:
        doc, _ = report_data.gather(s, Request("comprehensive", cadre_id=cadre_id), Context(dt.date.today(), "admin"))
    assert isinstance(doc, b.Document)
    table = next(x for x in doc.blocks if isinstance(x, b.Table) and x.header[:2] == ("维度", "评议得分"))
    return {r[0]: r[1:] for r in table.rows}


def _in_division(ws: Workspace, name: str, division: int, title: str = "科员") -> int:
    cid = cadre(ws, name)
    cadre_files.save(ws, cadre_files.CadreFile(records={"posts": [
        {"unit_id": division, "unit_name": "海滨市财政局预算科", "title": title, "start": "2021.01"}]}), cadre_id=cid)
    return cid


def test_profile_shows_what_the_report_prints(built: tuple[Workspace, Scenario]):
    ws, sc = built
    found = queries.profile(ws, sc.zhang)
    assert (found.summary.name, found.summary.unit, found.summary.post) == ("张三", "海滨市财政局预算科",
                                                                           "海滨市财政局预算科科长")
    # By hand (report_scenario): 忠诚 (100+80)/2, 自律 (100+60)/2, the rest 100; ledger +2, +5.
    scores = {d.name: d.sheet_score for d in found.dimensions}
    assert scores == {"政治忠诚": Decimal("90.00"), "政治定力": Decimal("100.00"), "政治担当": Decimal("100.00"),
                      "政治能力": Decimal("100.00"), "政治自律": Decimal("80.00")}
    printed = _printed_dimensions(ws, sc.zhang)
    shown = {d.name: (f"{d.sheet_score:.2f}",) for d in found.dimensions}
    assert shown == {name: row[:1] for name, row in printed.items()}
    assert printed["政治自律"] == ("80.00", "0", "0", "0")  # the reversed −3 and its +3 cancel
    assert found.pq_total == Decimal("94.00") and (found.pq_sheets, found.pq_campaigns) == (2, 1)
    assert [f.behaviour for f in found.flags] == ["面对急难险重任务能推就推"]
    # Sheet results by rater category: the ballots of 张三 (下级 5 of 6 returned, 上级 1 of 2).
    ballots = {r.category: r for r in found.categories if r.kind == "民主测评"}
    assert (ballots["下级"].issued, ballots["下级"].responses, ballots["下级"].mean) == (6, 5, Decimal("95.00"))
    assert ballots["下级"].grades == "好3、较好1、弃权1" and ballots["上级"].weighted == Decimal("70.00")
    talk = next(e for e in found.excerpts if e.kind == "谈话")
    assert (talk.when, talk.who, talk.link) == (dt.date(2025, 3, 6), "张三", "本人谈话")
    assert talk.text == "结论：该同志熟悉征拆政策，能够靠前协调；后续：跟踪资金拨付进度"
    assert [(a.year, a.grade) for a in found.annual] == []


def test_a_reversed_entry_is_shown_with_its_reversal(built: tuple[Workspace, Scenario]):
    ws, sc = built
    ledger = {f.number: f for f in queries.profile(ws, sc.zhang).ledger}
    assert len(ledger) == 4  # nothing dropped: the reversed entry and the reversing one both stay
    reversed_, reversal = ledger[sc.corrected], ledger[sc.correction]
    assert (reversed_.points, reversed_.reversed_by, reversed_.effective) == (-3, sc.correction, False)
    assert reversed_.note().startswith(f"已冲正（第{sc.correction}号")
    assert "经复核，接待标准符合规定" in reversed_.note()
    assert (reversal.points, reversal.reverses, reversal.kind) == (3, sc.corrected, "冲正")
    assert list(ledger) == sorted(ledger, key=lambda n: (ledger[n].date, n))  # oldest first


def test_ranks_in_the_unit_share_a_place_on_a_tie(built: tuple[Workspace, Scenario]):
    ws, sc = built
    wang = _in_division(ws, "王五", sc.division)
    _in_division(ws, "赵六", sc.division)  # no sheets: listed last, not ranked
    campaigns.add_cadres(ws, sc.campaign, [wang])
    pq = template(ws)
    sheet = sheets.new_sheet(ws, pq.id, wang, "上级", "分管副局长", sc.campaign)
    sheets.fill(ws, sheet, answers_all(pq, "较好"))  # 80 in every dimension: 80.00, as 李四 (60 and 100)
    fieldwork.save_visit(ws, VisitInput(date=dt.date(2025, 3, 8), place="预算科", campaign_id=sc.campaign,
                                        findings="资金拨付台账由王五负责，已逐笔核对"))
    fieldwork.save_talk(ws, TalkInput(interviewers=["王组长"], interviewee_name="钱七", concerns=[wang],
                                      start_at=dt.datetime(2025, 3, 9, 15, 0), campaign_id=sc.campaign,
                                      content="钱七反映：王五对台账逐笔核对，工作细致，但对外沟通偏少。",
                                      conclusion="情况属实"))

    li = queries.profile(ws, sc.li)
    unit, group = li.ranks
    assert [(p.name, p.score, p.rank) for p in unit.peers] == [
        ("张三", Decimal("94.00"), 1), ("李四", Decimal("80.00"), 2), ("王五", Decimal("80.00"), 2),
        ("赵六", None, None)]
    assert unit.text() == "同单位（海滨市财政局预算科）：第2名，与1人并列，共3人有评议得分（全组4人）"
    assert group.rank is None and group.text() == "同职级：档案中无现任主要职务的职级，不排名"
    assert dict(queries.compare(ws, [sc.li, wang]).rows)["同单位排名"] == ("第2名并列（3人中）", "第2名并列（3人中）")
    wang_profile = queries.profile(ws, wang)
    assert [(e.kind, e.when, e.who, e.link, e.text) for e in wang_profile.excerpts] == [
        ("走访", dt.date(2025, 3, 8), "预算科", "记录中提及", "资金拨付台账由王五负责，已逐笔核对"),
        ("谈话", dt.date(2025, 3, 9), "钱七", "了解其情况", "钱七反映：王五对台账逐笔核对，工作细致，但对外沟通偏少。")]


def test_compare_takes_two_to_five(built: tuple[Workspace, Scenario]):
    ws, sc = built
    for ids in ([sc.zhang], [sc.zhang, sc.zhang], [sc.zhang, sc.li, 101, 102, 103, 104]):
        with pytest.raises(FrontlineError) as refused:
            queries.compare(ws, ids)
        assert "对比需选择 2 至 5 名干部" in str(refused.value)
    both = queries.compare(ws, [sc.li, sc.zhang])
    table = dict(both.rows)
    assert [p.summary.name for p in both.profiles] == ["李四", "张三"]
    assert table["政治素质评议综合得分"] == ("80.00", "94.00")
    assert table["政治自律评议得分"] == ("80.00", "80.00") and table["政治表现净积分"] == ("+2", "+7")
    assert table["同单位排名"] == ("第2名（2人中）", "第1名（2人中）") and table["同职级排名"] == ("—", "—")


def test_a_role_without_analysis_read_and_an_unknown_cadre_are_refused(built: tuple[Workspace, Scenario]):
    ws, sc = built
    auditor = Workspace(ws.db, Actor("aud", ROLE_AUDITOR))
    with pytest.raises(PermissionDenied) as refused:
        queries.profile(auditor, sc.zhang)
    assert "analysis.read" in str(refused.value)
    with pytest.raises(NotFound, match="干部档案 9999 不存在"):
        queries.profile(ws, 9999)


def test_profile_reads_in_a_fixed_number_of_queries(demo_ws: Workspace):
    """No N+1: a cadre with many records costs the same queries as one with few."""
    counted: list[str] = []
    engine = cast(Any, demo_ws.db).engine
    listener = lambda *args: counted.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        per_cadre = {}
        for cid in (7, 252, 14):
            counted.clear()
            queries.profile(demo_ws, cid)
            per_cadre[cid] = len(counted)
        counted.clear()
        queries.compare(demo_ws, [7, 72, 238])
        three = len(counted)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert max(per_cadre.values()) <= 45 and three <= 45  # whatever the records, whatever the number of cadres


def test_a_scoped_account_ranks_within_its_scope(built: tuple[Workspace, Scenario]):
    ws, sc = built
    accounts.add_account(ws, "leader", "password-123", role=ROLE_LEADER)
    roles.set_scope(ws, "leader", [], [sc.emergency])  # the emergency campaign assessed 李四 alone
    account_id = next(r.id for r in admin_queries.account_rows(ws) if r.username == "leader")
    leader = Workspace(ws.db, Actor("leader", ROLE_LEADER, account_id))
    unit, _group = queries.profile(leader, sc.li).ranks
    assert [(p.name, p.rank) for p in unit.peers] == [("李四", 1)]  # 张三, of the same unit, is outside the scope
    with pytest.raises(PermissionDenied, match="不在当前账户的工作范围内"):
        queries.profile(leader, sc.zhang)
