"""The 成绩单's and the 晾晒 notice's data (reports/scorecard_data.py), filled from a set's
rankings of a quarter; the notice adds the unit's task-list completion (models.results,
read here directly: Target, Verification and Problem rows of the unit).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import Indicator, Problem, Target, Verification
from desktop.models.indicators import SUBJECT_UNIT, TARGET, Reading
from desktop.models.results import PROBLEM_STATUSES, RESULT_LABELS, Completion, completion, judge
from desktop.reports.scorecard_data import MeetingNote, NoticeData, ScorecardData, ScoreRow
from desktop.services.admin import settings
from desktop.services.indicators import rankings, rule_sets, subjects, values

NOT_REPORTED = "未报"
REPORTED = "已报"  # a ranking or manual indicator has no target to be met: reported is all it says
UNVERIFIED = "未核验"  # a task-list target not yet checked (implementation list)
SOLVED = PROBLEM_STATUSES[-1]


def _organization(session: Session) -> str:
    return str(settings.get(session, settings.REPORT_ISSUER, "") or "")


def scorecard_data(session: Session, set_id: int, year: int, quarter: int) -> ScorecardData:
    table = rankings.compute(session, set_id, year, quarter)
    noted = rankings.notes(session, set_id, year, quarter)
    rows = tuple(ScoreRow(r.rank, r.subject, r.group, r.group_rank, r.total, r.scores, r.missing, r.bottom,
                          r.trend, r.reported) for r in table.rows)
    notes = tuple(MeetingNote(r.subject, noted[r.subject_id].explanation, noted[r.subject_id].measures)
                  for r in table.rows if r.subject_id in noted)
    return ScorecardData(
        organization=_organization(session), set_name=table.set_name + rankings.scoped_note(table), year=year,
        quarter=quarter,
        subject_label=table.subject_label, indicators=table.indicators, weights=table.weights, rows=rows,
        reporting_rate=table.reporting.rate, not_reported=tuple(m.name for m in table.reporting.not_reported),
        quarters=table.quarters, notes=notes)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _indicator_line(indicator: Indicator, reading: Reading | None) -> tuple[str, str, str]:
    if reading is None or reading.value is None:
        return indicator.name, "", NOT_REPORTED
    measure = indicator.measure
    achieved = f"{_number(reading.value)}{measure}"
    if indicator.rule != TARGET:
        return indicator.name, achieved, REPORTED
    if reading.target is None:
        return indicator.name, achieved, NOT_REPORTED
    status = RESULT_LABELS[judge(reading.target, reading.value, lower_is_better=indicator.lower_is_better)]
    return indicator.name, f"{achieved}（目标 {_number(reading.target)}{measure}）", status


def _target_lines(session: Session, unit_id: int, today: dt.date) -> tuple[list[tuple[str, str, str]], Completion]:
    found = session.execute(
        select(Target.duty, Target.indicator, Target.measure, Target.deadline, Verification.result,
               Verification.achieved_value)
        .outerjoin(Verification, Verification.target_id == Target.id)
        .where(Target.unit_id == unit_id).order_by(Target.seq, Target.id)).all()
    lines = []
    for duty, indicator, measure, _deadline, result, achieved in found:
        text = f"{_number(achieved)}{measure}" if achieved is not None else ""
        lines.append((indicator or duty, text, RESULT_LABELS.get(result or "", UNVERIFIED)))
    return lines, completion([(r[4], r[3]) for r in found], today)


def notice_data(session: Session, set_id: int, year: int, quarter: int, unit_id: int,
                today: dt.date | None = None) -> NoticeData:
    """One unit's 晾晒 notice: its rank and total, each indicator's value against its target,
    its task-list targets as verified, completion, overdue targets and open problems."""
    found = rule_sets.get(session, set_id)
    if found.subject != SUBJECT_UNIT:
        raise FrontlineError(f"“{found.name}”考核的是领导干部；晾晒通知只用于单位")
    if unit_id in subjects.outside(session, found.subject, [unit_id]):
        raise PermissionDenied(subjects.refusal(session, found.subject, unit_id))
    table = rankings.compute(session, set_id, year, quarter, trend=False)
    row = next((r for r in table.rows if r.subject_id == unit_id), None)
    if row is None:
        raise FrontlineError(f"单位 {unit_id} 不在“{found.name}”{rankings.quarter_label(year, quarter)}的排名中")
    given = values.readings(session, found.indicators, found.subject, year, quarter)
    lines = [_indicator_line(i, given.get(i.id, {}).get(unit_id)) for i in found.indicators]
    targets, done = _target_lines(session, unit_id, today or dt.date.today())
    problems_open = len(session.scalars(select(Problem.id).where(
        Problem.unit_id == unit_id, Problem.status != SOLVED,
        (Problem.year < year) | ((Problem.year == year) & (Problem.quarter <= quarter)))).all())
    return NoticeData(
        organization=_organization(session), unit=row.subject, year=year, quarter=quarter, rank=row.rank,
        of=len(table.rows), total=row.total, lines=tuple(lines + targets), completion_rate=done.rate,
        overdue=done.overdue, problems_open=problems_open)
