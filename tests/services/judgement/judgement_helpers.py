"""Shared by the judgement tests: a demo cadre with ledger entries and a talk, and accounts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from desktop.models import Analysis, Cadre, Campaign, PointEntry, ResultUse, Talk
from desktop.services.operations import OpContext
from desktop.services.workspace import Actor, Workspace


def as_role(ws: Workspace, name: str, role: str) -> Workspace:
    """The same database acted on by another account (no scope given: the whole department)."""
    return Workspace(ws.db, Actor(name, role))


def cited_cadre(ws: Workspace) -> tuple[int, list[int], int]:
    """A cadre with at least two unreversed ledger entries (outside closed campaigns, so they
    can be reversed), no conclusion or results-use record yet (the demo's own are on other
    cadres), and a talk with it (one is recorded when the demo has none): (cadre, entries, talk)."""
    with ws.db.read_session() as s:
        closed = select(Campaign.id).where(Campaign.status == "closed")
        unusable = select(PointEntry.reverses_id).where(PointEntry.reverses_id.is_not(None)).union(
            select(PointEntry.id).where(or_(PointEntry.campaign_id.in_(closed), PointEntry.reverses_id.is_not(None))))
        judged = select(Analysis.cadre_id).union(select(ResultUse.cadre_id).where(ResultUse.cadre_id.is_not(None)))
        usable = (select(PointEntry.cadre_id).where(PointEntry.id.not_in(unusable), PointEntry.cadre_id.not_in(judged))
                  .group_by(PointEntry.cadre_id).having(func.count() >= 2))
        talked = select(Talk.interviewee_cadre_id).where(Talk.interviewee_cadre_id.is_not(None))
        cadre_id = s.scalar(usable.order_by(PointEntry.cadre_id.not_in(talked), PointEntry.cadre_id))
        assert cadre_id is not None
        entries = list(s.scalars(select(PointEntry.id).where(PointEntry.cadre_id == cadre_id,
                                                             PointEntry.id.not_in(unusable))
                                 .order_by(PointEntry.id).limit(2)))
        talk = s.scalar(select(Talk.id).where(Talk.interviewee_cadre_id == cadre_id).order_by(Talk.id))
    if talk is None:
        def op(ctx: OpContext) -> int:
            name = ctx.session.scalar(select(Cadre.name).where(Cadre.id == cadre_id)) or ""
            t = Talk(interviewee_cadre_id=cadre_id, interviewee_name=name, conclusion="工作扎实，敢于担当",
                     start_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), author="admin")
            ctx.session.add(t)
            ctx.session.flush()
            return int(t.id)

        talk = ws.run("test.talk", op).value
    return cadre_id, entries, talk
