"""What the window and the command line may read about results-use records: the lists per
type with their follow-up state, one record with its evidence, the facts a record may cite,
the follow-up counts, and the promotion figure with its people.

Each function opens its session with `ws.read("result_use.read")` and returns plain values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFound
from desktop.models import Cadre, Citation
from desktop.models.judgement import OWNER_RESULT_USE
from desktop.models.results_use import USE_KINDS, USE_STATES, ResultUse
from desktop.services import scopes
from desktop.services.judgement import citations
from desktop.services.judgement.citations import Fact, Subject
from desktop.services.results_use import figures
from desktop.services.results_use.figures import PromotionShare
from desktop.services.units.labels import short_labels
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class UseRow:
    id: int
    kind: str
    kind_label: str
    cadre_id: int | None
    unit_id: int | None
    subject: str  # the cadre's name, or the unit (班子)
    date: dt.date
    title: str
    detail: str
    subtype: str
    state: str
    follow_up: str
    author: str
    evidence: int  # facts cited
    version: int | None = None  # the record's row version as read (an edit of it is checked against it)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "kind_label": self.kind_label, "cadre_id": self.cadre_id,
                "unit_id": self.unit_id, "subject": self.subject, "date": self.date.isoformat(), "title": self.title,
                "detail": self.detail, "subtype": self.subtype, "state": self.state, "follow_up": self.follow_up,
                "author": self.author, "evidence": self.evidence}


def _rows(session: Session, rows: list[ResultUse]) -> list[UseRow]:
    ids = [r.id for r in rows]
    counts = dict(session.execute(select(Citation.owner_id, func.count()).where(
        Citation.owner == OWNER_RESULT_USE, Citation.owner_id.in_(ids)).group_by(Citation.owner_id)).all())
    names = dict(session.execute(select(Cadre.id, Cadre.name).where(
        Cadre.id.in_({r.cadre_id for r in rows if r.cadre_id}))).all())
    units = short_labels(session, {r.unit_id for r in rows if r.unit_id})
    return [UseRow(r.id, r.kind, USE_KINDS.get(r.kind, r.kind), r.cadre_id, r.unit_id,
                   names.get(r.cadre_id, "") if r.cadre_id else units.get(r.unit_id or 0, ""), r.date, r.title,
                   r.detail, r.subtype, r.state, r.follow_up, r.author, int(counts.get(r.id, 0)), r.row_version)
            for r in rows]


def uses(ws: Workspace, *, kind: str | None = None, state: str | None = None, cadre_id: int | None = None,
         start: dt.date | None = None, end: dt.date | None = None) -> list[UseRow]:
    """The records chosen, newest first (a scoped account sees its cadres' and the units')."""
    with ws.read("result_use.read") as s:
        stmt = select(ResultUse).order_by(ResultUse.date.desc(), ResultUse.id.desc())
        for column, value in ((ResultUse.kind, kind), (ResultUse.state, state), (ResultUse.cadre_id, cadre_id)):
            if value is not None:
                stmt = stmt.where(column == value)
        if start is not None:
            stmt = stmt.where(ResultUse.date >= start)
        if end is not None:
            stmt = stmt.where(ResultUse.date <= end)
        clause = scopes.session_cadre_clause(s)
        if clause is not None:  # a scoped account: its cadres, and the teams (班子调整) of its units
            units = sorted(scopes.unit_ids(s) or ())
            stmt = stmt.where(ResultUse.cadre_id.in_(select(Cadre.id).where(clause))
                              | (ResultUse.cadre_id.is_(None) & ResultUse.unit_id.in_(units)))
        return _rows(s, list(s.scalars(stmt)))


@dataclass(frozen=True)
class UseDetail:
    row: UseRow
    evidence: tuple[Fact | None, ...]  # None: the cited record is gone
    refs: tuple[tuple[str, int], ...]  # (kind, row id) as stored


def use(ws: Workspace, use_id: int) -> UseDetail:
    with ws.read("result_use.read") as s:
        r = s.get(ResultUse, use_id)
        if r is None:
            raise NotFound(f"结果运用记录 {use_id} 不存在")
        scopes.check_cadre(s, None, r.cadre_id)
        if r.unit_id is not None:
            scopes.check_unit(s, r.unit_id, "该单位的班子调整记录")
        cites = list(s.scalars(select(Citation).where(Citation.owner == OWNER_RESULT_USE, Citation.owner_id == r.id)
                               .order_by(Citation.id)))
        facts = tuple(citations.fact(s, c.kind, c.ref_id, c.ref_uid) for c in cites)
        return UseDetail(_rows(s, [r])[0], facts, tuple((c.kind, c.ref_id) for c in cites))


def citable_facts(ws: Workspace, cadre_id: int | None = None, unit_id: int | None = None) -> list[Fact]:
    """What a record about this cadre (or this unit's team) may cite as evidence."""
    with ws.read("result_use.read") as s:
        scopes.check_cadre(s, None, cadre_id)
        return citations.facts_of(s, Subject(cadre_id, unit_id))


def follow_up_counts(ws: Workspace) -> dict[str, dict[str, int]]:
    """Per type (its label), how many records are in each state (every state present, zeros too)."""
    rows = uses(ws)
    counts = Counter((r.kind_label, r.state) for r in rows)
    return {label: {state: counts[(label, state)] for state in USE_STATES} for label in USE_KINDS.values()}


def promotion_share(ws: Workspace, start: dt.date, end: dt.date) -> PromotionShare:
    with ws.read("result_use.read") as s:
        return figures.promotion_share(s, start, end)
