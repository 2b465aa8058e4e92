"""民主测评结果统计表: the official tally of a democratic evaluation, per cadre or per unit.

Landscape A4, 宋体 五号 in ruled tables: per rater category the sheets or ballots issued and
returned, the turnout, the count and percentage of each overall grade and of abstentions,
the mean score; then the weighted score with its method, the grades given to each item,
and who has not rated. The unit table ranks the unit's cadres by weighted score. A table
that spills over is first set tighter to fit one page; one that still does not fit
continues under a 续 heading naming whose tally it is and the table's repeated header.
Signature lines for the 统计人 and 审核人 close the document.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.assessment import NONE_MARK, TallyTable, chinese_date, score_text, share_text
from desktop.reports.layout import draw, stamp
from desktop.reports.layout.fonts import HEI, SONG, TITLE
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Line, Style, break_text

MM: float = mm
PAGE_W, PAGE_H = (float(x) for x in landscape(A4))
LEFT, RIGHT, TOP, BOTTOM = 18 * MM, 18 * MM, 14 * MM, 18 * MM
LINE = 1.45  # line advance of the text between tables, in sizes
WIDTH = PAGE_W - LEFT - RIGHT
SIZE = 10.5  # 五号
CELL = Style(SONG, SIZE)
HEAD = Style(HEI, SIZE)
TEXT = Style(SONG, 12.0)
SECTION = Style(HEI, 12.0)
TITLE_STYLE = Style(TITLE, 22.0)
CONTINUED_STYLE = Style(TITLE, 16.0)


@dataclass(frozen=True)
class Metrics:
    """How tightly table rows are set."""

    row: float  # least row height
    pad: float  # inside each cell, above and below the text
    leading: float  # line advance in a cell, in sizes
    cell: Style
    head: Style
    line: float = LINE  # line advance of the text between tables, in sizes


PAD_X = 1.0 * MM  # inside each cell, left and right of the text
NORMAL = Metrics(6.4 * MM, 1.0 * MM, 1.2, CELL, HEAD)
# A tally that spills a few lines onto a second page is set once more with 小五 cells,
# closer rows and closer lines between the tables; if that does not fit either,
# the normal setting continues on a page headed like the first.
COMPACT = Metrics(4.8 * MM, 0.5 * MM, 1.1, Style(SONG, 9.0), Style(HEI, 9.0), 1.3)


@dataclass(frozen=True)
class CadrePage:
    """One cadre's tally with one template in one campaign."""

    name: str
    post: str
    table: TallyTable


@dataclass(frozen=True)
class UnitRow:
    rank: int | None
    name: str
    post: str
    issued: int
    responses: int
    counts: tuple[int, ...]
    abstain: int
    weighted: Decimal | None


@dataclass(frozen=True)
class UnitPage:
    """The unit's cadres rated with one template in one campaign, best first."""

    unit: str
    campaign: str
    template: str
    grades: tuple[str, ...]
    rows: tuple[UnitRow, ...]
    method: str


@dataclass(frozen=True)
class TallyReport:
    name: str  # the cadre's or the unit's name (file names and the preview's title)
    as_of: dt.date
    cadre_pages: tuple[CadrePage, ...] = ()
    unit_pages: tuple[UnitPage, ...] = ()
    title: str = "民主测评结果统计表"


@dataclass(frozen=True)
class Head:
    """A header cell spanning columns [first, last] and rows [top, bottom] of the header."""

    text: str
    first: int
    last: int
    top: int = 0
    bottom: int = 1


class _Writer:
    """Lays tables and lines down the page, starting pages as needed."""

    def __init__(self, c: Canvas, book: FontBook, mark: stamp.Stamp, title: str, metrics: Metrics = NORMAL) -> None:
        self.c, self.book, self.stamp, self.title = c, book, mark, title
        self.m = metrics
        self.pages = 0
        self.y = 0.0
        self.open = False
        self.running = ""  # who or what the tally is about, repeated under 续 on a continuation page

    def start(self) -> None:
        self.pages += 1
        self.open = True
        stamp.watermark(self.c, self.book, self.stamp, PAGE_W, PAGE_H)
        if self.stamp.classification:
            stamp.mark(self.c, self.book, self.stamp, LEFT, PAGE_H - 8 * MM, 12.0)
        self.y = PAGE_H - TOP

    def finish(self) -> None:
        if not self.open:
            return
        label = f"第 {self.pages} 页"  # at the right: the report number and time are centred below
        draw.right(self.c, self.book, LEFT + WIDTH, BOTTOM - 8 * MM, label, Style(SONG, 9.0))
        stamp.footer(self.c, self.book, self.stamp, PAGE_W)
        self.c.showPage()
        self.open = False

    def room(self, height: float) -> None:
        if not self.open:
            self.start()
        elif self.y - height < BOTTOM:
            self.next_page()

    def next_page(self) -> None:
        """A page continuing the tally: it says whose tally it continues, so a page read on
        its own (or separated from the first) still stands as a document."""
        self.finish()
        self.start()
        if not self.running:
            return
        self.y -= CONTINUED_STYLE.size * 0.2
        draw.centered(self.c, self.book, PAGE_W / 2, draw.baseline_for_top(self.book, CONTINUED_STYLE, self.y),
                      "民主测评结果统计表（续）", CONTINUED_STYLE)
        self.y -= CONTINUED_STYLE.size * 1.6
        self.pair(self.running, "")
        self.gap()

    def heading(self, text: str) -> None:
        self.room(TITLE_STYLE.size * 2.2)
        self.y -= TITLE_STYLE.size * 0.2
        draw.centered(self.c, self.book, PAGE_W / 2, draw.baseline_for_top(self.book, TITLE_STYLE, self.y), text,
                      TITLE_STYLE)
        self.y -= TITLE_STYLE.size * 1.6

    def line(self, text: str, style: Style = TEXT, *, keep: float = 0.0) -> None:
        lines = break_text(self.book, text, style, WIDTH)
        for ln in lines:
            self.room(style.size * self.m.line + keep)
            draw.line(self.c, self.book, LEFT, draw.baseline_for_top(self.book, style, self.y), ln, style)
            self.y -= style.size * self.m.line

    def pair(self, left: str, right: str) -> None:
        """Two facts on one line: one from the left margin, one ending at the right margin."""
        self.room(TEXT.size * self.m.line)
        baseline = draw.baseline_for_top(self.book, TEXT, self.y)
        draw.text(self.c, self.book, LEFT, baseline, left, TEXT)
        draw.right(self.c, self.book, LEFT + WIDTH, baseline, right, TEXT)
        self.y -= TEXT.size * self.m.line

    def gap(self, height: float = 2 * MM) -> None:
        self.y -= height

    # --- tables ---------------------------------------------------------------------------

    def table(self, widths: Sequence[float], heads: Sequence[Head], rows: Sequence[Sequence[str]],
              *, left_columns: frozenset[int] = frozenset()) -> None:
        scale = WIDTH / sum(widths)
        cols = [w * scale for w in widths]
        xs = [LEFT]
        for w in cols:
            xs.append(xs[-1] + w)
        head_rows = max(h.bottom for h in heads)
        head_h = head_rows * self.m.row
        first = self._row_height(cols, rows[0]) if rows else 0.0
        self.room(head_h + first)
        self._header(xs, heads, head_h / head_rows)
        for row in rows:
            h = self._row_height(cols, row)
            if self.y - h < BOTTOM:
                self.next_page()
                self._header(xs, heads, head_h / head_rows)
            self._row(xs, cols, row, h, left_columns)
        self.y -= 3 * MM

    def _cell_lines(self, text: str, width: float, style: Style) -> list[Line]:
        return break_text(self.book, text, style, width - 2 * PAD_X)

    def _row_height(self, cols: list[float], row: Sequence[str]) -> float:
        cell = self.m.cell
        most = max(len(self._cell_lines(t, w, cell)) for t, w in zip(row, cols, strict=True))
        return max(self.m.row, most * cell.size * self.m.leading + 2 * self.m.pad)

    def _text_in(self, x: float, top: float, w: float, h: float, text: str, style: Style, left: bool) -> None:
        lines = self._cell_lines(text, w, style)
        pitch = style.size * self.m.leading
        y = top - (h - len(lines) * pitch) / 2 - (pitch - style.size) / 2
        for ln in lines:
            baseline = draw.baseline_for_top(self.book, style, y)
            if left:
                draw.line(self.c, self.book, x + PAD_X, baseline, ln, style, justify=False)
            else:
                draw.centered(self.c, self.book, x + w / 2, baseline, ln.text, style)
            y -= pitch

    def _header(self, xs: list[float], heads: Sequence[Head], row_h: float) -> None:
        self.c.saveState()
        self.c.setLineWidth(0.6)
        self.c.setStrokeColor(black)
        for h in heads:
            x, w = xs[h.first], xs[h.last + 1] - xs[h.first]
            top = self.y - h.top * row_h
            height = (h.bottom - h.top) * row_h
            self.c.rect(x, top - height, w, height)
            self._text_in(x, top, w, height, h.text, self.m.head, False)
        self.c.restoreState()
        self.y -= max(h.bottom for h in heads) * row_h

    def _row(self, xs: list[float], cols: list[float], row: Sequence[str], h: float, left: frozenset[int]) -> None:
        self.c.saveState()
        self.c.setLineWidth(0.6)
        for n, (text, w) in enumerate(zip(row, cols, strict=True)):
            self.c.rect(xs[n], self.y - h, w, h)
            self._text_in(xs[n], self.y, w, h, text, self.m.cell, n in left)
        self.c.restoreState()
        self.y -= h


def _grade_heads(grades: Sequence[str], start: int, abstain: bool) -> list[Head]:
    heads = []
    for n, g in enumerate([*grades, *(["弃权"] if abstain else [])]):
        col = start + 2 * n
        heads += [Head(g, col, col + 1, 0, 1), Head("票数", col, col, 1, 2), Head("%", col + 1, col + 1, 1, 2)]
    return heads


def _grade_cells(counts: Sequence[int], abstain: int | None, base: int) -> list[str]:
    cells = []
    for n in [*counts, *([abstain] if abstain is not None else [])]:
        cells += [str(n), share_text(n, base)]
    return cells


def _cadre_page(w: _Writer, p: CadrePage, as_of: dt.date) -> None:
    t = p.table
    w.heading("民主测评结果统计表")
    w.running = f"被测评人：{p.name}　　测评表：{t.template}"
    w.pair(f"被测评人：{p.name}　　单位及职务：{p.post or '—'}", f"统计日期：{chinese_date(as_of)}")
    w.pair(f"测评活动：{t.campaign or '（未关联考核活动）'}", f"测评表：{t.template}")
    w.gap()
    w.line("一、总体评价", SECTION, keep=3 * w.m.row)
    grades = t.grades
    heads = [Head("测评人类别", 0, 0, 0, 2), Head("发出（份）", 1, 1, 0, 2), Head("收回（份）", 2, 2, 0, 2),
             Head("参评率（%）", 3, 3, 0, 2), *_grade_heads(grades, 4, bool(grades))]
    end = 4 + 2 * (len(grades) + (1 if grades else 0))
    heads.append(Head("平均分", end, end, 0, 2))
    rows = [[r.category, str(r.issued), str(r.responses), share_text(r.responses, r.issued),
             *_grade_cells(r.counts, r.abstain if grades else None, r.responses), score_text(r.mean)] for r in t.rows]
    rows.append(["合计", str(t.issued), str(t.responses), share_text(t.responses, t.issued),
                 *_grade_cells(t.total_counts(), t.abstain if grades else None, t.responses), NONE_MARK])
    widths = [2.4, 1.5, 1.5, 1.7, *([1.25, 1.6] * (len(grades) + (1 if grades else 0))), 1.6]
    w.table(widths, heads, rows)
    weighted = (f"综合得分：{score_text(t.weighted)}分。计算方法：{t.method()}。" if t.scored
                else "综合得分：无测评结果，不计算。")
    w.line(weighted + "表中“%”为占收回份数的百分比，参评率为收回份数占发出份数的百分比。")
    if not grades:
        w.line("该测评表没有总体评价项，上表不列等次票数。")
    if t.items:
        w.gap()
        w.line("二、分项评价（各类别合计）", SECTION, keep=3 * w.m.row)
        labels = t.item_grades
        heads = [Head("测评项目", 0, 0, 0, 2), Head("类别", 1, 1, 0, 2), *_grade_heads(labels, 2, False)]
        blank_col = 2 + 2 * len(labels)
        heads.append(Head("未评（票）", blank_col, blank_col, 0, 2))
        rows = [[i.text, i.section, *_grade_cells(i.counts, None, i.answered), str(i.blank)] for i in t.items]
        w.table([6.2, 1.2, *([1.25, 1.6] * len(labels)), 1.5], heads, rows, left_columns=frozenset({0}))
        w.line("表中“%”为占该项已评票数的百分比；未评为收回的测评表（票）中该项空白的份数。")
    w.gap()
    w.line(("三" if t.items else "二") + "、未参评情况", SECTION, keep=TEXT.size * w.m.line)
    w.line("；".join(t.missing) + "。" if t.missing else "发出的测评表（票）均已收回。")


def _unit_page(w: _Writer, p: UnitPage, as_of: dt.date) -> None:
    w.heading("民主测评结果统计表")
    w.running = f"单位：{p.unit}　　测评表：{p.template}"
    w.pair(f"单位：{p.unit}", f"统计日期：{chinese_date(as_of)}")
    w.pair(f"测评活动：{p.campaign or '（未关联考核活动）'}", f"测评表：{p.template}")
    w.gap()
    grades = p.grades
    heads = [Head("名次", 0, 0, 0, 2), Head("姓名", 1, 1, 0, 2), Head("单位及职务", 2, 2, 0, 2),
             Head("发出", 3, 3, 0, 2), Head("收回", 4, 4, 0, 2), Head("参评率（%）", 5, 5, 0, 2),
             *_grade_heads(grades, 6, bool(grades))]
    end = 6 + 2 * (len(grades) + (1 if grades else 0))
    heads.append(Head("综合得分", end, end, 0, 2))
    rows = [[str(r.rank) if r.rank is not None else NONE_MARK, r.name, r.post, str(r.issued), str(r.responses),
             share_text(r.responses, r.issued), *_grade_cells(r.counts, r.abstain if grades else None, r.responses),
             score_text(r.weighted)] for r in p.rows]
    widths = [1.1, 1.6, 5.0, 1.1, 1.1, 1.5, *([1.0, 1.45] * (len(grades) + (1 if grades else 0))), 1.9]
    w.table(widths, heads, rows, left_columns=frozenset({2}))
    w.line(f"说明：综合得分为{p.method}；按综合得分从高到低排列，得分相同者名次相同；“%”为占收回份数的百分比。")


def _signatures(w: _Writer) -> None:
    w.gap(4 * MM)
    w.pair("统计人（签名）：", "审核人（签名）：　　　　　　　　　　")


def _metrics(book: FontBook, mark: stamp.Stamp, lay: Callable[[_Writer], None]) -> Metrics:
    """The loosest setting in which one tally fits one page (laid out on a scratch canvas
    first); NORMAL when none does."""
    for metrics in (NORMAL, COMPACT):
        scratch = _Writer(Canvas(io.BytesIO(), pagesize=landscape(A4)), book, mark, "", metrics)
        lay(scratch)
        scratch.finish()
        if scratch.pages == 1:
            return metrics
    return NORMAL


def draw_report(c: Canvas, book: FontBook, report: TallyReport, mark: stamp.Stamp) -> int:
    w = _Writer(c, book, mark, report.title)
    lays: list[Callable[[_Writer], None]] = [
        *(partial(_whole_cadre_page, p=p, as_of=report.as_of) for p in report.cadre_pages),
        *(partial(_whole_unit_page, p=p, as_of=report.as_of) for p in report.unit_pages)]
    for n, lay in enumerate(lays):
        if n:
            w.finish()
        w.m = _metrics(book, mark, lay)
        lay(w)
    w.finish()
    return w.pages


def _whole_cadre_page(w: _Writer, *, p: CadrePage, as_of: dt.date) -> None:
    _cadre_page(w, p, as_of)
    _signatures(w)


def _whole_unit_page(w: _Writer, *, p: UnitPage, as_of: dt.date) -> None:
    _unit_page(w, p, as_of)
    _signatures(w)


def render_tallies(items: list[tuple[TallyReport, stamp.Stamp]], book: FontBook) -> draw.Rendered:
    def lay(c: Canvas) -> int:
        return sum(draw_report(c, book, report, mark) for report, mark in items)

    return draw.pdf(book, "民主测评结果统计表", lay, pagesize=landscape(A4), **stamp.described(items))
