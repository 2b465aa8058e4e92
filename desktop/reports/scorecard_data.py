"""What the 成绩单 and the 晾晒 notice print: plain values gathered by the services
(services/indicators), laid out by reports/scorecard.py. No database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoreRow:
    rank: int  # competition rank: ties share the better place
    subject: str  # the unit's name, or the leader's name and post
    group: str  # unit type or rank level, for the rankings within groups
    group_rank: int
    total: float
    scores: tuple[float, ...]  # per indicator, in ScorecardData.indicators order
    missing: int  # indicators not reported (未报)
    bottom: bool  # flagged for the quarterly analysis meeting
    trend: tuple[float | None, ...]  # totals of the quarters in ScorecardData.quarters (None: no data)
    reported: tuple[bool, ...] = ()  # per indicator, False where no value was reported (printed 未报); () all


@dataclass(frozen=True)
class MeetingNote:
    subject: str
    explanation: str
    measures: str


@dataclass(frozen=True)
class ScorecardData:
    organization: str  # who publishes it (中共海滨市委组织部)
    set_name: str  # the indicator rule set
    year: int
    quarter: int
    subject_label: str  # 单位 or 领导干部
    indicators: tuple[str, ...]
    weights: tuple[float, ...]
    rows: tuple[ScoreRow, ...]  # by rank
    reporting_rate: float  # share of subjects × indicators with a value, 0 … 1
    not_reported: tuple[str, ...]  # subjects with at least one value missing
    quarters: tuple[str, ...]  # trend labels, oldest first, the current one last ("2026年第1季度")
    notes: tuple[MeetingNote, ...]  # the bottom-ranked subjects' explanations


@dataclass(frozen=True)
class NoticeData:
    """The 晾晒 notice: one page, one unit's progress, for posting inside the unit."""

    organization: str
    unit: str
    year: int
    quarter: int
    rank: int
    of: int  # how many units were ranked
    total: float
    lines: tuple[tuple[str, str, str], ...]  # (indicator or target, achieved, 完成/部分完成/未完成/未报)
    completion_rate: float | None  # the unit's task-list completion (None: no targets)
    overdue: int
    problems_open: int
