"""年度定等 and 结果运用 for a scoped clerk (services/scopes.py): the rounds of the units it works
on only — listed, read, proposed and created — the appraisals of the cadres in its scope, and the
team adjustments (班子调整) of its units."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import PermissionDenied
from desktop.models.accounts import ROLE_CLERK
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.grading import queries, rounds
from desktop.services.grading.rounds import RoundInput
from desktop.services.results_use import queries as use_queries
from desktop.services.results_use import records
from desktop.services.results_use.records import UseInput
from desktop.services.workspace import Actor, Workspace
from tests.services.grading.grading_scenario import YEAR, build


def _clerk(admin: Workspace, name: str, unit_ids: list[int]) -> Workspace:
    accounts.add_account(admin, name, "password-123", role=ROLE_CLERK)
    account_id = next(r.id for r in admin_queries.account_rows(admin) if r.username == name)
    roles.set_scope(admin, name, unit_ids, [])
    return Workspace(admin.db, Actor(name, ROLE_CLERK, account_id))


def test_a_scoped_clerk_grades_only_the_units_it_works_on(ws: Workspace):
    s = build(ws)
    audit_round = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    inside = _clerk(ws, "li", [s.unit_id])
    outside = _clerk(ws, "wang", [s.hq_id])

    assert [r.id for r in queries.round_rows(inside)] == [audit_round]
    rounds.propose(inside, audit_round)
    assert queries.round_view(inside, audit_round).row.people == 8
    assert queries.appraisal(inside, s.ids["甲"], YEAR) is not None

    assert queries.round_rows(outside) == []
    assert [uid for uid, _n in queries.unit_choices(outside)] == [s.hq_id]
    with pytest.raises(PermissionDenied, match="该单位的年度考核定等不在账户 wang 的工作范围内"):
        queries.round_view(outside, audit_round)
    with pytest.raises(PermissionDenied, match="该单位的年度考核定等不在账户 wang 的工作范围内"):
        rounds.propose(outside, audit_round)
    with pytest.raises(PermissionDenied, match="该单位不在账户 wang 的工作范围内"):
        rounds.create_round(outside, RoundInput(s.unit_id, YEAR, staff_type="事业编"))
    with pytest.raises(PermissionDenied, match="该干部档案不在账户 wang 的工作范围内"):
        queries.appraisal(outside, s.ids["乙"], YEAR)  # 甲 also serves in the 指挥部: in scope
    assert rounds.create_round(outside, RoundInput(s.hq_id, YEAR)) > audit_round  # its own unit


def test_a_scoped_clerk_records_and_sees_the_team_adjustments_of_its_units(ws: Workspace):
    s = build(ws)
    day = dt.date(2026, 11, 30)
    audit_team = records.create(ws, UseInput("team", day, "审计局班子调整：增配一名副局长", unit_id=s.unit_id))
    outside = _clerk(ws, "wang", [s.hq_id])
    hq_team = records.create(outside, UseInput("team", day, "指挥部班子调整", unit_id=s.hq_id))
    promoted = records.create(outside, UseInput("promotion", day, "拟提拔", cadre_id=s.ids["甲"]))  # 甲 serves there

    assert {r.id for r in use_queries.uses(ws)} == {audit_team, hq_team, promoted}
    assert {r.id for r in use_queries.uses(outside)} == {hq_team, promoted}
    with pytest.raises(PermissionDenied, match="该单位的班子调整记录不在账户 wang 的工作范围内"):
        use_queries.use(outside, audit_team)
    with pytest.raises(PermissionDenied, match="该单位的班子调整记录不在账户 wang 的工作范围内"):
        records.delete_use(outside, audit_team)
    with pytest.raises(PermissionDenied, match="该单位不在账户 wang 的工作范围内"):
        records.create(outside, UseInput("team", day, "审计局班子调整", unit_id=s.unit_id))


def test_a_clerk_of_another_unit_neither_records_nor_handles_nor_sees_an_objection(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    rounds.start_notice(ws, rid, dt.date(2026, 12, 3))
    oid = rounds.record_objection(ws, rid, "反映乙同志年内请假较多", dt.date(2026, 12, 4), cadre_id=s.ids["乙"])
    rounds.handle_objection(ws, oid, "经核实，请假均经批准")  # version 2 now: a stale version below
    outside = _clerk(ws, "wang", [s.hq_id])
    inside = _clerk(ws, "li", [s.unit_id])

    refused = "该单位的年度考核定等不在账户 wang 的工作范围内"
    with pytest.raises(PermissionDenied, match=refused):
        rounds.record_objection(outside, rid, "另一条异议", dt.date(2026, 12, 4))
    for version in (None, 1):  # refused before any comparison could show the handling written
        with pytest.raises(PermissionDenied, match=refused):
            rounds.handle_objection(outside, oid, "改写处理情况", version)
    rounds.handle_objection(inside, oid, "经核实，请假均经批准，不影响定等")
    assert [o.handling for o in queries.round_view(ws, rid).objections] == ["经核实，请假均经批准，不影响定等"]


def test_a_clerk_of_another_unit_is_refused_a_grade_before_any_comparison(ws: Workspace):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    first = queries.round_view(ws, rid).proposals[0]
    rounds.set_grade(ws, first.id, "优秀", "第一次写的理由")  # version 2 now: a stale version below
    outside = _clerk(ws, "wang", [s.hq_id])
    for version in (None, 1):  # the stored grade and note are not shown to it
        with pytest.raises(PermissionDenied, match="该单位的年度考核定等不在账户 wang 的工作范围内"):
            rounds.set_grade(outside, first.id, "称职", "x", version)
