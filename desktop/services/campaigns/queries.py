"""What the window and the command line may read about campaigns (一线考核), their fieldwork
(visits, talk records, the drafts of talks being typed) and the instruction ledger (工作台账).

Each function passes the permission hook by opening its session with `ws.read(...)`, named
for what the screen shows: "campaign.read" (campaigns, their people and progress),
"fieldwork.read" (visits, talks, drafts, the talk window's phrases), "directive.read" (the
instruction ledger), and "unit.read", "code.read", "cadre.read" for the pickers these
screens fill from other files. They return plain values (frozen rows, the services' input
dataclasses), never ORM objects: the caller holds no session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from desktop.models import Talk, Visit
from desktop.models.campaigns import STATUS_LABELS
from desktop.services.admin import accounts, settings
from desktop.services.cadres import roster, saved_filters
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns, directives, fieldwork
from desktop.services.campaigns.campaigns import (
    AssessedRow,
    CampaignInput,
    CampaignRow,
    EntryRow,
    Progress,
    Totals,
)
from desktop.services.campaigns.directives import DirectiveInput, DirectiveRow
from desktop.services.campaigns.fieldwork import DEFAULT_SNIPPETS, SNIPPETS_KEY, TalkInput, VisitInput
from desktop.services.units import codes, units
from desktop.services.workspace import Workspace

# --- campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignOverview:
    """The campaign list and the department-wide figures above it, read together."""

    rows: tuple[CampaignRow, ...]
    totals: Totals


def campaign_years(ws: Workspace) -> list[int]:
    """The years campaigns started in, newest first."""
    with ws.read("campaign.read") as s:
        return campaigns.years(s)


def campaign_rows(ws: Workspace, status: str | None = None, kind: str | None = None,
                  year: int | None = None) -> list[CampaignRow]:
    with ws.read("campaign.read") as s:
        return campaigns.listing(s, status, kind, year)


def campaign_overview(ws: Workspace, status: str | None = None, kind: str | None = None,
                      year: int | None = None) -> CampaignOverview:
    with ws.read("campaign.read") as s:
        return CampaignOverview(tuple(campaigns.listing(s, status, kind, year)), campaigns.totals(s, year))


def campaign_name(ws: Workspace, campaign_id: int) -> str:
    with ws.read("campaign.read") as s:
        return campaigns.get(s, campaign_id).name


def campaign_is_closed(ws: Workspace, campaign_id: int) -> bool:
    with ws.read("campaign.read") as s:
        return campaigns.get(s, campaign_id).status == "closed"


def campaign_unit_ids(ws: Workspace, campaign_id: int) -> list[int]:
    with ws.read("campaign.read") as s:
        return campaigns.unit_ids(s, campaign_id)


@dataclass(frozen=True)
class CampaignDetail:
    id: int
    name: str
    kind: str
    status: str
    topic_source: str
    source_detail: str
    follows: str
    start: dt.date | None
    end: dt.date | None
    description: str
    members: tuple[tuple[str, str], ...]  # (name, role) in display order

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class TalkSummary:
    id: int
    start_at: dt.datetime | None
    interviewee_name: str
    interviewers: tuple[str, ...]
    campaign_id: int | None
    conclusion: str


@dataclass(frozen=True)
class VisitSummary:
    id: int
    date: dt.date
    place: str
    unannounced: bool
    campaign_id: int | None
    findings: str
    unit_ids: tuple[int, ...] = ()  # filled where the screen shows the units visited


@dataclass(frozen=True)
class CampaignView:
    """Everything one campaign's page shows, as one consistent snapshot."""

    campaign: CampaignDetail
    progress: Progress
    unit_labels: dict[int, str]  # every unit's full label, for the units visited
    chosen_units: tuple[str, ...]
    items: tuple[tuple[int, str, str], ...]  # (item id, directive title, item text)
    people: tuple[AssessedRow, ...]
    visits: tuple[VisitSummary, ...]
    talks: tuple[TalkSummary, ...]
    entries: tuple[EntryRow, ...]


def _talk_summary(t: Talk) -> TalkSummary:
    return TalkSummary(t.id, t.start_at, t.interviewee_name, tuple(t.interviewers), t.campaign_id, t.conclusion)


def _visit_summary(session: Session, v: Visit, with_units: bool) -> VisitSummary:
    unit_ids = tuple(fieldwork.visit_units(session, v.id)) if with_units else ()
    return VisitSummary(v.id, v.date, v.place, bool(v.unannounced), v.campaign_id, v.findings, unit_ids)


def _unit_labels(session: Session) -> dict[int, str]:
    return {uid: label for label, (uid, _post_name) in units.choices(session).items()}


def campaign_view(ws: Workspace, campaign_id: int) -> CampaignView:
    """Raises NotFound when the campaign is gone (deleted in another window)."""
    with ws.read("campaign.read") as s:
        c = campaigns.get(s, campaign_id)
        detail = CampaignDetail(c.id, c.name, c.kind, c.status, c.topic_source, c.source_detail, c.follows,
                                c.start, c.end, c.description, tuple((m.name, m.role) for m in c.members))
        labels = _unit_labels(s)
        return CampaignView(
            campaign=detail,
            progress=campaigns.progress(s, campaign_id),
            unit_labels=labels,
            chosen_units=tuple(labels.get(u, str(u)) for u in campaigns.unit_ids(s, campaign_id)),
            items=tuple(directives.items_of_campaign(s, campaign_id)),
            people=tuple(campaigns.assessed_rows(s, campaign_id)),
            visits=tuple(_visit_summary(s, v, True) for v in fieldwork.visits(s, campaign_id)),
            talks=tuple(_talk_summary(t) for t in fieldwork.talks(s, campaign_id=campaign_id)),
            entries=tuple(campaigns.ledger_entries(s, campaign_id)))


@dataclass(frozen=True)
class CampaignForm:
    """A campaign's fields for its dialog (None for a new one) and the unit picker's choices."""

    data: CampaignInput | None
    unit_choices: dict[str, tuple[int, str]]


def campaign_form(ws: Workspace, campaign_id: int | None = None) -> CampaignForm:
    with ws.read("campaign.read") as s:
        data = None
        if campaign_id:
            data = campaigns.load(s, campaign_id)
        return CampaignForm(data, units.choices(s))


@dataclass(frozen=True)
class TeamForm:
    members: tuple[tuple[str, str], ...]  # (name, role) as saved
    staff: dict[str, int]  # the department's active accounts: shown name → account id


def team_form(ws: Workspace, campaign_id: int) -> TeamForm:
    with ws.read("campaign.read") as s:
        members = tuple((m.name, m.role) for m in campaigns.get(s, campaign_id).members)
        staff = {(a.display_name or a.username): a.id for a in accounts.listing(s) if a.active}
    return TeamForm(members, staff)


def unit_choices(ws: Workspace) -> dict[str, tuple[int, str]]:
    """Unit pickers: full path label → (unit id, name as a post prints it)."""
    with ws.read("unit.read") as s:
        return units.choices(s)


def civil_ranks(ws: Workspace) -> list[str]:
    """The ranks (职级) a campaign can add its people by."""
    with ws.read("code.read") as s:
        return codes.names(s, "civil_rank")


def saved_roster_filters(ws: Workspace) -> dict[str, RosterFilter]:
    """The roster's saved filters (常用筛选) by name."""
    with ws.read("cadre.read") as s:
        return {f.name: f.filter for f in saved_filters.all_saved(s)}


# --- fieldwork --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldworkRecords:
    talks: tuple[TalkSummary, ...]  # newest first
    visits: tuple[VisitSummary, ...]  # newest first
    campaign_names: dict[int, str]
    unit_labels: dict[int, str] = field(default_factory=dict)  # with_units: every unit's full label


def fieldwork_records(ws: Workspace, campaign_id: int | None = None, *, with_units: bool = False) -> FieldworkRecords:
    """Every talk and visit (or one campaign's), with the names of the campaigns they belong to;
    `with_units` adds the units each visit went to (the command line lists them, so that a clerk
    knows which --unit to name when raising a problem from a visit to several units)."""
    with ws.read("fieldwork.read") as s:
        names = {r.id: r.name for r in campaigns.listing(s)}
        talks = tuple(_talk_summary(t) for t in fieldwork.talks(s, campaign_id=campaign_id))
        visits = tuple(_visit_summary(s, v, with_units) for v in fieldwork.visits(s, campaign_id))
        labels = _unit_labels(s) if with_units else {}
    return FieldworkRecords(talks, visits, names, labels)


def visit_for_editing(ws: Workspace, visit_id: int) -> VisitInput:
    with ws.read("fieldwork.read") as s:
        return fieldwork.load_visit(s, visit_id)


@dataclass(frozen=True)
class VisitForm:
    data: VisitInput | None  # None for a new visit
    unit_choices: dict[str, int]  # full path label → unit id
    team: tuple[str, ...]  # the campaign's team, who go on a new visit


def visit_form(ws: Workspace, campaign_id: int | None, visit_id: int | None = None) -> VisitForm:
    with ws.read("fieldwork.read") as s:
        choices = {label: uid for label, (uid, _post_name) in units.choices(s).items()}
        data = fieldwork.load_visit(s, visit_id) if visit_id is not None else None
        team = tuple(m.name for m in campaigns.get(s, campaign_id).members) if campaign_id is not None else ()
    return VisitForm(data, choices, team)


def talk_for_editing(ws: Workspace, talk_id: int) -> TalkInput:
    with ws.read("fieldwork.read") as s:
        return fieldwork.load_talk(s, talk_id)


@dataclass(frozen=True)
class TalkChoices:
    """What the talk window offers: the campaigns still open, and the reusable phrases."""

    campaigns: tuple[CampaignRow, ...]
    snippets: tuple[str, ...]


def talk_choices(ws: Workspace) -> TalkChoices:
    with ws.read("fieldwork.read") as s:
        rows = tuple(r for r in campaigns.listing(s) if r.status != "closed")
        snippets = settings.get(s, SNIPPETS_KEY, DEFAULT_SNIPPETS)
    return TalkChoices(rows, tuple(str(x) for x in snippets))


def unit_and_post(ws: Workspace, cadre_id: int) -> tuple[str, str] | None:
    """A cadre's current unit and post, as a talk record names them (None when unknown)."""
    with ws.read("cadre.read") as s:
        rows = roster.rows_for(s, [cadre_id])
    return (rows[0].text("unit"), rows[0].text("post")) if rows else None


def cadre_names(ws: Workspace, cadre_ids: Sequence[int]) -> list[str]:
    """The names of `cadre_ids`, in the same order; unknown ids are skipped."""
    with ws.read("cadre.read") as s:
        return [r.text("name") for r in roster.rows_for(s, list(cadre_ids))]


@dataclass(frozen=True)
class DraftRow:
    id: int
    kind: str
    title: str
    updated_at: dt.datetime
    target_id: int | None
    payload: dict[str, Any] = field(default_factory=dict)


def talk_drafts(ws: Workspace) -> list[DraftRow]:
    """The acting account's unfinished talk records, newest first."""
    with ws.read("fieldwork.read") as s:
        return [DraftRow(d.id, d.kind, d.title, d.updated_at, d.target_id, dict(d.payload or {}))
                for d in fieldwork.drafts(s, ws.actor.username, "talk")]


def draft(ws: Workspace, draft_id: int) -> DraftRow | None:
    """One of the acting account's drafts (None if it is gone or someone else's)."""
    with ws.read("fieldwork.read") as s:
        found = next((d for d in fieldwork.drafts(s, ws.actor.username) if d.id == draft_id), None)
        if found is None:
            return None
        return DraftRow(found.id, found.kind, found.title, found.updated_at, found.target_id,
                        dict(found.payload or {}))


# --- the instruction ledger (工作台账) ----------------------------------------------------------


def directive_rows(ws: Workspace) -> list[DirectiveRow]:
    with ws.read("directive.read") as s:
        return directives.listing(s)


@dataclass(frozen=True)
class DirectiveDetail:
    id: int
    data: DirectiveInput  # with its items' ids, ready to save back
    linked_campaigns: tuple[str, ...]  # the campaigns assessing any of its items, sorted


def directive_for_editing(ws: Workspace, directive_id: int) -> DirectiveDetail:
    with ws.read("directive.read") as s:
        d = directives.get(s, directive_id)
        used = sorted({name for i in d.items for name in directives.campaigns_of_item(s, i.id)})
        return DirectiveDetail(d.id, directives.load(s, directive_id), tuple(used))


@dataclass(frozen=True)
class ItemChoice:
    id: int
    directive: str  # the directive's title
    text: str


@dataclass(frozen=True)
class ItemChoices:
    """Every instruction item, in ledger order, and those a campaign already assesses."""

    items: tuple[ItemChoice, ...]
    linked: frozenset[int]


def item_choices(ws: Workspace, campaign_id: int) -> ItemChoices:
    with ws.read("directive.read") as s:
        linked = frozenset(i for i, _t, _x in directives.items_of_campaign(s, campaign_id))
        items = tuple(ItemChoice(item.id, row.title, item.text)
                      for row in directives.listing(s) for item in directives.get(s, row.id).items)
    return ItemChoices(items, linked)
