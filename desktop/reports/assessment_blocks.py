"""Report blocks for front-line data, shared by the 综合分析报告 and the campaign reports:
the ledger table, tally tables by rater category, ranking tables, the radar chart."""

from __future__ import annotations

from desktop.reports import blocks as b
from desktop.reports.assessment import (
    NONE_MARK,
    Assessment,
    LedgerFact,
    Ranking,
    TallyTable,
    chinese_date,
    points_text,
    score_text,
    share_text,
)
from desktop.reports.layout.radar import scale_bounds

NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 (enough for headings)."""
    if n <= 10:
        return NUMERALS[n - 1]
    return "十" + NUMERALS[n - 11] if n < 20 else str(n)


def ledger_table(facts: tuple[LedgerFact, ...], *, with_cadre: bool = False) -> b.Table:
    """Every entry, oldest first; corrected entries and corrections marked, none left out."""
    rows = []
    for f in facts:
        who = (f.cadre,) if with_cadre else ()
        rows.append((f"{f.number}", f.date.strftime("%Y.%m.%d"), *who, f"{f.source}\n{f.dimension}", f.shown_fact(),
                     points_text(f.points), f.note() or f.kind))
    header = ("编号", "日期", *(("干部",) if with_cadre else ()), "来源及维度", "具体事实", "分值", "类别及说明")
    widths = (1.3, 2.7, *((1.8,) if with_cadre else ()), 2.3, 7.4 if not with_cadre else 6.2, 1.3, 2.6)
    return b.Table(header, tuple(rows), widths, small=True)


def tally_intro(t: TallyTable) -> str:
    """收回18份（发出20份，参评率90.00%），加权得分87.35分（方法）。总体评价：好…。"""
    where = f"在“{t.campaign}”中，" if t.campaign else "在未关联考核的测评中，"
    turnout = share_text(t.responses, t.issued, True)
    text = f"{where}{t.template}收回{t.responses}份（发出{t.issued}份，参评率{turnout}）"
    if t.weighted is not None:
        text += f"，综合得分{score_text(t.weighted)}分（{t.method()}）"
    overall = t.overall_sentence()
    text += f"。总体评价：{overall}。" if overall else "。"
    if t.missing:
        shown = "、".join(t.missing[:8]) + (f"等{len(t.missing)}项" if len(t.missing) > 8 else "")
        text += f"未交回：{shown}。"
    return text


def tally_table(t: TallyTable) -> b.Table:
    """Rater categories × overall grades (counts), with sheets issued and returned, mean score."""
    rows = []
    for r in t.rows:
        rows.append((r.category, str(r.issued), str(r.responses), *(str(n) for n in r.counts),
                     *((str(r.abstain),) if t.grades else ()), score_text(r.mean)))
    rows.append(("合计（综合得分）", str(t.issued), str(t.responses), *(str(n) for n in t.total_counts()),
                 *((str(t.abstain),) if t.grades else ()), score_text(t.weighted)))
    header = ("测评人类别", "发出", "收回", *t.grades, *(("弃权",) if t.grades else ()), "平均分")
    widths = (2.6, 1.4, 1.4, *([1.4] * len(t.grades)), *((1.4,) if t.grades else ()), 1.9)
    return b.Table(header, tuple(rows), widths)


def ranking_table(r: Ranking) -> b.Table:
    rows = tuple((str(x.rank) if x.weighted is not None else NONE_MARK, x.name, x.post,
                  f"{x.responses}/{x.issued}", share_text(x.top, x.responses, True) if x.responses else NONE_MARK,
                  score_text(x.weighted)) for x in r.rows)
    return b.Table(("名次", "姓名", "单位及职务", "收回/发出", f"“{r.top_grade}”占比" if r.top_grade else "总体评价",
                    "综合得分"), rows, (1.3, 1.9, 6.0, 1.9, 2.2, 1.9))


def dimension_table(a: Assessment) -> b.Table:
    rows = tuple((d.name, score_text(d.sheet_score), points_text(d.plus), points_text(d.minus), points_text(d.net))
                 for d in a.dimensions)
    return b.Table(("维度", "评议得分", "积分加分", "积分扣分", "净积分"), rows, (2.6, 2.0, 2.0, 2.0, 2.0))


def dimension_radar(a: Assessment) -> tuple[b.Radar | None, str]:
    """The chart and the sentence saying what it shows: the evaluation-sheet scores when
    there are any, otherwise the ledger's net points per dimension."""
    labels = tuple(d.name for d in a.dimensions)
    if a.has_scores:
        values = tuple(float(d.sheet_score) if d.sheet_score is not None else 0.0 for d in a.dimensions)
        chart = b.Radar(labels, values, 0.0, 100.0, "政治素质五维雷达图（评议得分，百分制）")
        return chart, "雷达图按各维度评议得分绘制（百分制）。"
    if a.ledger:
        values = tuple(float(d.net) for d in a.dimensions)
        low, high = scale_bounds(list(values))
        chart = b.Radar(labels, values, low, high, "政治素质五维雷达图（政治表现净积分）", signed=True)
        return chart, "暂无政治素质评议表，雷达图按各维度政治表现净积分绘制。"
    return None, ""


def when_text(facts: tuple[LedgerFact, ...]) -> str:
    if not facts:
        return ""
    first, last = min(f.date for f in facts), max(f.date for f in facts)
    return f"{chinese_date(first)}至{chinese_date(last)}" if first != last else chinese_date(first)
