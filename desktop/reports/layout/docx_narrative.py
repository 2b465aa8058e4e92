"""Narrative reports as editable Word files, from the same blocks as the PDF.

GB/T 9704 in Word terms: A4, margins 37/35/28/26 mm, 3号仿宋 body with exact 28.95 pt
line spacing (22 lines in the text block), 2号 title, 黑体/楷体 headings, page numbers
`— n —` in 4号宋体 right on odd and left on even pages. Headings stay with what follows them,
table header rows repeat on every page and rows are never split, and dates and document
numbers (海委干〔2019〕5号) are never broken across lines, as in the PDF.
"""

from __future__ import annotations

import io
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from desktop.reports import blocks as b
from desktop.reports.layout import docx_common as w
from desktop.reports.layout import linechart, official, radar
from desktop.reports.layout.fonts import FANGSONG, HEI, KAI, SONG, TITLE, FontSet
from desktop.reports.layout.glyphs import book_for, render_lock
from desktop.reports.layout.stamp import Stamp
from desktop.reports.layout.typeset import break_title, joined

LINE = 28.95  # 225 mm / 22 lines, in points
BODY = 16.0
HEADING_ROLES = {1: HEI, 2: KAI, 3: FANGSONG, 4: FANGSONG}
RED = (0xD9, 0, 0)
ALIGN = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT, "l": WD_ALIGN_PARAGRAPH.LEFT}


def _run(p: Paragraph, text: str, role: str, size: float, **kwargs: Any) -> None:
    """A run whose dates and document numbers never break across lines (typeset.joined)."""
    w.run(p, joined(text), role, size, **kwargs)


def _page_numbers(doc: w.Document) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, align in sides:
        p = footer.paragraphs[0]
        p.alignment = align
        fmt = p.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(14)
        w.run(p, "— ", SONG, 14)
        w.field(p, "PAGE", SONG, 14)
        w.run(p, " —", SONG, 14)
    section.footer_distance = Mm(35 - 7 - 5)


def _stamp(doc: w.Document, mark: Stamp) -> None:
    section = doc.sections[0]
    for header in (section.header, section.even_page_header):
        p = header.paragraphs[0]
        if mark.classification:
            w.run(p, mark.classification, HEI, 14)
    for footer in (section.footer, section.even_page_footer):
        note = footer.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text = "　".join(x for x in (mark.footer_text(), mark.watermark) if x)
        if text:
            w.run(note, text, SONG, 8, color=(0x59, 0x59, 0x59))


def _para(doc: w.Document, text: str, role: str, *, size: float = BODY, indent: int = 2,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY, color: tuple[int, int, int] | None = None,
          bold: bool = False, heading: bool = False) -> None:
    """A paragraph; a `heading` stays on the page of the paragraph (or table) after it."""
    p = doc.add_paragraph()
    p.alignment = align
    w.spacing(p, LINE if size <= BODY else None)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * indent)
    if heading:
        p.paragraph_format.keep_with_next = True
    _run(p, text, role, size, color=color, bold=bold)


def _table(doc: w.Document, t: b.Table) -> None:
    if t.caption:
        _para(doc, t.caption, HEI, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, heading=True)
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(t.widths)
    widths = [Mm(156 * width / total) for width in t.widths]
    w.column_widths(table, widths)
    size = 10.5 if t.small else 12
    # Row by row: Table.cell(r, c) walks the whole table on every call (quadratic).
    for r, (row_obj, row) in enumerate(zip(table.rows, (t.header, *t.rows), strict=True)):
        # Rows are not split over two pages, and the header row repeats on every page.
        w.row_flags(row_obj, header=r == 0)
        for n, (cell, text) in enumerate(zip(row_obj.cells, row, strict=True)):
            p = cell.paragraphs[0]
            mode = "c" if r == 0 else (t.align[n] if n < len(t.align) else "l")
            p.alignment = ALIGN.get(mode, WD_ALIGN_PARAGRAPH.LEFT)
            _run(p, text, HEI if r == 0 else FANGSONG, size)


def _title(doc: w.Document, text: str, fontset: FontSet | None) -> None:
    """The title broken where the PDF breaks it (before a bracket, before 的 …), with line
    breaks: left to itself Word breaks wherever the line is full, mid-word."""
    with render_lock:
        lines = break_title(book_for(fontset), text, official.TITLE_STYLE, official.TITLE_WIDTH)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    w.spacing(p)
    p.paragraph_format.keep_with_next = True
    for n, ln in enumerate(lines):
        r = w.run(p, joined(ln.text), TITLE, official.TITLE_SIZE)
        if n < len(lines) - 1:
            r.add_break()


def _picture(doc: w.Document, png: bytes, width_mm: float, caption: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    if caption:
        _para(doc, caption, FANGSONG, size=14, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)


def _block(doc: w.Document, block: b.Block, fontset: FontSet | None = None) -> None:
    if isinstance(block, b.Masthead):
        _para(doc, block.name, TITLE, size=36, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
        if block.kind:
            _para(doc, f"（{block.kind}）", KAI, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
        if block.issue:
            _para(doc, block.issue, FANGSONG, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
        p = doc.add_paragraph()
        w.spacing(p, LINE)
        _run(p, f"{block.issuer}\t{block.date}", FANGSONG, BODY)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # right-aligned tab
        w.border(p, "bottom", size=18, color="D90000")
    elif isinstance(block, b.Title):
        _title(doc, block.text, fontset)
        _para(doc, "", FANGSONG, indent=0, heading=True)
    elif isinstance(block, b.Subtitle):
        _para(doc, block.text, KAI, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, heading=True)
    elif isinstance(block, b.Heading):
        _para(doc, block.text, HEADING_ROLES.get(block.level, FANGSONG), heading=True)
    elif isinstance(block, b.Para) and block.lead:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        w.spacing(p, LINE)
        p.paragraph_format.first_line_indent = Pt(BODY * block.indent)
        _run(p, block.lead, HEADING_ROLES.get(block.lead_level, FANGSONG), BODY)
        _run(p, block.text, FANGSONG, BODY)
    elif isinstance(block, b.Para):
        _para(doc, block.text, FANGSONG, indent=block.indent)
    elif isinstance(block, b.Table):
        _table(doc, block)
    elif isinstance(block, b.Image):
        _picture(doc, block.png, block.width_mm, block.caption)
    elif isinstance(block, b.Radar):
        _picture(doc, radar.radar_png(block, fontset), block.width_mm, block.caption)
    elif isinstance(block, b.LineChart):
        _picture(doc, linechart.line_chart_png(block, fontset), block.width_mm, block.caption)
    elif isinstance(block, b.Signature):
        _para(doc, "", FANGSONG, indent=0)
        for text in (block.issuer, block.date):
            if text:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.paragraph_format.right_indent = Pt(BODY * 4)
                w.spacing(p, LINE)
                _run(p, text, FANGSONG, BODY)
    elif isinstance(block, b.Blank):
        for _ in range(block.lines):
            _para(doc, "", FANGSONG, indent=0)
    elif isinstance(block, b.Distribution):
        rows = [*block.lines, f"{block.printed_by}\t{block.printed_on}"]
        for i, row in enumerate(rows):
            p = doc.add_paragraph()
            w.spacing(p, LINE)
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)
            p.paragraph_format.tab_stops.add_tab_stop(Mm(156 - 10), alignment=2)
            _run(p, row, FANGSONG, 14)
            w.border(p, "top", size=8 if i == 0 else 4)
            if i == len(rows) - 1:
                w.border(p, "bottom", size=8)


def write(doc_blocks: b.Document, mark: Stamp, fontset: FontSet | None = None) -> bytes:
    """The Word copy; `fontset` gives charts the report's fonts."""
    doc = w.document(37, 35, 28, 26)
    w.describe(doc, doc_blocks.title, doc_blocks.subject, mark, doc_blocks.author)
    _page_numbers(doc)
    _stamp(doc, mark)
    for block in doc_blocks.blocks:
        _block(doc, block, fontset)
    return w.save(doc)
