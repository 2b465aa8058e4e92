"""The 成绩单: a quarter's indicator scores and rankings as a narrative report on the GB/T 9704
grid (PDF and Word from the same blocks).

It states what the services computed (reports/scorecard_data.py): who reported and who has
not, the ranking with every indicator's score, the rankings within groups, the trend of the
totals across the quarters (a line chart and a table) and the bottom-ranked subjects'
explanations and measures for the quarterly analysis meeting. Nothing is computed here but
sums and means of the printed figures.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sized
from dataclasses import dataclass

from desktop.reports import blocks as b
from desktop.reports.assessment import NONE_MARK, chinese_date, sentence
from desktop.reports.assessment_blocks import numeral
from desktop.reports.layout.linechart import nice_scale
from desktop.reports.scorecard_data import ScorecardData, ScoreRow

BOTTOM_MARK = "▲"
NOT_REPORTED = "未报"  # an indicator cell of a subject that reported no value
LISTED = 20  # subjects named in a sentence before "等N个"
# Column widths in millimetres of the 156 mm text block, at 五号 (10.5 pt, 3.7 mm a character,
# half that for a digit) with Word's cell margins (1.9 mm each side; the PDF's are 1.6 mm), so
# the Word copy breaks no figure either: 名次 holds two characters, a score 99.99, 类别 four
# characters, 总分 100.00, 未报项 three characters.
RANK_W, GROUP_W, SCORE_W, TOTAL_W, MISSING_W, NAME_MIN = 11.5, 19.5, 14.5, 15.0, 15.0, 28.0
WIDE_SCORE_W = 16.0  # when a score reaches 100.00
QUARTER_W, CHANGE_W = 17.5, 15.0  # 第3季度: three characters and a digit
BLOCK_MM = 156.0
MOST_SERIES = 5  # lines in the trend chart: more cannot be told apart in black and white


def score_text(value: float | None) -> str:
    return NONE_MARK if value is None else f"{value:.2f}"


def indicator_text(row: ScoreRow, n: int) -> str:
    """The score of indicator n, or 未报 where the subject reported no value (its 0 is not a score
    earned); a row without the flags prints the score, and “—” where it has none."""
    if n < len(row.reported) and not row.reported[n]:
        return NOT_REPORTED
    return score_text(row.scores[n] if n < len(row.scores) else None)


def percent(rate: float) -> str:
    return f"{rate * 100:.2f}%"


def quarter_title(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"


def weight_text(weight: float) -> str:
    return f"{weight:g}"


def names_text(names: tuple[str, ...] | list[str], label: str) -> str:
    """甲、乙、丙; more than LISTED names end in 等N个单位."""
    shown = "、".join(names[:LISTED])
    return shown + (f"等{len(names)}个{label}" if len(names) > LISTED else "")


def _names_left(columns: Sized) -> tuple[str, ...]:
    """Alignment of a table whose second column holds the names: names left, the rest centred."""
    return tuple("l" if n == 1 else "c" for n in range(len(columns)))


def marked(row: ScoreRow) -> str:
    return f"{row.subject}{BOTTOM_MARK}" if row.bottom else row.subject


# --- 一、报送情况 ---------------------------------------------------------------------------------

def _reporting(d: ScorecardData) -> list[b.Block]:
    subjects, indicators = len(d.rows), len(d.indicators)
    expected = subjects * indicators
    missing = sum(r.missing for r in d.rows)
    text = (f"本季度纳入考核的{d.subject_label}{subjects}个，考核指标{indicators}项，应报数据{expected}项，"
            f"已报{expected - missing}项，报送率{percent(d.reporting_rate)}。")
    if d.not_reported:
        text += (f"尚有{len(d.not_reported)}个{d.subject_label}未报齐数据："
                 f"{names_text(d.not_reported, d.subject_label)}。未报的指标按零分计。")
    else:
        text += f"各{d.subject_label}均已报齐数据。"
    return [b.Para(text)]


# --- 二、综合排名 ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    """One table of a ranking split by columns: which indicators it shows, and whether it
    carries the group column (the first part) and the total and 未报项 (the last part)."""

    first: int
    last: int  # exclusive
    with_group: bool
    with_total: bool


def score_width(d: ScorecardData) -> float:
    widest = max((s for r in d.rows for s in r.scores), default=0.0)
    return WIDE_SCORE_W if widest >= 99.995 else SCORE_W


def table_parts(d: ScorecardData) -> list[_Part]:
    """The ranking in as few tables as fit the text block, the indicators shared evenly."""
    n = len(d.indicators)
    fixed = RANK_W + NAME_MIN + GROUP_W + TOTAL_W + MISSING_W
    per_table = max(1, int((BLOCK_MM - fixed) // score_width(d)))
    count = max(1, math.ceil(n / per_table))
    size = math.ceil(n / count) if n else 0
    bounds = [(k * size, min(n, (k + 1) * size)) for k in range(count)]
    return [_Part(a, z, k == 0, k == count - 1) for k, (a, z) in enumerate(bounds)]


def _ranking_table(d: ScorecardData, part: _Part, caption: str) -> b.Table:
    width = score_width(d)
    header: list[str] = ["名次", d.subject_label]
    widths: list[float] = [RANK_W, 0.0]
    if part.with_group:
        header.append("类别")
        widths.append(GROUP_W)
    header += [f"指标\n{n + 1}" for n in range(part.first, part.last)]
    widths += [width] * (part.last - part.first)
    if part.with_total:
        header += ["总分", "未报项"]
        widths += [TOTAL_W, MISSING_W]
    widths[1] = BLOCK_MM - sum(widths)
    rows = []
    for r in d.rows:
        cells = [str(r.rank), marked(r)]
        if part.with_group:
            cells.append(r.group or NONE_MARK)
        cells += [indicator_text(r, n) for n in range(part.first, part.last)]
        if part.with_total:
            cells += [score_text(r.total), str(r.missing) if r.missing else ""]
        rows.append(tuple(cells))
    return b.Table(tuple(header), tuple(rows), tuple(widths), caption=caption, small=True, align=_names_left(header))


def _indicator_table(d: ScorecardData) -> b.Table:
    rows = tuple((f"指标{n}", name, weight_text(w))
                 for n, (name, w) in enumerate(zip(d.indicators, d.weights, strict=True), start=1))
    return b.Table(("编号", "指标", "权重"), rows, (2.0, 11.0, 2.0), small=True, align=("c", "l", "c"))


def _ranking(d: ScorecardData) -> list[b.Block]:
    flagged = [r for r in d.rows if r.bottom]
    out: list[b.Block] = [
        b.Para(f"考核指标{len(d.indicators)}项及其权重如下（指标体系：{d.set_name}）。"),
        _indicator_table(d),
    ]
    intro = (f"各{d.subject_label}按总分从高到低排列，总分相同者名次相同。")
    if flagged:
        intro += f"标注“{BOTTOM_MARK}”的{len(flagged)}个{d.subject_label}排名靠后，列入季度分析会。"
    parts = table_parts(d)
    if len(parts) > 1:
        intro += f"指标较多，排名表分{len(parts)}张列出。"
    out.append(b.Para(intro))
    for k, part in enumerate(parts, start=1):
        caption = f"综合排名（{k}/{len(parts)}：指标{part.first + 1}—{part.last}）" if len(parts) > 1 else ""
        out.append(_ranking_table(d, part, caption))
    return out


# --- 三、分类排名 ---------------------------------------------------------------------------------

def groups(d: ScorecardData) -> list[tuple[str, list[ScoreRow]]]:
    """The groups in the order their best member ranks, each by its rank within the group."""
    found: dict[str, list[ScoreRow]] = {}
    for r in d.rows:
        found.setdefault(r.group, []).append(r)
    return [(g, sorted(rows, key=lambda r: (r.group_rank, r.rank))) for g, rows in found.items()]


def _group_rankings(d: ScorecardData) -> list[b.Block]:
    grouped = [(g, rows) for g, rows in groups(d) if g]
    if not grouped:
        return [b.Para(f"各{d.subject_label}未分类别，不再分类排名。")]
    out: list[b.Block] = [b.Para(f"按{d.subject_label}类别分{len(grouped)}类排名如下。")]
    for n, (group, rows) in enumerate(grouped, start=1):
        out.append(b.Heading(2, f"（{numeral(n)}）{group}（{len(rows)}个）"))
        table_rows = tuple((str(r.group_rank), marked(r), score_text(r.total), str(r.rank),
                            str(r.missing) if r.missing else "") for r in rows)
        out.append(b.Table(("类内名次", d.subject_label, "总分", "综合名次", "未报项"), table_rows,
                           (2.2, 7.8, 2.2, 2.2, 2.0), small=True, align=_names_left(range(5))))
    return out


# --- 四、得分趋势 ---------------------------------------------------------------------------------

def average(rows: tuple[ScoreRow, ...], quarter: int) -> float | None:
    values = [v for r in rows if quarter < len(r.trend) and (v := r.trend[quarter]) is not None]
    return sum(values) / len(values) if values else None


def trend_chart(d: ScorecardData) -> b.LineChart | None:
    """Totals across the quarters: every subject when there are few; otherwise the mean of
    all, the first-ranked and the bottom-ranked (the last ones when more are flagged)."""
    if not d.quarters or not d.rows:
        return None
    quarters = range(len(d.quarters))
    series: list[b.Series] = []
    if len(d.rows) <= MOST_SERIES:
        chosen = list(d.rows)
    else:
        mean = tuple(average(d.rows, q) for q in quarters)
        series.append(b.Series(f"全部{d.subject_label}平均", mean, bold=True))
        bottom = [r for r in d.rows if r.bottom] or [d.rows[-1]]
        chosen = [d.rows[0], *bottom[-(MOST_SERIES - 2):]]
    for r in chosen:
        values = tuple(r.trend[q] if q < len(r.trend) else None for q in quarters)
        series.append(b.Series(f"{r.subject}（第{r.rank}名）", values))
    present = [v for s in series for v in s.values if v is not None]
    if not present:
        return None
    low, high, step = nice_scale(present)
    return b.LineChart(d.quarters, tuple(series), low, high, step, caption="图1　季度总分走势")


def _trend_table(d: ScorecardData) -> tuple[b.Table, int]:
    """Every subject's totals of the latest quarters that fit, with the change on the quarter
    before; how many quarters are left out on the left."""
    fit = max(1, int((BLOCK_MM - RANK_W - NAME_MIN - CHANGE_W) // QUARTER_W))
    shown = list(range(max(0, len(d.quarters) - fit), len(d.quarters)))
    widths = [RANK_W, 0.0, *[QUARTER_W] * len(shown), CHANGE_W]
    widths[1] = BLOCK_MM - sum(widths)
    header = ("名次", d.subject_label, *(d.quarters[q].replace("年", "年\n", 1) for q in shown), "较上\n季度")
    rows = []
    for r in d.rows:
        values = [r.trend[q] if q < len(r.trend) else None for q in shown]
        now, before = values[-1] if values else None, values[-2] if len(values) > 1 else None
        change = f"{now - before:+.2f}" if now is not None and before is not None else NONE_MARK
        rows.append((str(r.rank), marked(r), *(score_text(v) for v in values), change))
    return b.Table(header, tuple(rows), tuple(widths), small=True, align=_names_left(header)), \
        len(d.quarters) - len(shown)


def _trend(d: ScorecardData) -> list[b.Block]:
    if not d.quarters:
        return [b.Para("暂无往期数据，不作趋势分析。")]
    chart = trend_chart(d)
    out: list[b.Block] = []
    span = d.quarters[0] if len(d.quarters) == 1 else f"{d.quarters[0]}至{d.quarters[-1]}"
    if chart is not None:
        drawn = "各" + d.subject_label if len(d.rows) <= MOST_SERIES else \
            f"全部{d.subject_label}的平均分、第1名和排名靠后的{d.subject_label}"
        out += [b.Para(f"{span}{drawn}的季度总分走势见图1，"
                       f"各{d.subject_label}逐季总分见下表（缺少数据的季度记为“{NONE_MARK}”）。"), chart]
    table, left_out = _trend_table(d)
    if left_out:
        out.append(b.Para(f"下表列出最近{len(d.quarters) - left_out}个季度的总分。"))
    out.append(table)
    return out


# --- 五、排名靠后单位的说明和整改措施 ---------------------------------------------------------------

def _notes(d: ScorecardData) -> list[b.Block]:
    flagged = [r for r in d.rows if r.bottom]
    notes = {n.subject: n for n in d.notes}
    if not flagged and not notes:
        return [b.Para(f"本季度没有列入季度分析会的{d.subject_label}。")]
    ranks = {r.subject: r for r in d.rows}
    order = [r.subject for r in flagged] + [s for s in notes if s not in {r.subject for r in flagged}]
    out: list[b.Block] = [b.Para(f"以下{len(order)}个{d.subject_label}在季度分析会上说明原因、提出整改措施。")]
    for n, subject in enumerate(order, start=1):
        row = ranks.get(subject)
        where = f"（第{row.rank}名，总分{score_text(row.total)}分）" if row else ""
        out.append(b.Heading(2, f"（{numeral(n)}）{subject}{where}"))
        note = notes.get(subject)
        if note is None:
            out.append(b.Para("尚未提交原因说明和整改措施。"))
            continue
        out.append(b.Para(sentence(note.explanation) or "未填写。", lead="原因说明：", lead_level=2))
        out.append(b.Para(sentence(note.measures) or "未填写。", lead="整改措施：", lead_level=2))
    return out


# --- the document ------------------------------------------------------------------------------

def title_of(d: ScorecardData) -> str:
    who = "" if d.subject_label == "单位" else f"（{d.subject_label}）"
    return f"{quarter_title(d.year, d.quarter)}重点任务指标成绩单{who}"


def document(d: ScorecardData, as_of: dt.date | None = None) -> b.Document:
    """The 成绩单; `as_of` dates the 落款 (none: the organization alone)."""
    title = title_of(d)
    blocks: list[b.Block] = [
        b.Title(title), b.Subtitle(d.organization),
        b.Para(f"根据{d.set_name}，现将{quarter_title(d.year, d.quarter)}各{d.subject_label}"
               "重点任务指标得分和排名情况通报如下。"),
        b.Heading(1, "一、数据报送情况"), *_reporting(d),
        b.Heading(1, "二、综合排名"), *_ranking(d),
        b.Heading(1, "三、分类排名"), *_group_rankings(d),
        b.Heading(1, "四、得分走势"), *_trend(d),
        b.Heading(1, f"五、排名靠后{d.subject_label}的原因说明和整改措施"), *_notes(d),
        b.Signature(d.organization, chinese_date(as_of)),
    ]
    return b.Document(title, tuple(blocks), author=d.organization, subject="重点任务指标成绩单",
                      keywords=("成绩单", quarter_title(d.year, d.quarter)))
