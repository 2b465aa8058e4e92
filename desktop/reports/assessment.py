"""What the front-line records say, as plain values the reports print.

Services gather these from campaigns, talks, sheets, ballots and the points ledger; the
综合分析报告, the campaign reports and the 民主测评结果统计表 lay them out. Everything is a
fact or a figure computed from facts (counts, means, sums): no judgement is made here.
Values are frozen and picklable, so batch workers in other processes receive them as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop.models.ledger import DIMENSIONS

CENT = Decimal("0.01")
NONE_MARK = "—"


def score_text(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else NONE_MARK


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, two decimals, half up (as the tallies of issue 4 round)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def share_text(part: int, whole: int, sign: bool = False) -> str:
    value = share(part, whole)
    if value is None:
        return NONE_MARK
    return f"{value:.2f}%" if sign else f"{value:.2f}"


def chinese_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """2026年1月25日至2月10日; an open end reads 起."""
    if start is None and end is None:
        return "未定"
    if start is None:
        return f"至{chinese_date(end)}"
    if end is None:
        return f"{chinese_date(start)}起"
    tail = chinese_date(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{tail}"


def sentence(text: str) -> str:
    """Text ending in a full stop (facts are typed with or without one)."""
    text = text.strip()
    return text if not text or text[-1] in "。！？…" else text + "。"


def points_text(points: int) -> str:
    return f"{points:+d}" if points else "0"


# --- the political-performance ledger ---------------------------------------------------------

@dataclass(frozen=True)
class LedgerFact:
    """One ledger entry as printed: dated, sourced, with its correction history.

    A corrected entry stays in the report, marked 已冲正 with the correcting entry's number,
    date and reason; the correcting entry appears too, so the sum of the printed points is
    always the printed total."""

    number: int  # the entry's id: 第N号
    date: dt.date
    source: str  # 一线考核, 巡视巡察, 审计 …
    dimension: str
    behaviour: str
    fact: str
    points: int  # signed
    campaign: str = ""
    cadre: str = ""  # the cadre concerned (campaign reports list several cadres)
    reverses: int | None = None  # this entry corrects entry N
    reversed_by: int | None = None  # entry N corrects this one
    reversed_on: dt.date | None = None
    reason: str = ""  # why the correction was made

    @property
    def kind(self) -> str:
        if self.reverses is not None:
            return "冲正"
        return "加分" if self.points > 0 else "扣分"

    @property
    def effective(self) -> bool:
        """Neither a correction nor corrected: it counts as 加分 or 扣分."""
        return self.reverses is None and self.reversed_by is None

    def note(self) -> str:
        if self.reverses is not None:
            return f"冲正第{self.reverses}号" + (f"：{self.reason}" if self.reason else "")
        if self.reversed_by is not None:
            when = f"，{chinese_date(self.reversed_on)}" if self.reversed_on else ""
            return f"已冲正（第{self.reversed_by}号{when}" + (f"：{self.reason}" if self.reason else "") + "）"
        return ""

    def shown_fact(self) -> str:
        """The fact without the 冲正第N号记录： prefix the ledger writes into corrections."""
        prefix = f"冲正第 {self.reverses} 号记录："
        return self.fact.removeprefix(prefix) if self.reverses is not None else self.fact


@dataclass(frozen=True)
class LedgerSummary:
    entries: int
    positive: int  # effective 加分 entries
    positive_points: int
    negative: int
    negative_points: int  # a negative number
    corrected: int  # entries that were corrected
    corrections: int  # correcting entries
    net: int

    @classmethod
    def of(cls, facts: tuple[LedgerFact, ...]) -> LedgerSummary:
        plus = [f for f in facts if f.effective and f.points > 0]
        minus = [f for f in facts if f.effective and f.points < 0]
        return cls(len(facts), len(plus), sum(f.points for f in plus), len(minus), sum(f.points for f in minus),
                   sum(1 for f in facts if f.reversed_by is not None), sum(1 for f in facts if f.reverses is not None),
                   sum(f.points for f in facts))

    def sentence(self) -> str:
        """记录政治表现积分N条，其中加分a条（+x分）、扣分b条（-y分）……净积分z分。"""
        if not self.entries:
            return "未记录政治表现积分。"
        text = (f"记录政治表现积分{self.entries}条，其中加分{self.positive}条"
                f"（{points_text(self.positive_points)}分）、扣分{self.negative}条"
                f"（{points_text(self.negative_points)}分）")
        if self.corrected:
            text += f"，另有{self.corrected}条经冲正更正（冲正记录{self.corrections}条，相互抵消）"
        return text + f"，净积分{points_text(self.net)}分。"


# --- tallies of sheets and ballots ------------------------------------------------------------

def method_text(weights: tuple[tuple[str, int], ...], left_out: list[str] | None = None) -> str:
    """How a weighted score is computed, in words (left_out: categories without results)."""
    if not weights:
        return "各份测评结果得分的算术平均"
    parts = [f"{c}{w}%" for c, w in weights if w > 0]
    text = f"各类别平均分按权重加权平均（{'、'.join(parts)}"
    if left_out is None:
        text += "；某类别无测评结果时不计入，其余权重按比例折算"
    elif left_out:
        text += f"；{'、'.join(left_out)}无测评结果，不计入，其余权重按比例折算"
    return text + "）"


@dataclass(frozen=True)
class TallyRow:
    """One rater category: sheets or ballots handed out and returned, overall grades, mean score."""

    category: str
    issued: int
    responses: int
    counts: tuple[int, ...]  # per grade, in TallyTable.grades order
    abstain: int  # responses without an overall grade
    mean: Decimal | None

    @property
    def turnout(self) -> str:
        return share_text(self.responses, self.issued, sign=True)


@dataclass(frozen=True)
class ItemRow:
    """One question of the template: how often each grade was given (all categories together)."""

    section: str
    text: str
    counts: tuple[int, ...]  # per grade in TallyTable.item_grades order
    blank: int  # responses that left it blank

    @property
    def answered(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class TallyTable:
    """The results of one template in one campaign for one cadre."""

    campaign: str  # the campaign's name; empty for sheets outside any campaign
    template: str  # name and version
    kind: str  # the template's kind: 政治素质评议, 民主测评 …
    grades: tuple[str, ...]  # the overall item's grades, best first; empty if the template has none
    rows: tuple[TallyRow, ...]
    weighted: Decimal | None
    weights: tuple[tuple[str, int], ...] = ()  # category weights used; empty: every response alike
    items: tuple[ItemRow, ...] = ()
    item_grades: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # raters whose sheets are not in, ballots not returned
    campaign_id: int | None = None

    @property
    def issued(self) -> int:
        return sum(r.issued for r in self.rows)

    @property
    def responses(self) -> int:
        return sum(r.responses for r in self.rows)

    def total_counts(self) -> tuple[int, ...]:
        return tuple(sum(r.counts[i] for r in self.rows) for i in range(len(self.grades)))

    @property
    def abstain(self) -> int:
        return sum(r.abstain for r in self.rows)

    @property
    def scored(self) -> bool:
        return any(r.mean is not None for r in self.rows)

    def method(self) -> str:
        """How the weighted score was computed, in words."""
        used = {r.category for r in self.rows if r.mean is not None}
        return method_text(self.weights, [c for c, w in self.weights if w > 0 and c not in used])

    def overall_sentence(self) -> str:
        """总体评价：好18票（72.00%）、较好5票（20.00%）…"""
        if not self.grades or not self.responses:
            return ""
        counts = self.total_counts()
        parts = [f"{g}{n}票（{share_text(n, self.responses, sign=True)}）" for g, n in zip(self.grades, counts,
                                                                                            strict=True)]
        if self.abstain:
            parts.append(f"弃权{self.abstain}票（{share_text(self.abstain, self.responses, sign=True)}）")
        return "、".join(parts)


@dataclass(frozen=True)
class RankRow:
    rank: int
    name: str
    post: str
    responses: int
    issued: int
    weighted: Decimal | None
    top: int  # responses giving the best overall grade


@dataclass(frozen=True)
class Ranking:
    """Assessed cadres of a campaign ranked by weighted score for one template."""

    template: str
    kind: str
    top_grade: str  # the best overall grade (好)
    rows: tuple[RankRow, ...]
    method: str


def competition_ranks(scores: list[Decimal | None]) -> list[int]:
    """1, 2, 2, 4 … for scores sorted best first; unscored entries rank after all scored ones."""
    ranks: list[int] = []
    for i, s in enumerate(scores):
        if i and s == scores[i - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(i + 1)
    return ranks


# --- a cadre ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dimension:
    """One of the five dimensions: the evaluation-sheet score and the ledger's points."""

    name: str
    sheet_score: Decimal | None  # mean over political-quality sheets, 0–100
    plus: int = 0  # effective 加分 points
    minus: int = 0  # effective 扣分 points (negative)

    @property
    def net(self) -> int:
        return self.plus + self.minus


@dataclass(frozen=True)
class FlagNote:
    """A negative behaviour (负面行为清单) ticked on a political-quality sheet, with its fact."""

    behaviour: str
    category: str
    fact: str
    campaign: str


@dataclass(frozen=True)
class TalkNote:
    when: dt.datetime | None  # local time
    campaign: str
    interviewers: tuple[str, ...]
    interviewee: str  # who was talked to (the cadre, or someone asked about the cadre)
    about_other: bool  # the talk was with someone else about this cadre
    conclusion: str
    follow_up: str


@dataclass(frozen=True)
class CampaignTake:
    """A campaign the cadre was assessed in."""

    name: str
    kind: str
    period: str
    state: str = ""  # 筹备中, 进行中, 已结束


@dataclass(frozen=True)
class Assessment:
    """Everything the front-line records hold about one cadre. Every part may be empty."""

    campaigns: tuple[CampaignTake, ...] = ()
    dimensions: tuple[Dimension, ...] = tuple(Dimension(d, None) for d in DIMENSIONS)
    pq_sheets: int = 0  # political-quality sheets the dimension scores come from
    pq_campaigns: int = 0
    flags: tuple[FlagNote, ...] = ()
    ledger: tuple[LedgerFact, ...] = ()
    tallies: tuple[TallyTable, ...] = ()
    talks: tuple[TalkNote, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.campaigns or self.pq_sheets or self.ledger or self.tallies or self.talks)

    @property
    def has_scores(self) -> bool:
        return any(d.sheet_score is not None for d in self.dimensions)

    def ledger_summary(self) -> LedgerSummary:
        return LedgerSummary.of(self.ledger)
