"""Word (python-docx) helpers: Chinese font names on runs, exact line spacing, fields, borders.

Word files are opened on the clerk's own machine, so they name the standard Windows faces
(仿宋, 宋体, 黑体, 楷体) rather than the files this machine happened to embed in the PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.document import Document as Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from desktop.reports.layout.draw import PROGRAM
from desktop.reports.layout.fonts import FANGSONG, HEI, KAI, SONG, TITLE
from desktop.reports.layout.stamp import Stamp

WORD_FACES = {FANGSONG: "仿宋", SONG: "宋体", HEI: "黑体", KAI: "楷体", TITLE: "宋体"}


def document(top: float, bottom: float, left: float, right: float) -> Document:
    """A new A4 document with the given margins in millimetres."""
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    return doc


def describe(doc: Document, title: str, subject: str, mark: Stamp, author: str = "") -> None:
    """The file's properties as Word shows them (文件 → 信息): who issued it, what it is,
    when it was made; python-docx would otherwise leave its own template's (author
    "python-docx", created 2013-12-23, made with "Microsoft Macintosh Word")."""
    props = doc.core_properties
    issued_by = author or mark.author or PROGRAM
    props.author = props.last_modified_by = issued_by
    props.title, props.subject = title, subject or title
    props.keywords = props.identifier = mark.number
    props.comments = props.category = ""
    props.language = "zh-CN"
    props.revision = 1
    when = (mark.created or dt.datetime.now().astimezone()).astimezone(dt.UTC).replace(tzinfo=None)
    props.created = props.modified = when
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            xml = re.sub(r"<Application>[^<]*</Application>", f"<Application>{PROGRAM}</Application>", xml)
            xml = re.sub(r"<Company\s*/>|<Company>[^<]*</Company>", f"<Company>{escape(issued_by)}</Company>", xml)
            part._blob = xml.encode("utf-8")  # a plain Part: python-docx has no setter for it


def run(paragraph: Paragraph, text: str, role: str, size: float, *, bold: bool = False,
        color: tuple[int, int, int] | None = None) -> Run:
    r = paragraph.add_run(text)
    face = WORD_FACES[role]
    r.font.name = face
    r.font.size = Pt(size)
    r.font.bold = bold or role == TITLE
    if color:
        r.font.color.rgb = RGBColor(*color)
    fonts = r._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), face)
    return r


def spacing(paragraph: Paragraph, line: float | None = None, *, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)


def field(paragraph: Paragraph, code: str, role: str, size: float) -> None:
    """A Word field (PAGE) whose result Word computes when the file is opened or printed."""
    r = run(paragraph, "", role, size)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        r._element.append(el)


def border(paragraph: Paragraph, side: str, *, size: int = 8, color: str = "000000") -> None:
    """A rule along one side of a paragraph (size in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        edge.set(qn(key), value)
    borders.append(edge)


def row_flags(row: Any, *, header: bool = False) -> None:
    """A table row that is not split across pages (cantSplit); a `header` row repeats at the
    top of every page the table runs onto (tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    for name, wanted in (("w:cantSplit", True), ("w:tblHeader", header)):
        if wanted and tr_pr.find(qn(name)) is None:
            tr_pr.append(OxmlElement(name))


def column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Give a table fixed columns of the given widths, in the grid as well as in every cell.

    Word lays a table out from the cells' widths (tcW), but LibreOffice and WPS lay it out
    from the table grid (tblGrid), which python-docx writes with equal columns: the two
    must agree, and a fixed layout keeps either program from re-balancing the columns
    around long text.
    """
    tbl = table._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(round(width.twips)))
        grid.append(col)
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl.tblPr.insert_element_before(tbl_w, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                                        "w:tblLayout", "w:tblCellMar", "w:tblLook")
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(sum(w.twips for w in widths))))
    # Before any merge: a merged cell spans several grid columns but would get one's width.
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
