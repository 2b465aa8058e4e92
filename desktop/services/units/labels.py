"""Short unit names a reader can tell apart: lists print "办公室" for a dozen units, so a name
that more than one unit bears is written with its parent's (海港区 + 区委办公室 → 海港区委办公室)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.models import Unit


def with_parent(name: str, parent: str) -> str:
    """海港区 + 区委办公室 → 海港区委办公室 (the shared 区 written once), 东湖镇 + 党政办 → 东湖镇党政办."""
    if name.startswith(parent):
        return name
    return parent + (name[1:] if name[:1] == parent[-1:] else name)


def short_labels(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Each unit's name, with its parent's where another unit has the same name."""
    wanted = set(ids)
    if not wanted:
        return {}
    parent = aliased(Unit)
    found = session.execute(select(Unit.id, Unit.name, parent.name).outerjoin(parent, parent.id == Unit.parent_id)
                            .where(Unit.id.in_(wanted))).all()
    names = {name for _i, name, _p in found}
    shared = set(session.scalars(select(Unit.name).where(Unit.name.in_(names))
                                 .group_by(Unit.name).having(func.count() > 1)))
    return {i: with_parent(n, p) if n in shared and p else n for i, n, p in found}
