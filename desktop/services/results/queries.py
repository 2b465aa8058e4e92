"""What the window and the command line may read about work results: the task list of a
campaign, cadre or unit, a quarter's problem list, the implementation list and the
completion rates.

Each function passes the permission hook by opening its session with `ws.read("results.read")`
and returns frozen rows or plain values, never ORM objects. Evidence files are listed (name,
size, SHA-256); one file's bytes are read only for the window's preview (evidence_content),
which keeps them in memory. A copy on disk is an export: evidence.save_copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.models import Cadre, Campaign, Problem, Talk, Target, Unit, Verification, VerificationEvidence, Visit
from desktop.models.results import MET, RESULT_LABELS
from desktop.services import scopes
from desktop.services.results import completion as completion_rates
from desktop.services.results.completion import CompletionReport, names_of
from desktop.services.units.labels import short_labels
from desktop.services.workspace import Workspace

READ = "results.read"


@dataclass(frozen=True)
class TargetRow:
    """One task-list line with its verified result (None until verified)."""

    id: int
    seq: int
    campaign_id: int | None
    campaign: str
    cadre_id: int | None
    cadre: str
    unit_id: int | None
    unit: str
    duty: str
    indicator: str
    target_value: float | None
    measure: str
    lower_is_better: bool
    deadline: dt.date | None
    hard: bool
    source_department: str
    post_duty: str
    result: str | None
    achieved_value: float | None
    overdue: bool  # deadline passed, not verified as met
    version: int | None = None  # the line's row version as read (an edit of it is checked against it)

    @property
    def subject(self) -> str:
        """Whose line it is: the cadre's or the unit's name."""
        return self.cadre or self.unit

    @property
    def result_label(self) -> str:
        return RESULT_LABELS.get(self.result, self.result) if self.result else "未检验"

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["deadline"] = self.deadline.isoformat() if self.deadline else None
        del out["version"]  # the window's business, not the command line's
        return out


def _require(session: Session, campaign_id: int | None, cadre_id: int | None, unit_id: int | None) -> None:
    for model, key, what in ((Campaign, campaign_id, "考核活动"), (Cadre, cadre_id, "干部"), (Unit, unit_id, "单位")):
        if key is not None and session.get(model, key) is None:
            raise NotFound(f"{what} {key} 不存在")
    scopes.check_campaign(session, None, campaign_id)
    scopes.check_cadre(session, None, cadre_id)


def _in_scope(session: Session, column: Any) -> Any:
    """A scoped account's lists: the rows of its campaigns (None: no condition)."""
    scope = scopes.session_scope(session)
    return None if scope is None else column.in_(sorted(scope.campaigns))


def _target_rows(session: Session, stmt: Select[Target, str, float | None],
                 today: dt.date) -> list[TargetRow]:
    found = list(session.execute(stmt))
    campaigns = names_of(session, Campaign, {t.campaign_id for t, _r, _v in found if t.campaign_id})
    cadres = names_of(session, Cadre, {t.cadre_id for t, _r, _v in found if t.cadre_id})
    units = short_labels(session, {t.unit_id for t, _r, _v in found if t.unit_id})
    return [TargetRow(t.id, t.seq, t.campaign_id, campaigns.get(t.campaign_id or 0, ""), t.cadre_id,
                      cadres.get(t.cadre_id or 0, ""), t.unit_id, units.get(t.unit_id or 0, ""), t.duty, t.indicator,
                      t.target_value, t.measure, t.lower_is_better, t.deadline, t.hard, t.source_department,
                      t.post_duty, result, achieved,
                      result != MET and t.deadline is not None and t.deadline < today, t.row_version)
            for t, result, achieved in found]


def targets(ws: Workspace, *, campaign_id: int | None = None, cadre_id: int | None = None,
            unit_id: int | None = None, today: dt.date | None = None) -> list[TargetRow]:
    """The task list, filtered by campaign, cadre and unit (all when None), in list order."""
    stmt = (select(Target, Verification.result, Verification.achieved_value)
            .outerjoin(Verification, Verification.target_id == Target.id)
            .order_by(Target.campaign_id, Target.seq, Target.id))
    if campaign_id is not None:
        stmt = stmt.where(Target.campaign_id == campaign_id)
    if cadre_id is not None:
        stmt = stmt.where(Target.cadre_id == cadre_id)
    if unit_id is not None:
        stmt = stmt.where(Target.unit_id == unit_id)
    with ws.read(READ) as s:
        _require(s, campaign_id, cadre_id, unit_id)
        scoped = _in_scope(s, Target.campaign_id)
        return _target_rows(s, stmt if scoped is None else stmt.where(scoped), today or dt.date.today())


def target(ws: Workspace, target_id: int, today: dt.date | None = None) -> TargetRow:
    stmt = (select(Target, Verification.result, Verification.achieved_value)
            .outerjoin(Verification, Verification.target_id == Target.id).where(Target.id == target_id))
    with ws.read(READ) as s:
        rows = _target_rows(s, stmt, today or dt.date.today())
    if not rows:
        raise NotFound(f"任务清单第 {target_id} 号不存在")
    return rows[0]


@dataclass(frozen=True)
class ProblemRow:
    id: int
    year: int
    quarter: int
    problem: str
    bottleneck: str
    severity: str
    fed_back_to: str
    fed_back_on: dt.date | None
    follow_up: str
    status: str
    campaign_id: int | None
    campaign: str
    cadre_id: int | None
    cadre: str
    unit_id: int | None
    unit: str
    target_id: int | None
    visit_id: int | None
    talk_id: int | None
    origin: str  # "走访 2026-03-01 东部新城" or "谈话 2026-03-02 张三", "" when typed in
    version: int | None = None  # the line's row version as read (an edit of it is checked against it)

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["fed_back_on"] = self.fed_back_on.isoformat() if self.fed_back_on else None
        del out["version"]  # the window's business, not the command line's
        return out


def _origins(session: Session, rows: list[Problem]) -> dict[int, str]:
    visit_ids = {p.visit_id for p in rows if p.visit_id}
    talk_ids = {p.talk_id for p in rows if p.talk_id}
    visits = {i: f"走访 {day} {place}".rstrip() for i, day, place in
              session.execute(select(Visit.id, Visit.date, Visit.place).where(Visit.id.in_(visit_ids)))}
    talks = {i: f"谈话 {when.astimezone():%Y-%m-%d} {who}" if when else f"谈话 {who}" for i, when, who in
             session.execute(select(Talk.id, Talk.start_at, Talk.interviewee_name).where(Talk.id.in_(talk_ids)))}
    return {p.id: visits.get(p.visit_id, "") if p.visit_id else talks.get(p.talk_id or 0, "") for p in rows}


def problems(ws: Workspace, year: int | None = None, quarter: int | None = None, *,
             campaign_id: int | None = None, unit_id: int | None = None,
             cadre_id: int | None = None) -> list[ProblemRow]:
    """A quarter's problem list (or a year's, or everything), oldest first."""
    stmt = select(Problem).order_by(Problem.year, Problem.quarter, Problem.id)
    for column, value in ((Problem.year, year), (Problem.quarter, quarter), (Problem.campaign_id, campaign_id),
                          (Problem.unit_id, unit_id), (Problem.cadre_id, cadre_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    with ws.read(READ) as s:
        _require(s, campaign_id, cadre_id, unit_id)
        scoped = _in_scope(s, Problem.campaign_id)
        found = list(s.scalars(stmt if scoped is None else stmt.where(scoped)))
        campaigns = names_of(s, Campaign, {p.campaign_id for p in found if p.campaign_id})
        cadres = names_of(s, Cadre, {p.cadre_id for p in found if p.cadre_id})
        units = short_labels(s, {p.unit_id for p in found if p.unit_id})
        origins = _origins(s, found)
        return [ProblemRow(p.id, p.year, p.quarter, p.problem, p.bottleneck, p.severity, p.fed_back_to,
                           p.fed_back_on, p.follow_up, p.status, p.campaign_id, campaigns.get(p.campaign_id or 0, ""),
                           p.cadre_id, cadres.get(p.cadre_id or 0, ""), p.unit_id, units.get(p.unit_id or 0, ""),
                           p.target_id, p.visit_id, p.talk_id, origins.get(p.id, ""), p.row_version) for p in found]


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    filename: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ImplementationRow:
    """A verified target: the task-list line and how it was checked."""

    target: TargetRow
    verification_id: int
    fact: str
    verified_by: str
    verified_on: dt.date
    evidence: tuple[EvidenceRow, ...]

    def as_json(self) -> dict[str, object]:
        return {"target": self.target.as_json(), "verification_id": self.verification_id, "fact": self.fact,
                "verified_by": self.verified_by, "verified_on": self.verified_on.isoformat(),
                "evidence": [asdict(e) for e in self.evidence]}


def implementation(ws: Workspace, *, campaign_id: int | None = None, cadre_id: int | None = None,
                   unit_id: int | None = None) -> list[ImplementationRow]:
    """The implementation list: every verified target of the selection, in task-list order."""
    lines = [t for t in targets(ws, campaign_id=campaign_id, cadre_id=cadre_id, unit_id=unit_id)
             if t.result is not None]
    ids = [t.id for t in lines]
    with ws.read(READ) as s:
        checks = {v.target_id: v for v in s.scalars(select(Verification).where(Verification.target_id.in_(ids)))}
        files: dict[int, list[EvidenceRow]] = {}
        for vid, eid, name, size, sha in s.execute(
                select(VerificationEvidence.verification_id, VerificationEvidence.id, VerificationEvidence.filename,
                       VerificationEvidence.size, VerificationEvidence.sha256)
                .where(VerificationEvidence.verification_id.in_([v.id for v in checks.values()]))
                .order_by(VerificationEvidence.id)):
            files.setdefault(vid, []).append(EvidenceRow(eid, name, size, sha))
        return [ImplementationRow(t, checks[t.id].id, checks[t.id].fact, checks[t.id].verified_by,
                                  checks[t.id].verified_on, tuple(files.get(checks[t.id].id, ())))
                for t in lines if t.id in checks]


@dataclass(frozen=True)
class EvidenceContent:
    """An evidence file's bytes as the window previews them (in memory, never on disk)."""

    id: int
    filename: str
    mime: str
    data: bytes


def evidence_content(ws: Workspace, evidence_id: int) -> EvidenceContent:
    with ws.read(READ) as s:
        row = s.execute(select(VerificationEvidence.filename, VerificationEvidence.mime, VerificationEvidence.content)
                        .where(VerificationEvidence.id == evidence_id)).first()
    if row is None:
        raise NotFound("佐证材料不存在（可能已被重新核验替换）")
    return EvidenceContent(evidence_id, row[0], row[1], row[2])


def completion(ws: Workspace, campaign_id: int | None = None, today: dt.date | None = None) -> CompletionReport:
    """Completion rates per campaign, cadre and unit (hard indicators separately, overdue flagged)."""
    with ws.read(READ) as s:
        _require(s, campaign_id, None, None)
        return completion_rates.report(s, campaign_id=campaign_id, today=today)

