"""Scopes: a clerk or leader given units sees and changes only their cadres (sub-units
included) and campaigns; a team member only its campaigns; the roster, the cadre file, the
statistics and the campaign list are read through the scope, and a named file or campaign
outside it is refused in Chinese."""

from __future__ import annotations

import pytest

from desktop.errors import FrontlineError, NotFound, PermissionDenied
from desktop.models.accounts import ROLE_CLERK, ROLE_LEADER, ROLE_SYSADMIN, ROLE_TEAM
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.cadres import cadre_files
from desktop.services.cadres import queries as cadre_queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.units import queries as unit_queries
from desktop.services.workspace import Actor, Workspace


def _login(admin: Workspace, name: str, role: str) -> Workspace:
    if name not in {r.username for r in admin_queries.account_rows(admin)}:
        accounts.add_account(admin, name, "password-123", role=role)
    account_id = next(r.id for r in admin_queries.account_rows(admin) if r.username == name)
    return Workspace(admin.db, Actor(name, role, account_id))


def _busy_parent(ws: Workspace) -> tuple[int, set[int]]:
    """A unit with sub-units holding cadres: (its id, the ids of it and all below it)."""
    nodes = unit_queries.unit_tree(ws)
    children: dict[int | None, list[int]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n.id)

    def below(unit_id: int) -> set[int]:
        out = {unit_id}
        for c in children.get(unit_id, []):
            out |= below(c)
        return out

    counts = {n.id: n.cadres for n in nodes}
    best = max((n for n in nodes if n.parent_id is not None and children.get(n.id)),
               key=lambda n: sum(counts[u] for u in below(n.id)))
    return best.id, below(best.id)


def _everyone(ws: Workspace) -> list[int]:
    return list(cadre_queries.roster_ids(ws, RosterFilter()).ids)


def test_a_clerk_scoped_to_a_unit_sees_and_changes_only_its_cadres(demo_ws: Workspace):
    unit_id, _below = _busy_parent(demo_ws)
    expected = set(cadre_queries.roster_ids(demo_ws, RosterFilter(unit_ids=(unit_id,), include_subunits=True)).ids)
    everyone = _everyone(demo_ws)
    assert 0 < len(expected) < len(everyone)
    clerk = _login(demo_ws, "wang", ROLE_CLERK)
    assert set(_everyone(clerk)) == set(everyone)  # no scope: the whole department, as before roles
    roles.set_scope(demo_ws, "wang", [unit_id], [])
    seen = cadre_queries.roster_ids(clerk, RosterFilter())
    assert set(seen.ids) == expected and seen.total == len(expected)
    start = cadre_queries.roster_start(clerk, 5)  # the window's first rows: in scope, counted in scope
    assert list(start.ids) == list(seen.ids)[:5] and start.total == len(expected)
    narrowed = cadre_queries.roster_ids(clerk, RosterFilter(sexes=("女",)))
    assert set(narrowed.ids) < expected and narrowed.total == len(expected)  # the scope's count, not the matches'
    assert cadre_queries.statistics_of(clerk, RosterFilter()).total == len(expected)
    outsider = next(i for i in everyone if i not in expected)
    insider = next(iter(expected))
    assert [r.id for r in cadre_queries.roster_rows(clerk, [outsider, insider])] == [insider]
    assert {i.cadre_id for i in cadre_queries.quality_issues(clerk)} <= expected
    cadre_queries.file_for_editing(clerk, insider)
    for read in (cadre_queries.file_for_editing, cadre_queries.history_rows, cadre_queries.attachment_rows):
        with pytest.raises(PermissionDenied, match="该干部档案不在账户 wang 的工作范围内"):
            read(clerk, outsider)
    file = cadre_queries.file_for_editing(demo_ws, outsider)
    with pytest.raises(PermissionDenied, match="工作范围"):
        cadre_files.save(clerk, file, outsider)
    with pytest.raises(PermissionDenied, match="工作范围"):
        cadre_files.delete(clerk, outsider)
    assert outsider in _everyone(demo_ws)  # nothing changed
    cadre_files.save(clerk, cadre_queries.file_for_editing(clerk, insider), insider)
    listed = {r.username: r.scope_text for r in admin_queries.account_rows(demo_ws)}
    assert listed["wang"] and listed["wang"] != "全部"


def test_a_leader_given_one_campaign_sees_it_and_its_cadres_only(demo_ws: Workspace):
    rows = campaign_queries.campaign_rows(demo_ws)
    assert len(rows) >= 3
    given = rows[0].id
    clerk = _login(demo_ws, "li", ROLE_LEADER)
    roles.set_scope(demo_ws, "li", [], [given])
    assert [r.id for r in campaign_queries.campaign_rows(clerk)] == [given]
    overview = campaign_queries.campaign_overview(clerk)
    assert overview.totals.batches == 1 and campaign_queries.campaign_overview(demo_ws).totals.batches == len(rows)
    assessed = set(campaigns_assessed(demo_ws, given))
    assert set(_everyone(clerk)) == assessed
    other = rows[1].id
    with pytest.raises(PermissionDenied, match="该考核活动不在账户 li 的工作范围内"):
        campaign_queries.campaign_view(clerk, other)
    campaign_queries.campaign_view(clerk, given)


def campaigns_assessed(ws: Workspace, campaign_id: int) -> list[int]:
    return [p.id for p in campaign_queries.campaign_view(ws, campaign_id).people]


def test_a_scoped_clerk_cannot_change_another_campaign(demo_ws: Workspace):
    rows = campaign_queries.campaign_rows(demo_ws)
    mine, other = rows[0].id, next(r.id for r in rows[1:] if r.status != "closed")
    clerk = _login(demo_ws, "zhao", ROLE_CLERK)
    roles.set_scope(demo_ws, "zhao", [], [mine])
    form = campaign_queries.campaign_form(demo_ws, other).data
    assert form is not None
    with pytest.raises(PermissionDenied, match="该考核活动不在账户 zhao 的工作范围内"):
        campaigns.update(clerk, other, form)
    with pytest.raises(PermissionDenied, match="工作范围"):
        campaigns.add_cadres(clerk, other, _everyone(demo_ws)[:1])


def test_a_team_member_sees_only_the_campaigns_of_its_team(demo_ws: Workspace):
    member = _login(demo_ws, "sun", ROLE_TEAM)
    assert campaign_queries.campaign_rows(member) == [] and _everyone(member) == []
    rows = campaign_queries.campaign_rows(demo_ws)
    team = next(r for r in rows if r.status != "closed")
    staff_id = next(r.id for r in admin_queries.account_rows(demo_ws) if r.username == "sun")
    campaigns.set_team(demo_ws, team.id, [("孙组员", "成员", staff_id)])
    assert [r.id for r in campaign_queries.campaign_rows(member)] == [team.id]
    assert set(_everyone(member)) == set(campaigns_assessed(demo_ws, team.id))


def test_scopes_are_for_clerks_and_leaders_and_name_real_units(demo_ws: Workspace):
    _login(demo_ws, "ops", ROLE_SYSADMIN)
    with pytest.raises(FrontlineError, match="只有经办人和领导的账户有工作范围"):
        roles.set_scope(demo_ws, "ops", [1], [])
    _login(demo_ws, "wang", ROLE_CLERK)
    with pytest.raises(NotFound, match="单位 999999 不存在"):
        roles.set_scope(demo_ws, "wang", [999999], [])
    sec = _login(demo_ws, "sec", "security")
    choices = roles.scope_choices(sec, "wang")
    assert choices.units and choices.campaigns and not choices.chosen_units
    roles.set_scope(sec, "wang", [choices.units[0][0]], [choices.campaigns[0][0]])
    again = roles.scope_choices(sec, "wang")
    assert again.chosen_units == {choices.units[0][0]} and again.chosen_campaigns == {choices.campaigns[0][0]}
    roles.set_role(sec, "wang", ROLE_SYSADMIN)  # a role without scopes leaves none behind
    roles.set_role(sec, "wang", ROLE_CLERK)
    assert not roles.scope_choices(sec, "wang").chosen_units


def test_reports_forms_ledgers_and_exports_keep_to_the_scope(demo_ws: Workspace, tmp_path):
    from openpyxl import load_workbook

    from desktop.services.exchange import lrmx_export, roster_export
    from desktop.services.ledger import queries as ledger_queries
    from desktop.services.reports import reports
    from desktop.services.reports.report_data import Request

    rows = campaign_queries.campaign_rows(demo_ws)
    mine = rows[0].id
    clerk = _login(demo_ws, "qian", ROLE_CLERK)
    roles.set_scope(demo_ws, "qian", [], [mine])
    inside = set(campaigns_assessed(demo_ws, mine))
    outsider = next(i for i in _everyone(demo_ws) if i not in inside)
    insider = next(iter(inside))
    with pytest.raises(PermissionDenied, match="不在当前账户的工作范围内"):
        reports.generate(clerk, Request("adform", cadre_id=outsider), out=tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()
    other = next(r.id for r in rows if r.id != mine)
    with pytest.raises(PermissionDenied, match="该考核活动不在账户 qian 的工作范围内"):
        reports.generate(clerk, Request("stage", campaign_id=other), out=tmp_path / "s.pdf")
    with pytest.raises(PermissionDenied, match="该干部档案不在账户 qian 的工作范围内"):
        ledger_queries.cadre_ledger(clerk, outsider)
    ledger_queries.cadre_ledger(clerk, insider)
    with pytest.raises(PermissionDenied, match="工作范围"):
        lrmx_export.export(clerk, [insider, outsider], tmp_path / "forms.zip")
    assert not (tmp_path / "forms.zip").exists()
    out = tmp_path / "roster.xlsx"
    assert roster_export.export_roster(clerk, out) == len(inside)
    assert len([r for r in load_workbook(out).active.iter_rows() if r[0].value]) >= len(inside)
    records = campaign_queries.fieldwork_records(clerk)
    everything = campaign_queries.fieldwork_records(demo_ws)
    assert {v.campaign_id for v in records.visits} <= {mine}
    assert len(records.talks) < len(everything.talks)


def test_task_lists_problems_and_evaluation_keep_to_the_scope(demo_ws: Workspace):
    from desktop.services.evaluation import queries as evaluation_queries
    from desktop.services.results import queries as results_queries

    every_target = results_queries.targets(demo_ws)
    with_targets = sorted({t.campaign_id for t in every_target if t.campaign_id is not None})
    assert len(with_targets) >= 2
    mine, other = with_targets[0], with_targets[1]
    clerk = _login(demo_ws, "zhou", ROLE_CLERK)
    roles.set_scope(demo_ws, "zhou", [], [mine])
    seen = results_queries.targets(clerk)
    assert seen and {t.campaign_id for t in seen} == {mine} and len(seen) < len(every_target)
    assert {p.campaign_id for p in results_queries.problems(clerk)} <= {mine}
    assert [r.id for r in results_queries.completion(clerk).campaigns] == [mine]
    with pytest.raises(PermissionDenied, match="该考核活动不在账户 zhou 的工作范围内"):
        results_queries.targets(clerk, campaign_id=other)
    with pytest.raises(PermissionDenied, match="工作范围"):
        evaluation_queries.sheet_rows(clerk, other)
    evaluation_queries.sheet_rows(clerk, mine)


def test_a_team_member_records_visits_and_talks_only_in_its_campaigns(demo_ws: Workspace):
    import datetime as dt

    from desktop.services.campaigns import fieldwork

    rows = [r for r in campaign_queries.campaign_rows(demo_ws) if r.status == "active"]
    team, other = rows[0].id, next(r.id for r in campaign_queries.campaign_rows(demo_ws) if r.id != rows[0].id)
    member = _login(demo_ws, "wu", ROLE_TEAM)
    staff_id = next(r.id for r in admin_queries.account_rows(demo_ws) if r.username == "wu")
    campaigns.set_team(demo_ws, team, [("吴组员", "成员", staff_id)])
    visit = fieldwork.VisitInput(dt.date.today(), place="港区项目现场", campaign_id=team)
    fieldwork.save_visit(member, visit)
    refusals = ((None, "只能记录其工作范围内考核的走访记录"), (other, "该考核活动不在账户 wu 的工作范围内"))
    for campaign_id, message in refusals:
        with pytest.raises(PermissionDenied, match=message):
            fieldwork.save_visit(member, fieldwork.VisitInput(dt.date.today(), place="别处", campaign_id=campaign_id))
    outsider = next(i for i in _everyone(demo_ws) if i not in set(campaigns_assessed(demo_ws, team)))
    with pytest.raises(PermissionDenied, match="该干部档案不在账户 wu 的工作范围内"):
        fieldwork.save_talk(member, fieldwork.TalkInput(
            interviewers=["吴组员"], interviewee_cadre_id=outsider, content="了解工作情况",
            start_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    fieldwork.save_visit(demo_ws, fieldwork.VisitInput(dt.date.today(), place="别处"))  # all rights: as before
