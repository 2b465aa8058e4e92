"""Who a rule set ranks: units, or leaders, with their names and ranking groups.

A unit set ranks the units of the tree except its containers (党委, 政府: the top nodes the
departments hang under) and the departments' internal sections (科室), which are not
assessed on their own; they are grouped by 机构类别 (Unit.kind). A leader set ranks the
cadres in office whose current main post is a leadership post, grouped by 职务层次
(县处级正职 …). Anyone with a value recorded for the quarter is ranked too, whatever the
tree says today.

A scoped account (services/scopes.py) works only on the subjects of its scope: the units it
was given (with their sub-units) and those its given campaigns take in (scopes.unit_ids), or
the cadres of its scope (scopes.cadre_clause) for a leader set. Everything below reads through
`_units` / `_leaders` and `values.readings`, so the entry grid, reporting, rankings, the
成绩单 and the exports all hold those subjects only.

Units of the same name under different parents (each district's 区委办公室) are printed
with their parent's name (海港区委办公室), so no two rows of a ranking read the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.models import Cadre, Post, Unit
from desktop.models.indicators import SUBJECT_LABELS, SUBJECT_UNIT
from desktop.services import scopes
from desktop.services.units.labels import with_parent

UNRANKED_KINDS = frozenset({"党委", "政府", "科室"})
NO_GROUP = "未分类"


@dataclass(frozen=True)
class Subject:
    id: int
    name: str  # the unit's name, or the leader's name
    group: str  # 机构类别 or 职务层次
    label: str  # what the tables print: the unit, or the leader's name and post


def _units(session: Session, ids: Iterable[int] | None) -> list[Subject]:
    parent = aliased(Unit)
    stmt = (select(Unit.id, Unit.name, Unit.kind, parent.name).outerjoin(parent, parent.id == Unit.parent_id)
            .order_by(Unit.sort_order, Unit.id))
    if ids is None:
        stmt = stmt.where(Unit.kind.not_in(UNRANKED_KINDS), Unit.kind != "")
    else:
        stmt = stmt.where(Unit.id.in_(list(ids)))
    scoped = scopes.unit_ids(session)
    if scoped is not None:
        stmt = stmt.where(Unit.id.in_(sorted(scoped)))
    found = session.execute(stmt).all()
    seen: dict[str, int] = {}
    for _i, name, _k, _p in found:
        seen[name] = seen.get(name, 0) + 1
    return [Subject(i, n, k or NO_GROUP, with_parent(n, p) if seen[n] > 1 and p else n) for i, n, k, p in found]


def _leaders(session: Session, ids: Iterable[int] | None) -> list[Subject]:
    stmt = (select(Cadre.id, Cadre.name, Post.leadership_level, Post.grade, Post.unit_name, Post.title)
            .join(Post, Post.cadre_id == Cadre.id)
            .where(Post.end.is_(None), Post.is_main.is_(True))
            .order_by(Cadre.name_pinyin, Cadre.id, Post.sort_order, Post.id))
    if ids is None:
        stmt = stmt.where(Cadre.status == "在职", Post.leadership_level != "")
    else:
        stmt = stmt.where(Cadre.id.in_(list(ids)))
    clause = scopes.session_cadre_clause(session)
    if clause is not None:
        stmt = stmt.where(clause)
    out: dict[int, Subject] = {}
    for cid, name, level, grade, unit, title in session.execute(stmt):
        if cid not in out:
            group = f"{level}{grade}职" if level and grade else (level or NO_GROUP)
            out[cid] = Subject(cid, name, group, f"{name}（{unit}{title}）" if unit or title else name)
    if ids is not None:  # a cadre without a current post is still named
        missing = [i for i in ids if i not in out]
        named = select(Cadre.id, Cadre.name).where(Cadre.id.in_(missing))
        for cid, name in session.execute(named if clause is None else named.where(clause)):
            out[cid] = Subject(cid, name, NO_GROUP, name)
    return list(out.values())


def scope_condition(session: Session, subject: str, column: Any) -> Any:
    """A condition on a unit id (unit sets) or cadre id (leader sets) column for the subjects
    in the session's account's scope (None: no condition)."""
    if subject == SUBJECT_UNIT:
        scoped = scopes.unit_ids(session)
        return None if scoped is None else column.in_(sorted(scoped))
    clause = scopes.session_cadre_clause(session)
    return None if clause is None else column.in_(select(Cadre.id).where(clause))


def outside(session: Session, subject: str, ids: Iterable[int]) -> set[int]:
    """Those of `ids` that exist but are outside the scope of the session's account."""
    wanted = sorted(set(ids))
    model = Unit if subject == SUBJECT_UNIT else Cadre
    condition = scope_condition(session, subject, model.id)
    if condition is None or not wanted:
        return set()
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = model.id.in_(wanted[start:start + 500])
        found |= set(session.scalars(select(model.id).where(chunk, ~condition)))
    return found


def refusal(session: Session, subject: str, subject_id: int) -> str:
    """Why a subject outside the scope is refused (the account named)."""
    actor = scopes.acting(session)
    who = actor.username if actor is not None else ""
    return f"{SUBJECT_LABELS[subject]} {subject_id} 不在账户 {who} 的工作范围内"


def eligible(session: Session, subject: str) -> list[Subject]:
    """The units or leaders a set of that subject ranks, in the tree's (or roster's) order."""
    return _units(session, None) if subject == SUBJECT_UNIT else _leaders(session, None)


def named(session: Session, subject: str, ids: Iterable[int]) -> dict[int, Subject]:
    """These units or cadres by id (those that exist)."""
    ids = list(ids)
    if not ids:
        return {}
    found = _units(session, ids) if subject == SUBJECT_UNIT else _leaders(session, ids)
    return {s.id: s for s in found}


def ranked(session: Session, subject: str, with_values: Iterable[int]) -> list[Subject]:
    """The eligible subjects, then those outside the list that have values."""
    base = eligible(session, subject)
    seen = {s.id for s in base}
    extra = [i for i in dict.fromkeys(with_values) if i not in seen]
    more = named(session, subject, extra)
    return base + [more[i] for i in extra if i in more]
