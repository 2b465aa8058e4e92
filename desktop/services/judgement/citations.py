"""The facts a conclusion or a results-use record may cite, each as a short label.

A cadre's citable facts: its ledger entries (a reversed entry stays citable and is shown
with its reversal; a reversing entry is citable too), the evaluation sheets about it, the
talks with it or about it, the visits naming it (linked from one of its ledger entries or
problems, or whose notes write its name), the verifications of its targets and its
problems. A unit's (a 班子调整 record's): the visits to it, the verifications of its
targets and its problems.

A citation is stored by kind, row id and uid; it resolves by id, and by uid when the id no
longer names the same row (a package round trip renumbers rows). A fact that does not
belong to the cadre (or unit) is refused, in Chinese, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import (
    Cadre,
    Campaign,
    PointEntry,
    Problem,
    Sheet,
    SheetTemplate,
    Talk,
    Target,
    Unit,
    Verification,
    Visit,
    talk_cadre,
    visit_unit,
)
from desktop.models.judgement import CITED_KINDS
from desktop.models.results import RESULT_LABELS

EXCERPT = 40
ORDER = {kind: n for n, kind in enumerate(CITED_KINDS)}


def excerpt(text: str, size: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[:size] + "…"


@dataclass(frozen=True)
class Fact:
    """One citable fact as the picker lists it and a report's note prints it."""

    kind: str  # a key of CITED_KINDS
    ref_id: int
    uid: str
    date: dt.date | None
    text: str  # the fact in full (the picker filters on it)
    points: int | None = None  # a ledger entry's points
    reversed_by: int | None = None  # the entry that reversed this one
    reversal: str = ""  # 已被第 N 号冲正（日期）：理由
    reverses_id: int | None = None  # this entry reverses that one

    @property
    def kind_label(self) -> str:
        return CITED_KINDS.get(self.kind, self.kind)

    @property
    def reversed(self) -> bool:
        return self.reversed_by is not None

    @property
    def label(self) -> str:
        """第12号积分记录 2026-03-01 +3分 …（已于2026-11-30被第40号冲正，理由：…）: one line."""
        when = self.date.isoformat() if self.date else "日期未记录"
        head = f"{self.kind_label} {when}"
        if self.kind == "point_entry":
            head = f"第{self.ref_id}号{self.kind_label} {when} {self.points:+d}分"
        text = f"{head} {excerpt(self.text)}"
        if self.reversal:
            text += f"（{self.reversal}）"
        return text

    @property
    def note(self) -> str:
        """The fact as a report's note prints it: the full text, and the reversal if any."""
        when = f"{self.date.year}年{self.date.month}月{self.date.day}日" if self.date else "日期未记录"
        head = f"{self.kind_label}，{when}"
        if self.kind == "point_entry":
            head = f"第{self.ref_id}号{self.kind_label}，{when}，{self.points:+d}分"
        text = f"{head}：{self.text.strip().rstrip('。')}。"
        if self.reversal:
            text += f"（{self.reversal}）"
        return text


@dataclass(frozen=True)
class Subject:
    """Whose facts: a cadre's, or a unit's (a 班子调整 record)."""

    cadre_id: int | None = None
    unit_id: int | None = None


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone().date() if value is not None else None


def _campaign_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(session.execute(select(Campaign.id, Campaign.name).where(Campaign.id.in_(wanted))).all())


# --- loading, by kind ---------------------------------------------------------------------

def _entries(session: Session, stmt_filter: ColumnElement[bool]) -> list[Fact]:
    entries = list(session.scalars(select(PointEntry).where(stmt_filter).order_by(PointEntry.date, PointEntry.id)))
    ids = [e.id for e in entries]
    reversals = {r.reverses_id: r for r in session.scalars(select(PointEntry).where(PointEntry.reverses_id.in_(ids)))}
    out = []
    for e in entries:
        r = reversals.get(e.id)
        reversal = f"已于{r.date.isoformat()}被第{r.id}号冲正，理由：{r.reason}" if r is not None else ""
        if e.reverses_id is not None:
            reversal = f"冲正第{e.reverses_id}号，理由：{e.reason}"
        text = "，".join(x for x in (e.dimension, e.source, e.behaviour) if x) + f"：{e.fact}"
        out.append(Fact("point_entry", e.id, e.uid, e.date, text, e.points,
                        r.id if r is not None else None, reversal, e.reverses_id))
    return out


def _sheets(session: Session, where: ColumnElement[bool]) -> list[Fact]:
    rows = session.execute(select(Sheet, SheetTemplate.name).join(SheetTemplate, Sheet.template_id == SheetTemplate.id)
                           .where(where).order_by(Sheet.id)).all()
    names = _campaign_names(session, (s.campaign_id for s, _ in rows))
    out = []
    for sheet, template in rows:
        who = f"{sheet.rater_category}评议" + (f"，评议人{sheet.rater_name}" if sheet.rater_name else "")
        state = "已完成" if sheet.status == "complete" else "未完成"
        text = f"{template}（{who}，{state}）" + (f"，{names[sheet.campaign_id]}" if sheet.campaign_id in names else "")
        out.append(Fact("sheet", sheet.id, sheet.uid, _day(sheet.completed_at or sheet.created_at), text))
    return out


def _talk_fact(talk: Talk) -> Fact:
    who = talk.interviewee_name or "谈话对象未记录"
    body = talk.conclusion or talk.content or talk.purpose
    text = f"与{who}谈话" + (f"：{body}" if body else "")
    return Fact("talk", talk.id, talk.uid, _day(talk.start_at or talk.created_at), text)


def _talks(session: Session, cadre_id: int) -> list[Fact]:
    about = select(talk_cadre.c.talk_id).where(talk_cadre.c.cadre_id == cadre_id)
    stmt = select(Talk).where(or_(Talk.interviewee_cadre_id == cadre_id, Talk.id.in_(about)))
    return [_talk_fact(t) for t in session.scalars(stmt.order_by(Talk.start_at, Talk.id))]


def _visit_fact(v: Visit) -> Fact:
    body = v.findings or v.seen
    text = f"走访{v.place or '（地点未记录）'}" + ("（四不两直）" if v.unannounced else "")
    text += f"：{body}" if body else ""
    return Fact("visit", v.id, v.uid, v.date, text)


def _cadre_visit_clause(session: Session, cadre_id: int) -> ColumnElement[bool]:
    name = session.scalar(select(Cadre.name).where(Cadre.id == cadre_id)) or ""
    linked = select(PointEntry.visit_id).where(PointEntry.cadre_id == cadre_id, PointEntry.visit_id.is_not(None))
    raised = select(Problem.visit_id).where(Problem.cadre_id == cadre_id, Problem.visit_id.is_not(None))
    clauses: list[ColumnElement[bool]] = [Visit.id.in_(linked), Visit.id.in_(raised)]
    if len(name) >= 2:  # a one-character name would match half the notes
        clauses += [Visit.findings.contains(name, autoescape=True), Visit.seen.contains(name, autoescape=True)]
    return or_(*clauses)


def _visits(session: Session, where: ColumnElement[bool]) -> list[Fact]:
    return [_visit_fact(v) for v in session.scalars(select(Visit).where(where).order_by(Visit.date, Visit.id))]


def _verifications(session: Session, where: ColumnElement[bool]) -> list[Fact]:
    rows = session.execute(select(Verification, Target.duty).join(Target, Verification.target_id == Target.id)
                           .where(where).order_by(Verification.verified_on, Verification.id)).all()
    return [Fact("verification", v.id, v.uid, v.verified_on,
                 f"{duty}：{RESULT_LABELS.get(v.result, v.result)}" + (f"，{v.fact}" if v.fact else ""))
            for v, duty in rows]


def _problems(session: Session, where: ColumnElement[bool]) -> list[Fact]:
    return [Fact("problem", p.id, p.uid, _day(p.raised_at),
                 f"{p.year}年第{p.quarter}季度问题（{p.status}）：{p.problem}")
            for p in session.scalars(select(Problem).where(where).order_by(Problem.raised_at, Problem.id))]


def facts_of(session: Session, subject: Subject) -> list[Fact]:
    """Every fact the subject's conclusion or record may cite, by kind, oldest first."""
    if subject.cadre_id is not None:
        cid = subject.cadre_id
        if session.get(Cadre, cid) is None:
            raise NotFound(f"干部 {cid} 不存在")
        return [*_entries(session, PointEntry.cadre_id == cid), *_sheets(session, Sheet.cadre_id == cid),
                *_talks(session, cid), *_visits(session, _cadre_visit_clause(session, cid)),
                *_verifications(session, Target.cadre_id == cid), *_problems(session, Problem.cadre_id == cid)]
    if subject.unit_id is not None:
        uid = subject.unit_id
        if session.get(Unit, uid) is None:
            raise NotFound(f"单位 {uid} 不存在")
        to_unit = select(visit_unit.c.visit_id).where(visit_unit.c.unit_id == uid)
        return [*_visits(session, Visit.id.in_(to_unit)), *_verifications(session, Target.unit_id == uid),
                *_problems(session, Problem.unit_id == uid)]
    return []


# --- one fact by reference ----------------------------------------------------------------

_TABLES: dict[str, Any] = {"point_entry": PointEntry, "sheet": Sheet, "talk": Talk, "visit": Visit,
                           "verification": Verification, "problem": Problem}


def _row_id(session: Session, kind: str, ref_id: int, ref_uid: str) -> int | None:
    """The row a citation names: its id while the uid agrees (or none was kept), else the
    row holding that uid."""
    table = _TABLES[kind]
    uid = session.scalar(select(table.uid).where(table.id == ref_id))
    if uid is not None and (not ref_uid or uid == ref_uid):
        return ref_id
    if ref_uid:
        return session.scalar(select(table.id).where(table.uid == ref_uid))
    return None


def fact(session: Session, kind: str, ref_id: int, ref_uid: str = "") -> Fact | None:
    """One fact by its citation (None when the cited row is gone)."""
    if kind not in _TABLES:
        raise FrontlineError(f"不能引用“{kind}”：可引用{'、'.join(CITED_KINDS.values())}")
    row_id = _row_id(session, kind, ref_id, ref_uid)
    if row_id is None:
        return None
    found = _by_id(session, kind, row_id)
    return found[0] if found else None


def _by_id(session: Session, kind: str, row_id: int) -> list[Fact]:
    if kind == "point_entry":
        return _entries(session, PointEntry.id == row_id)
    if kind == "sheet":
        return _sheets(session, Sheet.id == row_id)
    if kind == "talk":
        talk = session.get(Talk, row_id)
        return [_talk_fact(talk)] if talk is not None else []
    if kind == "visit":
        return _visits(session, Visit.id == row_id)
    if kind == "verification":
        return _verifications(session, Verification.id == row_id)
    return _problems(session, Problem.id == row_id)


def facts(session: Session, refs: Sequence[tuple[str, int, str]]) -> list[Fact | None]:
    """The facts of several citations (kind, ref_id, ref_uid), in order; None for one whose row is gone."""
    return [fact(session, kind, ref_id, ref_uid) for kind, ref_id, ref_uid in refs]


def belongs(session: Session, subject: Subject, kind: str, row_id: int) -> bool:
    cid, unit = subject.cadre_id, subject.unit_id
    if cid is not None:
        checks: dict[str, object] = {
            "point_entry": select(PointEntry.id).where(PointEntry.id == row_id, PointEntry.cadre_id == cid),
            "sheet": select(Sheet.id).where(Sheet.id == row_id, Sheet.cadre_id == cid),
            "talk": select(Talk.id).where(Talk.id == row_id, or_(
                Talk.interviewee_cadre_id == cid,
                Talk.id.in_(select(talk_cadre.c.talk_id).where(talk_cadre.c.cadre_id == cid)))),
            "visit": select(Visit.id).where(Visit.id == row_id, _cadre_visit_clause(session, cid)),
            "verification": select(Verification.id).join(Target, Verification.target_id == Target.id)
            .where(Verification.id == row_id, Target.cadre_id == cid),
            "problem": select(Problem.id).where(Problem.id == row_id, Problem.cadre_id == cid),
        }
    elif unit is not None:
        checks = {
            "visit": select(visit_unit.c.visit_id).where(visit_unit.c.visit_id == row_id,
                                                         visit_unit.c.unit_id == unit),
            "verification": select(Verification.id).join(Target, Verification.target_id == Target.id)
            .where(Verification.id == row_id, Target.unit_id == unit),
            "problem": select(Problem.id).where(Problem.id == row_id, Problem.unit_id == unit),
        }
    else:
        return False
    stmt = checks.get(kind)
    return stmt is not None and session.scalar(stmt) is not None  # type: ignore[call-overload]


def _whose(session: Session, subject: Subject) -> str:
    if subject.cadre_id is not None:
        return f"{session.scalar(select(Cadre.name).where(Cadre.id == subject.cadre_id)) or '该干部'}同志"
    if subject.unit_id is not None:
        return session.scalar(select(Unit.name).where(Unit.id == subject.unit_id)) or "该单位"
    return "该记录"


def checked_ref(session: Session, subject: Subject, kind: str, ref_id: int, ref_uid: str = "") -> tuple[int, str]:
    """The (row id, uid) a new citation stores, after checking the fact exists and belongs to
    the subject; refused in Chinese otherwise."""
    what = CITED_KINDS.get(kind)
    if what is None:
        raise FrontlineError(f"不能引用“{kind}”：可引用{'、'.join(CITED_KINDS.values())}")
    row_id = _row_id(session, kind, ref_id, ref_uid)
    if row_id is None:
        raise NotFound(f"第{ref_id}号{what}不存在，不能引用")
    if not belongs(session, subject, kind, row_id):
        raise FrontlineError(f"第{row_id}号{what}不是{_whose(session, subject)}的事实，不能引用")
    uid = session.scalar(select(_TABLES[kind].uid).where(_TABLES[kind].id == row_id))
    return row_id, str(uid)
