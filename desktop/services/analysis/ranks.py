"""A cadre's rank within its unit and within its rank group, by the political-quality total.

The total is the mean of the five dimension scores the 综合分析报告 prints (report_assessment
computes them; nothing is scored a second way here). Ties share a rank (1, 2, 2, 4); cadres
without a complete political-quality sheet are listed after the ranked ones, unranked. Only
cadres the account may see are compared: a scoped account ranks within its scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Post
from desktop.reports.assessment import CENT, Dimension, competition_ranks
from desktop.services import scopes
from desktop.services.analysis.profile import PeerScore, RankPlace, Summary
from desktop.services.reports.report_assessment import dimension_scores

UNIT, RANK = "同单位", "同职级"


def political_total(dimensions: Iterable[Dimension]) -> Decimal | None:
    """The mean of the dimensions' sheet scores (those that have one), two places, half up."""
    scores = [d.sheet_score for d in dimensions if d.sheet_score is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class _Main:
    unit_id: int | None
    group: str  # rank, or level for a cadre without a rank


def level_text(level: str, grade: str) -> str:
    return f"{level}{grade}职" if level and grade else level


def _mains(session: Session, stmt_filter: object) -> dict[int, _Main]:
    """The current main post of every cadre matching the filter (first post as the roster orders them)."""
    stmt = (select(Post.cadre_id, Post.unit_id, Post.rank, Post.leadership_level, Post.grade)
            .where(Post.end.is_(None), stmt_filter)  # type: ignore[arg-type]
            .order_by(Post.cadre_id, Post.is_main.desc(), Post.sort_order, Post.id))
    clause = scopes.session_cadre_clause(session)
    if clause is not None:
        stmt = stmt.where(Post.cadre_id.in_(select(Cadre.id).where(clause)))
    out: dict[int, _Main] = {}
    for cid, unit_id, rank, level, grade in session.execute(stmt):
        out.setdefault(cid, _Main(unit_id, rank or level_text(level, grade)))
    return out


def places(session: Session, summaries: Sequence[Summary],
           known: Mapping[int, Decimal | None]) -> dict[int, tuple[RankPlace, RankPlace]]:
    """Each cadre's place in its unit and in its rank group: a fixed set of queries for any number.
    `known` holds the totals already computed (the cadres being analysed): their sheets, often
    the most numerous, are not read a second time."""
    units = {s.unit_id for s in summaries if s.unit_id is not None}
    groups = {s.rank_group for s in summaries if s.rank_group}
    candidates = _mains(session, or_(Post.unit_id.in_(sorted(units)), Post.rank.in_(sorted(groups)),
                                     Post.leadership_level.in_(sorted({g.removesuffix("正职").removesuffix("副职")
                                                                       for g in groups}))))
    # A candidate whose *main* post is elsewhere was found through a side post: it belongs to neither.
    by_unit = {u: [c for c, m in candidates.items() if m.unit_id == u] for u in units}
    by_group = {g: [c for c, m in candidates.items() if m.group == g] for g in groups}
    everyone = sorted({c for ids in (*by_unit.values(), *by_group.values()) for c in ids})
    others = [c for c in everyone if c not in known]
    totals = {cid: political_total(dims) for cid, dims in dimension_scores(session, others).items()} | dict(known)
    names = {int(c): str(n) for c, n in session.execute(select(Cadre.id, Cadre.name).where(Cadre.id.in_(everyone)))}
    out = {}
    for s in summaries:
        unit = _place(UNIT, s.unit if s.unit_id is not None else "", s.id, by_unit.get(s.unit_id or 0, []),
                      totals, names)
        group = _place(RANK, s.rank_group, s.id, by_group.get(s.rank_group, []), totals, names)
        out[s.id] = (unit, group)
    return out


def _place(group: str, label: str, cadre_id: int, members: list[int], totals: dict[int, Decimal | None],
           names: dict[int, str]) -> RankPlace:
    if not label:
        return RankPlace(group, "", None, ())
    ordered = sorted(members, key=lambda c: (totals.get(c) is None, -(totals.get(c) or 0), names.get(c, ""), c))
    scored = [c for c in ordered if totals.get(c) is not None]
    ranks = dict(zip(scored, competition_ranks([totals[c] for c in scored]), strict=True))
    peers = tuple(PeerScore(c, names.get(c, ""), totals.get(c), ranks.get(c)) for c in ordered)
    return RankPlace(group, label, ranks.get(cadre_id), peers)
