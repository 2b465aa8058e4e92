"""What the comprehensive analysis (立体式研判) screen shows of a cadre, as frozen plain values.

The political-quality figures, the ledger facts and the sheet tallies are the very values the
综合分析报告 prints (desktop/reports/assessment.py): the screen and the report cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop.models.dates import PartialDate
from desktop.models.results import Completion
from desktop.reports.assessment import (
    CampaignTake,
    Dimension,
    FlagNote,
    LedgerFact,
    LedgerSummary,
    TallyTable,
    score_text,
)

# How the rank is computed, in the words the screen prints under the ranks.
RANK_BASIS = ("排名依据：政治素质评议综合得分，即五个维度评议得分（与综合分析报告相同）的算术平均，"
              "保留两位小数；得分相同者名次相同（如 1、2、2、4）；没有完整政治素质评议表的干部不参与排名，"
              "列在最后。同单位指现任主要职务所在单位，同职级指现任主要职务的职级（无职级时按职务层次）。")


@dataclass(frozen=True)
class Summary:
    """The file's first lines: who the cadre is and where they serve."""

    id: int
    name: str
    sex: str
    birth: PartialDate | None
    age: int | None
    post: str  # 现任职务 as the forms print it
    unit: str  # the unit of the current main post
    unit_id: int | None
    rank: str  # 职级 of the current main post
    level: str  # 职务层次: 县处级正职 …

    @property
    def birth_text(self) -> str:
        if self.birth is None:
            return ""
        return f"{self.birth.year}.{self.birth.month:02d}" + (f"（{self.age}岁）" if self.age is not None else "")

    @property
    def rank_group(self) -> str:
        """What 同职级 compares: the rank, or the level for a cadre without one."""
        return self.rank or self.level


@dataclass(frozen=True)
class PeerScore:
    cadre_id: int
    name: str
    score: Decimal | None  # the political-quality total; None: no complete sheet
    rank: int | None  # None: not ranked


@dataclass(frozen=True)
class RankPlace:
    """The cadre's place among the cadres of one group (its unit, or its rank)."""

    group: str  # 同单位 / 同职级
    label: str  # the unit's name or the rank
    rank: int | None  # None: the cadre has no score, or no group
    peers: tuple[PeerScore, ...]  # the whole group, best first, unscored last

    @property
    def scored(self) -> int:
        return sum(1 for p in self.peers if p.score is not None)

    @property
    def tied(self) -> int:
        """How many share the cadre's rank (1: nobody else)."""
        return sum(1 for p in self.peers if self.rank is not None and p.rank == self.rank)

    def text(self) -> str:
        if not self.label:
            return f"{self.group}：档案中无现任主要职务的{'单位' if self.group == '同单位' else '职级'}，不排名"
        if self.rank is None:
            return f"{self.group}（{self.label}，{len(self.peers)}人）：无政治素质评议得分，不参与排名"
        tie = f"，与{self.tied - 1}人并列" if self.tied > 1 else ""
        return (f"{self.group}（{self.label}）：第{self.rank}名{tie}，"
                f"共{self.scored}人有评议得分（全组{len(self.peers)}人）")


@dataclass(frozen=True)
class CategoryRow:
    """One rater category of one tally (a campaign's sheets or ballots of one template)."""

    campaign: str
    template: str
    kind: str
    category: str
    issued: int
    responses: int
    grades: str  # 好3、较好1 …
    mean: Decimal | None
    weighted: Decimal | None  # the tally's weighted score, on every row of it


@dataclass(frozen=True)
class Excerpt:
    """A talk or a visit that names the cadre, with the passage that does."""

    kind: str  # 谈话 / 走访
    id: int
    when: dt.date | None
    campaign: str
    who: str  # the interviewee, or the place visited
    link: str  # how it concerns the cadre: 本人谈话, 了解其情况, 积分记录出处, 问题清单出处, 记录中提及
    text: str


@dataclass(frozen=True)
class ProblemLine:
    id: int
    period: str  # 2026年第1季度
    problem: str
    severity: str
    status: str


@dataclass(frozen=True)
class AnnualLine:
    year: int
    grade: str
    note: str


@dataclass(frozen=True)
class Profile:
    """Everything the analysis screen shows of one cadre; every part may be empty."""

    summary: Summary
    dimensions: tuple[Dimension, ...]
    pq_total: Decimal | None
    pq_sheets: int
    pq_campaigns: int
    flags: tuple[FlagNote, ...]
    ledger: tuple[LedgerFact, ...]  # oldest first; a reversed entry stays, with its reversal beside it
    tallies: tuple[TallyTable, ...]
    categories: tuple[CategoryRow, ...]
    excerpts: tuple[Excerpt, ...]
    campaigns: tuple[CampaignTake, ...]
    tasks: Completion  # the task list, all targets
    hard_tasks: Completion  # the hard indicators alone
    problems: tuple[ProblemLine, ...]  # open problems (not 已解决)
    annual: tuple[AnnualLine, ...]  # oldest first
    ranks: tuple[RankPlace, ...]  # 同单位, 同职级

    @property
    def ledger_summary(self) -> LedgerSummary:
        return LedgerSummary.of(self.ledger)

    @property
    def pq_total_text(self) -> str:
        return score_text(self.pq_total)


@dataclass(frozen=True)
class Comparison:
    """Two to five cadres side by side, in the order asked."""

    profiles: tuple[Profile, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # the aligned table: a figure per line, a cadre per column
