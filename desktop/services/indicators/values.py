"""A quarter's indicator values (and targets, for the target rule) per unit or leader: typed one
at a time in the grid, set from the command line, or imported in bulk; and who has not yet
reported (未报), with the reporting rate.

Every entry is checked before anything is written: a batch with one bad entry writes nothing.
A manual-rule value outside its indicator's range is refused, not clamped: the clerk mistyped.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import Cadre, Indicator, IndicatorSet, IndicatorValue, Unit
from desktop.models.base import utcnow
from desktop.models.indicators import MANUAL, RETIRED, SUBJECT_LABELS, SUBJECT_UNIT, TARGET, Reading
from desktop.services.indicators import rule_sets, subjects
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

MAX_LISTED = 10  # problems named in one refusal; the rest are counted


@dataclass(frozen=True)
class Entry:
    subject_id: int  # a unit, or a cadre for a leader set
    indicator_id: int
    value: float | None  # None with no target: the value is cleared
    target: float | None = None


def check_period(found: IndicatorSet, year: int, quarter: int) -> None:
    if not 1 <= quarter <= 4:
        raise FrontlineError(f"季度应为 1 至 4（现为 {quarter}）")
    if year != found.year:
        raise FrontlineError(f"“{found.name}”是{found.year}年的指标体系，不能用于{year}年")


def entry_problems(entry: Entry, indicator: Indicator | None, exists: bool, what: str) -> list[str]:
    if indicator is None:
        return [f"指标 {entry.indicator_id} 不属于这个指标体系"]
    out = []
    if not exists:
        out.append(f"{what} {entry.subject_id} 不存在")
    for label, number in (("数值", entry.value), ("目标值", entry.target)):
        if number is not None and not math.isfinite(number):
            out.append(f"“{indicator.name}”的{label}不是有效的数字")
    if out:
        return out
    if indicator.rule == MANUAL and entry.value is not None and not (
            indicator.min_value <= entry.value <= indicator.max_value):
        out.append(f"“{indicator.name}”为人工评分，应在 {indicator.min_value:g} 至 {indicator.max_value:g} 之间"
                   f"（现为 {entry.value:g}）")
    if entry.target is not None and indicator.rule != TARGET:
        out.append(f"“{indicator.name}”按{'排名' if indicator.rule != MANUAL else '人工评分'}计分，不填目标值")
    if entry.target is not None and entry.target <= 0:
        out.append(f"“{indicator.name}”的目标值应大于 0（现为 {entry.target:g}）")
    return out


def _existing_subjects(session: Session, subject: str, ids: Iterable[int]) -> set[int]:
    model = Unit if subject == SUBJECT_UNIT else Cadre
    wanted = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        found.update(session.scalars(select(model.id).where(model.id.in_(wanted[start:start + 500]))))
    return found


def problems(session: Session, found: IndicatorSet, entries: Sequence[Entry]) -> list[str]:
    """What is wrong with each entry, as sentences naming the subject and the indicator."""
    by_id = {i.id: i for i in found.indicators}
    exists = _existing_subjects(session, found.subject, (e.subject_id for e in entries))
    barred = subjects.outside(session, found.subject, exists)
    what = SUBJECT_LABELS[found.subject]
    # A scoped account enters the values of its scope only: each subject outside it named once.
    out = [subjects.refusal(session, found.subject, i) for i in dict.fromkeys(e.subject_id for e in entries)
           if i in barred]
    for e in entries:
        if e.subject_id not in barred:
            out += entry_problems(e, by_id.get(e.indicator_id), e.subject_id in exists, what)
    return out


def _refusal(found: list[str]) -> FrontlineError:
    shown = "；".join(found[:MAX_LISTED])
    more = f"；另有 {len(found) - MAX_LISTED} 处问题" if len(found) > MAX_LISTED else ""
    return FrontlineError(f"{shown}{more}（没有写入任何数据）")


def _key(subject: str, subject_id: int) -> dict[str, int | None]:
    return {"unit_id": subject_id, "cadre_id": None} if subject == SUBJECT_UNIT else {
        "unit_id": None, "cadre_id": subject_id}


def _existing(session: Session, found: IndicatorSet, year: int, quarter: int) -> dict[tuple[int, int], IndicatorValue]:
    column = IndicatorValue.unit_id if found.subject == SUBJECT_UNIT else IndicatorValue.cadre_id
    rows = session.scalars(select(IndicatorValue).where(
        IndicatorValue.indicator_id.in_([i.id for i in found.indicators]), IndicatorValue.year == year,
        IndicatorValue.quarter == quarter, column.is_not(None)))
    out = {}
    for row in rows:
        subject_id = row.unit_id if found.subject == SUBJECT_UNIT else row.cadre_id
        assert subject_id is not None
        out[(subject_id, row.indicator_id)] = row
    return out


def write(ctx: OpContext, found: IndicatorSet, year: int, quarter: int, entries: Sequence[Entry]) -> int:
    """Write checked entries inside an operation; returns how many values were set or cleared."""
    s = ctx.session
    existing = _existing(s, found, year, quarter)
    changed = 0
    for e in entries:
        row = existing.get((e.subject_id, e.indicator_id))
        if e.value is None and e.target is None:
            if row is not None:
                s.delete(row)
                existing.pop((e.subject_id, e.indicator_id))
                changed += 1
            continue
        if row is None:
            row = IndicatorValue(indicator_id=e.indicator_id, year=year, quarter=quarter,
                                 **_key(found.subject, e.subject_id))
            s.add(row)
            existing[(e.subject_id, e.indicator_id)] = row
        elif (row.value, row.target) == (e.value, e.target):
            continue
        row.value, row.target, row.reported_by, row.reported_at = e.value, e.target, ctx.actor, utcnow()
        changed += 1
    return changed


def open_set(session: Session, set_id: int, year: int, quarter: int) -> IndicatorSet:
    """The set values are recorded against: it exists, is not retired, and is for that year."""
    found = rule_sets.get(session, set_id)
    if found.status == RETIRED:
        raise FrontlineError(f"“{found.name}”第{found.version}版已停用，不能再录入数据")
    check_period(found, year, quarter)
    return found


def record_many(ws: Workspace, set_id: int, year: int, quarter: int, entries: Sequence[Entry], *,
                keep_targets: bool = False) -> int:
    """Record a batch of values, all or nothing; returns how many were set or cleared. With
    `keep_targets`, an entry without a target keeps the target already recorded (the command
    line's `values set` without --target)."""

    def op(ctx: OpContext) -> int:
        found = open_set(ctx.session, set_id, year, quarter)
        batch = list(entries)
        if keep_targets:
            old = _existing(ctx.session, found, year, quarter)
            batch = [Entry(e.subject_id, e.indicator_id, e.value, old[k].target)
                     if e.target is None and e.value is not None and (k := (e.subject_id, e.indicator_id)) in old
                     else e for e in batch]
        wrong = problems(ctx.session, found, batch)
        if wrong:
            raise _refusal(wrong)
        return write(ctx, found, year, quarter, batch)

    return ws.run("indicator_value.record", op).value


def record(ws: Workspace, set_id: int, year: int, quarter: int, subject_id: int, indicator_id: int,
           value: float | None, target: float | None = None, *, keep_target: bool = False) -> None:
    """One value (and target) of one subject; None for both clears it."""
    record_many(ws, set_id, year, quarter, [Entry(subject_id, indicator_id, value, target)],
                keep_targets=keep_target)


# --- reading ----------------------------------------------------------------------------------


def readings(session: Session, indicators: Sequence[Indicator], subject: str, year: int,
             quarter: int) -> dict[int, dict[int, Reading]]:
    """readings[indicator_id][subject_id] for one quarter (those of the scope of the session's
    account only: a scoped account's rankings are computed among its own subjects)."""
    column = IndicatorValue.unit_id if subject == SUBJECT_UNIT else IndicatorValue.cadre_id
    out: dict[int, dict[int, Reading]] = defaultdict(dict)
    stmt = (select(IndicatorValue.indicator_id, column, IndicatorValue.value, IndicatorValue.target)
            .where(IndicatorValue.indicator_id.in_([i.id for i in indicators]), IndicatorValue.year == year,
                   IndicatorValue.quarter == quarter, column.is_not(None)))
    scoped = subjects.scope_condition(session, subject, column)
    if scoped is not None:
        stmt = stmt.where(scoped)
    for indicator_id, subject_id, value, target in session.execute(stmt):
        if subject_id is not None:
            out[indicator_id][subject_id] = Reading(value, target)
    return out


@dataclass(frozen=True)
class Missing:
    subject_id: int
    name: str
    missing: tuple[str, ...]  # the indicators without a value


@dataclass(frozen=True)
class Reporting:
    """Who has reported a quarter's values: subjects × indicators with a value."""

    expected: int
    reported: int
    subjects: int
    complete: int  # subjects with every indicator reported
    not_reported: tuple[Missing, ...]

    @property
    def rate(self) -> float:
        return self.reported / self.expected if self.expected else 0.0


def reporting(session: Session, set_id: int, year: int, quarter: int) -> Reporting:
    found = rule_sets.get(session, set_id)
    check_period(found, year, quarter)
    given = readings(session, found.indicators, found.subject, year, quarter)
    people = subjects.ranked(session, found.subject,
                             {s for per in given.values() for s, r in per.items() if r.value is not None})
    return reporting_of(found.indicators, given, people)


def reporting_of(indicators: Sequence[Indicator], given: dict[int, dict[int, Reading]],
                 people: Sequence[subjects.Subject]) -> Reporting:
    """Reporting from a quarter's readings already loaded (`readings`) and the subjects ranked."""
    lacking = []
    reported = 0
    for subject in people:
        absent = tuple(i.name for i in indicators if (r := given.get(i.id, {}).get(subject.id)) is None
                       or r.value is None)
        reported += len(indicators) - len(absent)
        if absent:
            lacking.append(Missing(subject.id, subject.label, absent))
    return Reporting(len(people) * len(indicators), reported, len(people), len(people) - len(lacking),
                     tuple(lacking))
