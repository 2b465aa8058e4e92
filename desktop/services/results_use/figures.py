"""The figure the seed reports: the share of newly promoted cadres with front-line records.

Newly promoted: a cadre with a 提拔 or 晋升职级 record dated within the period whose state is
已落实 (counted once, at its earliest such record in the period).

With front-line records: by that record's date the cadre had at least one of
- been assessed in a front-line campaign (考核对象 of a campaign that had started by then);
- a ledger entry from 一线考核 dated by then that still counts (neither reversed nor itself
  a reversal);
- a talk with or about the cadre recorded in a campaign, held by then.

The share is in percent, two decimals, rounded half up; each promoted cadre is listed with
what front-line records it had, so the figure can be checked person by person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from desktop.errors import FrontlineError
from desktop.models import Cadre, Campaign, PointEntry, Talk, campaign_cadre, talk_cadre
from desktop.models.results_use import USE_KINDS, ResultUse
from desktop.reports.assessment import share
from desktop.services import scopes

PROMOTION_KINDS = ("promotion", "rank")
DONE = "已落实"
FRONT_LINE_SOURCE = "一线考核"


@dataclass(frozen=True)
class PromotedRow:
    cadre_id: int
    name: str
    date: dt.date  # the earliest 已落实 提拔/晋升职级 record in the period
    kind: str  # 提拔 / 晋升职级
    title: str
    campaigns: int  # front-line campaigns assessed in by then
    entries: int  # counting 一线考核 ledger entries by then
    talks: int  # campaign talks with or about the cadre by then

    @property
    def front_line(self) -> bool:
        return bool(self.campaigns or self.entries or self.talks)

    @property
    def front_line_text(self) -> str:
        return "是" if self.front_line else "否"

    @property
    def basis(self) -> str:
        parts = [f"参加一线考核{self.campaigns}次" if self.campaigns else "",
                 f"一线考核积分{self.entries}条" if self.entries else "",
                 f"一线谈话{self.talks}次" if self.talks else ""]
        return "、".join(p for p in parts if p) or "无一线记录"


@dataclass(frozen=True)
class PromotionShare:
    start: dt.date
    end: dt.date
    people: tuple[PromotedRow, ...]

    @property
    def promoted(self) -> int:
        return len(self.people)

    @property
    def with_front_line(self) -> int:
        return sum(p.front_line for p in self.people)

    @property
    def percent(self) -> Decimal | None:
        return share(self.with_front_line, self.promoted)

    def sentence(self) -> str:
        period = f"{self.start.isoformat()}至{self.end.isoformat()}"
        if not self.promoted:
            return f"{period}没有已落实的提拔或晋升职级记录。"
        return (f"{period}新提拔（含晋升职级）干部{self.promoted}人，其中有一线记录的{self.with_front_line}人，"
                f"占{self.percent:.2f}%。")


def _promoted(session: Session, start: dt.date, end: dt.date) -> dict[int, ResultUse]:
    stmt = (select(ResultUse).where(ResultUse.kind.in_(PROMOTION_KINDS), ResultUse.state == DONE,
                                    ResultUse.date >= start, ResultUse.date <= end, ResultUse.cadre_id.is_not(None))
            .order_by(ResultUse.date, ResultUse.id))
    clause = scopes.session_cadre_clause(session)
    if clause is not None:
        stmt = stmt.where(ResultUse.cadre_id.in_(select(Cadre.id).where(clause)))
    first: dict[int, ResultUse] = {}
    for row in session.scalars(stmt):
        assert row.cadre_id is not None
        first.setdefault(row.cadre_id, row)
    return first


def _campaign_counts(session: Session, firsts: dict[int, ResultUse]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    rows = session.execute(select(campaign_cadre.c.cadre_id, Campaign.start)
                           .join(Campaign, Campaign.id == campaign_cadre.c.campaign_id)
                           .where(campaign_cadre.c.cadre_id.in_(list(firsts)), Campaign.start.is_not(None)))
    for cadre_id, start in rows:
        if start <= firsts[cadre_id].date:
            out[cadre_id] += 1
    return out


def _entry_counts(session: Session, firsts: dict[int, ResultUse]) -> dict[int, int]:
    reversal = aliased(PointEntry)
    reversed_ids = select(reversal.reverses_id).where(reversal.reverses_id.is_not(None))
    rows = session.execute(select(PointEntry.cadre_id, PointEntry.date).where(
        PointEntry.cadre_id.in_(list(firsts)), PointEntry.source == FRONT_LINE_SOURCE,
        PointEntry.reverses_id.is_(None), PointEntry.id.not_in(reversed_ids)))
    out: dict[int, int] = defaultdict(int)
    for cadre_id, day in rows:
        if day <= firsts[cadre_id].date:
            out[cadre_id] += 1
    return out


def _talk_counts(session: Session, firsts: dict[int, ResultUse]) -> dict[int, int]:
    ids = list(firsts)
    about = defaultdict(set)
    for talk_id, cadre_id in session.execute(select(talk_cadre.c.talk_id, talk_cadre.c.cadre_id)
                                             .where(talk_cadre.c.cadre_id.in_(ids))):
        about[talk_id].add(cadre_id)
    stmt = select(Talk).where(Talk.campaign_id.is_not(None),
                              or_(Talk.interviewee_cadre_id.in_(ids), Talk.id.in_(list(about))))
    out: dict[int, int] = defaultdict(int)
    for talk in session.scalars(stmt):
        when = (talk.start_at or talk.created_at).astimezone().date()
        concerned = set(about.get(talk.id, set()))
        if talk.interviewee_cadre_id in firsts:
            concerned.add(talk.interviewee_cadre_id)
        for cadre_id in concerned:
            if when <= firsts[cadre_id].date:
                out[cadre_id] += 1
    return out


def promotion_share(session: Session, start: dt.date, end: dt.date) -> PromotionShare:
    if end < start:
        raise FrontlineError(f"截止日期 {end.isoformat()} 早于起始日期 {start.isoformat()}")
    firsts = _promoted(session, start, end)
    names = dict(session.execute(select(Cadre.id, Cadre.name).where(Cadre.id.in_(list(firsts)))).all())
    campaigns, entries, talks = (_campaign_counts(session, firsts), _entry_counts(session, firsts),
                                 _talk_counts(session, firsts))
    people = tuple(sorted((PromotedRow(cid, names.get(cid, ""), r.date, USE_KINDS[r.kind], r.title,
                                       campaigns.get(cid, 0), entries.get(cid, 0), talks.get(cid, 0))
                           for cid, r in firsts.items()), key=lambda p: (p.date, p.cadre_id)))
    return PromotionShare(start, end, people)
