"""What the home page (工作台) shows: today's unfinished work, one row per piece of work.

`today(ws)` gathers, each through the read its own screen uses and narrowed to the account's
scope (services/scopes.py: a scoped clerk sees only the campaigns it works on):

- the account's own unfinished talk records (drafts, "fieldwork.read");
- per campaign not yet closed: evaluation sheets not complete and ballot batches with fewer
  ballots entered than issued ("evaluation.read");
- active campaigns whose end date has passed, waiting to be closed ("campaign.read");
- per campaign: targets whose deadline has passed without a verified 完成 ("results.read");
- problems still 待反馈 more than PROBLEM_WAIT_DAYS after they were raised ("results.read");
- annual grading rounds in public notice (公示) whose last day is at most NOTICE_AHEAD_DAYS
  away or past: once it is over, a leader may sign the grades off ("grading.read").

A role that may not make one of these reads gets no rows of that kind rather than an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.errors import PermissionDenied
from desktop.models import (
    Ballot,
    BallotBatch,
    Campaign,
    GradeRound,
    NoticeObjection,
    Problem,
    Sheet,
    Target,
    Unit,
    Verification,
)
from desktop.models.grading import ROUND_NOTICE
from desktop.models.grading_rules import notice_end
from desktop.models.results import MET, PROBLEM_STATUSES
from desktop.services import scopes
from desktop.services.campaigns import fieldwork
from desktop.services.workspace import Workspace

DRAFT, SHEETS, BALLOTS, TO_CLOSE, OVERDUE, PROBLEMS, NOTICE = (
    "draft", "sheets", "ballots", "to_close", "overdue", "problems", "notice")
KIND_LABELS = {DRAFT: "谈话草稿", SHEETS: "测评表未填", BALLOTS: "测评票未录完", TO_CLOSE: "考核待结束",
               OVERDUE: "任务逾期", PROBLEMS: "问题待反馈", NOTICE: "公示期届满"}
# A problem raised this long ago and still 待反馈 is listed.
PROBLEM_WAIT_DAYS = 14
# A notice ending within this many days is listed (objections still open must be handled first).
NOTICE_AHEAD_DAYS = 3


@dataclass(frozen=True)
class WorkRow:
    """One piece of today's work. `campaign_id`, `draft_id`, `period` (year, quarter of a
    problem list) or `round_id` (a grading round) say what to open."""

    kind: str
    title: str
    count: int
    campaign_id: int | None = None
    draft_id: int | None = None
    period: tuple[int, int] | None = None
    round_id: int | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def key(self) -> tuple[str, int | None, int | None, tuple[int, int] | None, int | None]:
        """The same piece of work across reads (its count may have changed)."""
        return self.kind, self.campaign_id, self.draft_id, self.period, self.round_id


@dataclass(frozen=True)
class TodayWork:
    day: dt.date
    rows: tuple[WorkRow, ...]

    @property
    def empty(self) -> bool:
        return not self.rows


def today(ws: Workspace, day: dt.date | None = None) -> TodayWork:
    """Today's work for the acting account, the kinds in the order a clerk takes them."""
    day = day or dt.date.today()
    readers: list[tuple[str, Callable[[Session], list[WorkRow]]]] = [
        ("fieldwork.read", lambda s: _drafts(s, ws.actor.username)),
        ("evaluation.read", _sheets),
        ("evaluation.read", _ballots),
        ("campaign.read", lambda s: _to_close(s, day)),
        ("results.read", lambda s: _overdue(s, day)),
        ("results.read", lambda s: _problems(s, day)),
        ("grading.read", lambda s: notice_periods_ending(s, day)),
    ]
    rows: list[WorkRow] = []
    for action, read in readers:
        try:
            with ws.read(action) as s:
                rows += read(s)
        except PermissionDenied:
            continue  # a role that may not read this kind has no such work
    return TodayWork(day, tuple(rows))


def _visible(session: Session) -> ColumnElement[bool] | None:
    """The campaigns the session's account works on (None: all)."""
    actor = scopes.acting(session)
    return None if actor is None else scopes.campaign_clause(session, actor)


def _per_campaign(session: Session, counted: ColumnElement[int], campaign_column: InstrumentedAttribute[int | None],
                  *where: ColumnElement[bool], open_only: bool = True) -> list[tuple[int, str, int]]:
    """(campaign id, name, count) of the rows matching `where`, per visible campaign."""
    stmt = (select(Campaign.id, Campaign.name, counted).join(Campaign, Campaign.id == campaign_column)
            .where(*where).group_by(Campaign.id, Campaign.name).order_by(Campaign.created_at, Campaign.id))
    if open_only:
        stmt = stmt.where(Campaign.status != "closed")
    scope = _visible(session)
    if scope is not None:
        stmt = stmt.where(scope)
    return [(int(cid), str(name), int(n)) for cid, name, n in session.execute(stmt).all() if n]


def _drafts(session: Session, owner: str) -> list[WorkRow]:
    out = []
    for d in fieldwork.drafts(session, owner, "talk"):
        title, saved = d.title or "（未命名）", d.updated_at.astimezone()
        out.append(WorkRow(DRAFT, f"谈话记录草稿“{title}”未完成（{saved:%m-%d %H:%M} 保存）", 1, draft_id=d.id))
    return out


def _sheets(session: Session) -> list[WorkRow]:
    found = _per_campaign(session, func.count(Sheet.id), Sheet.campaign_id, Sheet.status != "complete")
    return [WorkRow(SHEETS, f"{name}：{n} 份测评表未填", n, campaign_id=cid) for cid, name, n in found]


def _ballots(session: Session) -> list[WorkRow]:
    entered = (select(Ballot.batch_id, func.count(Ballot.id).label("n")).group_by(Ballot.batch_id).subquery())
    missing = BallotBatch.issued - func.coalesce(entered.c.n, 0)
    stmt = (select(Campaign.id, Campaign.name, func.sum(missing), func.count(BallotBatch.id))
            .join(Campaign, Campaign.id == BallotBatch.campaign_id)
            .outerjoin(entered, entered.c.batch_id == BallotBatch.id)
            .where(Campaign.status != "closed", missing > 0)
            .group_by(Campaign.id, Campaign.name).order_by(Campaign.created_at, Campaign.id))
    scope = _visible(session)
    if scope is not None:
        stmt = stmt.where(scope)
    return [WorkRow(BALLOTS, f"{name}：{batches} 批测评票还有 {int(n)} 张未录入", int(n), campaign_id=int(cid))
            for cid, name, n, batches in session.execute(stmt).all()]


def _to_close(session: Session, day: dt.date) -> list[WorkRow]:
    stmt = (select(Campaign.id, Campaign.name, Campaign.end)
            .where(Campaign.status == "active", Campaign.end.is_not(None), Campaign.end < day)
            .order_by(Campaign.end, Campaign.id))
    scope = _visible(session)
    if scope is not None:
        stmt = stmt.where(scope)
    return [WorkRow(TO_CLOSE, f"{name}：已于 {end:%Y-%m-%d} 到期，待结束考核", 1, campaign_id=int(cid))
            for cid, name, end in session.execute(stmt).all()]


def _overdue(session: Session, day: dt.date) -> list[WorkRow]:
    unmet = Target.id.not_in(select(Verification.target_id).where(Verification.result == MET))
    found = _per_campaign(session, func.count(Target.id), Target.campaign_id,
                          Target.deadline.is_not(None), Target.deadline < day, unmet)
    return [WorkRow(OVERDUE, f"{name}：{n} 项任务已过期限未完成", n, campaign_id=cid) for cid, name, n in found]


def _problems(session: Session, day: dt.date) -> list[WorkRow]:
    """Per quarter's problem list (a problem need not belong to a campaign), as results.queries
    scopes it: a scoped account sees the problems of its campaigns."""
    since = dt.datetime.combine(day - dt.timedelta(days=PROBLEM_WAIT_DAYS), dt.time(), tzinfo=dt.UTC)
    stmt = (select(Problem.year, Problem.quarter, func.count(Problem.id))
            .where(Problem.status == PROBLEM_STATUSES[0], Problem.raised_at < since)
            .group_by(Problem.year, Problem.quarter).order_by(Problem.year, Problem.quarter))
    scope = scopes.session_scope(session)
    if scope is not None:
        stmt = stmt.where(Problem.campaign_id.in_(sorted(scope.campaigns)))
    return [WorkRow(PROBLEMS, f"{year}年第{quarter}季度问题清单：{n} 个问题提出超过 {PROBLEM_WAIT_DAYS} 天仍待反馈",
                    int(n), period=(int(year), int(quarter))) for year, quarter, n in session.execute(stmt).all()]


def notice_periods_ending(session: Session, day: dt.date) -> list[WorkRow]:
    """Grading rounds in notice ending within NOTICE_AHEAD_DAYS or already over; the count is
    the objections not yet handled (they must be, before the sign-off)."""
    from desktop.services.grading.rounds import calendar  # only where grading is read

    holidays, workdays = calendar(session)
    unhandled = (select(func.count(NoticeObjection.id))
                 .where(NoticeObjection.round_id == GradeRound.id, NoticeObjection.handling == "")
                 .scalar_subquery())
    stmt = (select(GradeRound.id, GradeRound.year, GradeRound.staff_type, GradeRound.notice_start,
                   GradeRound.notice_days, Unit.name, unhandled)
            .join(Unit, Unit.id == GradeRound.unit_id)
            .where(GradeRound.state == ROUND_NOTICE, GradeRound.notice_start.is_not(None))
            .order_by(GradeRound.notice_start, GradeRound.id))
    units = scopes.unit_ids(session)
    if units is not None:  # the rounds of the units the account works on
        stmt = stmt.where(GradeRound.unit_id.in_(sorted(units)))
    rows = []
    for rid, year, staff, start, days, unit, open_objections in session.execute(stmt).all():
        end = notice_end(start, days, holidays, workdays)
        if end > day + dt.timedelta(days=NOTICE_AHEAD_DAYS):
            continue
        when = f"{end.month}月{end.day}日"
        state = (f"已于{when}期满，可签批定等" if end < day else
                 f"{when}期满" + ("（今天）" if end == day else ""))
        objections = f"；{open_objections} 条异议待处理" if open_objections else ""
        rows.append(WorkRow(NOTICE, f"{year}年度 {unit} {staff}定等公示{state}{objections}", int(open_objections),
                            round_id=int(rid)))
    return rows
