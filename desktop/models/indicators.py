"""Quarterly key-task indicators and their scores (成绩单).

A rule set (IndicatorSet) belongs to a period and is versioned like an evaluation template:
once values are recorded against a version it is not edited, a new version is made. Each
indicator has a weight (the weights of a set total 100) and a scoring rule:

- target (按目标): score = weight × achieved share of the target, capped (cap 1.0: no extra
  credit beyond the target; 1.2: up to 20 % more);
- ranking (按排名): units are ranked on the value; first gets the full weight, last none,
  the rest in even steps; ties share the better place;
- manual (人工评分): the clerk types a value within [min_value, max_value], scaled to the weight.

A subject (a unit, or a leader) with no value for an indicator scores 0 on it and is listed
as not reported (未报).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, relationship, utcnow

TARGET, RANKING, MANUAL = "target", "ranking", "manual"
RULE_LABELS = {TARGET: "按目标", RANKING: "按排名", MANUAL: "人工评分"}
SUBJECT_UNIT, SUBJECT_LEADER = "unit", "leader"
SUBJECT_LABELS = {SUBJECT_UNIT: "单位", SUBJECT_LEADER: "领导干部"}
DRAFT, ACTIVE, RETIRED = "draft", "active", "retired"
BOTTOM_FLAGGED = 3  # the bottom three explain themselves at the quarterly analysis meeting


class IndicatorSet(UidMixin, Versioned, Base):
    __tablename__ = "indicator_set"
    __table_args__ = (UniqueConstraint("name", "year", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    subject: Mapped[str] = mapped_column(String(10), default=SUBJECT_UNIT)
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    created_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    indicators: Mapped[list[Indicator]] = relationship(back_populates="set", cascade="all, delete-orphan",
                                                       order_by="Indicator.seq")


class Indicator(UidMixin, Versioned, Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("indicator_set.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    weight: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(10), default=TARGET)
    cap: Mapped[float] = mapped_column(Float, default=1.0)  # target rule
    min_value: Mapped[float] = mapped_column(Float, default=0.0)  # manual rule
    max_value: Mapped[float] = mapped_column(Float, default=100.0)
    lower_is_better: Mapped[bool] = mapped_column(Boolean, default=False)
    measure: Mapped[str] = mapped_column(String(20), default="")
    source_department: Mapped[str] = mapped_column(String(40), default="")
    set: Mapped[IndicatorSet] = relationship(back_populates="indicators")


class IndicatorValue(UidMixin, Base):
    """One subject's value of one indicator in one quarter (with its target, for the target rule)."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "year", "quarter", "unit_id", "cadre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True, default=None)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True,
                                                 default=None)
    value: Mapped[float | None] = mapped_column(Float, default=None)
    target: Mapped[float | None] = mapped_column(Float, default=None)
    reported_by: Mapped[str] = mapped_column(String(40), default="")
    reported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class RankingNote(UidMixin, Base):
    """A bottom-ranked subject's explanation and improvement measures for a quarter's meeting."""

    __tablename__ = "ranking_note"
    __table_args__ = (UniqueConstraint("set_id", "year", "quarter", "unit_id", "cadre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("indicator_set.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), default=None)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), default=None)
    explanation: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


# --- scoring (pure) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What scoring needs of an indicator (the ORM row or anything shaped like it)."""

    id: int
    weight: float
    rule: str = TARGET
    cap: float = 1.0
    min_value: float = 0.0
    max_value: float = 100.0
    lower_is_better: bool = False


@dataclass(frozen=True)
class Reading:
    value: float | None
    target: float | None = None


def competition_ranks(values: Mapping[int, float], *, descending: bool = True) -> dict[int, int]:
    """1-based ranks where ties share the better place and the next place is skipped (1, 2, 2, 4)."""
    ordered = sorted(values.values(), reverse=descending)
    first: dict[float, int] = {}
    for place, v in enumerate(ordered, start=1):
        first.setdefault(v, place)
    return {k: first[v] for k, v in values.items()}


def indicator_scores(rule: Rule, readings: Mapping[int, Reading]) -> dict[int, float]:
    """Each subject's score on one indicator; a subject without a value scores 0."""
    scores = {subject: 0.0 for subject in readings}
    present = {s: r for s, r in readings.items() if r.value is not None}
    if rule.rule == RANKING:
        values = {s: float(r.value) for s, r in present.items() if r.value is not None}
        ranks = competition_ranks(values, descending=not rule.lower_is_better)
        n = len(values)
        for s, rank in ranks.items():
            scores[s] = rule.weight if n == 1 else rule.weight * (n - rank) / (n - 1)
        return scores
    for s, r in present.items():
        assert r.value is not None
        if rule.rule == MANUAL:
            span = rule.max_value - rule.min_value
            clamped = min(max(r.value, rule.min_value), rule.max_value)
            scores[s] = rule.weight * (clamped - rule.min_value) / span if span > 0 else 0.0
        else:
            scores[s] = rule.weight * _share(r.value, r.target, rule)
    return scores


def _share(value: float, target: float | None, rule: Rule) -> float:
    if target is None or target <= 0:
        return 0.0
    # A ceiling (fewer is better) is met in full at or under it.
    share = (1.0 if value <= 0 else target / value) if rule.lower_is_better else value / target
    return max(0.0, min(share, rule.cap))


@dataclass(frozen=True)
class Standing:
    subject: int
    total: float
    rank: int
    missing: int  # indicators without a value (未报)
    bottom: bool  # among the last BOTTOM_FLAGGED


def standings(rules: Sequence[Rule], readings: Mapping[int, Mapping[int, Reading]],
              subjects: Iterable[int], *, bottom: int = BOTTOM_FLAGGED) -> list[Standing]:
    """Totals and ranks of `subjects`; `readings[indicator_id][subject]`. Totals are rounded to
    two decimals before ranking, so a tie on paper is a tie in the table."""
    subjects = list(subjects)
    totals = dict.fromkeys(subjects, 0.0)
    missing = dict.fromkeys(subjects, 0)
    for rule in rules:
        given = readings.get(rule.id, {})
        per = {s: given.get(s, Reading(None)) for s in subjects}
        for s, score in indicator_scores(rule, per).items():
            totals[s] += score
        for s, r in per.items():
            missing[s] += r.value is None
    rounded = {s: round(t, 2) for s, t in totals.items()}
    ranks = competition_ranks(rounded)
    flagged = bottom_of(rounded, [s for s in subjects if missing[s] < len(rules)], bottom)
    rows = [Standing(s, rounded[s], ranks[s], missing[s], s in flagged) for s in subjects]
    return sorted(rows, key=lambda r: (r.rank, r.subject))


def bottom_of(totals: Mapping[int, float], reported: Iterable[int], bottom: int = BOTTOM_FLAGGED) -> set[int]:
    """Those in the last `bottom` places among the subjects that reported anything.

    The quarterly analysis meeting hears the worst results; a subject that reported nothing
    has no result to explain — it is chased as a missing report (the reporting rate, 未报),
    and flagging every such subject tied on zeros made a partly reported quarter print 133
    units as 末位. Places are competition places among those that reported: a tie takes the
    better place, so of totals 90, 90, 70, 60 the last three places hold 70 and 60 only, and
    of 90, 80, 70, 70, 50 they hold 70, 70 and 50. Where no more than `bottom` reported (a
    quarter barely begun, a group of three) the last three would be everyone, the first
    included: nobody is flagged.
    """
    among = {s: totals[s] for s in reported}
    if len(among) <= bottom:
        return set()
    places = competition_ranks(among)
    return {s for s, place in places.items() if place > len(among) - bottom}


