"""Putting text on a reportlab canvas: per-character font runs, grid spacing, synthetic bold;
and the one way a PDF is made from a report's drawing (`pdf`)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.layout.fonts import SONG, FontSet
from desktop.reports.layout.glyphs import FontBook, render_lock
from desktop.reports.layout.typeset import Line, Style, measure

# Stroke width that emboldens a regular face to about the weight of 小标宋, per point of size.
BOLD_STROKE = 0.035


PROGRAM = "一线考核"


@dataclass
class Rendered:
    pdf: bytes  # or a Word file's bytes (render.render with fmt="docx")
    pages: int
    missing: frozenset[str]  # characters no font had (printed as 〓)


def new_canvas(buf: BinaryIO, book: FontBook, title: str, *, author: str = "", subject: str = "",
               keywords: Sequence[str] = ()) -> Canvas:
    """An A4 canvas whose default font is one of ours: reportlab would otherwise reference a
    non-embedded Helvetica on every page, which PDF checkers rightly flag. The document
    information says who issued it and what it is, never reportlab's "anonymous" and
    "unspecified"."""
    c = Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=book.font(SONG), initialFontSize=12)
    c.setCreator(PROGRAM)
    c.setTitle(title)
    c.setAuthor(author or PROGRAM)
    c.setSubject(subject or title)
    fallbacks = book.fontset.fallbacks_used()
    c.setKeywords(document_keywords(keywords, book.fontset))
    if fallbacks:
        # A reader (or a checker of official documents) can tell a copy printed without the
        # office fonts: the keyword shows in any viewer's properties, the details in their own entry.
        info = _FontNotedInfo()
        info.__dict__.update(c._doc.info.__dict__)
        info.fallbacks = "；".join(fallbacks)
        c._doc.info = info
    return c


FALLBACK_KEYWORD = "代用字体"
FALLBACK_INFO_KEY = "FontFallback"  # the PDF document information entry /FontFallback


def document_keywords(keywords: Sequence[str], fontset: FontSet) -> list[str]:
    """A document's keywords: those given (its report numbers), and 代用字体 when a role is set
    in a stand-in font."""
    return [k for k in keywords if k] + ([FALLBACK_KEYWORD] if fontset.fallbacks_used() else [])


class _FontNotedInfo(PDFInfo):  # type: ignore[misc]
    """The document information with one more entry: which roles were set in which stand-in."""

    fallbacks = ""

    def format(self, document: Any) -> bytes:
        formatted = bytes(super().format(document))
        entry = bytes(PDFDictionary({FALLBACK_INFO_KEY: PDFString(self.fallbacks)}).format(document))
        # Both are "<< … >>" dictionaries: the extra entry goes before the closing bracket.
        return formatted.rstrip()[:-2] + entry.strip()[2:]


def pdf(book: FontBook, title: str, lay: Callable[[Canvas], int], *, author: str = "", subject: str = "",
        keywords: Sequence[str] = (), pagesize: tuple[float, float] | None = None) -> Rendered:
    """A whole PDF: `lay` draws its pages on a new canvas and says how many. One at a time in a
    process (reportlab keeps a document's subsets inside each font); the characters no font had
    are reported with the bytes."""
    with render_lock:
        book.missing.clear()
        buf = io.BytesIO()
        c = new_canvas(buf, book, title, author=author, subject=subject, keywords=keywords)
        if pagesize is not None:
            c.setPageSize(pagesize)
        pages = lay(c)
        c.save()
        return Rendered(buf.getvalue(), pages, frozenset(book.missing))


def baseline_for_top(book: FontBook, style: Style, top: float) -> float:
    """Baseline that puts the top of the em box (as PDF readers compute it) at `top`."""
    return top - style.size * (1.0 + book.descent(style.role))


def text(c: Canvas, book: FontBook, x: float, baseline: float, content: str, style: Style, *,
         char_space: float | None = None, bold: bool = False, color: Color = black) -> None:
    """Draw one line of text starting at x. `char_space` defaults to the style's grid tracking."""
    if not content:
        return
    c.saveState()
    c.setFillColor(color)
    t = c.beginText(x, baseline)
    spacing = style.tracking if char_space is None else char_space
    t.setCharSpace(spacing)
    if bold or book.bold(style.role):
        c.setStrokeColor(color)
        c.setLineWidth(style.size * BOLD_STROKE)
        t.setTextRenderMode(2)
    runs = book.runs(content, style.role)
    for n, (font, run) in enumerate(runs, start=1):
        # Each run starts at an explicit position: readers disagree on whether character
        # spacing follows the last glyph of a string (the PDF specification says it does).
        t.setTextOrigin(x, baseline)
        t.setFont(font, style.size)
        t.textOut(run)
        if n < len(runs):
            x += pdfmetrics.stringWidth(run, font, style.size) + spacing * len(run)
    c.drawText(t)
    c.restoreState()


def line(c: Canvas, book: FontBook, box_left: float, baseline: float, ln: Line, style: Style, *,
         justify: bool = True, bold: bool = False, color: Color = black,
         lead: tuple[int, Style] | None = None) -> None:
    """A broken line, justified unless told otherwise. `lead` sets the line's first n
    characters in another style of the same size (a run-in heading: （一）坚持问题导向。)."""
    x = box_left + ln.indent
    for piece in ln.pieces(book, style, justify):
        cut = 0 if lead is None else min(len(piece.text), max(0, lead[0] - piece.start))
        left = x + piece.offset
        if cut:
            head = piece.text[:cut]
            text(c, book, left, baseline, head, lead[1] if lead else style, char_space=piece.char_space, bold=bold,
                 color=color)
            left += book.width(head, style.role, style.size) + piece.char_space * len(head)
        text(c, book, left, baseline, piece.text[cut:], style, char_space=piece.char_space, bold=bold, color=color)


def centered(c: Canvas, book: FontBook, center: float, baseline: float, content: str, style: Style, *,
             bold: bool = False, color: Color = black) -> None:
    text(c, book, center - measure(book, content, style) / 2, baseline, content, style, bold=bold, color=color)


def right(c: Canvas, book: FontBook, right_edge: float, baseline: float, content: str, style: Style, *,
          bold: bool = False, color: Color = black) -> None:
    text(c, book, right_edge - measure(book, content, style), baseline, content, style, bold=bold, color=color)


def spread(c: Canvas, book: FontBook, left: float, width: float, baseline: float, content: str,
           style: Style, *, bold: bool = False) -> None:
    """Spread a short label over a width, as forms print 姓  名 (分散对齐)."""
    natural = measure(book, content, style)
    if len(content) < 2 or natural >= width:
        text(c, book, left + max(0.0, (width - natural) / 2), baseline, content, style, bold=bold)
        return
    gap = (width - natural) / (len(content) - 1)
    text(c, book, left, baseline, content, style, char_space=style.tracking + gap, bold=bold)
