"""The political-performance ledger (积分): recording entries with facts, reversing them,
and reading a cadre's running score and timeline."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop import paths, safe_read
from desktop.errors import FrontlineError, NotFound, PermissionDenied
from desktop.models import Account, Cadre, Campaign, PointEntry, PointEvidence, PointRule, Talk, Visit
from desktop.models.ledger import DIMENSIONS, SOURCES
from desktop.services import scopes, traces
from desktop.services.cadres.cadre_files import ensure_room
from desktop.services.campaigns.campaigns import ensure_open
from desktop.services.file_names import safe_name, unique_in
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, refuse_if_stale, text
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
# Without a rule the clerk types the points; a typo of 500 would swamp every total.
MAX_FREE_POINTS = 100


def seed_rules(session: Session) -> None:
    """The shipped point rules (resources/ledger_rules.json), into a database that has none."""
    if session.scalar(select(func.count()).select_from(PointRule)):
        return
    doc = json.loads((paths.resources_dir() / "ledger_rules.json").read_text("utf-8"))
    for r in doc:
        session.add(PointRule(dimension=r["dimension"], behaviour=r["behaviour"], positive=r["positive"],
                              points=r["points"], min_points=r["min"], max_points=r["max"]))


def rules(session: Session, include_inactive: bool = False) -> list[PointRule]:
    stmt = select(PointRule).order_by(PointRule.dimension, PointRule.positive.desc(), PointRule.id)
    if not include_inactive:
        stmt = stmt.where(PointRule.active.is_(True))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class RuleInput:
    """A point rule as its dialog shows it, at the row version it was opened at."""

    dimension: str
    behaviour: str
    positive: bool
    points: int
    low: int
    high: int
    active: bool = True
    version: int | None = None


RULE = RecordKind("积分规则", {"dimension": "维度", "positive": "加分/扣分", "behaviour": "行为类型",
                               "points": "默认分值", "low": "最低", "high": "最高", "active": "启用"})


def _rule_shown(key: str, value: Any) -> str:
    return ("加分" if value else "扣分") if key == "positive" else text(value)


def save_rule(ws: Workspace, dimension: str, behaviour: str, positive: bool, points: int, low: int, high: int,
              rule_id: int | None = None, active: bool = True, *, version: int | None = None) -> int:
    """Create or change a point rule; `version`: the rule's row version when its dialog opened
    (StaleRecord when another clerk changed it since); None: not checked."""
    if dimension not in DIMENSIONS:
        raise FrontlineError(f"维度应为{'、'.join(DIMENSIONS)}之一")
    if not behaviour.strip():
        raise FrontlineError("行为类型：必填")
    if not 0 < low <= points <= high:
        raise FrontlineError(f"分值 {points} 应在范围 {low}—{high} 之内，且都大于 0")

    def op(ctx: OpContext) -> int:
        rule = ctx.session.get(PointRule, rule_id) if rule_id else None
        if rule_id and rule is None:
            raise NotFound("该积分规则不存在")
        if rule is None:
            rule = PointRule(dimension=dimension, behaviour="", positive=positive, points=points,
                             min_points=low, max_points=high)
            ctx.session.add(rule)
        else:
            found = rule
            mine = RuleInput(dimension, behaviour.strip(), positive, points, low, high, active, version)
            refuse_if_stale(ctx.session, rule, mine, RULE, lambda: RuleInput(
                found.dimension, found.behaviour, found.positive, found.points, found.min_points, found.max_points,
                found.active, found.row_version), rule.behaviour, _rule_shown)
        rule.dimension, rule.behaviour, rule.positive = dimension, behaviour.strip(), positive
        rule.points, rule.min_points, rule.max_points, rule.active = points, low, high, active
        ctx.session.flush()
        return int(rule.id)

    return ws.run("ledger.rule", op).value


@dataclass
class EntryInput:
    cadre_id: int
    date: dt.date
    dimension: str
    positive: bool
    points: int  # magnitude; the sign comes from `positive`
    source: str
    fact: str
    rule_id: int | None = None
    behaviour: str = ""
    campaign_id: int | None = None
    talk_id: int | None = None
    visit_id: int | None = None
    evidence: list[Path] = field(default_factory=list)


def _refuse_self(ws: Workspace, session: Session, cadre_id: int) -> None:
    # Read the link inside the transaction, not from the login: an account linked to its
    # cadre a minute ago is refused at once.
    scopes.check_cadre(session, ws.actor, cadre_id)  # and only for cadres within the account's scope
    own = ws.actor.cadre_id
    if ws.actor.account_id is not None:
        own = session.scalar(select(Account.cadre_id).where(Account.id == ws.actor.account_id))
    if own is not None and own == cadre_id:
        raise PermissionDenied("不能为与本人账户关联的干部记录积分")


def _campaign_of_links(session: Session, data: EntryInput) -> int | None:
    """The campaign the entry belongs to: the one chosen, or the one its talk or visit came
    from (so a closed campaign's freeze cannot be bypassed by leaving the choice empty)."""
    campaign_id = data.campaign_id
    linked: list[tuple[Talk | Visit | None, str]] = []
    if data.talk_id is not None:
        linked.append((session.get(Talk, data.talk_id), "谈话"))
    if data.visit_id is not None:
        linked.append((session.get(Visit, data.visit_id), "走访"))
    for record, what in linked:
        if record is None:
            raise NotFound("关联的谈话或走访记录不存在")
        if record.campaign_id is None:
            continue
        if campaign_id is None:
            campaign_id = record.campaign_id
        elif record.campaign_id != campaign_id:
            raise FrontlineError(f"关联的{what}记录属于另一次考核，与所选考核不一致")
    return campaign_id


def add(ws: Workspace, data: EntryInput) -> int:
    """Record an entry. Refused without a fact, outside the rule's range, about oneself,
    or in a closed campaign."""
    problems = []
    if not data.fact.strip():
        problems.append("具体事实：必填。每一条积分都要有具体事例支撑")
    if data.dimension not in DIMENSIONS:
        problems.append(f"维度：应为{'、'.join(DIMENSIONS)}之一")
    if data.source not in SOURCES:
        problems.append(f"来源：应为{'、'.join(SOURCES)}之一")
    if data.points <= 0:
        problems.append("分值：应大于 0（加分或扣分由“加分/扣分”决定）")
    elif data.rule_id is None and data.points > MAX_FREE_POINTS:
        problems.append(f"分值：不按规则记录时不超过 {MAX_FREE_POINTS} 分")
    if data.date > dt.date.today():
        problems.append(f"日期：{data.date} 晚于今天")
    if problems:
        raise FrontlineError("；".join(problems))
    files = []
    for path in data.evidence:
        if safe_read.check_regular(path, f"佐证材料 {path.name}").st_size > MAX_EVIDENCE_BYTES:
            raise FrontlineError(f"佐证材料 {path.name} 超过 50 MB")
        files.append((path.name, safe_read.read_limited(path, MAX_EVIDENCE_BYTES, f"佐证材料 {path.name}")))

    def op(ctx: OpContext) -> int:
        s = ctx.session
        if s.get(Cadre, data.cadre_id) is None:
            raise NotFound("干部档案不存在（可能已被删除）")
        _refuse_self(ws, s, data.cadre_id)
        ensure_room(s, PointEntry, data.cadre_id)
        campaign_id = _campaign_of_links(s, data)
        ensure_open(s, campaign_id)
        behaviour = data.behaviour.strip()
        if data.rule_id is not None:
            rule = s.get(PointRule, data.rule_id)
            if rule is None:
                raise NotFound("所选积分规则不存在")
            if not rule.min_points <= data.points <= rule.max_points:
                raise FrontlineError(f"“{rule.behaviour}”的分值应在 {rule.min_points}—{rule.max_points} 之间")
            if rule.positive != data.positive or rule.dimension != data.dimension:
                raise FrontlineError(f"所选规则为{rule.dimension}{'加分' if rule.positive else '扣分'}，与所填不一致")
            behaviour = behaviour or rule.behaviour
        entry = PointEntry(cadre_id=data.cadre_id, date=data.date, dimension=data.dimension,
                           points=data.points if data.positive else -data.points, rule_id=data.rule_id,
                           behaviour=behaviour, source=data.source, fact=data.fact.strip(),
                           campaign_id=campaign_id, talk_id=data.talk_id, visit_id=data.visit_id,
                           author=ws.actor.username)
        s.add(entry)
        s.flush()
        for name, content in files:
            s.add(PointEvidence(entry_id=entry.id, filename=name, size=len(content), content=content,
                                mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
                                sha256=hashlib.sha256(content).hexdigest()))
        return int(entry.id)

    return ws.run("ledger.add", op).value


def reverse(ws: Workspace, entry_id: int, reason: str) -> int:
    """Correct an entry by a new one that cancels it and says why; the original stays."""
    if not reason.strip():
        raise FrontlineError("冲正理由：必填")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        original = s.get(PointEntry, entry_id)
        if original is None:
            raise NotFound("该积分记录不存在")
        if original.reverses_id is not None:
            raise FrontlineError("冲正记录本身不能再冲正；如需恢复，请重新记录一条")
        if s.scalar(select(PointEntry.id).where(PointEntry.reverses_id == entry_id)):
            raise FrontlineError("该记录已被冲正过")
        _refuse_self(ws, s, original.cadre_id)
        ensure_open(s, original.campaign_id)
        entry = PointEntry(cadre_id=original.cadre_id, date=dt.date.today(), dimension=original.dimension,
                           points=-original.points, rule_id=original.rule_id, behaviour=original.behaviour,
                           source=original.source, fact=f"冲正第 {original.id} 号记录：{original.fact}",
                           campaign_id=original.campaign_id, reverses_id=original.id, reason=reason.strip(),
                           author=ws.actor.username)
        s.add(entry)
        s.flush()
        return int(entry.id)

    return ws.run("ledger.reverse", op).value


@dataclass(frozen=True)
class TimelineRow:
    id: int
    date: dt.date
    dimension: str
    points: int
    running: int
    source: str
    behaviour: str
    fact: str
    author: str
    reverses_id: int | None
    reversed_by: int | None
    reason: str
    evidence: int
    link: str = ""  # where the fact came from: the campaign, and the talk or visit

    @property
    def kind(self) -> str:
        if self.reverses_id is not None:
            return "冲正"
        return "加分" if self.points > 0 else "扣分"


@dataclass(frozen=True)
class CadreLedger:
    cadre_id: int
    by_dimension: dict[str, int]
    total: int
    timeline: list[TimelineRow]  # oldest first, with the running total


def cadre_ledger(session: Session, cadre_id: int, sources: list[str] | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> CadreLedger:
    # A reversal counts in the period of the entry it cancels: a January entry reversed in
    # November leaves January's total as if it had never been, and November's untouched.
    scopes.check_cadre(session, None, cadre_id)  # within the scope of the session's account
    original = aliased(PointEntry)
    counts_on = func.coalesce(original.date, PointEntry.date)
    stmt = (select(PointEntry).outerjoin(original, PointEntry.reverses_id == original.id)
            .where(PointEntry.cadre_id == cadre_id).order_by(PointEntry.date, PointEntry.id))
    if sources:
        stmt = stmt.where(PointEntry.source.in_(sources))
    if start is not None:
        stmt = stmt.where(counts_on >= start)
    if end is not None:
        stmt = stmt.where(counts_on <= end)
    entries = list(session.scalars(stmt))
    ids = [e.id for e in entries]
    reversed_by = dict(session.execute(select(PointEntry.reverses_id, PointEntry.id)
                                       .where(PointEntry.reverses_id.in_(ids))).all())
    evidence = dict(session.execute(select(PointEvidence.entry_id, func.count())
                                    .where(PointEvidence.entry_id.in_(ids)).group_by(PointEvidence.entry_id)).all())
    links = _link_texts(session, entries)
    by_dimension: dict[str, int] = defaultdict(int, {d: 0 for d in DIMENSIONS})
    running = 0
    timeline = []
    for e in entries:
        running += e.points
        by_dimension[e.dimension] += e.points
        timeline.append(TimelineRow(e.id, e.date, e.dimension, e.points, running, e.source, e.behaviour, e.fact,
                                    e.author, e.reverses_id, reversed_by.get(e.id), e.reason,
                                    int(evidence.get(e.id, 0)), links.get(e.id, "")))
    return CadreLedger(cadre_id, dict(by_dimension), running, timeline)


def _link_texts(session: Session, entries: list[PointEntry]) -> dict[int, str]:
    """Each entry's origin in words: "东部新城考核 · 谈话 2026-03-01 张三"."""
    campaign_ids = {e.campaign_id for e in entries if e.campaign_id}
    talk_ids = {e.talk_id for e in entries if e.talk_id}
    visit_ids = {e.visit_id for e in entries if e.visit_id}
    names = dict(session.execute(select(Campaign.id, Campaign.name).where(Campaign.id.in_(campaign_ids))).all())
    talks = {i: f"谈话 {when.astimezone():%Y-%m-%d} {who}" if when else f"谈话 {who}" for i, when, who in
             session.execute(select(Talk.id, Talk.start_at, Talk.interviewee_name).where(Talk.id.in_(talk_ids)))}
    visits = {i: f"走访 {day} {place}" for i, day, place in
              session.execute(select(Visit.id, Visit.date, Visit.place).where(Visit.id.in_(visit_ids)))}
    out = {}
    for e in entries:
        parts = [names.get(e.campaign_id, "") if e.campaign_id else "",
                 talks.get(e.talk_id, "") if e.talk_id else "", visits.get(e.visit_id, "") if e.visit_id else ""]
        out[e.id] = " · ".join(p for p in parts if p)
    return out


EXPORT_EVIDENCE = "export.evidence"


def save_evidence(ws: Workspace, entry_id: int, folder: Path | str) -> list[Path]:
    """Write an entry's evidence files into `folder` under safe, unused names; leaves a trace.

    The read is named for the export it serves, the action of its audit entry
    (traces.record runs "export.<kind>"): a role refused that export is refused here, before
    any file is written, rather than after, when the trace would remove them again. A file
    name comes from the database and may have arrived in a field-laptop package, so only its
    last component, made safe (file_names.safe_name), is used inside `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FrontlineError(f"文件夹 {folder} 不存在")
    with ws.read(EXPORT_EVIDENCE) as s:
        files = [(e.filename, e.content) for e in evidence(s, entry_id)]
        cadre_id = s.scalar(select(PointEntry.cadre_id).where(PointEntry.id == entry_id))
        scopes.check_cadre(s, ws.actor, cadre_id)
    written: list[Path] = []
    taken: set[str] = set()
    try:
        for name, content in files:
            target = unique_in(folder, safe_name(name, "佐证材料"), taken)
            taken.add(target.name)
            write_atomic(target, content, 0o600)
            written.append(target)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        raise
    if written:
        traces.record(ws, "evidence", written, cadre_id=cadre_id, detail={"entry": entry_id})
    return written


def evidence(session: Session, entry_id: int) -> list[PointEvidence]:
    return list(session.scalars(select(PointEvidence).where(PointEvidence.entry_id == entry_id)))
