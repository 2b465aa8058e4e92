"""What the window reads about campaigns, fieldwork and the instruction ledger, read through
the named queries on the demo database: the values the screens show, as plain frozen rows
(never ORM objects), and each read refused to a role the permission hook refuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from desktop.demo.assessment_words import DIRECTIVES
from desktop.errors import NotFound, PermissionDenied
from desktop.models import (
    Account,
    Campaign,
    PointEntry,
    Talk,
    Visit,
    campaign_cadre,
    campaign_directive_item,
    visit_unit,
)
from desktop.models.accounts import ROLE_ADMIN
from desktop.models.campaigns import CAMPAIGN_KINDS
from desktop.services import permissions
from desktop.services.cadres import roster, saved_filters
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns, fieldwork, queries
from desktop.services.campaigns.fieldwork import DEFAULT_SNIPPETS, TalkInput
from desktop.services.units import codes, units
from desktop.services.workspace import Workspace
from tests.services.campaigns.plain_values import assert_plain


def _closed_campaign_with_records(ws: Workspace) -> int:
    """A closed demo campaign with visits, talks and ledger entries."""
    with ws.read("test.inspect") as s:
        for cid in s.scalars(select(Campaign.id).where(Campaign.status == "closed").order_by(Campaign.id)):
            if all(s.scalar(select(m.id).where(m.campaign_id == cid).limit(1)) for m in (Visit, Talk, PointEntry)):
                return int(cid)
    raise AssertionError("the demo has a closed campaign with visits, talks and entries")


def test_the_campaign_list_and_its_totals(demo_ws: Workspace):
    overview = queries.campaign_overview(demo_ws)
    # The demo plans one campaign of each kind; the last is still being prepared, one runs.
    assert sorted(r.kind for r in overview.rows) == sorted(CAMPAIGN_KINDS)
    assert sorted(r.status_label for r in overview.rows) == ["已结束"] * 4 + ["筹备中", "进行中"]
    assert overview.totals.batches == 6 and sum(overview.totals.by_kind.values()) == 6
    with demo_ws.read("test.inspect") as s:
        assert overview.totals.talks == len(fieldwork.talks(s)) > 0
        assert overview.totals.person_times == len(s.execute(select(campaign_cadre)).all())
        years = campaigns.years(s)
    assert queries.campaign_years(demo_ws) == years and years == sorted(years, reverse=True)
    assert queries.campaign_rows(demo_ws) == list(overview.rows)
    closed = queries.campaign_overview(demo_ws, status="closed", kind=None, year=None)
    assert len(closed.rows) == 4 and closed.totals.batches == 6  # the figures stay department-wide
    (emergency,) = queries.campaign_rows(demo_ws, kind="应急")
    assert emergency.kind == "应急"
    assert_plain(overview)


def test_one_campaigns_page(demo_ws: Workspace):
    cid = _closed_campaign_with_records(demo_ws)
    view = queries.campaign_view(demo_ws, cid)
    with demo_ws.read("test.inspect") as s:
        c = campaigns.get(s, cid)
        assert (view.campaign.name, view.campaign.kind, view.campaign.start, view.campaign.end) == (
            c.name, c.kind, c.start, c.end)
        assert view.campaign.members == tuple((m.name, m.role) for m in c.members)
        assert view.campaign.members[0][1] == "组长"
        assessed = sorted(s.scalars(select(campaign_cadre.c.cadre_id).where(campaign_cadre.c.campaign_id == cid)))
        visit_ids = list(s.scalars(select(Visit.id).where(Visit.campaign_id == cid)))
        visited = {v: sorted(s.scalars(select(visit_unit.c.unit_id).where(visit_unit.c.visit_id == v)))
                   for v in visit_ids}
        entries = sorted(s.scalars(select(PointEntry.id).where(PointEntry.campaign_id == cid)))
        labels = {uid: label for label, (uid, _p) in units.choices(s).items()}
        unit_ids = campaigns.unit_ids(s, cid)
        chosen = [labels[u] for u in unit_ids]
    assert view.campaign.status_label == "已结束"
    assert sorted(p.id for p in view.people) == assessed and view.progress.cadres == len(assessed)
    assert {v.id: sorted(v.unit_ids) for v in view.visits} == visited
    assert all(v.campaign_id == cid for v in view.visits) and len(view.visits) == view.progress.visits
    assert len(view.talks) == view.progress.talks > 0 and all(t.interviewers for t in view.talks)
    assert sorted(e.id for e in view.entries) == entries and view.progress.ledger_entries == len(entries)
    assert list(view.chosen_units) == chosen and len(chosen) >= 2
    assert all(t != "" and x != "" for _i, t, x in view.items)
    assert_plain(view)

    assert queries.campaign_name(demo_ws, cid) == view.campaign.name
    assert queries.campaign_is_closed(demo_ws, cid)
    assert queries.campaign_unit_ids(demo_ws, cid) == unit_ids
    with pytest.raises(NotFound):
        queries.campaign_view(demo_ws, 9999)


def test_the_campaign_dialogs_read_their_fields_and_choices(demo_ws: Workspace):
    cid = _closed_campaign_with_records(demo_ws)
    form = queries.campaign_form(demo_ws, cid)
    with demo_ws.read("test.inspect") as s:
        c = campaigns.get(s, cid)
        choices = units.choices(s)
        team = [(m.name, m.role) for m in c.members]
        ranks = codes.names(s, "civil_rank")
        staff = {(a.display_name or a.username): a.id for a in s.scalars(select(Account)) if a.active}
    assert form.data is not None and (form.data.name, form.data.kind, form.data.rater_weights) == (
        c.name, c.kind, c.rater_weights)
    assert form.unit_choices == choices and len(choices) > 10
    assert queries.campaign_form(demo_ws, None).data is None
    assert queries.unit_choices(demo_ws) == choices

    team_form = queries.team_form(demo_ws, cid)
    assert list(team_form.members) == team
    assert team_form.staff == staff and demo_ws.actor.account_id in staff.values()

    assert queries.civil_ranks(demo_ws) == ranks and ranks
    assert queries.saved_roster_filters(demo_ws) == {}
    saved_filters.save(demo_ws, "正处级", RosterFilter(ranks=(ranks[0],)))
    assert queries.saved_roster_filters(demo_ws) == {"正处级": RosterFilter(ranks=(ranks[0],))}

    visit_id = queries.campaign_view(demo_ws, cid).visits[0].id
    visit_form = queries.visit_form(demo_ws, cid, visit_id)
    with demo_ws.read("test.inspect") as s:
        v = fieldwork.visit(s, visit_id)
        assert visit_form.data is not None
        assert (visit_form.data.place, visit_form.data.date, visit_form.data.members, visit_form.data.campaign_id) == (
            v.place, v.date, list(v.members), cid)
        assert sorted(visit_form.data.unit_ids) == sorted(fieldwork.visit_units(s, visit_id))
    assert list(visit_form.team) == [n for n, _r in team]
    assert visit_form.unit_choices == {label: uid for label, (uid, _p) in choices.items()}
    assert queries.visit_for_editing(demo_ws, visit_id) == visit_form.data
    new = queries.visit_form(demo_ws, None)
    assert new.data is None and new.team == ()
    for value in (form, team_form, visit_form):
        assert_plain(value)


def test_talks_visits_and_drafts(demo_ws: Workspace):
    records = queries.fieldwork_records(demo_ws)
    with demo_ws.read("test.inspect") as s:
        talks = fieldwork.talks(s)
        visits = fieldwork.visits(s)
        names = {c.id: c.name for c in s.scalars(select(Campaign))}
        talk = talks[0]
        expected = fieldwork.load_talk(s, talk.id)
        cadre_ids = list(s.scalars(select(campaign_cadre.c.cadre_id).limit(3)))
        rows = roster.rows_for(s, cadre_ids)
    assert [t.id for t in records.talks] == [t.id for t in talks]
    assert [v.id for v in records.visits] == [v.id for v in visits]
    assert records.campaign_names == names
    first = records.talks[0]
    assert (first.interviewee_name, list(first.interviewers), first.conclusion, first.start_at) == (
        talk.interviewee_name, talk.interviewers, talk.conclusion, talk.start_at)
    cid = first.campaign_id
    assert cid is not None
    own = queries.fieldwork_records(demo_ws, cid)
    assert own.talks and all(t.campaign_id == cid for t in own.talks)
    assert own.visits and all(v.campaign_id == cid for v in own.visits)
    assert_plain(records)

    loaded = queries.talk_for_editing(demo_ws, talk.id)
    assert loaded == expected and loaded.content

    choices = queries.talk_choices(demo_ws)
    assert sorted(r.status for r in choices.campaigns) == ["active", "draft"]
    assert list(choices.snippets) == DEFAULT_SNIPPETS
    assert_plain(choices)

    assert queries.unit_and_post(demo_ws, cadre_ids[0]) == (rows[0].unit, rows[0].post)
    assert queries.unit_and_post(demo_ws, 999_999) is None
    assert queries.cadre_names(demo_ws, cadre_ids) == [r.name for r in rows]

    assert queries.talk_drafts(demo_ws) == []
    payload = TalkInput(content="边谈边记", interviewee_name="张三").to_json()
    draft_id = fieldwork.save_draft(demo_ws, "talk", payload, "与张三谈话", None, None)
    (row,) = queries.talk_drafts(demo_ws)
    assert (row.id, row.title, row.payload["content"]) == (draft_id, "与张三谈话", "边谈边记")
    assert isinstance(row.updated_at, dt.datetime)
    assert queries.draft(demo_ws, draft_id) == row
    assert queries.draft(demo_ws, draft_id + 1) is None
    assert_plain(row)


def test_the_instruction_ledger(demo_ws: Workspace):
    rows = queries.directive_rows(demo_ws)
    assert sorted(r.title for r in rows) == sorted(t for t, _s, _i, _x in DIRECTIVES)
    assert sum(r.items for r in rows) == sum(len(x) for _t, _s, _i, x in DIRECTIVES)
    texts = {t: list(x) for t, _s, _i, x in DIRECTIVES}
    for row in rows:
        detail = queries.directive_for_editing(demo_ws, row.id)
        assert detail.id == row.id and detail.data.title == row.title
        assert [i.text for i in detail.data.items] == texts[row.title]
        assert all(i.id is not None and i.deadline for i in detail.data.items)
        assert len(detail.linked_campaigns) == row.campaigns
        assert list(detail.linked_campaigns) == sorted(detail.linked_campaigns)
        assert_plain(detail)

    cid = _closed_campaign_with_records(demo_ws)
    choices = queries.item_choices(demo_ws, cid)
    with demo_ws.read("test.inspect") as s:
        linked = set(s.scalars(select(campaign_directive_item.c.item_id)
                               .where(campaign_directive_item.c.campaign_id == cid)))
    assert set(choices.linked) == linked
    assert [(i.directive, i.text) for i in choices.items][:3] == [(rows[0].title, t) for t in texts[rows[0].title]]
    assert len(choices.items) == sum(len(x) for x in texts.values())
    assert_plain(choices)


def _reads(ws: Workspace, cid: int) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("campaign.read", lambda: queries.campaign_years(ws)),
        ("campaign.read", lambda: queries.campaign_rows(ws)),
        ("campaign.read", lambda: queries.campaign_overview(ws)),
        ("campaign.read", lambda: queries.campaign_name(ws, cid)),
        ("campaign.read", lambda: queries.campaign_is_closed(ws, cid)),
        ("campaign.read", lambda: queries.campaign_unit_ids(ws, cid)),
        ("campaign.read", lambda: queries.campaign_view(ws, cid)),
        ("campaign.read", lambda: queries.campaign_form(ws, cid)),
        ("campaign.read", lambda: queries.team_form(ws, cid)),
        ("unit.read", lambda: queries.unit_choices(ws)),
        ("code.read", lambda: queries.civil_ranks(ws)),
        ("cadre.read", lambda: queries.saved_roster_filters(ws)),
        ("cadre.read", lambda: queries.unit_and_post(ws, 1)),
        ("cadre.read", lambda: queries.cadre_names(ws, [1])),
        ("fieldwork.read", lambda: queries.fieldwork_records(ws)),
        ("fieldwork.read", lambda: queries.visit_form(ws, cid)),
        ("fieldwork.read", lambda: queries.talk_choices(ws)),
        ("fieldwork.read", lambda: queries.talk_drafts(ws)),
        ("fieldwork.read", lambda: queries.draft(ws, 1)),
        ("directive.read", lambda: queries.directive_rows(ws)),
        ("directive.read", lambda: queries.directive_for_editing(ws, 1)),
        ("directive.read", lambda: queries.item_choices(ws, cid)),
    ]


def test_every_read_passes_the_permission_hook(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    cid = _closed_campaign_with_records(demo_ws)
    with demo_ws.read("test.inspect") as s:
        visit_id = int(s.scalar(select(Visit.id).limit(1)))
        talk_id = int(s.scalar(select(Talk.id).limit(1)))
    reads = [*_reads(demo_ws, cid), ("fieldwork.read", lambda: queries.visit_for_editing(demo_ws, visit_id)),
             ("fieldwork.read", lambda: queries.talk_for_editing(demo_ws, talk_id))]
    assert demo_ws.actor.role == ROLE_ADMIN
    for action, call in reads:
        call()  # allowed as the rules stand
        with monkeypatch.context() as m:
            m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), action: frozenset()})
            with pytest.raises(PermissionDenied, match=action.replace(".", r"\.")):
                call()
