"""What a grading round proposes from, read from the cadre file and the campaigns.

- The cadres of a round: those whose current main post (no end date) is in the round's unit or a
  unit below it, still 在职. The cadre file records no staff type (公务员 / 事业编): the clerk
  chooses it per round, and a cadre of the other type is set to 不定等次 by hand, with that reason.
- The score: the year's 政治素质鉴定 (appraisal_score of its counts); none without an appraisal.
- Probation: from 参加工作时间 (Cadre.work_started). Service in the unit: from the earliest start of
  the cadre's posts in the round's unit or below it (a promotion within the unit keeps the count).
- The front-line periods: posts in units of the kind 指挥部, and the campaigns the cadre was
  assessed in (一线考核 → 被考核人员) of the kind 应急 or following a 指挥部 (the followed unit's kind,
  or 指挥部 in the text of what it follows), from their start to their end (open: to the year's end).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Campaign, Post, Unit, campaign_cadre
from desktop.models.dates import PartialDate
from desktop.models.grading import Appraisal
from desktop.models.grading_rules import EMERGENCY_KIND, HEADQUARTERS_KIND, appraisal_score, period_of
from desktop.services import scopes
from desktop.services.units.units import subtree_ids

Period = tuple[dt.date, dt.date | None]


@dataclass
class CadreFacts:
    cadre_id: int
    name: str
    work_started: PartialDate | None
    unit_since: PartialDate | None = None
    score: float | None = None
    suggested: str = ""
    periods: list[Period] = field(default_factory=list)


def unit_cadres(session: Session, unit_id: int) -> dict[int, CadreFacts]:
    """The cadres of the unit (and below) with what the rules need, by id, in name order."""
    units = subtree_ids(session, [unit_id])
    # The sort key is selected too: PostgreSQL orders a DISTINCT only by what it returns.
    stmt = (select(Cadre.id, Cadre.name, Cadre.work_started, Cadre.name_pinyin).join(Post, Post.cadre_id == Cadre.id)
            .where(Post.end.is_(None), Post.is_main.is_(True), Post.unit_id.in_(sorted(units)),
                   Cadre.status == "在职").order_by(Cadre.name_pinyin, Cadre.id).distinct())
    clause = scopes.session_cadre_clause(session)
    if clause is not None:
        stmt = stmt.where(clause)
    found = {cid: CadreFacts(cid, name, work) for cid, name, work, _ in session.execute(stmt)}
    ids = sorted(found)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for cid, start in session.execute(select(Post.cadre_id, Post.start).where(
                Post.cadre_id.in_(part), Post.unit_id.in_(sorted(units)), Post.start.is_not(None))):
            facts = found[cid]
            if facts.unit_since is None or start < facts.unit_since:
                facts.unit_since = start
    return found


def add_scores(session: Session, found: dict[int, CadreFacts], year: int) -> None:
    ids = sorted(found)
    for chunk in range(0, len(ids), 500):
        for a in session.scalars(select(Appraisal).where(Appraisal.year == year,
                                                         Appraisal.cadre_id.in_(ids[chunk:chunk + 500]))):
            found[a.cadre_id].score = appraisal_score(a.count_good, a.count_fair, a.count_average, a.count_poor)
            found[a.cadre_id].suggested = a.suggested_grade


def frontline_periods(session: Session, cadre_ids: list[int]) -> dict[int, list[Period]]:
    out: dict[int, list[Period]] = defaultdict(list)
    headquarters = set(session.scalars(select(Unit.id).where(Unit.kind == HEADQUARTERS_KIND)))
    for chunk in range(0, len(cadre_ids), 500):
        part = cadre_ids[chunk:chunk + 500]
        for cid, start, end in session.execute(select(Post.cadre_id, Post.start, Post.end).where(
                Post.cadre_id.in_(part), Post.unit_id.in_(sorted(headquarters)))):
            period = period_of(start, end)
            if period is not None:
                out[cid].append(period)
        campaigns = (select(campaign_cadre.c.cadre_id, Campaign.start, Campaign.end)
                     .join(Campaign, Campaign.id == campaign_cadre.c.campaign_id)
                     .where(campaign_cadre.c.cadre_id.in_(part), Campaign.start.is_not(None),
                            or_(Campaign.kind == EMERGENCY_KIND, Campaign.follows.contains(HEADQUARTERS_KIND),
                                Campaign.follows_unit_id.in_(sorted(headquarters)))))
        for cid, start, end in session.execute(campaigns):
            out[cid].append((start, end))
    return out
