"""Gathering the 民主测评结果统计表: one cadre (optionally in one campaign), or the cadres
whose current posts are in a unit and the units under it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound
from desktop.models import BallotBatch, Cadre, Campaign, Post, Sheet, SheetTemplate, Unit
from desktop.reports import facts
from desktop.reports.assessment import TallyTable, competition_ranks, method_text
from desktop.reports.democratic_tally import CadrePage, TallyReport, UnitPage, UnitRow
from desktop.services.reports.report_assessment import load_campaigns
from desktop.services.reports.report_campaign import get_campaign, load_people
from desktop.services.reports.report_tallies import load_templates, table_of
from desktop.services.units.units import subtree_ids

DEMOCRATIC = "民主测评"
CHUNK = 500


def tables(session: Session, cadre_ids: Sequence[int], campaign_id: int | None = None
           ) -> dict[int, list[TallyTable]]:
    """Every cadre's democratic-evaluation tallies, one per (campaign, template), oldest
    campaign first; fixed queries per 500 cadres."""
    sheets: dict[int, list[Sheet]] = defaultdict(list)
    batches: dict[int, list[BallotBatch]] = defaultdict(list)
    for start in range(0, len(cadre_ids), CHUNK):
        chunk = list(cadre_ids[start:start + CHUNK])
        sheet_stmt = (select(Sheet).join(SheetTemplate, SheetTemplate.id == Sheet.template_id)
                      .where(SheetTemplate.kind == DEMOCRATIC, Sheet.cadre_id.in_(chunk))
                      .options(selectinload(Sheet.answers)))
        batch_stmt = (select(BallotBatch).join(SheetTemplate, SheetTemplate.id == BallotBatch.template_id)
                      .where(SheetTemplate.kind == DEMOCRATIC, BallotBatch.cadre_id.in_(chunk))
                      .options(selectinload(BallotBatch.ballots)))
        if campaign_id is not None:
            sheet_stmt = sheet_stmt.where(Sheet.campaign_id == campaign_id)
            batch_stmt = batch_stmt.where(BallotBatch.campaign_id == campaign_id)
        for sh in session.scalars(sheet_stmt):
            sheets[sh.cadre_id].append(sh)
        for bt in session.scalars(batch_stmt):
            batches[bt.cadre_id].append(bt)
    # (campaign, template) of every sheet and batch loaded
    used = {(x.campaign_id, x.template_id) for rows in sheets.values() for x in rows}
    used |= {(x.campaign_id, x.template_id) for rows in batches.values() for x in rows}
    found = load_campaigns(session, {c for c, _t in used if c})
    infos = load_templates(session, {t for _c, t in used})
    out: dict[int, list[TallyTable]] = {}
    for cadre_id in cadre_ids:
        groups: dict[tuple[int | None, int], tuple[list[Sheet], list[BallotBatch]]] = defaultdict(lambda: ([], []))
        for sh in sheets.get(cadre_id, []):
            groups[(sh.campaign_id, sh.template_id)][0].append(sh)
        for bt in batches.get(cadre_id, []):
            groups[(bt.campaign_id, bt.template_id)][1].append(bt)
        out[cadre_id] = [table_of(infos[t], s, b, found.get(c or 0))
                         for (c, t), (s, b) in sorted(groups.items(), key=lambda kv: _order(found, kv[0]))]
    return out


def _order(found: dict[int, Campaign], key: tuple[int | None, int]) -> tuple[str, int, int]:
    c = found.get(key[0] or 0)
    return (str(c.start or c.created_at.date()) if c is not None else "", key[0] or 0, key[1])


def _campaign_phrase(session: Session, campaign_id: int | None) -> str:
    if campaign_id is None:
        return ""
    return f"在考核活动“{get_campaign(session, campaign_id).name}”中"


def cadre_reports(session: Session, cadres: Sequence[Cadre], campaign_id: int | None, as_of: dt.date
                  ) -> dict[int, TallyReport | None]:
    """Each cadre's statistics table; None for a cadre with no democratic evaluation."""
    by_cadre = tables(session, [c.id for c in cadres], campaign_id)
    out: dict[int, TallyReport | None] = {}
    for c in cadres:
        found = by_cadre.get(c.id, [])
        post = facts.current_post(c)
        out[c.id] = TallyReport(c.name, as_of, tuple(CadrePage(c.name, post, t) for t in found)) if found else None
    return out


def cadre_report(session: Session, cadre: Cadre, campaign_id: int | None, as_of: dt.date) -> TallyReport:
    if campaign_id is not None:
        get_campaign(session, campaign_id)
    report = cadre_reports(session, [cadre], campaign_id, as_of)[cadre.id]
    if report is None:
        raise FrontlineError(f"{cadre.name}{_campaign_phrase(session, campaign_id)}没有民主测评记录"
                             "（测评表或测评票），无法生成民主测评结果统计表")
    return report


def unit_report(session: Session, unit_id: int, campaign_id: int | None, as_of: dt.date) -> TallyReport:
    """The cadres whose current posts are in the unit (or a unit under it), ranked."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"单位 {unit_id} 不存在")
    if campaign_id is not None:
        get_campaign(session, campaign_id)
    under = subtree_ids(session, [unit_id])
    ids = sorted(set(session.scalars(select(Post.cadre_id).where(Post.unit_id.in_(under), Post.end.is_(None)))))
    by_cadre = tables(session, ids, campaign_id)
    people = load_people(session, [i for i, found in by_cadre.items() if found])
    groups: dict[tuple[str, str], list[tuple[int, TallyTable]]] = defaultdict(list)
    for cadre_id, found in by_cadre.items():
        for t in found:
            groups[(t.campaign, t.template)].append((cadre_id, t))
    if not groups:
        where = _campaign_phrase(session, campaign_id)
        raise FrontlineError(f"{unit.name}（含下属单位）的现任干部{where}没有民主测评记录，无法生成民主测评结果统计表")
    pages = []
    for (campaign, template), members in groups.items():
        members.sort(key=lambda m: (m[1].weighted is None, -(m[1].weighted or 0), people[m[0]].name_pinyin, m[0]))
        ranks = competition_ranks([t.weighted for _, t in members])
        first = members[0][1]
        rows = tuple(UnitRow(rank if t.weighted is not None else None, people[cid].name,
                             facts.current_post(people[cid]), t.issued, t.responses, t.total_counts(), t.abstain,
                             t.weighted) for rank, (cid, t) in zip(ranks, members, strict=True))
        pages.append((first.campaign_id or 0, UnitPage(unit.name, campaign, template, first.grades, rows,
                                                       method_text(first.weights))))
    pages.sort(key=lambda p: (p[0], p[1].template))
    return TallyReport(unit.name, as_of, unit_pages=tuple(p for _, p in pages))
