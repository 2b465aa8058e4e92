"""The 晾晒 notice: one unit's quarterly progress on one page, for posting inside the unit.

GB/T 9704 layout (the narrative grid of layout/official.py). It is always exactly one page:
when the indicator table does not fit it is set smaller, then rows are left out — the
completed ones first — and a row “…” says how many and of which kind; a unit name too long
for the title is cut with “…”. The counts in the text always cover every line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from desktop.reports import blocks as b
from desktop.reports.assessment import chinese_date
from desktop.reports.layout import official
from desktop.reports.layout.draw import Rendered
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.stamp import Stamp
from desktop.reports.scorecard import percent, quarter_title, score_text
from desktop.reports.scorecard_data import NoticeData

STATUSES = ("完成", "部分完成", "未完成", "未报")
ELLIPSIS = "…"
NAME_MOST = 30  # characters of the unit's name a title holds before it is cut (when the page is full)


@dataclass(frozen=True)
class Fit:
    """How the notice is shrunk to one page."""

    small: bool = False  # the table in 五号
    shown: int | None = None  # lines kept in the table (None: all)
    name_chars: int | None = None  # the unit's name cut to this many characters (None: whole)


def title_of(d: NoticeData, name: str | None = None) -> str:
    return f"关于{name or d.unit}{quarter_title(d.year, d.quarter)}重点任务进展情况的晾晒"


def counts_text(statuses: list[str]) -> str:
    """完成3项、未完成1项 (kinds with none left out, in the order of STATUSES)."""
    found = Counter(statuses)
    kinds = [*STATUSES, *sorted(k for k in found if k not in STATUSES)]
    return "、".join(f"{k}{found[k]}项" for k in kinds if found[k])


def kept(d: NoticeData, shown: int | None) -> list[int]:
    """Indexes of the lines the table lists, in their order: when not all fit, those not yet
    completed come first."""
    if shown is None or shown >= len(d.lines):
        return list(range(len(d.lines)))
    order = sorted(range(len(d.lines)), key=lambda n: (d.lines[n][2] == "完成", n))
    return sorted(order[:shown])


def _table(d: NoticeData, fit: Fit) -> tuple[b.Table, str]:
    keep = kept(d, fit.shown)
    rows = [(str(n + 1), *d.lines[n]) for n in keep]
    note = ""
    if len(keep) < len(d.lines):
        left = [d.lines[n][2] for n in range(len(d.lines)) if n not in set(keep)]
        rows.append((ELLIPSIS, f"另有{len(left)}项未列出（{counts_text(left)}）", ELLIPSIS, ELLIPSIS))
        note = f"限于篇幅，表中列出{len(keep)}项，未完成和未报的优先列出。"
    table = b.Table(("序号", "指标或目标", "完成情况", "状态"), tuple(rows), (1.4, 8.6, 3.4, 2.6), small=fit.small,
                    align=("c", "l", "c", "c"))
    return table, note


def blocks(d: NoticeData, as_of: dt.date | None, fit: Fit) -> b.Document:
    name = d.unit if fit.name_chars is None else d.unit[:fit.name_chars] + ELLIPSIS
    title = title_of(d, name)
    quarter = quarter_title(d.year, d.quarter)
    # No opening sentence: the title says what this is, and the page is for the table.
    out: list[b.Block] = [
        b.Title(title),
        b.Para(f"总分{score_text(d.total)}分，在{d.of}个单位中排第{d.rank}名。", lead="一、综合排名。", lead_level=1),
    ]
    if d.lines:
        table, note = _table(d, fit)
        out += [b.Para(f"共{len(d.lines)}项，其中{counts_text([s for _, _, s in d.lines])}。{note}",
                       lead="二、指标完成情况。", lead_level=1), table]
    else:
        out.append(b.Para("本季度没有需要晾晒的指标。", lead="二、指标完成情况。", lead_level=1))
    if d.completion_rate is None:
        tasks = "本单位任务清单暂无目标。"
    else:
        tasks = f"任务清单目标完成率{percent(d.completion_rate)}。"
    tasks += f"逾期未完成目标{d.overdue}项，尚未解决的问题{d.problems_open}个。"
    out += [b.Para(tasks, lead="三、任务清单落实情况。", lead_level=1),
            b.Signature(d.organization, chinese_date(as_of))]
    return b.Document(title, tuple(out), author=d.organization, subject="重点任务进展情况晾晒",
                      keywords=("晾晒", quarter))


def _fits(d: NoticeData, as_of: dt.date | None, fit: Fit, book: FontBook, mark: Stamp) -> Rendered | None:
    made = official.render(blocks(d, as_of, fit), book, mark)
    return made if made.pages == 1 else None


def _most(fits: list[Fit], d: NoticeData, as_of: dt.date | None, book: FontBook,
          mark: Stamp) -> Rendered | None:
    """The last of `fits` (ordered from least to most shrunk) that is one page, by bisection:
    the first one that fits is returned rendered."""
    lo, hi = 0, len(fits) - 1
    best: Rendered | None = None
    while lo <= hi:
        mid = (lo + hi) // 2
        made = _fits(d, as_of, fits[mid], book, mark)
        if made is not None:
            best, hi = made, mid - 1
        else:
            lo = mid + 1
    return best


def render_notice(d: NoticeData, book: FontBook, mark: Stamp, as_of: dt.date | None = None) -> Rendered:
    """The notice as a one-page PDF, shrunk only as far as needed."""
    for fit in (Fit(), Fit(small=True)):
        made = _fits(d, as_of, fit, book, mark)
        if made is not None:
            return made
    # A name longer than a title line is cut before the table loses rows to it.
    cut = NAME_MOST if len(d.unit) > NAME_MOST else None
    if cut is not None and (made := _fits(d, as_of, Fit(True, None, cut), book, mark)) is not None:
        return made
    lines = len(d.lines)
    made = _most([Fit(True, k, cut) for k in range(lines - 1, -1, -1)], d, as_of, book, mark)
    if made is not None:
        return made
    # Not even the text fits: the unit's name is what can be that long.
    made = _most([Fit(True, 0, n) for n in range(min(len(d.unit), NAME_MOST) - 1, 0, -1)], d, as_of, book, mark)
    if made is None:
        raise ValueError("晾晒通报无法排成一页")
    return made
