"""Saved roster filters (常用筛选): named, shared by everyone using the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import SavedFilter
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class Saved:
    id: int
    name: str
    filter: RosterFilter
    owner: str


def all_saved(session: Session) -> list[Saved]:
    return [Saved(f.id, f.name, RosterFilter.from_json(f.filter_json), f.owner)
            for f in session.scalars(select(SavedFilter).order_by(SavedFilter.name))]


def save(ws: Workspace, name: str, flt: RosterFilter) -> int:
    """Save under a name; saving again under the same name replaces that filter."""
    name = name.strip()
    if not name:
        raise FrontlineError("请为筛选条件起一个名字")

    def op(ctx: OpContext) -> int:
        row = ctx.session.scalar(select(SavedFilter).where(SavedFilter.name == name))
        if row is None:
            row = SavedFilter(name=name, filter_json=flt.to_json(), owner=ws.actor.username)
            ctx.session.add(row)
        else:
            row.filter_json = flt.to_json()
        ctx.session.flush()
        return int(row.id)

    return ws.run("roster.filter.save", op).value


def delete(ws: Workspace, filter_id: int) -> None:
    def op(ctx: OpContext) -> None:
        row = ctx.session.get(SavedFilter, filter_id)
        if row is None:
            raise NotFound("该常用筛选已被删除")
        ctx.session.delete(row)

    ws.run("roster.filter.delete", op)


def by_name(session: Session, name: str) -> RosterFilter:
    row = session.scalar(select(SavedFilter).where(SavedFilter.name == name))
    if row is None:
        raise NotFound(f"没有名为“{name}”的常用筛选")
    return RosterFilter.from_json(row.filter_json)
