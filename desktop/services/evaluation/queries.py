"""What the window and the command line may read about evaluation: templates, a campaign's
sheets, ballot batches and tallies, and one sheet or batch opened for entry.

Each function passes the permission hook by opening its session with
`ws.read("evaluation.read")`, and returns plain frozen rows (never a mapped object), so the
screens hold nothing that a closed session could invalidate. The session-level functions in
`sheets`, `templates` and `evaluation` stay: operations call them inside write transactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.models import Campaign
from desktop.models.scoring import grade_labels, is_flag
from desktop.models.sheets import TemplateItem, TemplateSection
from desktop.services import scopes
from desktop.services.campaigns import campaigns
from desktop.services.evaluation import evaluation, sheets, templates
from desktop.services.evaluation.evaluation import BatchRow, CadreLabel, TallyRow
from desktop.services.evaluation.sheets import CadreTally, PlainItem, SheetRow
from desktop.services.evaluation.templates import TemplateRow, TemplateSpec
from desktop.services.workspace import Workspace

READ = "evaluation.read"


# --- rows the screens show ----------------------------------------------------------------------


@dataclass(frozen=True)
class GradedItem:
    """An item rated by grade (好 较好 一般 差), as a ballot or a tally table lists it."""

    id: int
    text: str
    labels: tuple[str, ...]
    is_overall: bool


def graded_items(items: Sequence[TemplateItem]) -> list[GradedItem]:
    """The items a paper ballot asks about (checklist items are not on ballots)."""
    return [GradedItem(i.id, i.text, tuple(grade_labels(i)), i.is_overall) for i in items if not is_flag(i)]


@dataclass(frozen=True)
class SheetItem(PlainItem):
    """A template item as the sheet shows it, with its section and number in it."""

    section: str = ""
    number: int = 0  # within its section, from 1

    @property
    def kind(self) -> str:
        return str(self.scale.get("type", ""))


def sheet_items(items: Sequence[TemplateItem], sections: Sequence[TemplateSection]) -> list[SheetItem]:
    titles = {s.id: s.title for s in sections}
    out: list[SheetItem] = []
    counts: dict[int | None, int] = {}
    for i in items:
        counts[i.section_id] = counts.get(i.section_id, 0) + 1
        out.append(SheetItem(i.id, i.text, i.weight_centi, dict(i.scale), i.fact_below, i.is_overall,
                             titles.get(i.section_id or 0, ""), counts[i.section_id]))
    return out


def _closed(session: Session, campaign_id: int | None) -> tuple[bool, str]:
    """Whether a campaign's records are frozen, and its name ("" without one); refused for a
    campaign outside the scope of the session's account."""
    scopes.check_campaign(session, None, campaign_id)
    campaign = session.get(Campaign, campaign_id) if campaign_id else None
    return (campaign is not None and campaign.status == "closed"), (campaign.name if campaign else "")


# --- templates ----------------------------------------------------------------------------------


def template_rows(ws: Workspace, include_retired: bool = False) -> list[TemplateRow]:
    """The templates with their version, state and use (retired ones only when asked)."""
    with ws.read(READ) as s:
        return templates.listing(s, include_retired=include_retired)


@dataclass(frozen=True)
class TemplateForEditing:
    spec: TemplateSpec
    version: int
    published: bool
    used: int  # sheets filled with it: saving it then makes a new version


def template_for_editing(ws: Workspace, template_id: int) -> TemplateForEditing:
    with ws.read(READ) as s:
        template = templates.get(s, template_id)
        used = next((r.sheets for r in templates.listing(s, include_retired=True) if r.id == template_id), 0)
        return TemplateForEditing(templates.spec_of(template), template.version, template.published, used)


def template_spec(ws: Workspace, template_id: int) -> TemplateSpec:
    """A template as an editable spec (a copy starts from it)."""
    with ws.read(READ) as s:
        return templates.spec_of(templates.get(s, template_id))


@dataclass(frozen=True)
class TemplateState:
    version: int
    published: bool


def template_state(ws: Workspace, template_id: int) -> TemplateState:
    with ws.read(READ) as s:
        template = templates.get(s, template_id)
        return TemplateState(template.version, template.published)


# --- a campaign's sheets, ballots and tallies ---------------------------------------------------


def campaign_closed(ws: Workspace, campaign_id: int) -> bool:
    """True when the campaign is closed and its sheets and ballots are read-only."""
    with ws.read(READ) as s:
        return _closed(s, campaign_id)[0]


def campaign_cadres(ws: Workspace, campaign_id: int) -> list[CadreLabel]:
    """The cadres a campaign assesses, by unit and name."""
    with ws.read(READ) as s:
        scopes.check_campaign(s, ws.actor, campaign_id)
        return evaluation.campaign_cadres(s, campaign_id)


def sheet_rows(ws: Workspace, campaign_id: int) -> list[SheetRow]:
    with ws.read(READ) as s:
        scopes.check_campaign(s, ws.actor, campaign_id)
        return sheets.sheets_of(s, campaign_id)


def batch_rows(ws: Workspace, campaign_id: int) -> list[BatchRow]:
    with ws.read(READ) as s:
        scopes.check_campaign(s, ws.actor, campaign_id)
        return evaluation.batch_rows(s, campaign_id)


@dataclass(frozen=True)
class CampaignTally:
    rows: tuple[TallyRow, ...]
    weights: dict[str, int]  # rater category → weight in percent; empty: a plain mean


def campaign_tally(ws: Workspace, campaign_id: int) -> CampaignTally:
    """The campaign's tally table and the weights it used, read together."""
    with ws.read(READ) as s:
        return CampaignTally(tuple(evaluation.tally_table(s, campaign_id)),
                             dict(campaigns.get(s, campaign_id).rater_weights or {}))


@dataclass(frozen=True)
class TallyDetail:
    """One cadre's tally with one template, and the graded items its tables list."""

    result: CadreTally
    items: tuple[GradedItem, ...]


def tally_detail(ws: Workspace, cadre_id: int, template_id: int, campaign_id: int | None) -> TallyDetail:
    with ws.read(READ) as s:
        scopes.check_campaign(s, ws.actor, campaign_id)
        scopes.check_cadre(s, ws.actor, cadre_id)
        result = sheets.cadre_tally(s, cadre_id, template_id, campaign_id)
        return TallyDetail(result, tuple(graded_items(templates.get(s, template_id).items)))


# --- one sheet or one batch opened for entry ----------------------------------------------------


@dataclass(frozen=True)
class SheetToFill:
    items: tuple[SheetItem, ...]
    answers: dict[int, tuple[str, str]]  # item id → (value, fact) as stored
    cadre: CadreLabel | None
    rater_category: str
    rater_name: str
    template: str  # 名称（第n版）
    description: str
    campaign: str  # the campaign's name, "" for a sheet outside any campaign
    read_only: bool  # its campaign is closed
    version: int  # the sheet's row version: a save over a later one by someone else is refused


def sheet_to_fill(ws: Workspace, sheet_id: int) -> SheetToFill:
    with ws.read(READ) as s:
        sheet = sheets.get(s, sheet_id)
        template = templates.get(s, sheet.template_id)
        cadre = next(iter(evaluation.cadre_labels(s, [sheet.cadre_id])), None)
        read_only, campaign = _closed(s, sheet.campaign_id)
        return SheetToFill(tuple(sheet_items(template.items, template.sections)),
                           {a.item_id: (a.value, a.fact) for a in sheet.answers}, cadre, sheet.rater_category,
                           sheet.rater_name, evaluation.template_label(template), template.description,
                           campaign, read_only, sheet.row_version)


@dataclass(frozen=True)
class BatchToEnter:
    items: tuple[GradedItem, ...]
    issued: int
    ballots: tuple[dict[int, str], ...]  # stored ballots in order: item id → grade ("" blank)
    cadre: CadreLabel | None
    rater_category: str
    title: str
    template: str
    campaign: str  # the campaign's name, "" for a batch outside any campaign
    read_only: bool  # its campaign is closed


def batch_to_enter(ws: Workspace, batch_id: int) -> BatchToEnter:
    with ws.read(READ) as s:
        batch = sheets.batch(s, batch_id)
        cadre = next(iter(evaluation.cadre_labels(s, [batch.cadre_id])), None)
        read_only, campaign = _closed(s, batch.campaign_id)
        return BatchToEnter(tuple(graded_items(sheets.ballot_items(s, batch_id))), batch.issued,
                            tuple({int(k): v for k, v in b.marks.items()} for b in batch.ballots), cadre,
                            batch.rater_category, batch.title,
                            evaluation.template_label(templates.get(s, batch.template_id)), campaign, read_only)
