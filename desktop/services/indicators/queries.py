"""What the window and the command line may read about quarterly indicators: the rule sets and
their indicators, a quarter's value grid, reporting, rankings and the bottom-ranked notes.

Each function passes the permission hook by opening its session with `ws.read("indicator.read")`.
They return frozen rows and plain values, never ORM objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.models import Indicator, IndicatorSet, IndicatorValue
from desktop.models.indicators import RULE_LABELS, SUBJECT_LABELS
from desktop.reports.scorecard_data import NoticeData, ScorecardData
from desktop.services.indicators import rankings as ranking_service
from desktop.services.indicators import rule_sets, scorecard, subjects, values
from desktop.services.indicators.rankings import Note, Rankings
from desktop.services.indicators.rule_sets import STATUS_LABELS
from desktop.services.indicators.values import Reporting
from desktop.services.workspace import Workspace

READ = "indicator.read"


@dataclass(frozen=True)
class SetRow:
    id: int
    name: str
    year: int
    version: int
    subject: str  # unit or leader
    status: str  # draft, active, retired
    indicators: int
    weight_total: float
    values: int  # values recorded against this version (it is locked once there are any)

    @property
    def subject_label(self) -> str:
        return SUBJECT_LABELS.get(self.subject, self.subject)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "year": self.year, "version": self.version,
                "subject": self.subject, "status": self.status, "indicators": self.indicators,
                "weight_total": self.weight_total, "values": self.values}


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    seq: int
    name: str
    weight: float
    rule: str
    cap: float
    min_value: float
    max_value: float
    lower_is_better: bool
    measure: str
    source_department: str

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)


@dataclass(frozen=True)
class SetDetail:
    row: SetRow
    indicators: tuple[IndicatorRow, ...]
    version: int | None = None  # the set's row version as read: a save over a later one is refused


def set_rows(ws: Workspace, year: int | None = None) -> list[SetRow]:
    """Every rule set and version, newest year first."""
    with ws.read(READ) as s:
        counts = select(func.count()).select_from(Indicator).where(
            Indicator.set_id == IndicatorSet.id).scalar_subquery()
        weights = select(func.coalesce(func.sum(Indicator.weight), 0.0)).where(
            Indicator.set_id == IndicatorSet.id).scalar_subquery()
        recorded = (select(func.count()).select_from(IndicatorValue)
                    .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
                    .where(Indicator.set_id == IndicatorSet.id).scalar_subquery())
        stmt = (select(IndicatorSet.id, IndicatorSet.name, IndicatorSet.year, IndicatorSet.version,
                       IndicatorSet.subject, IndicatorSet.status, counts, weights, recorded)
                .order_by(IndicatorSet.year.desc(), IndicatorSet.name, IndicatorSet.version))
        if year is not None:
            stmt = stmt.where(IndicatorSet.year == year)
        return [SetRow(i, n, y, v, sub, st, int(c), round(float(w), 4), int(r))
                for i, n, y, v, sub, st, c, w, r in s.execute(stmt)]


def set_detail(ws: Workspace, set_id: int) -> SetDetail:
    with ws.read(READ) as s:
        found = rule_sets.get(s, set_id)
        inds = tuple(IndicatorRow(i.id, i.seq, i.name, i.weight, i.rule, i.cap, i.min_value, i.max_value,
                                  i.lower_is_better, i.measure, i.source_department) for i in found.indicators)
        row = SetRow(found.id, found.name, found.year, found.version, found.subject, found.status, len(inds),
                     round(sum(i.weight for i in inds), 4), rule_sets.values_recorded(s, set_id))
        version = found.row_version
    return SetDetail(row, inds, version)


def subject_label(ws: Workspace, set_id: int, subject_id: int) -> str:
    """How the tables name a set's unit or leader (the number itself if there is none)."""
    with ws.read(READ) as s:
        found = subjects.named(s, rule_sets.get(s, set_id).subject, [subject_id]).get(subject_id)
    return found.label if found else str(subject_id)


@dataclass(frozen=True)
class GridRow:
    subject_id: int
    subject: str
    group: str
    values: tuple[float | None, ...]  # per indicator
    targets: tuple[float | None, ...]


@dataclass(frozen=True)
class ValueGrid:
    """A quarter's values, one row per subject and a column per indicator: the entry grid."""

    detail: SetDetail
    year: int
    quarter: int
    rows: tuple[GridRow, ...]


def value_grid(ws: Workspace, set_id: int, year: int, quarter: int) -> ValueGrid:
    detail = set_detail(ws, set_id)
    with ws.read(READ) as s:
        found = rule_sets.get(s, set_id)
        values.check_period(found, year, quarter)
        given = values.readings(s, found.indicators, found.subject, year, quarter)
        people = subjects.ranked(s, found.subject, {x for per in given.values() for x in per})
        rows = []
        for p in people:
            cells = [given.get(i.id, {}).get(p.id) for i in found.indicators]
            rows.append(GridRow(p.id, p.label, p.group, tuple(c.value if c else None for c in cells),
                                tuple(c.target if c else None for c in cells)))
    return ValueGrid(detail, year, quarter, tuple(rows))


def reporting(ws: Workspace, set_id: int, year: int, quarter: int) -> Reporting:
    with ws.read(READ) as s:
        return values.reporting(s, set_id, year, quarter)


def rankings(ws: Workspace, set_id: int, year: int, quarter: int) -> Rankings:
    """Scores, ranks overall and within groups, the trend, reporting (rankings.compute)."""
    with ws.read(READ) as s:
        return ranking_service.compute(s, set_id, year, quarter)


def ranking_notes(ws: Workspace, set_id: int, year: int, quarter: int) -> tuple[Note, ...]:
    with ws.read(READ) as s:
        return tuple(ranking_service.notes(s, set_id, year, quarter).values())


def scorecard_data(ws: Workspace, set_id: int, year: int, quarter: int) -> ScorecardData:
    """What the 成绩单 prints."""
    with ws.read(READ) as s:
        return scorecard.scorecard_data(s, set_id, year, quarter)


def notice_data(ws: Workspace, set_id: int, year: int, quarter: int, unit_id: int,
                today: dt.date | None = None) -> NoticeData:
    """What one unit's 晾晒 notice prints."""
    with ws.read(READ) as s:
        return scorecard.notice_data(s, set_id, year, quarter, unit_id, today)
