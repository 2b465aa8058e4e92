"""What the window and the command line may read about annual grading and appraisals, each read
through `ws.read("grading.read")`, returned as frozen rows (never ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select

from desktop.models import Cadre, Post, Unit
from desktop.models.grading import (
    GRADE_WORDS,
    ROUND_DRAFT,
    ROUND_STATES,
    UNDETERMINED,
    Appraisal,
    GradeRound,
    NoticeObjection,
)
from desktop.models.grading_rules import QuotaCount, appraisal_score, notice_end, percent, quota
from desktop.services import scopes
from desktop.services.grading import rounds
from desktop.services.workspace import Workspace

READ = "grading.read"


@dataclass(frozen=True)
class RoundRow:
    id: int
    year: int
    unit_id: int
    unit: str
    staff_type: str
    state: str
    people: int

    @property
    def state_label(self) -> str:
        return ROUND_STATES.get(self.state, self.state)

    @property
    def label(self) -> str:
        return f"{self.year}年度 {self.unit} {self.staff_type}（{self.state_label}，{self.people} 人）"

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "state_label": self.state_label}


@dataclass(frozen=True)
class ProposalRow:
    id: int
    cadre_id: int
    name: str
    post: str
    score: float | None
    proposed: str
    grade: str
    frontline: bool
    undetermined_reason: str
    note: str
    suggested: str  # the appraisal's suggested grade
    row_version: int | None = None  # as read: a grade set over another clerk's later one is refused

    @property
    def changed(self) -> bool:
        return self.grade != self.proposed

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        del out["row_version"]  # the window's business, not the command line's
        return out


@dataclass(frozen=True)
class ObjectionRow:
    id: int
    cadre_id: int | None
    cadre: str
    received_on: dt.date
    content: str
    handling: str
    recorded_by: str
    row_version: int | None = None  # as read: a handling saved over another clerk's later one is refused

    def as_json(self) -> dict[str, object]:
        out = {**asdict(self), "received_on": self.received_on.isoformat()}
        del out["row_version"]  # the window's business, not the command line's
        return out


@dataclass(frozen=True)
class RoundView:
    row: RoundRow
    bands: str
    quota_share: float
    frontline_share: float
    frontline_rule: str
    frontline_months: int
    min_service_months: int
    approval: str
    approved_by: str
    approved_excellent: int
    notice_start: dt.date | None
    notice_days: int
    notice_end: dt.date | None
    signed_by: str
    signed_at: dt.datetime | None
    proposals: tuple[ProposalRow, ...]
    objections: tuple[ObjectionRow, ...]
    count: QuotaCount
    notice_refusal: str  # why the notice cannot start ("" when it can)
    finalise_refusal: str  # why the round cannot be finalised today ("" when it can)

    @property
    def words(self) -> tuple[str, ...]:
        return (*GRADE_WORDS[self.row.staff_type], UNDETERMINED)

    @property
    def editable(self) -> bool:
        return self.row.state == ROUND_DRAFT

    def rule_text(self) -> str:
        rule = self.frontline_rule or f"一线累计满 {self.frontline_months} 个月"
        return (f"分数段 {self.bands}；优秀不超过 {percent(self.quota_share)}，一线干部可到 "
                f"{percent(self.frontline_share)}（{rule}）；"
                f"本单位任职不满 {self.min_service_months} 个月或试用期内不定等次")

    def as_json(self) -> dict[str, object]:
        return {**self.row.as_json(), "bands": self.bands, "quota_share": self.quota_share,
                "frontline_share": self.frontline_share, "frontline_rule": self.frontline_rule,
                "approval": self.approval, "approved_by": self.approved_by,
                "notice_start": self.notice_start.isoformat() if self.notice_start else None,
                "notice_end": self.notice_end.isoformat() if self.notice_end else None,
                "signed_by": self.signed_by, "count": self.count.line(),
                "over": self.count.over, "notice_refusal": self.notice_refusal,
                "finalise_refusal": self.finalise_refusal,
                "proposals": [p.as_json() for p in self.proposals],
                "objections": [o.as_json() for o in self.objections]}


def _by_score(p: ProposalRow) -> float:
    """Best score first; equal scores (and none) keep the round's order, the roster's (pinyin)."""
    return -(p.score if p.score is not None else -1.0)


def _row(r: GradeRound, unit: str, people: int) -> RoundRow:
    return RoundRow(r.id, r.year, r.unit_id, unit, r.staff_type, r.state, people)


def round_rows(ws: Workspace, year: int | None = None) -> list[RoundRow]:
    with ws.read(READ) as s:
        stmt = select(GradeRound, Unit.name).join(Unit, Unit.id == GradeRound.unit_id)
        units = scopes.unit_ids(s)
        if units is not None:  # a scoped account sees the rounds of the units it works on
            stmt = stmt.where(GradeRound.unit_id.in_(sorted(units)))
        if year is not None:
            stmt = stmt.where(GradeRound.year == year)
        out = []
        for r, unit in s.execute(stmt.order_by(GradeRound.year.desc(), Unit.sort_order, Unit.id)):
            out.append(_row(r, unit, len(rounds.proposals_of(s, r.id))))
        return out


def round_view(ws: Workspace, round_id: int, today: dt.date | None = None) -> RoundView:
    today = today or dt.date.today()
    with ws.read(READ) as s:
        r = rounds.get_round(s, round_id)
        unit = s.get(Unit, r.unit_id)
        proposals = rounds.proposals_of(s, round_id)
        ids = [p.cadre_id for p in proposals]
        names = dict(s.execute(select(Cadre.id, Cadre.name).where(Cadre.id.in_(ids))).all())
        posts = {cid: f"{unit_name}{title}" for cid, unit_name, title in s.execute(
            select(Post.cadre_id, Post.unit_name, Post.title).where(
                Post.cadre_id.in_(ids), Post.end.is_(None), Post.is_main.is_(True)))}
        suggested = dict(s.execute(select(Appraisal.cadre_id, Appraisal.suggested_grade).where(
            Appraisal.year == r.year, Appraisal.cadre_id.in_(ids))).all())
        rows = tuple(sorted((ProposalRow(p.id, p.cadre_id, names.get(p.cadre_id, ""), posts.get(p.cadre_id, ""),
                                         p.score, p.proposed, p.grade, p.frontline, p.undetermined_reason, p.note,
                                         suggested.get(p.cadre_id, ""), p.row_version)
                             for p in proposals), key=_by_score))
        objections = tuple(ObjectionRow(o.id, o.cadre_id, names.get(o.cadre_id, "") if o.cadre_id else "",
                                        o.received_on, o.content, o.handling, o.recorded_by, o.row_version)
                           for o in s.scalars(select(NoticeObjection).where(NoticeObjection.round_id == round_id)
                                              .order_by(NoticeObjection.received_on, NoticeObjection.id)))
        return RoundView(
            _row(r, unit.name if unit else "", len(proposals)), r.bands, r.quota_share, r.frontline_share,
            r.frontline_rule, r.frontline_months, r.min_service_months, r.approval, r.approved_by,
            r.approved_excellent, r.notice_start, r.notice_days, rounds.end_of_notice(s, r), r.signed_by, r.signed_at,
            rows, objections, quota(((p.grade, p.frontline) for p in proposals), r.quota_share, r.frontline_share),
            rounds.notice_refusal(r, proposals), rounds.finalise_refusal(s, r, proposals, today))


@dataclass(frozen=True)
class AppraisalView:
    cadre_id: int
    name: str
    year: int
    issued: int
    returned: int
    valid: int
    good: int
    fair: int
    average: int
    poor: int
    supervisor_comment: str
    suggested_grade: str
    committee_opinion: str
    row_version: int | None = None  # as read: a save over another clerk's later save is refused

    @property
    def score(self) -> float | None:
        return appraisal_score(self.good, self.fair, self.average, self.poor)

    def as_json(self) -> dict[str, object]:
        out = {**asdict(self), "score": self.score}
        del out["row_version"]  # the window's business, not the command line's
        return out


def appraisal(ws: Workspace, cadre_id: int, year: int) -> AppraisalView | None:
    """The cadre's appraisal of the year (None when there is none)."""
    with ws.read(READ) as s:
        scopes.check_cadre(s, None, cadre_id)
        a = s.scalar(select(Appraisal).where(Appraisal.cadre_id == cadre_id, Appraisal.year == year))
        if a is None:
            return None
        name = s.scalar(select(Cadre.name).where(Cadre.id == cadre_id)) or ""
        return AppraisalView(cadre_id, name, year, a.sheets_issued, a.sheets_returned, a.sheets_valid, a.count_good,
                             a.count_fair, a.count_average, a.count_poor, a.supervisor_comment, a.suggested_grade,
                             a.committee_opinion, a.row_version)


def unit_choices(ws: Workspace) -> list[tuple[int, str]]:
    """(unit id, name) of every unit the account works on (all for an unscoped one), in tree
    order, for creating a round."""
    with ws.read(READ) as s:
        units = scopes.unit_ids(s)
        rows = s.execute(select(Unit.id, Unit.name).order_by(Unit.sort_order, Unit.id))
        return [(uid, name) for uid, name in rows if units is None or uid in units]


def notice_end_on(ws: Workspace, start: dt.date, days: int) -> dt.date:
    """The last day of a notice from `start` of `days` working days, with the database's holidays;
    RuleError when shorter than the minimum."""
    with ws.read(READ) as s:
        return notice_end(start, days, *rounds.calendar(s))


def notice_calendar(ws: Workspace) -> tuple[list[dt.date], list[dt.date]]:
    """The holidays and 调休 workdays the notice period counts with, in order (a setting: the
    system administrator who sets them reads them too)."""
    with ws.read("settings.read") as s:
        holidays, workdays = rounds.calendar(s)
    return sorted(holidays), sorted(workdays)
