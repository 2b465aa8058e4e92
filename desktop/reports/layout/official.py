"""GB/T 9704-2012 page layout for narrative reports, as PDF.

A4; margins top 37, bottom 35, left (binding) 28, right 26 mm, so the text block is
156 × 225 mm. The body is 3号仿宋 (16 pt) on a grid of 22 lines of 28 characters that fills
the block (撑满版心): the em boxes of the first and last line touch its top and bottom edge,
those of the first and 28th character its left and right edge. Every text line sits on a
grid line; tables and charts use their own grid and the text resumes on the next line.
Page numbers `— n —` in 4号宋体 sit 7 mm below the block, odd pages right and even pages
left, one character in from the edge.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.reports import blocks as b
from desktop.reports.layout import draw, linechart, radar, stamp
from desktop.reports.layout.fonts import FANGSONG, HEI, KAI, SONG, TITLE
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Line, Style, break_text, break_title, measure

MM: float = mm  # reportlab is untyped: one typed name for the millimetre
PAGE_W, PAGE_H = float(A4[0]), float(A4[1])
TOP, BOTTOM, LEFT, RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
BLOCK_W = PAGE_W - LEFT - RIGHT
BLOCK_H = PAGE_H - TOP - BOTTOM
BLOCK_TOP = PAGE_H - TOP  # y of the block's top edge (PDF y grows upwards)
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NO_SIZE = 14.0  # 4号
LINES, CHARS = 22, 28
LINE_PITCH = (BLOCK_H - BODY_SIZE) / (LINES - 1)
CHAR_PITCH = (BLOCK_W - BODY_SIZE) / (CHARS - 1)
PAGE_NO_GAP = 7 * MM
RED = Color(0.85, 0.0, 0.0)

BODY = Style(FANGSONG, BODY_SIZE, CHAR_PITCH)
HEADING_STYLES = {1: Style(HEI, BODY_SIZE, CHAR_PITCH), 2: Style(KAI, BODY_SIZE, CHAR_PITCH),
                  3: Style(FANGSONG, BODY_SIZE, CHAR_PITCH), 4: Style(FANGSONG, BODY_SIZE, CHAR_PITCH)}
TITLE_STYLE = Style(TITLE, TITLE_SIZE)
TITLE_WIDTH = BLOCK_W - 2 * CHAR_PITCH  # a title keeps a character's margin on either side
SUBTITLE_STYLE = Style(KAI, BODY_SIZE, CHAR_PITCH)
PAGE_NO_STYLE = Style(SONG, PAGE_NO_SIZE)
TABLE_SIZE = 12.0  # 小四: a table is read at a closer distance than the body
TABLE_STYLE = Style(FANGSONG, TABLE_SIZE)
TABLE_HEAD = Style(HEI, TABLE_SIZE)
SMALL_SIZE = 10.5  # 五号: dense tables (ledger entries) with many columns
SMALL_STYLE = Style(FANGSONG, SMALL_SIZE)
SMALL_HEAD = Style(HEI, SMALL_SIZE)
CELL_PAD = 1.6 * MM
CELL_LEADING = 1.35
MASTHEAD_SIZE = 36.0


def kept_together(i: int, n: int) -> int:
    """How many grid lines must be free before line `i` of an `n`-line paragraph: no first
    line alone at a page's foot, no last line alone at the next page's head (a stray
    "（0.00%）。" read as a page's opening). A three-line paragraph moves whole."""
    if n >= 2 and i == 0:
        return 3 if n == 3 else 2
    if n >= 4 and i == n - 2:
        return 2
    return 1


# A cell this short (a name, a grade, 基本称职, a header) is a term: never broken across lines.
SHORT_TERM = 6


def fit_columns(natural: list[float], least: list[float]) -> list[float]:
    """Widen the columns narrower than `least` to it, taking the width from the others in
    proportion to what they have beyond their own least; as they were when it cannot be done."""
    total = sum(natural)
    if sum(least) > total:
        return natural
    widths = [max(n, m) for n, m in zip(natural, least, strict=True)]
    excess = sum(widths) - total
    slack = [w - m if n >= m else 0.0 for w, n, m in zip(widths, natural, least, strict=True)]
    room = sum(slack)
    if excess <= 0 or room <= 0:
        return widths if excess <= 0 else natural
    return [w - excess * sl / room for w, sl in zip(widths, slack, strict=True)]


def line_top(index: int) -> float:
    """y of the top of grid line `index` (0-based) on any page."""
    return BLOCK_TOP - index * LINE_PITCH


class _Setter:
    """Walks the blocks down the grid, starting pages as needed."""

    def __init__(self, c: Canvas, book: FontBook, mark: stamp.Stamp) -> None:
        self.c, self.book, self.stamp = c, book, mark
        self.page = 0
        self.line = 0
        self.open = False
        # Paragraphs, headings and cells are broken once, though pagination asks about them
        # several times (is there room for the heading and two lines of what follows?).
        self._broken: dict[tuple[str, Style, float, float], list[Line]] = {}

    def broken(self, text: str, style: Style, width: float, *, first_indent: float = 0.0) -> list[Line]:
        key = (text, style, width, first_indent)
        lines = self._broken.get(key)
        if lines is None:
            lines = self._broken[key] = break_text(self.book, text, style, width, first_indent=first_indent)
        return lines

    # --- pages ----------------------------------------------------------------------------

    def start_page(self) -> None:
        self.page += 1
        self.line = 0
        self.open = True
        stamp.watermark(self.c, self.book, self.stamp, PAGE_W, PAGE_H)
        if self.page == 1 and self.stamp.classification:
            # GB/T 9704: 密级 in 3号黑体 at the top left of the block, the first line.
            stamp.mark(self.c, self.book, self.stamp, LEFT, line_top(0), BODY_SIZE)
            self.line = 1
        elif self.stamp.classification:
            stamp.mark(self.c, self.book, self.stamp, LEFT, BLOCK_TOP + 4 * mm + PAGE_NO_SIZE, PAGE_NO_SIZE)

    def finish_page(self) -> None:
        if not self.open:
            return
        self._page_number()
        stamp.footer(self.c, self.book, self.stamp, PAGE_W)
        self.c.showPage()
        self.open = False

    def _page_number(self) -> None:
        label = f"— {self.page} —"
        center = BOTTOM - PAGE_NO_GAP  # GB/T 9704: the 一字线 7 mm below the block
        baseline = draw.baseline_for_top(self.book, PAGE_NO_STYLE, center + PAGE_NO_SIZE / 2)
        if self.page % 2:
            draw.right(self.c, self.book, PAGE_W - RIGHT - PAGE_NO_SIZE, baseline, label, PAGE_NO_STYLE)
        else:
            draw.text(self.c, self.book, LEFT + PAGE_NO_SIZE, baseline, label, PAGE_NO_STYLE)

    def need(self, lines: int) -> None:
        """Make sure `lines` grid lines are free on the current page."""
        if not self.open:
            self.start_page()
        if self.line + lines > LINES:
            self.finish_page()
            self.start_page()

    # --- text -----------------------------------------------------------------------------

    def put_lines(self, lines: list[Line], style: Style, *, color: Color = black,
                  keep_with_next: bool = False) -> None:
        for i, ln in enumerate(lines):
            self.need(max(kept_together(i, len(lines)), 2 if keep_with_next and i == len(lines) - 1 else 1))
            baseline = draw.baseline_for_top(self.book, style, line_top(self.line))
            draw.line(self.c, self.book, LEFT, baseline, ln, style, color=color)
            self.line += 1

    def centered(self, content: str, style: Style, *, color: Color = black) -> None:
        lines = self.broken(content, style, BLOCK_W - 2 * CHAR_PITCH)
        for ln in lines:
            self.need(1)
            baseline = draw.baseline_for_top(self.book, style, line_top(self.line))
            draw.centered(self.c, self.book, LEFT + BLOCK_W / 2, baseline, ln.text, style, color=color)
            self.line += 1

    # --- blocks ---------------------------------------------------------------------------

    def masthead(self, m: b.Masthead) -> None:
        self.need(6)
        size = MASTHEAD_SIZE
        style = Style(TITLE, size)
        top = line_top(self.line)
        draw.centered(self.c, self.book, LEFT + BLOCK_W / 2, draw.baseline_for_top(self.book, style, top),
                      m.name, style, bold=True, color=RED)
        self.line += 2
        if m.kind:
            self.centered(f"（{m.kind}）", SUBTITLE_STYLE, color=RED)
        self.centered(m.issue, BODY)
        baseline = draw.baseline_for_top(self.book, BODY, line_top(self.line))
        draw.text(self.c, self.book, LEFT + CHAR_PITCH, baseline, m.issuer, BODY)
        draw.right(self.c, self.book, LEFT + BLOCK_W - CHAR_PITCH, baseline, m.date, BODY)
        rule_y = line_top(self.line) - BODY_SIZE - 4 * mm
        self.c.saveState()
        self.c.setStrokeColor(RED)
        self.c.setLineWidth(1.2)
        self.c.line(LEFT, rule_y, LEFT + BLOCK_W, rule_y)
        self.c.restoreState()
        self.line += 2

    def title(self, t: b.Title) -> None:
        lines = break_title(self.book, t.text, TITLE_STYLE, TITLE_WIDTH)
        self.need(len(lines) + 2)
        for ln in lines:
            baseline = draw.baseline_for_top(self.book, TITLE_STYLE, line_top(self.line))
            draw.centered(self.c, self.book, LEFT + BLOCK_W / 2, baseline, ln.text, TITLE_STYLE)
            self.line += 1
        self.line += 1  # GB/T 9704: one blank line under the title

    def subtitle(self, s: b.Subtitle) -> None:
        self.centered(s.text, SUBTITLE_STYLE)

    def text_lines(self, block: b.Heading | b.Para) -> int:
        if isinstance(block, b.Heading):
            style = HEADING_STYLES.get(block.level, BODY)
            return len(self.broken(block.text, style, BLOCK_W, first_indent=2 * CHAR_PITCH))
        return len(self.broken(block.lead + block.text, BODY, BLOCK_W,
                              first_indent=block.indent * CHAR_PITCH))

    def keep_lines(self, blocks: tuple[b.Block, ...]) -> int:
        """Lines a run of headings needs with the start of what follows: two lines of text,
        or the start of a table, so no heading is left at the foot of a page."""
        lines = 0
        for n, block in enumerate(blocks):
            if isinstance(block, b.Heading):
                lines += self.text_lines(block)
                continue
            if isinstance(block, b.Table) and block.rows:
                return min(LINES, lines + self.table_start(block))
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if isinstance(block, b.Para) and isinstance(following, b.Table) and following.rows:
                intro = self.text_lines(block)
                if intro <= 3:  # the short sentence introducing a table goes with it, so must its heading
                    return min(LINES, lines + intro + self.table_start(following))
            return min(LINES, lines + 2)
        return min(LINES, lines)

    def heading(self, h: b.Heading) -> None:
        style = HEADING_STYLES.get(h.level, BODY)
        lines = self.broken(h.text, style, BLOCK_W, first_indent=2 * CHAR_PITCH)
        self.put_lines(lines, style, keep_with_next=True)

    def para(self, p: b.Para) -> None:
        lines = self.broken(p.lead + p.text, BODY, BLOCK_W, first_indent=p.indent * CHAR_PITCH)
        if not p.lead:
            self.put_lines(lines, BODY)
            return
        # A run-in heading: the same grid, its characters set in the heading's font.
        lead_style = HEADING_STYLES.get(p.lead_level, BODY)
        left = len(p.lead)
        for i, ln in enumerate(lines):
            self.need(kept_together(i, len(lines)))
            baseline = draw.baseline_for_top(self.book, BODY, line_top(self.line))
            draw.line(self.c, self.book, LEFT, baseline, ln, BODY, lead=(left, lead_style) if left else None)
            left = max(0, left - len(ln.text))
            self.line += 1

    def signature(self, s: b.Signature) -> None:
        self.need(4)
        self.line += 1
        right_edge = LEFT + BLOCK_W - 4 * CHAR_PITCH
        date_w = measure(self.book, s.date, BODY)
        center = right_edge - date_w / 2
        for content in (s.issuer, s.date):
            baseline = draw.baseline_for_top(self.book, BODY, line_top(self.line))
            if content is s.date:
                draw.right(self.c, self.book, right_edge, baseline, content, BODY)
            else:
                draw.centered(self.c, self.book, center, baseline, content, BODY)
            self.line += 1

    def distribution(self, d: b.Distribution) -> None:
        rows = list(d.lines) + ([f"{d.printed_by}\t{d.printed_on}"] if d.printed_by or d.printed_on else [])
        self.need(len(rows) + 1)
        self.line = LINES - len(rows)
        style = Style(FANGSONG, 14.0)
        self.c.saveState()
        self.c.setStrokeColor(black)
        for i, row in enumerate(rows):
            top = line_top(self.line)
            self.c.setLineWidth(1.0 if i == 0 else 0.7)
            self.c.line(LEFT, top + 2 * mm, LEFT + BLOCK_W, top + 2 * mm)
            baseline = draw.baseline_for_top(self.book, style, top + 1 * mm)
            left, _, right_text = row.partition("\t")
            draw.text(self.c, self.book, LEFT + style.size, baseline, left, style)
            if right_text:
                draw.right(self.c, self.book, LEFT + BLOCK_W - style.size, baseline, right_text, style)
            self.line += 1
        bottom = line_top(self.line) + 2 * mm
        self.c.setLineWidth(1.0)
        self.c.line(LEFT, bottom, LEFT + BLOCK_W, bottom)
        self.c.restoreState()

    # --- tables and images: their own grid ------------------------------------------------

    def _resume_after(self, y: float) -> None:
        used = (line_top(self.line) - y) / LINE_PITCH
        self.line += max(1, math.ceil(used - 1e-6))

    def columns(self, t: b.Table) -> list[float]:
        """The columns' widths: the table's ratios of the text block, then widened where a
        short term (a name, a grade, a header of a few characters) would break mid-word."""
        total = sum(t.widths)
        body, bold = (SMALL_STYLE, SMALL_HEAD) if t.small else (TABLE_STYLE, TABLE_HEAD)
        least = [0.0] * len(t.widths)
        for row, style in ((t.header, bold), *((r, body) for r in t.rows)):
            for i, cell in enumerate(row):
                if 0 < len(cell) <= SHORT_TERM:
                    least[i] = max(least[i], measure(self.book, cell, style) + 2 * CELL_PAD + 0.5)
        return fit_columns([BLOCK_W * w / total for w in t.widths], least)

    def table_start(self, t: b.Table) -> int:
        """Grid lines a table needs on the page where it starts: a short table is kept whole
        on one page; a long one leaves at least its caption, header and two rows."""
        cols = self.columns(t)
        body, bold = (SMALL_STYLE, SMALL_HEAD) if t.small else (TABLE_STYLE, TABLE_HEAD)
        caption = len(self.broken(t.caption, HEADING_STYLES[1], BLOCK_W)) if t.caption else 0
        heights = [self._row_height(self._row_cells(r, cols, body), body) for r in t.rows]
        head = self._row_height(self._row_cells(t.header, cols, bold), bold)
        whole = head + sum(heights)
        needed = whole if whole <= BLOCK_H / 3 else head + sum(heights[:2])
        return min(LINES, caption + math.ceil(needed / LINE_PITCH))

    def table(self, t: b.Table) -> None:
        cols = self.columns(t)
        body, bold = (SMALL_STYLE, SMALL_HEAD) if t.small else (TABLE_STYLE, TABLE_HEAD)
        head = self._row_cells(t.header, cols, bold)
        caption = self.broken(t.caption, HEADING_STYLES[1], BLOCK_W) if t.caption else []
        self.need(self.table_start(t) if t.rows else len(caption) + 2)
        for ln in caption:
            baseline = draw.baseline_for_top(self.book, HEADING_STYLES[1], line_top(self.line))
            draw.centered(self.c, self.book, LEFT + BLOCK_W / 2, baseline, ln.text, HEADING_STYLES[1])
            self.line += 1
        y = line_top(self.line)
        y = self._draw_row(head, cols, y, bold, center=True)
        for row in t.rows:
            cells = self._row_cells(row, cols, body)
            height = self._row_height(cells, body)
            if y - height < BLOCK_TOP - BLOCK_H:
                self.finish_page()
                self.start_page()
                y = self._draw_row(head, cols, line_top(self.line), bold, center=True)
            y = self._draw_row(cells, cols, y, body, align=t.align)
        self._resume_after(y)
        if self.line >= LINES:
            self.finish_page()

    def _row_cells(self, row: tuple[str, ...], cols: list[float], style: Style) -> list[list[Line]]:
        return [self.broken(text, style, w - 2 * CELL_PAD) for text, w in zip(row, cols, strict=True)]

    @staticmethod
    def _row_height(cells: list[list[Line]], style: Style) -> float:
        most = max((len(c) for c in cells), default=1)
        return max(1, most) * style.size * CELL_LEADING + 2 * CELL_PAD

    def _draw_row(self, cells: list[list[Line]], cols: list[float], top: float, style: Style, *,
                  center: bool = False, align: tuple[str, ...] = ()) -> float:
        height = self._row_height(cells, style)
        pitch = style.size * CELL_LEADING
        x = LEFT
        self.c.saveState()
        self.c.setLineWidth(0.6)
        for n, (lines, w) in enumerate(zip(cells, cols, strict=True)):
            self.c.rect(x, top - height, w, height)
            y = top - (height - len(lines) * pitch) / 2 + (pitch - style.size) / 2
            mode = "c" if center else (align[n] if n < len(align) else "")
            for ln in lines:
                baseline = draw.baseline_for_top(self.book, style, y)
                if mode == "r":
                    draw.right(self.c, self.book, x + w - CELL_PAD, baseline, ln.text, style)
                elif mode == "c" or (not mode and len(lines) == 1 and measure(self.book, ln.text, style) < w / 2):
                    draw.centered(self.c, self.book, x + w / 2, baseline, ln.text, style)
                else:  # ragged right: justified cells spread numbers and document numbers apart
                    draw.line(self.c, self.book, x + CELL_PAD, baseline, ln, style, justify=False)
                y -= pitch
            x += w
        self.c.restoreState()
        return top - height

    def image(self, im: b.Image) -> None:
        lines = math.ceil((im.height_mm * mm) / LINE_PITCH) + (1 if im.caption else 0)
        self.need(min(lines, LINES))
        top = line_top(self.line)
        w, h = im.width_mm * mm, im.height_mm * mm
        self.c.drawImage(ImageReader(io.BytesIO(im.png)), LEFT + (BLOCK_W - w) / 2, top - h, w, h,
                         mask="auto")
        self._resume_after(top - h)
        if im.caption:
            self.centered(im.caption, Style(FANGSONG, 14.0))

    def chart(self, chart: b.Radar | b.LineChart) -> None:
        """A chart drawn as vectors, centred, its caption under it; text resumes on the grid."""
        lines = math.ceil((chart.height_mm * mm) / LINE_PITCH) + (1 if chart.caption else 0)
        self.need(min(lines, LINES))
        top = line_top(self.line)
        left = LEFT + (BLOCK_W - chart.width_mm * mm) / 2
        if isinstance(chart, b.Radar):
            radar.draw_radar(self.c, self.book, left, top, chart)
        else:
            linechart.draw_line_chart(self.c, self.book, left, top, chart)
        self._resume_after(top - chart.height_mm * mm)
        if chart.caption:
            self.centered(chart.caption, Style(FANGSONG, 14.0))


def render(doc: b.Document, book: FontBook, mark: stamp.Stamp) -> draw.Rendered:
    """The document as PDF bytes on the GB/T 9704 grid."""

    def lay(c: Canvas) -> int:
        setter = _Setter(c, book, mark)
        handlers: dict[type, Callable[..., None]] = {
            b.Masthead: setter.masthead, b.Title: setter.title, b.Subtitle: setter.subtitle,
            b.Heading: setter.heading, b.Para: setter.para, b.Table: setter.table, b.Image: setter.image,
            b.Radar: setter.chart, b.LineChart: setter.chart,
            b.Signature: setter.signature, b.Distribution: setter.distribution,
        }
        for n, block in enumerate(doc.blocks):
            if isinstance(block, b.Blank):
                setter.need(1)
                setter.line += block.lines
                continue
            setter.need(1)
            following = doc.blocks[n + 1] if n + 1 < len(doc.blocks) else None
            if isinstance(block, b.Para) and isinstance(following, b.Signature):
                # GB/T 9704: the 落款 never stands alone on a page; its paragraph goes with it.
                setter.need(min(LINES - 1, setter.text_lines(block) + 4))
            elif isinstance(block, b.Heading):
                setter.need(setter.keep_lines(doc.blocks[n:]))
            elif isinstance(block, b.Para) and isinstance(following, b.Table) and following.rows:
                # A short sentence introducing a table stays with the table's start.
                lines = setter.text_lines(block)
                if lines <= 3:
                    setter.need(min(LINES, lines + setter.table_start(following)))
            handlers[type(block)](block)
        if not setter.open and setter.page == 0:
            setter.start_page()
        setter.finish_page()
        return setter.page

    return draw.pdf(book, doc.title, lay, author=doc.author or mark.author, subject=doc.subject,
                    keywords=[*doc.keywords, mark.number])
