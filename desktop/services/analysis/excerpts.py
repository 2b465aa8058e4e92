"""Talks and visits that name a cadre, each with the passage that does.

A talk names the cadre when the cadre was talked to, or when the talk was about the cadre
(talk_cadre). A visit names the cadre when a ledger entry or a problem of the cadre came from
it, or when its notes (seen, findings) contain the cadre's name. Read in a fixed set of
queries for any number of cadres.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import literal, or_, select
from sqlalchemy.orm import Session

from desktop.models import Campaign, PointEntry, Problem, Talk, Visit, talk_cadre
from desktop.services.analysis.profile import Excerpt

# How a talk or a visit concerns the cadre, as the 关联 column says it.
ENTRY_LINK, PROBLEM_LINK, NAMED = "积分记录出处", "问题清单出处", "记录中提及"
OWN_TALK, ABOUT_TALK = "本人谈话", "了解其情况"
WIDTH = 60  # characters of context around the name
MIN_NAME = 2  # a one-character name would match everywhere


def passage(text: str, name: str, width: int = WIDTH) -> str:
    """The part of `text` around the first mention of `name`, or its beginning."""
    text = " ".join(text.split())
    at = text.find(name) if name else -1
    if at < 0:
        return text[:width * 2] + ("…" if len(text) > width * 2 else "")
    start, end = max(0, at - width), min(len(text), at + len(name) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _talk_text(t: Talk, name: str, own: bool) -> str:
    if not own and name in t.content:
        return passage(t.content, name)
    parts = [f"结论：{t.conclusion.strip().rstrip('。')}" if t.conclusion.strip() else "",
             f"后续：{t.follow_up.strip().rstrip('。')}" if t.follow_up.strip() else ""]
    shown = "；".join(p for p in parts if p)
    return shown or passage(t.content, name)


def excerpts(session: Session, names: dict[int, str]) -> dict[int, tuple[Excerpt, ...]]:
    """cadre id → its talks and visits, oldest first."""
    ids = sorted(names)
    out: dict[int, list[Excerpt]] = defaultdict(list)
    about: dict[int, set[int]] = defaultdict(set)
    for talk_id, cadre_id in session.execute(select(talk_cadre.c.talk_id, talk_cadre.c.cadre_id)
                                             .where(talk_cadre.c.cadre_id.in_(ids))):
        about[talk_id].add(cadre_id)
    talks = list(session.scalars(select(Talk).where(or_(Talk.interviewee_cadre_id.in_(ids),
                                                        Talk.id.in_(sorted(about))))))
    linked: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))  # visit → cadre → why
    for visit_id, cadre_id, source in session.execute(
            select(PointEntry.visit_id, PointEntry.cadre_id, literal(ENTRY_LINK))
            .where(PointEntry.cadre_id.in_(ids), PointEntry.visit_id.is_not(None))
            .union(select(Problem.visit_id, Problem.cadre_id, literal(PROBLEM_LINK))
                   .where(Problem.cadre_id.in_(ids), Problem.visit_id.is_not(None)))):
        if visit_id is not None and cadre_id is not None:
            linked[visit_id][cadre_id].add(source)
    named = [n for n in names.values() if len(n) >= MIN_NAME]
    mentions = [Visit.findings.contains(n, autoescape=True) for n in named]
    mentions += [Visit.seen.contains(n, autoescape=True) for n in named]
    visits = list(session.scalars(select(Visit).where(or_(Visit.id.in_(sorted(linked)), *mentions))))
    campaign_ids = {x.campaign_id for x in talks if x.campaign_id} | {x.campaign_id for x in visits if x.campaign_id}
    campaigns = dict(session.execute(select(Campaign.id, Campaign.name)
                                     .where(Campaign.id.in_(sorted(campaign_ids)))).all())
    for t in talks:
        when = t.start_at.astimezone().date() if t.start_at else None
        for cid in {*about.get(t.id, set()), *([t.interviewee_cadre_id] if t.interviewee_cadre_id in names else [])}:
            own = t.interviewee_cadre_id == cid
            out[cid].append(Excerpt("谈话", t.id, when, campaigns.get(t.campaign_id or 0, ""), t.interviewee_name,
                                    OWN_TALK if own else ABOUT_TALK, _talk_text(t, names[cid], own)))
    for v in visits:
        notes = "；".join(x.strip().rstrip("。；") for x in (v.seen, v.findings) if x.strip())
        for cid, name in names.items():
            why = set(linked.get(v.id, {}).get(cid, set()))
            if len(name) >= MIN_NAME and name in notes:
                why.add(NAMED)
            if why:
                out[cid].append(Excerpt("走访", v.id, v.date, campaigns.get(v.campaign_id or 0, ""), v.place,
                                        "、".join(sorted(why)), passage(notes, name)))
    return {cid: tuple(sorted(out.get(cid, []), key=_order)) for cid in ids}


def _order(e: Excerpt) -> tuple[bool, str, int, int]:
    return (e.when is None, str(e.when or ""), 0 if e.kind == "谈话" else 1, e.id)
