"""Shared by the judgement tests: a demo cadre with ledger entries and a talk, and accounts."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from desktop.models import Campaign, PointEntry, Talk
from desktop.services.workspace import Actor, Workspace


def as_role(ws: Workspace, name: str, role: str) -> Workspace:
    """The same database acted on by another account (no scope given: the whole department)."""
    return Workspace(ws.db, Actor(name, role))


def cited_cadre(ws: Workspace) -> tuple[int, list[int], int]:
    """A cadre with at least two unreversed ledger entries (outside closed campaigns, so they
    can be reversed) and a talk with it: (cadre, entries, talk)."""
    with ws.db.read_session() as s:
        closed = select(Campaign.id).where(Campaign.status == "closed")
        reversed_ids = select(PointEntry.reverses_id).where(PointEntry.reverses_id.is_not(None)).union(
            select(PointEntry.id).where(or_(PointEntry.campaign_id.in_(closed), PointEntry.reverses_id.is_not(None))))
        talked = select(Talk.interviewee_cadre_id).where(Talk.interviewee_cadre_id.is_not(None))
        cadre_id = s.scalar(select(PointEntry.cadre_id).where(PointEntry.cadre_id.in_(talked),
                                                              PointEntry.reverses_id.is_(None),
                                                              PointEntry.id.not_in(reversed_ids))
                            .group_by(PointEntry.cadre_id).having(func.count() >= 2).order_by(PointEntry.cadre_id))
        assert cadre_id is not None
        entries = list(s.scalars(select(PointEntry.id).where(PointEntry.cadre_id == cadre_id,
                                                             PointEntry.reverses_id.is_(None),
                                                             PointEntry.id.not_in(reversed_ids))
                                 .order_by(PointEntry.id).limit(2)))
        talk = s.scalar(select(Talk.id).where(Talk.interviewee_cadre_id == cadre_id).order_by(Talk.id))
        assert talk is not None
        return cadre_id, entries, talk
