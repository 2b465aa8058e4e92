"""Ruled forms (任免审批表, 年度考核登记表): cells on their own grid, text fitted into each cell.

A form's value must stay inside its box whatever its length: the text is set at the form's
size and shrunk step by step until it fits. A cell with data never prints blank: below the
form's smallest size the lines close up and shrink to a floor, and only then is the text
cut, visibly, with "…" (or, where the form has one, continued on an extra page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.layout import draw, stamp
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Line, Style, break_paragraph, break_text, measure

PAD = 1.5 * mm
LEADING = 1.3
STEP = 0.25
INNER_RULE = 0.5
OUTER_RULE = 1.2
# Below a form's own smallest size, a value that would otherwise be cut is first set with
# lines closer together, then smaller down to 七号 (5.5 pt), the smallest size of the Chinese
# type series and still legible on a laser printer; only then is it cut.
TIGHT = 1.1
FLOOR = 5.5
ELLIPSIS = "…"


@dataclass(frozen=True)
class Box:
    """A cell: left edge, top edge (PDF y), width, height."""

    x: float
    top: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.top - self.h

    def inner(self, pad: float = PAD) -> Box:
        return Box(self.x + pad, self.top - pad, self.w - 2 * pad, self.h - 2 * pad)


def rule(c: Canvas, boxes: list[Box], outline: Box | None = None) -> None:
    """Draw every cell's rectangle, then the table's outline heavier."""
    c.saveState()
    c.setLineWidth(INNER_RULE)
    for bx in boxes:
        c.rect(bx.x, bx.bottom, bx.w, bx.h)
    if outline is not None:
        c.setLineWidth(OUTER_RULE)
        c.rect(outline.x, outline.bottom, outline.w, outline.h)
    c.restoreState()


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[Line]
    prefixes: list[str]  # per line: text drawn at the line's left before its indent (简历 dates)
    overflow: list[str]  # source paragraphs (or their rest) that did not fit at the floor size
    leading: float = LEADING

    def height(self) -> float:
        return len(self.lines) * self.size * self.leading

    def kept(self, text: str) -> list[str]:
        """The source paragraphs printed here (the last one cut short when it continues)."""
        paragraphs = text.split("\n")
        if not self.overflow:
            return paragraphs
        split = len(paragraphs) - len(self.overflow)
        if paragraphs[split] == self.overflow[0]:
            return paragraphs[:split]
        # One paragraph longer than the box: its head is here, its tail heads the overflow.
        whole, tail = paragraphs[split].rstrip(), self.overflow[0]
        head = whole[: -len(tail)] if tail and whole.endswith(tail) else whole
        return [*paragraphs[:split], head]


PERIOD = re.compile(r"^(\d{4}\.\d{2}\s*--\s*(?:\d{4}\.\d{2})?)\s+(.*)$")


def _hanging_lines(book: FontBook, text: str, style: Style, width: float) -> tuple[list[Line], list[str], list[int]]:
    """简历 lines: the period printed at the left, the text (and its wraps) in one column.

    Returns the lines, their prefixes, and for each line the index of its source paragraph.
    """
    hang = measure(book, "0000.00--0000.00", style) + style.size
    lines: list[Line] = []
    prefixes: list[str] = []
    sources: list[int] = []
    for n, para in enumerate(text.split("\n")):
        m = PERIOD.match(para.strip())
        if m:
            prefix, body = m.group(1), m.group(2)
            indent = hang
        elif para.lstrip().startswith("（其间") or para.lstrip().startswith("(其间"):
            prefix, body, indent = "", para.strip(), hang
        else:
            prefix, body, indent = "", para.strip(), 0.0
        broken = break_paragraph(book, body, style, width, first_indent=indent, indent=indent)
        for i, ln in enumerate(broken):
            lines.append(ln)
            prefixes.append(prefix if i == 0 else "")
            sources.append(n)
    return lines, prefixes, sources


def _ellipsize(book: FontBook, ln: Line, style: Style) -> Line:
    """The last line kept of a cut value, ending in "…" so the reader sees the cut."""
    text = ln.text
    while text and measure(book, text + ELLIPSIS, style) > ln.available + 0.01:
        text = text[:-1]
    text += ELLIPSIS
    # Marked last: a cut line is not spread to the edge, the mark stays by its text.
    return Line(text, ln.indent, measure(book, text, style), True, ln.available)


def _layout(book: FontBook, text: str, style: Style, width: float, hanging: bool
            ) -> tuple[list[Line], list[str], list[int]]:
    if hanging:
        return _hanging_lines(book, text, style, width)
    lines = break_text(book, text, style, width)
    return lines, [""] * len(lines), [0] * len(lines)


def _capacity(box: Box, size: float, leading: float) -> int:
    return int((box.h + 1e-6) // (size * leading))


def fit(book: FontBook, text: str, role: str, box: Box, *, max_size: float, min_size: float,
        hanging: bool = False, leading: float = LEADING, continued: bool = False) -> Fitted:
    """The largest size (in STEP steps) at which `text` fits the box.

    Text that does not fit at `min_size` is never dropped. With `continued` the caller
    prints the rest elsewhere (the 简历's continuation page): whole paragraphs that fit are
    kept, one line is left for the note, and `overflow` holds the rest. Otherwise the text
    is set tighter (TIGHT leading), then smaller down to FLOOR, and what still does not fit
    is cut at the end with "…", keeping as many lines as the box holds.
    """
    size = max_size
    while True:
        style = Style(role, size)
        lines, prefixes, sources = _layout(book, text, style, box.w, hanging)
        capacity = _capacity(box, size, leading)
        if len(lines) <= capacity:
            return Fitted(size, lines, prefixes, [], leading)
        if size - STEP < min_size - 1e-9:
            break
        size -= STEP
    if continued:
        return _cut_for_continuation(text, lines, prefixes, sources, capacity, size, leading)
    tight = min(leading, TIGHT)
    size = min_size
    while True:
        style = Style(role, size)
        lines, prefixes, sources = _layout(book, text, style, box.w, hanging)
        capacity = _capacity(box, size, tight)
        if len(lines) <= capacity:
            return Fitted(size, lines, prefixes, [], tight)
        if size - STEP < min(FLOOR, min_size) - 1e-9:
            break
        size -= STEP
    if capacity == 0:
        # A box lower than one line at the floor: print one line as large as it holds
        # rather than nothing.
        size = max(1.0, box.h / tight)
        style = Style(role, size)
        lines, prefixes, sources = _layout(book, text, style, box.w, hanging)
        capacity = 1
    kept = lines[:capacity]
    kept[-1] = _ellipsize(book, kept[-1], style)
    return Fitted(size, kept, prefixes[:capacity], [], tight)


def _cut_for_continuation(text: str, lines: list[Line], prefixes: list[str], sources: list[int],
                          capacity: int, size: float, leading: float) -> Fitted:
    paragraphs = text.split("\n")
    cut = max(1, capacity - 1)  # keep a line for the 续页 note
    first_rest = sources[cut] if cut < len(sources) else len(paragraphs)
    # A paragraph cut in the middle moves to the continuation page whole ...
    kept = [i for i in range(cut) if sources[i] < first_rest]
    rest = paragraphs[first_rest:]
    if not kept:
        # ... unless it alone is longer than the box: then its first lines stay here and the
        # remainder continues, so every page makes progress and none is left empty.
        kept = list(range(min(cut, len(lines))))
        tail = "".join(ln.text for i, ln in enumerate(lines) if i >= len(kept) and sources[i] == first_rest)
        rest = [tail, *paragraphs[first_rest + 1:]] if tail else paragraphs[first_rest + 1:]
    return Fitted(size, [lines[i] for i in kept], [prefixes[i] for i in kept], rest, leading)


def put(c: Canvas, book: FontBook, box: Box, fitted: Fitted, role: str, *, align: str = "left",
        valign: str = "middle", justify: bool = True) -> None:
    """Draw fitted text inside a box (already padded by the caller)."""
    style = Style(role, fitted.size)
    pitch = fitted.size * fitted.leading
    block = len(fitted.lines) * pitch
    top = box.top if valign == "top" else box.top - max(0.0, (box.h - block) / 2)
    top -= (pitch - fitted.size) / 2
    for ln, prefix in zip(fitted.lines, fitted.prefixes, strict=True):
        baseline = draw.baseline_for_top(book, style, top)
        if prefix:
            draw.text(c, book, box.x, baseline, prefix, style)
        if align == "center":
            draw.centered(c, book, box.x + box.w / 2, baseline, ln.text, style)
        else:
            draw.line(c, book, box.x, baseline, ln, style, justify=justify)
        top -= pitch


def value(c: Canvas, book: FontBook, box: Box, text: str, role: str, *, size: float, min_size: float,
          align: str = "center", valign: str = "middle") -> Fitted:
    """A value in a cell, shrunk to fit; returns what was drawn (and what did not fit)."""
    inner = box.inner()
    fitted = fit(book, text, role, inner, max_size=size, min_size=min_size)
    put(c, book, inner, fitted, role, align=align, valign=valign, justify=align != "center")
    return fitted


def label(c: Canvas, book: FontBook, box: Box, text: str, role: str, size: float) -> None:
    """A printed label, one or more lines (split at \\n); a two- or three-character single
    line is spread over the cell as official forms print 姓　名."""
    inner = box.inner()
    rows = text.split("\n")
    style = Style(role, size)
    while size > 6 and any(measure(book, r, style) > inner.w for r in rows):
        size -= STEP
        style = Style(role, size)
    pitch = size * LEADING
    top = inner.top - max(0.0, (inner.h - len(rows) * pitch) / 2) - (pitch - size) / 2
    for row in rows:
        baseline = draw.baseline_for_top(book, style, top)
        natural = measure(book, row, style)
        if len(rows) == 1 and 2 <= len(row) <= 3:
            spread = min(inner.w, natural + size * (2.0 if len(row) == 2 else 1.6))
            draw.spread(c, book, inner.x + (inner.w - spread) / 2, spread, baseline, row, style)
        else:
            draw.centered(c, book, inner.x + inner.w / 2, baseline, row, style)
        top -= pitch


def vertical_label(c: Canvas, book: FontBook, box: Box, text: str, role: str, size: float,
                   *, most: float = 3.0) -> None:
    """A label read top to bottom (简　历), its characters spread over at most `most`× their size."""
    style = Style(role, size)
    gap = min(size * most, (box.h - 2 * PAD) / max(1, len(text)))
    top = box.top - (box.h - gap * len(text)) / 2 - (gap - size) / 2
    for ch in text:
        baseline = draw.baseline_for_top(book, style, top)
        draw.centered(c, book, box.x + box.w / 2, baseline, ch, style)
        top -= gap


class Form:
    """A ruled A4 form being drawn: each page is begun under the stamp's watermark and mark,
    its cells are collected as their content is set, and ending the page rules them all at
    once (thin inside, the outline heavy) and adds the footer. A report's form subclasses it
    and says where each cell goes and what it holds."""

    MARK_SIZE = 12.0  # the confidentiality mark, at the top left

    def __init__(self, c: Canvas, book: FontBook, mark: stamp.Stamp, *, left: float, role: str, size: float,
                 min_size: float) -> None:
        self.c, self.book, self.stamp = c, book, mark
        self.left, self.role, self.size, self.min_size = left, role, size, min_size
        self.boxes: list[Box] = []
        self.page = 0

    def begin(self) -> None:
        self.page += 1
        self.boxes = []
        page_w, page_h = A4
        stamp.watermark(self.c, self.book, self.stamp, page_w, page_h)
        if self.stamp.classification:
            stamp.mark(self.c, self.book, self.stamp, self.left, page_h - 10 * mm, self.MARK_SIZE)

    def end(self, outline: Box) -> None:
        rule(self.c, self.boxes, outline)
        stamp.footer(self.c, self.book, self.stamp, A4[0])
        self.c.showPage()

    def cell(self, box: Box) -> Box:
        """A cell ruled with the page whose content the caller draws."""
        self.boxes.append(box)
        return box

    def label(self, box: Box, text: str) -> None:
        label(self.c, self.book, self.cell(box), text, self.role, self.size)

    def vertical_label(self, box: Box, text: str, *, most: float = 3.0) -> None:
        vertical_label(self.c, self.book, self.cell(box), text, self.role, self.size, most=most)

    def value(self, box: Box, text: str, *, align: str = "center", valign: str = "middle",
              size: float | None = None) -> Fitted:
        return value(self.c, self.book, self.cell(box), text, self.role, size=size or self.size,
                     min_size=self.min_size, align=align, valign=valign)
