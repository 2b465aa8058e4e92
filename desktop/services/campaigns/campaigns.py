"""Front-line assessment campaigns: plan, run, close (which freezes them), reopen.

Every record of a campaign (visits, talks, sheets, ballots, ledger entries) checks
`ensure_open` before it changes, so a closed campaign's results stay as they were reported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound
from desktop.models import (
    Ballot,
    BallotBatch,
    Cadre,
    Campaign,
    CampaignMember,
    PointEntry,
    Sheet,
    Talk,
    Visit,
    campaign_cadre,
    campaign_directive_item,
    campaign_unit,
    talk_cadre,
    visit_unit,
)
from desktop.models.base import utcnow
from desktop.models.campaigns import CAMPAIGN_KINDS, STATUS_LABELS, TEAM_ROLES, TOPIC_SOURCES
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services import scopes
from desktop.services.cadres import roster
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, refuse_if_stale
from desktop.services.workspace import Workspace


class CampaignFrozen(FrontlineError):
    pass


class CampaignUnfinished(FrontlineError):
    def __init__(self, unfinished: list[str]) -> None:
        self.unfinished = unfinished
        shown = "\n".join(f"· {u}" for u in unfinished[:20])
        more = f"\n……共 {len(unfinished)} 项" if len(unfinished) > 20 else ""
        super().__init__(f"还有 {len(unfinished)} 份测评表未完成，不能结束本次考核：\n{shown}{more}")


@dataclass
class CampaignInput:
    name: str
    kind: str
    topic_source: str = "工作台账"
    source_detail: str = ""
    follows: str = ""
    follows_unit_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    description: str = ""
    rater_weights: dict[str, int] = field(default_factory=dict)
    version: int | None = None  # the campaign's row version when it was opened (None: not checked)

    def problems(self) -> list[str]:
        out = []
        if not self.name.strip():
            out.append("考核主题：必填")
        if self.kind not in CAMPAIGN_KINDS:
            out.append(f"考核类型：应为{'、'.join(CAMPAIGN_KINDS)}之一")
        if self.topic_source not in TOPIC_SOURCES:
            out.append(f"选题来源：应为{'、'.join(TOPIC_SOURCES)}之一")
        if self.start and self.end and self.end < self.start:
            out.append(f"考核时间：结束日期 {self.end} 早于开始日期 {self.start}")
        for cat, w in self.rater_weights.items():
            if cat not in RATER_CATEGORIES or not 0 <= int(w) <= 100:
                out.append(f"测评权重：{cat} 的权重 {w} 无效")
        return out


def _check(data: CampaignInput) -> None:
    problems = data.problems()
    if problems:
        raise FrontlineError("；".join(problems))


def get(session: Session, campaign_id: int) -> Campaign:
    """The campaign with its team; refused when outside the scope of the session's account."""
    scopes.check_campaign(session, None, campaign_id)
    # The team comes with it: every caller shows or replaces it.
    campaign = session.get(Campaign, campaign_id, options=[selectinload(Campaign.members)])
    if campaign is None:
        raise NotFound("该考核不存在（可能已被删除）")
    return campaign


def ensure_open(session: Session, campaign_id: int | None) -> None:
    """Refuse changes to a closed campaign's records, and to a campaign outside the scope of
    the account the session works for (services/scopes.py)."""
    if campaign_id is None:
        return
    campaign = get(session, campaign_id)
    if campaign.status == "closed":
        raise CampaignFrozen(f"“{campaign.name}”已结束，记录已冻结。如需修改，请先重新开启该考核")


def _apply(campaign: Campaign, data: CampaignInput) -> None:
    for key in ("name", "kind", "topic_source", "source_detail", "follows", "follows_unit_id", "start", "end",
                "description"):
        value = getattr(data, key)
        setattr(campaign, key, value.strip() if isinstance(value, str) else value)
    campaign.rater_weights = {k: int(v) for k, v in data.rater_weights.items()} or None


def create(ws: Workspace, data: CampaignInput) -> int:
    _check(data)

    def op(ctx: OpContext) -> int:
        campaign = Campaign(status="draft")
        _apply(campaign, data)
        ctx.session.add(campaign)
        ctx.session.flush()
        return int(campaign.id)

    return ws.run("campaign.create", op).value


CAMPAIGN = RecordKind("一线考核", {
    "name": "考核主题", "kind": "考核类型", "topic_source": "选题来源", "source_detail": "选题依据",
    "follows": "跟进对象", "start": "开始日期", "end": "结束日期", "description": "考核说明",
    "rater_weights": "测评权重"}, together={"follows": ("follows_unit_id",)})


def load(s: Session, campaign_id: int) -> CampaignInput:
    c = get(s, campaign_id)
    return CampaignInput(c.name, c.kind, c.topic_source, c.source_detail, c.follows, c.follows_unit_id,
                         c.start, c.end, c.description, dict(c.rater_weights or {}), c.row_version)


def update(ws: Workspace, campaign_id: int, data: CampaignInput) -> None:
    _check(data)

    def op(ctx: OpContext) -> None:
        s = ctx.session
        ensure_open(s, campaign_id)
        campaign = get(s, campaign_id)
        refuse_if_stale(s, campaign, data, CAMPAIGN, lambda: load(s, campaign_id), campaign.name)
        _apply(campaign, data)

    ws.run("campaign.update", op)


def set_team(ws: Workspace, campaign_id: int, members: list[tuple[str, str, int | None]]) -> None:
    """The whole team at once: (name, role, account id or None) in display order."""
    for name, role, _acc in members:
        if not name.strip() or role not in TEAM_ROLES:
            raise FrontlineError(f"考核组成员“{name}”的姓名或角色（{role}）无效")

    def op(ctx: OpContext) -> None:
        ensure_open(ctx.session, campaign_id)
        campaign = get(ctx.session, campaign_id)
        campaign.members = [CampaignMember(name=n.strip(), role=r, account_id=a, seq=i)
                            for i, (n, r, a) in enumerate(members)]

    ws.run("campaign.team", op)


def _link(ws: Workspace, action: str, table: Table, campaign_id: int, column: str, ids: list[int],
          remove: bool = False) -> int:
    """Add or remove links (units, cadres, instruction items) in one audited operation."""

    def op(ctx: OpContext) -> int:
        ensure_open(ctx.session, campaign_id)
        key = table.c[column]
        mine = table.c.campaign_id == campaign_id
        existing = set(ctx.session.scalars(select(key).where(mine)))
        if remove:
            changed = [i for i in ids if i in existing]
            if changed:
                ctx.session.execute(delete(table).where(mine, key.in_(changed)))
        else:
            changed = [i for i in dict.fromkeys(ids) if i not in existing]
            if changed:
                ctx.session.execute(insert(table), [{"campaign_id": campaign_id, column: i} for i in changed])
        if changed:
            ctx.record("campaign", entity_id=campaign_id,
                       after={("removed_" if remove else "added_") + column + "s": changed})
        return len(changed)

    return ws.run(action, op).value


def add_units(ws: Workspace, campaign_id: int, unit_ids: list[int]) -> int:
    return _link(ws, "campaign.units", campaign_unit, campaign_id, "unit_id", unit_ids)


def remove_units(ws: Workspace, campaign_id: int, unit_ids: list[int]) -> int:
    return _link(ws, "campaign.units", campaign_unit, campaign_id, "unit_id", unit_ids, remove=True)


def add_cadres(ws: Workspace, campaign_id: int, cadre_ids: list[int]) -> int:
    return _link(ws, "campaign.cadres", campaign_cadre, campaign_id, "cadre_id", cadre_ids)


def remove_cadres(ws: Workspace, campaign_id: int, cadre_ids: list[int]) -> int:
    return _link(ws, "campaign.cadres", campaign_cadre, campaign_id, "cadre_id", cadre_ids, remove=True)


def add_cadres_matching(ws: Workspace, campaign_id: int, flt: RosterFilter) -> int:
    """Bulk add: everyone in a unit, of a rank, or matching a saved roster filter."""
    with ws.read("campaign.read") as s:
        ids = roster.matching_ids(s, flt)
    return add_cadres(ws, campaign_id, ids)


def link_items(ws: Workspace, campaign_id: int, item_ids: list[int]) -> int:
    return _link(ws, "campaign.directives", campaign_directive_item, campaign_id, "item_id", item_ids)


def unlink_items(ws: Workspace, campaign_id: int, item_ids: list[int]) -> int:
    return _link(ws, "campaign.directives", campaign_directive_item, campaign_id, "item_id", item_ids,
                 remove=True)


def unfinished_sheets(session: Session, campaign_id: int) -> list[str]:
    # By person, then raters in the official order (上级, 同级, 下级 …), not alphabetically.
    order = {c: i for i, c in enumerate(RATER_CATEGORIES)}
    rows = sorted(session.execute(
        select(Cadre.name_pinyin, Cadre.name, Sheet.rater_category, Sheet.rater_name)
        .join(Cadre, Cadre.id == Sheet.cadre_id)
        .where(Sheet.campaign_id == campaign_id, Sheet.status != "complete")).all(),
        key=lambda r: (r[0], r[1], order.get(r[2], len(order)), r[3]))
    return [f"{name}：{cat}{('（' + rater + '）') if rater else ''}" for _p, name, cat, rater in rows]


def activate(ws: Workspace, campaign_id: int) -> None:
    def op(ctx: OpContext) -> None:
        campaign = get(ctx.session, campaign_id)
        if campaign.status != "draft":
            raise FrontlineError(f"“{campaign.name}”当前为{campaign.status_label}，只有筹备中的考核可以开始")
        campaign.status = "active"
        if campaign.start is None:  # started today, unless planned with a date
            campaign.start = dt.date.today()

    ws.run("campaign.activate", op)


def close(ws: Workspace, campaign_id: int) -> None:
    """Close, refusing while any sheet is unfinished (they are listed)."""

    def op(ctx: OpContext) -> None:
        campaign = get(ctx.session, campaign_id)
        if campaign.status == "closed":
            raise FrontlineError(f"“{campaign.name}”已经结束")
        unfinished = unfinished_sheets(ctx.session, campaign_id)
        if unfinished:
            raise CampaignUnfinished(unfinished)
        campaign.status = "closed"
        campaign.closed_at = utcnow()
        if campaign.end is None:  # a closed campaign has ended: reports and lists show when
            campaign.end = max(dt.date.today(), campaign.start or dt.date.today())

    ws.run("campaign.close", op)


def reopen(ws: Workspace, campaign_id: int, reason: str) -> None:
    """Reopening a closed campaign is a deliberate, logged act with a reason."""
    if not reason.strip():
        raise FrontlineError("重新开启考核须说明理由")

    def op(ctx: OpContext) -> None:
        campaign = get(ctx.session, campaign_id)
        if campaign.status != "closed":
            raise FrontlineError(f"“{campaign.name}”没有结束，无需重新开启")
        campaign.status = "active"
        campaign.closed_at = None
        ctx.record("campaign", entity_id=campaign_id, after={"reopened_because": reason.strip()})

    ws.run("campaign.reopen", op)


def delete_campaign(ws: Workspace, campaign_id: int) -> None:
    """Only a campaign in preparation, with no records yet, can be deleted."""

    def op(ctx: OpContext) -> None:
        campaign = get(ctx.session, campaign_id)
        p = progress(ctx.session, campaign_id)
        if campaign.status != "draft" or p.visits or p.talks or p.sheets_total or p.ledger_entries or p.ballots:
            raise FrontlineError("只有尚无任何记录的筹备中考核可以删除")
        ctx.session.delete(campaign)

    ws.run("campaign.delete", op)


# --- reading ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    kind: str
    status: str
    start: dt.date | None
    end: dt.date | None
    follows: str
    cadres: int
    units: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def period(self) -> str:
        return f"{self.start or ''} 至 {self.end or ''}" if self.start or self.end else ""


def _in_year(year: int) -> Any:
    # A campaign belongs to the year it started (or was created in, while undated).
    when = func.coalesce(Campaign.start, Campaign.created_at)
    return (when >= dt.date(year, 1, 1)) & (when < dt.date(year + 1, 1, 1))


def years(session: Session) -> list[int]:
    """The years campaigns started in, newest first (for the year filter)."""
    found = {(start or created).year for start, created in session.execute(select(Campaign.start, Campaign.created_at))}
    return sorted(found, reverse=True)


def listing(session: Session, status: str | None = None, kind: str | None = None,
            year: int | None = None) -> list[CampaignRow]:
    """The campaigns (those in the scope of the account the session works for)."""
    cadres = (select(func.count()).select_from(campaign_cadre)
              .where(campaign_cadre.c.campaign_id == Campaign.id).scalar_subquery())
    units = (select(func.count()).select_from(campaign_unit)
             .where(campaign_unit.c.campaign_id == Campaign.id).scalar_subquery())
    stmt = select(Campaign.id, Campaign.name, Campaign.kind, Campaign.status, Campaign.start, Campaign.end,
                  Campaign.follows, cadres, units).order_by(Campaign.start.desc(), Campaign.id.desc())
    if status:
        stmt = stmt.where(Campaign.status == status)
    if kind:
        stmt = stmt.where(Campaign.kind == kind)
    if year is not None:
        stmt = stmt.where(_in_year(year))
    return [CampaignRow(*row) for row in session.execute(_scoped(session, stmt))]


def _scoped(session: Session, stmt: Any) -> Any:
    """`stmt` over campaigns, narrowed to the scope of the account the session works for."""
    actor = scopes.acting(session)
    scope = scopes.campaign_clause(session, actor) if actor is not None else None
    return stmt if scope is None else stmt.where(scope)


def assessed_ids(session: Session, campaign_id: int) -> list[int]:
    return list(session.scalars(select(campaign_cadre.c.cadre_id).where(campaign_cadre.c.campaign_id == campaign_id)))


def unit_ids(session: Session, campaign_id: int) -> list[int]:
    return list(session.scalars(select(campaign_unit.c.unit_id).where(campaign_unit.c.campaign_id == campaign_id)))


@dataclass
class Progress:
    cadres: int = 0
    talked_to: int = 0  # assessed cadres who were interviewed or talked about
    talks: int = 0
    visits: int = 0
    unit_visits: int = 0
    unannounced_visits: int = 0
    sheets_total: int = 0
    sheets_complete: Counter[str] = field(default_factory=Counter)  # by rater category
    sheets_missing: Counter[str] = field(default_factory=Counter)
    ballots: int = 0
    ballots_issued: int = 0
    ledger_entries: int = 0


def progress(session: Session, campaign_id: int) -> Progress:
    p = Progress()
    assessed = set(assessed_ids(session, campaign_id))
    p.cadres = len(assessed)
    talk_ids = list(session.scalars(select(Talk.id).where(Talk.campaign_id == campaign_id)))
    p.talks = len(talk_ids)
    talked = set(session.scalars(select(Talk.interviewee_cadre_id).where(Talk.campaign_id == campaign_id)))
    talked |= set(session.scalars(select(talk_cadre.c.cadre_id).where(talk_cadre.c.talk_id.in_(talk_ids))))
    p.talked_to = len(talked & assessed)
    visits = session.execute(select(Visit.id, Visit.unannounced).where(Visit.campaign_id == campaign_id)).all()
    p.visits = len(visits)
    p.unannounced_visits = sum(1 for _v, u in visits if u)
    p.unit_visits = int(session.scalar(select(func.count()).select_from(visit_unit).where(
        visit_unit.c.visit_id.in_([v for v, _u in visits]))) or 0)
    for cat, status, n in session.execute(select(Sheet.rater_category, Sheet.status, func.count())
                                          .where(Sheet.campaign_id == campaign_id)
                                          .group_by(Sheet.rater_category, Sheet.status)):
        p.sheets_total += n
        (p.sheets_complete if status == "complete" else p.sheets_missing)[cat] += n
    p.ballots = int(session.scalar(select(func.count()).select_from(Ballot).join(BallotBatch)
                                   .where(BallotBatch.campaign_id == campaign_id)) or 0)
    p.ballots_issued = int(session.scalar(select(func.coalesce(func.sum(BallotBatch.issued), 0))
                                          .where(BallotBatch.campaign_id == campaign_id)) or 0)
    p.ledger_entries = int(session.scalar(select(func.count()).select_from(PointEntry)
                                          .where(PointEntry.campaign_id == campaign_id)) or 0)
    return p


@dataclass
class Totals:
    """Department-wide figures, as the organization department reports them (a scoped account's:
    those of its campaigns)."""

    batches: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    unit_visits: int = 0
    visits: int = 0
    person_times: int = 0  # assessed cadres summed over campaigns
    talks: int = 0
    ledger_entries: int = 0


def totals(session: Session, year: int | None = None) -> Totals:
    t = Totals()
    stmt = select(Campaign.id, Campaign.kind, Campaign.status)
    if year is not None:
        stmt = stmt.where(_in_year(year))
    rows = session.execute(_scoped(session, stmt)).all()  # a scoped account: its campaigns' figures
    ids = [r[0] for r in rows]
    t.batches = len(rows)
    t.by_kind = Counter(r[1] for r in rows)
    t.by_status = Counter(STATUS_LABELS.get(r[2], r[2]) for r in rows)
    t.person_times = int(session.scalar(select(func.count()).select_from(campaign_cadre)
                                        .where(campaign_cadre.c.campaign_id.in_(ids))) or 0)
    visit_ids = list(session.scalars(select(Visit.id).where(Visit.campaign_id.in_(ids))))
    t.visits = len(visit_ids)
    t.unit_visits = int(session.scalar(select(func.count()).select_from(visit_unit)
                                       .where(visit_unit.c.visit_id.in_(visit_ids))) or 0)
    t.talks = int(session.scalar(select(func.count()).select_from(Talk).where(Talk.campaign_id.in_(ids))) or 0)
    t.ledger_entries = int(session.scalar(select(func.count()).select_from(PointEntry)
                                          .where(PointEntry.campaign_id.in_(ids))) or 0)
    return t


@dataclass(frozen=True)
class AssessedRow:
    id: int
    name: str
    unit: str
    post: str
    talked: bool
    sheets_done: int
    sheets_total: int
    points: int  # net ledger points recorded in this campaign

    @property
    def sheets(self) -> str:
        return f"{self.sheets_done}/{self.sheets_total}" if self.sheets_total else "—"

    @property
    def talked_text(self) -> str:
        return "已谈话" if self.talked else ""


def assessed_rows(session: Session, campaign_id: int) -> list[AssessedRow]:
    """The assessed cadres with what the campaign has on each (fixed number of queries)."""
    ids = assessed_ids(session, campaign_id)
    rows = roster.rows_for(session, sorted(ids))
    talk_ids = list(session.scalars(select(Talk.id).where(Talk.campaign_id == campaign_id)))
    talked = set(session.scalars(select(Talk.interviewee_cadre_id).where(Talk.campaign_id == campaign_id)))
    talked |= set(session.scalars(select(talk_cadre.c.cadre_id).where(talk_cadre.c.talk_id.in_(talk_ids))))
    done: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for cid, status, n in session.execute(select(Sheet.cadre_id, Sheet.status, func.count())
                                          .where(Sheet.campaign_id == campaign_id)
                                          .group_by(Sheet.cadre_id, Sheet.status)):
        total[cid] += n
        if status == "complete":
            done[cid] += n
    points = dict(session.execute(select(PointEntry.cadre_id, func.sum(PointEntry.points))
                                  .where(PointEntry.campaign_id == campaign_id).group_by(PointEntry.cadre_id)).all())
    return [AssessedRow(r.id, r.name, r.unit, r.post, r.id in talked, done[r.id], total[r.id],
                        int(points.get(r.id, 0) or 0)) for r in rows]


@dataclass(frozen=True)
class EntryRow:
    id: int
    date: dt.date
    cadre_id: int
    cadre: str
    dimension: str
    points: int
    source: str
    fact: str
    reverses_id: int | None

    @property
    def signed(self) -> str:
        return f"{self.points:+d}" + ("（冲正）" if self.reverses_id else "")


def ledger_entries(session: Session, campaign_id: int) -> list[EntryRow]:
    rows = session.execute(select(PointEntry.id, PointEntry.date, PointEntry.cadre_id, Cadre.name,
                                  PointEntry.dimension, PointEntry.points, PointEntry.source, PointEntry.fact,
                                  PointEntry.reverses_id)
                           .join(Cadre, Cadre.id == PointEntry.cadre_id)
                           .where(PointEntry.campaign_id == campaign_id).order_by(PointEntry.date, PointEntry.id))
    return [EntryRow(*r) for r in rows]
