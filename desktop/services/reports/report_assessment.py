"""Gathering the front-line records of many cadres for the 综合分析报告, in a fixed set of
queries per 500 cadres (campaign membership, sheets with answers, ballot batches with
ballots, ledger entries, talks, the campaigns and templates they refer to), whatever the
number of cadres: a batch of 500 reports costs the same queries as one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desktop.models import (
    BallotBatch,
    Cadre,
    Campaign,
    PointEntry,
    Sheet,
    SheetTemplate,
    Talk,
    campaign_cadre,
    talk_cadre,
)
from desktop.models.ledger import DIMENSIONS
from desktop.models.scoring import CENT, checked, is_flag, points_of, weight
from desktop.reports.assessment import (
    Assessment,
    CampaignTake,
    Dimension,
    FlagNote,
    LedgerFact,
    TalkNote,
    TallyTable,
    period_text,
)
from desktop.services.reports.report_tallies import TemplateInfo, load_templates, table_of

CHUNK = 500
PQ_KIND = "政治素质评议"
KIND_ORDER = {PQ_KIND: 0, "民主测评": 1, "年度考核": 2}  # political quality first
Namer = Callable[[int | None], str]


@dataclass
class _Rows:
    """Everything loaded about one cadre."""

    campaigns: list[int] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    batches: list[BallotBatch] = field(default_factory=list)
    entries: list[PointEntry] = field(default_factory=list)
    talks: list[tuple[Talk, bool]] = field(default_factory=list)  # (talk, about someone else's talk)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def _load(session: Session, ids: list[int], rows: dict[int, _Rows]) -> None:
    for campaign_id, cadre_id in session.execute(select(campaign_cadre.c.campaign_id, campaign_cadre.c.cadre_id)
                                                 .where(campaign_cadre.c.cadre_id.in_(ids))):
        rows[cadre_id].campaigns.append(campaign_id)
    for sheet in session.scalars(select(Sheet).where(Sheet.cadre_id.in_(ids)).options(selectinload(Sheet.answers))
                                 .order_by(Sheet.id)):
        rows[sheet.cadre_id].sheets.append(sheet)
    for batch in session.scalars(select(BallotBatch).where(BallotBatch.cadre_id.in_(ids))
                                 .options(selectinload(BallotBatch.ballots)).order_by(BallotBatch.id)):
        rows[batch.cadre_id].batches.append(batch)
    for entry in session.scalars(select(PointEntry).where(PointEntry.cadre_id.in_(ids))
                                 .order_by(PointEntry.date, PointEntry.id)):
        rows[entry.cadre_id].entries.append(entry)
    about = defaultdict(set)
    for talk_id, cadre_id in session.execute(select(talk_cadre.c.talk_id, talk_cadre.c.cadre_id)
                                             .where(talk_cadre.c.cadre_id.in_(ids))):
        about[talk_id].add(cadre_id)
    stmt = select(Talk).where(or_(Talk.interviewee_cadre_id.in_(ids), Talk.id.in_(list(about))))
    for talk in session.scalars(stmt.order_by(Talk.start_at, Talk.id)):
        concerned = set(about.get(talk.id, set()))
        if talk.interviewee_cadre_id in ids:
            concerned.add(talk.interviewee_cadre_id)
        for cadre_id in concerned:
            rows[cadre_id].talks.append((talk, talk.interviewee_cadre_id != cadre_id))


def load_campaigns(session: Session, ids: Iterable[int]) -> dict[int, Campaign]:
    wanted = sorted(set(ids))
    found: dict[int, Campaign] = {}
    for chunk in _chunks(wanted):
        found.update({c.id: c for c in session.scalars(select(Campaign).where(Campaign.id.in_(chunk)))})
    return found


def assessments(session: Session, cadres: Sequence[Cadre]) -> dict[int, Assessment]:
    """The Assessment of every cadre given (loaded with report_data.cadre_options)."""
    ids = [c.id for c in cadres]
    rows: dict[int, _Rows] = defaultdict(_Rows)
    for chunk in _chunks(ids):
        _load(session, chunk, rows)
    campaign_ids: set[int] = set()
    template_ids: set[int] = set()
    for r in rows.values():
        campaign_ids.update(r.campaigns)
        campaign_ids.update(x.campaign_id for x in r.sheets if x.campaign_id)
        campaign_ids.update(x.campaign_id for x in r.batches if x.campaign_id)
        campaign_ids.update(x.campaign_id for x in r.entries if x.campaign_id)
        campaign_ids.update(t.campaign_id for t, _ in r.talks if t.campaign_id)
        template_ids.update(x.template_id for x in r.sheets)
        template_ids.update(x.template_id for x in r.batches)
    found = load_campaigns(session, campaign_ids)
    infos = load_templates(session, template_ids)
    names = {c.id: c.name for c in cadres}
    return {cid: _assessment(rows.get(cid, _Rows()), found, infos, names) for cid in ids}


def _assessment(r: _Rows, found: dict[int, Campaign], infos: dict[int, TemplateInfo],
                names: dict[int, str]) -> Assessment:
    def name(cid: int | None) -> str:
        return found[cid].name if cid is not None and cid in found else ""

    taken = sorted((found[c] for c in set(r.campaigns) if c in found), key=_campaign_order)
    dims, pq_sheets, pq_campaigns, flags = _dimensions(r, infos, name)
    return Assessment(
        campaigns=tuple(CampaignTake(c.name, c.kind, period_text(c.start, c.end), c.status_label) for c in taken),
        dimensions=dims, pq_sheets=pq_sheets, pq_campaigns=pq_campaigns, flags=tuple(flags),
        ledger=ledger_facts(r.entries, name),
        tallies=tuple(_tallies(r, found, infos)),
        talks=tuple(TalkNote(t.start_at.astimezone() if t.start_at else None, name(t.campaign_id),
                             tuple(t.interviewers or ()),
                             t.interviewee_name or names.get(t.interviewee_cadre_id or 0, ""),
                             other, t.conclusion, t.follow_up) for t, other in r.talks),
    )


def _campaign_order(c: Campaign) -> tuple[str, int]:
    return (str(c.start or c.created_at.date()), c.id)


def ledger_facts(entries: Sequence[PointEntry], campaign_name: Namer, cadre_names: dict[int, str] | None = None
                 ) -> tuple[LedgerFact, ...]:
    """Entries as printed facts, each correction linked both ways."""
    corrections = {e.reverses_id: e for e in entries if e.reverses_id is not None}
    out = []
    for e in entries:
        fix = corrections.get(e.id)
        reason = e.reason if e.reverses_id is not None else (fix.reason if fix is not None else "")
        out.append(LedgerFact(
            e.id, e.date, e.source, e.dimension, e.behaviour, e.fact, e.points,
            campaign=campaign_name(e.campaign_id),
            cadre=(cadre_names or {}).get(e.cadre_id, ""), reverses=e.reverses_id,
            reversed_by=fix.id if fix is not None else None, reversed_on=fix.date if fix is not None else None,
            reason=reason))
    return tuple(out)


def _dimensions(r: _Rows, infos: dict[int, TemplateInfo],
                name: Namer) -> tuple[tuple[Dimension, ...], int, int, list[FlagNote]]:
    """Per dimension: the mean over complete political-quality sheets of the section's
    weighted score (0–100), and the ledger's effective points."""
    scores: dict[str, list[Decimal]] = defaultdict(list)
    flags: list[FlagNote] = []
    counted, campaigns = 0, set()
    for sheet in r.sheets:
        info = infos.get(sheet.template_id)
        if info is None or info.kind != PQ_KIND or sheet.status != "complete":
            continue
        counted += 1
        campaigns.add(sheet.campaign_id)
        answers = {a.item_id: a for a in sheet.answers}
        by_section: dict[str, list[tuple[Decimal, Decimal]]] = defaultdict(list)
        for item in info.items:
            answer = answers.get(item.id)
            value = answer.value if answer is not None else ""
            if is_flag(item):
                if checked(item, value):
                    flags.append(FlagNote(item.text, sheet.rater_category, answer.fact if answer else "",
                                          name(sheet.campaign_id)))
                continue
            section = info.sections.get(item.section_id or 0, "")
            points = points_of(item, value) if section in DIMENSIONS else None
            if points is not None and item.weight_centi:
                by_section[section].append((weight(item), points))
        for section, pairs in by_section.items():
            total = sum((w for w, _ in pairs), Decimal(0))
            scores[section].append(sum((w * p for w, p in pairs), Decimal(0)) / total)
    corrections = {e.reverses_id for e in r.entries if e.reverses_id is not None}
    plus: dict[str, int] = defaultdict(int)
    minus: dict[str, int] = defaultdict(int)
    for e in r.entries:
        if e.reverses_id is not None or e.id in corrections:
            continue
        (plus if e.points > 0 else minus)[e.dimension] += e.points
    dims = tuple(Dimension(d, _mean(scores.get(d, [])), plus[d], minus[d]) for d in DIMENSIONS)
    return dims, counted, len(campaigns), flags


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def _tallies(r: _Rows, found: dict[int, Campaign], infos: dict[int, TemplateInfo]) -> list[TallyTable]:
    groups: dict[tuple[int | None, int], tuple[list[Sheet], list[BallotBatch]]] = defaultdict(lambda: ([], []))
    for sheet in r.sheets:
        groups[(sheet.campaign_id, sheet.template_id)][0].append(sheet)
    for batch in r.batches:
        groups[(batch.campaign_id, batch.template_id)][1].append(batch)

    def order(key: tuple[int | None, int]) -> tuple[tuple[str, int], int, int]:
        c = found.get(key[0] or 0)
        info = infos.get(key[1])
        kind = KIND_ORDER.get(info.kind, len(KIND_ORDER)) if info is not None else len(KIND_ORDER)
        return (_campaign_order(c) if c is not None else ("", 0)), kind, key[1]

    out = []
    for key in sorted(groups, key=order):
        sheet_rows, batch_rows = groups[key]
        campaign = found.get(key[0] or 0)
        info = infos.get(key[1])
        if info is None:
            continue
        table = table_of(info, sheet_rows, batch_rows, campaign)
        if table.responses or table.issued:
            out.append(table)
    return out


def dimension_scores(session: Session, ids: Sequence[int]) -> dict[int, tuple[Dimension, ...]]:
    """The five dimensions' sheet scores of many cadres, computed as the report computes them,
    from their complete political-quality sheets alone (ranking cadres needs no ledger, talks
    or ballots): a fixed set of queries per 500 cadres. The ledger columns stay at 0."""
    pq = list(session.scalars(select(SheetTemplate.id).where(SheetTemplate.kind == PQ_KIND)))
    rows: dict[int, _Rows] = defaultdict(_Rows)
    for chunk in _chunks(list(ids)):
        stmt = (select(Sheet).where(Sheet.cadre_id.in_(chunk), Sheet.template_id.in_(pq), Sheet.status == "complete")
                .options(selectinload(Sheet.answers)).order_by(Sheet.id))
        for sheet in session.scalars(stmt):
            rows[sheet.cadre_id].sheets.append(sheet)
    infos = load_templates(session, {x.template_id for r in rows.values() for x in r.sheets})
    return {cid: _dimensions(rows.get(cid, _Rows()), infos, lambda _c: "")[0] for cid in ids}
