"""Scores and standings of a quarter (models.indicators.standings): overall, within groups
(机构类别 for units, 职务层次 for leaders), the trend across quarters, and the bottom three
flagged for the quarterly analysis meeting, whose explanations (RankingNote) are kept here.

The trend runs over the quarters of the set's year up to the one shown, preceded by the
previous year's four when a set of the same name exists for it. Each past quarter is scored
by the version of the set its values were recorded against (the newest with values then).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import Indicator, IndicatorSet, IndicatorValue, RankingNote
from desktop.models.indicators import (
    BOTTOM_FLAGGED,
    SUBJECT_LABELS,
    SUBJECT_UNIT,
    Reading,
    bottom_of,
    competition_ranks,
    indicator_scores,
    standings,
)
from desktop.services import scopes
from desktop.services.indicators import rule_sets, subjects, values
from desktop.services.indicators.values import Reporting
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"


def scoped_note(table: Rankings) -> str:
    """What a scoped account's tables say of whom they rank ("" for the whole department)."""
    return f"（仅含本账户工作范围内的{table.subject_label}）" if table.scoped else ""


@dataclass(frozen=True)
class RankRow:
    subject_id: int
    subject: str  # the unit, or the leader's name and post
    group: str
    rank: int
    group_rank: int
    total: float
    missing: int  # indicators without a value (未报)
    bottom: bool  # among the last three overall: explains at the quarterly meeting
    group_bottom: bool  # among the last three of the group
    scores: tuple[float, ...]  # per indicator, in Rankings.indicators order
    trend: tuple[float | None, ...]  # totals per Rankings.quarters (None: nothing recorded)
    trend_ranks: tuple[int | None, ...] = ()  # overall ranks per Rankings.quarters (None: nothing recorded)
    reported: tuple[bool, ...] = ()  # per indicator, in Rankings.indicators order: a value was reported


@dataclass(frozen=True)
class Rankings:
    set_id: int
    set_name: str
    version: int
    year: int
    quarter: int
    subject: str  # unit or leader
    subject_label: str  # 单位 or 领导干部
    indicators: tuple[str, ...]
    weights: tuple[float, ...]
    rows: tuple[RankRow, ...]  # by rank
    quarters: tuple[str, ...]  # trend labels, oldest first, this quarter last
    reporting: Reporting
    scoped: bool = False  # ranked among the subjects of the account's scope only (compute)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(sorted(r.group for r in self.rows)))

    def in_group(self, group: str) -> tuple[RankRow, ...]:
        return tuple(sorted((r for r in self.rows if r.group == group), key=lambda r: (r.group_rank, r.rank)))

    @property
    def bottom(self) -> tuple[RankRow, ...]:
        return tuple(r for r in self.rows if r.bottom)


def _periods(session: Session, found: IndicatorSet, quarter: int) -> list[tuple[int, int]]:
    earlier = session.scalar(select(IndicatorSet.id).where(IndicatorSet.name == found.name,
                                                           IndicatorSet.year == found.year - 1).limit(1))
    before = [(found.year - 1, q) for q in range(1, 5)] if earlier is not None else []
    return before + [(found.year, q) for q in range(1, quarter + 1)]


def _version_for(session: Session, found: IndicatorSet, year: int, quarter: int) -> IndicatorSet | None:
    """The version of the set whose indicators hold values for that quarter (the newest)."""
    set_id = session.scalar(
        select(IndicatorSet.id).join(Indicator, Indicator.set_id == IndicatorSet.id)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(IndicatorSet.name == found.name, IndicatorSet.year == year, IndicatorValue.year == year,
               IndicatorValue.quarter == quarter)
        .order_by(IndicatorSet.version.desc()).limit(1))
    if set_id is None:
        return None
    return session.scalar(select(IndicatorSet).where(IndicatorSet.id == set_id)
                          .options(selectinload(IndicatorSet.indicators)))


def _has_value(given: dict[int, dict[int, Reading]], indicator_id: int, subject: int) -> bool:
    reading = given.get(indicator_id, {}).get(subject)
    return reading is not None and reading.value is not None


def _present(given: dict[int, dict[int, Reading]]) -> set[int]:
    return {s for per in given.values() for s, r in per.items() if r.value is not None}


Point = tuple[float | None, int | None]  # a quarter's total and overall rank (None: nothing recorded)


def _totals(session: Session, version: IndicatorSet, year: int, quarter: int,
            wanted: Sequence[int]) -> dict[int, Point]:
    """Totals and ranks of a past quarter, ranked as that quarter was: among the subjects
    of now and those with values then."""
    given = values.readings(session, version.indicators, version.subject, year, quarter)
    present = _present(given)
    rows = standings(rule_sets.rules_of(version.indicators), given, list(dict.fromkeys([*wanted, *present])))
    return {r.subject: ((r.total, r.rank) if r.subject in present else (None, None)) for r in rows}


def _trend(session: Session, found: IndicatorSet, year: int, quarter: int,
           wanted: Sequence[int], now: dict[int, Point]) -> tuple[list[str], dict[int, list[Point]]]:
    labels: list[str] = []
    trend: dict[int, list[Point]] = defaultdict(list)
    for y, q in _periods(session, found, quarter):
        labels.append(quarter_label(y, q))
        if (y, q) == (year, quarter):
            for s in wanted:
                trend[s].append(now.get(s, (None, None)))
            continue
        version = _version_for(session, found, y, q)
        totals = _totals(session, version, y, q, wanted) if version is not None else {}
        for s in wanted:
            trend[s].append(totals.get(s, (None, None)))
    return labels, trend


def _group_ranks(rows: Iterable[tuple[int, str, float]], reported: set[int],
                 bottom: int) -> dict[int, tuple[int, bool]]:
    by_group: dict[str, dict[int, float]] = defaultdict(dict)
    for subject, group, total in rows:
        by_group[group][subject] = total
    out = {}
    for members in by_group.values():
        ranks = competition_ranks(members)
        flagged = bottom_of(members, reported & members.keys(), bottom)
        out.update({s: (rank, s in flagged) for s, rank in ranks.items()})
    return out


def compute(session: Session, set_id: int, year: int, quarter: int, *, trend: bool = True) -> Rankings:
    """The quarter's scores, ranks (overall and in groups), trend and reporting of a set.

    A scoped account's rankings are computed among the subjects of its scope only (the readings
    and subjects are read through it, subjects.py), not cut out of the department's table: a
    按排名 indicator scores each subject by the values of all those ranked, and a rank 第15名
    says how many rank above, so rows cut from the whole table would tell what the scope keeps
    from the account. Refusing would leave a district clerk without the ranking it prepares for
    its own meeting. The tables say so (`scoped`, the exports' and 成绩单's titles)."""
    found = rule_sets.get(session, set_id)
    values.check_period(found, year, quarter)
    given = values.readings(session, found.indicators, found.subject, year, quarter)
    people = subjects.ranked(session, found.subject, _present(given))
    ids = [p.id for p in people]
    rules = rule_sets.rules_of(found.indicators)
    table = standings(rules, given, ids)
    per_indicator = [indicator_scores(rule, {s: given.get(rule.id, {}).get(s, Reading(None)) for s in ids})
                     for rule in rules]
    by_id = {p.id: p for p in people}
    in_group = _group_ranks(((r.subject, by_id[r.subject].group, r.total) for r in table),
                            {r.subject for r in table if r.missing < len(rules)}, BOTTOM_FLAGGED)
    present = _present(given)
    now: dict[int, Point] = {r.subject: (r.total, r.rank) if r.subject in present else (None, None) for r in table}
    labels, history = (_trend(session, found, year, quarter, ids, now) if trend
                       else ([quarter_label(year, quarter)], {s: [t] for s, t in now.items()}))
    rows = tuple(RankRow(r.subject, by_id[r.subject].label, by_id[r.subject].group, r.rank, in_group[r.subject][0],
                         r.total, r.missing, r.bottom, in_group[r.subject][1],
                         tuple(round(scores[r.subject], 2) for scores in per_indicator),
                         tuple(t for t, _r in history[r.subject]), tuple(k for _t, k in history[r.subject]),
                         tuple(_has_value(given, rule.id, r.subject) for rule in rules))
                 for r in table)
    return Rankings(found.id, found.name, found.version, year, quarter, found.subject, SUBJECT_LABELS[found.subject],
                    tuple(i.name for i in found.indicators), tuple(i.weight for i in found.indicators), rows,
                    tuple(labels), values.reporting_of(found.indicators, given, people),
                    scopes.session_scope(session) is not None)


# --- the bottom-ranked subjects' notes --------------------------------------------------------


@dataclass(frozen=True)
class Note:
    subject_id: int
    explanation: str
    measures: str
    recorded_by: str


def notes(session: Session, set_id: int, year: int, quarter: int) -> dict[int, Note]:
    found = rule_sets.get(session, set_id)
    column = RankingNote.unit_id if found.subject == SUBJECT_UNIT else RankingNote.cadre_id
    out: dict[int, Note] = {}
    stmt = select(column, RankingNote.explanation, RankingNote.measures, RankingNote.recorded_by).where(
        RankingNote.set_id == set_id, RankingNote.year == year, RankingNote.quarter == quarter, column.is_not(None))
    scoped = subjects.scope_condition(session, found.subject, column)
    for subject_id, explanation, measures, by in session.execute(stmt if scoped is None else stmt.where(scoped)):
        if subject_id is not None:
            out[subject_id] = Note(subject_id, explanation, measures, by)
    return out


def record_note(ws: Workspace, set_id: int, year: int, quarter: int, subject_id: int, explanation: str,
                measures: str) -> None:
    """A bottom-ranked subject's explanation and improvement measures (both required)."""
    explanation, measures = explanation.strip(), measures.strip()
    missing = [label for label, text in (("原因说明", explanation), ("整改措施", measures)) if not text]
    if missing:
        raise FrontlineError(f"请填写{'和'.join(missing)}")

    def op(ctx: OpContext) -> None:
        s = ctx.session
        subject = rule_sets.get(s, set_id).subject
        scoped = scopes.session_scope(s) is not None
        if scoped and subject_id in subjects.outside(s, subject, [subject_id]):
            raise PermissionDenied(subjects.refusal(s, subject, subject_id))
        # The bottom three are the department's (the meeting hears them all): a scoped account
        # records the note of one of its units flagged there, which its own ranking, computed
        # among its units (compute), may not flag. Only the flag is used, not shown.
        with scopes.department_wide(s):
            table = compute(s, set_id, year, quarter, trend=False)
        row = next((r for r in table.rows if r.subject_id == subject_id), None)
        if row is None:
            raise FrontlineError(f"{table.subject_label} {subject_id} 不在“{table.set_name}”"
                                 f"{quarter_label(year, quarter)}的排名中")
        if not row.bottom:
            place = "" if scoped else f"排第 {row.rank} 名，"
            raise FrontlineError(f"{row.subject}在{quarter_label(year, quarter)}{place}"
                                 f"不在末位 {BOTTOM_FLAGGED} 名之列，不需要作说明")
        key = {"unit_id" if table.subject == SUBJECT_UNIT else "cadre_id": subject_id}
        note = s.scalar(select(RankingNote).filter_by(set_id=set_id, year=year, quarter=quarter, **key))
        if note is None:
            note = RankingNote(set_id=set_id, year=year, quarter=quarter, **key)
            s.add(note)
        note.explanation, note.measures, note.recorded_by = explanation, measures, ctx.actor

    ws.run("ranking_note.record", op)
