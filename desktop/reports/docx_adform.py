"""干部任免审批表 as an editable Word file: the same grid as the PDF, as Word tables.

Clerks edit the form before submitting (拟任职务, 任免理由, wording of the 简历), so the
Word copy keeps every cell a real table cell with fixed row heights, the 简历 set with a
hanging indent through a tab stop, and the photo in its merged cell. The 简历 is fitted as
the PDF fits it (forms.fit, the same sizes and floor): a long one shrinks, and what does not
fit even at the floor continues on 续页 after page 2, never cut by the fixed row.
"""

from __future__ import annotations

import io
from typing import cast

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from reportlab.lib.units import mm

from desktop.reports.adform import (
    COLS_1,
    COLS_FAMILY,
    FAMILY_ROWS,
    NOTE_SIZE,
    RESUME_LEADING,
    RESUME_MIN,
    RESUME_SIZE,
    AdformData,
    FamilyRow,
)
from desktop.reports.layout import docx_common as w
from desktop.reports.layout import forms
from desktop.reports.layout.fonts import SONG, TITLE, FontSet
from desktop.reports.layout.forms import PERIOD, Box
from desktop.reports.layout.glyphs import FontBook, book_for, render_lock
from desktop.reports.layout.stamp import Stamp
from desktop.reports.layout.typeset import Style, measure

SIZE = 12.0
MARGINS = (20, 15, 25, 21)  # top, bottom, left, right (mm)
# Each page must hold its fixed-height rows plus the paragraphs around them, or Word and
# LibreOffice push the last rows (the 简历) onto a page of their own. The title and the
# paragraphs between tables are therefore exact-spaced with no space before or after
# (python-docx's template gives every paragraph 1.15 lines and 10 pt after).
TITLE_LINE = 32.0  # pt, exact: the 22 pt title and air above the table
GAP_LINE = 1.0  # pt, exact: the paragraph carrying the page break between the two pages
ROWS_1 = (12, 12, 12, 12, 13, 13, 10, 10, 10, 146)  # mm; with the title, within 297 - 20 - 15
CONTINUATION_TITLE_LINE = 28.0  # pt, exact
CONTINUATION_ROW = 245  # mm: a 续页's box under its title, within 297 - 20 - 15
CELL_MARGIN = 1.905  # mm, left and right: the Table Grid style's 108 twips
WIDTH_SAFETY = 0.96
CELL_FLOOR = 9.0  # pt: a short value shrinks to this before it wraps


def _fitting(text: str, width_mm: float) -> float:
    """小四, or smaller (not below 9 pt) so that each line of a short value fits the cell's
    width on one line: 熟悉专业 in an 18 mm cell, 高级工程师 in a 24 mm one."""
    longest = max((sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in line) for line in text.split("\n")), default=0)
    room = (width_mm - 2 * CELL_MARGIN) * 72 / 25.4
    return SIZE if longest * SIZE <= room else max(CELL_FLOOR, room / longest)


def _cell(cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
          size: float = SIZE, width: float | None = None) -> None:
    """A cell's text; with the cell's `width` (mm) the size is fitted to it."""
    if width is not None:
        size = _fitting(text, width)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = align
        w.spacing(p)
        w.run(p, line, SONG, size)


def _resume_box(width_mm: float, height_mm: float) -> Box:
    """The text area of a 简历 cell, as forms.fit measures it: the cell less Word's cell
    margins, a little narrower again because the reader's 宋体 may set digits wider than
    the font the layout was measured with (a wrap Word makes that we did not would push the
    last line out of the fixed-height row)."""
    width = (width_mm - 2 * CELL_MARGIN) * WIDTH_SAFETY * mm
    height = (height_mm - 2) * mm
    return Box(0, height, width, height)


def _resume(cell: _Cell, book: FontBook, text: str, box: Box, note: str = "") -> list[str]:
    """The 简历 set in `cell` as the PDF sets it: shrunk down to the PDF's floor, then cut
    between paragraphs; returns the paragraphs left for a continuation page."""
    fitted = forms.fit(book, text, SONG, box, max_size=RESUME_SIZE, min_size=RESUME_MIN, hanging=True,
                       leading=RESUME_LEADING, continued=True)
    size, line = fitted.size, fitted.size * fitted.leading
    # Half an em more than the PDF's indent: a reader without 宋体 sets the digits of the
    # period in a wider face, and the text must still clear them (WIDTH_SAFETY pays for it).
    hang = measure(book, "0000.00--0000.00", Style(SONG, size)) + 1.5 * size
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for i, para in enumerate(fitted.kept(text)):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        w.spacing(p, line)
        fmt = p.paragraph_format
        m = PERIOD.match(para.strip())
        if m:
            fmt.left_indent, fmt.first_line_indent = Pt(hang), Pt(-hang)
            fmt.tab_stops.add_tab_stop(Pt(hang))
            para = f"{m[1]}\t{m[2]}"
        elif para.lstrip().startswith(("（其间", "(其间")):
            fmt.left_indent = Pt(hang)
        w.run(p, para.strip(), SONG, size)
    if fitted.overflow and note:
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        w.spacing(p, line)
        w.run(p, note, SONG, size)
    return fitted.overflow


def _table(doc: w.Document, rows: int, widths: tuple[int, ...]) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    w.column_widths(table, [Mm(width) for width in widths])
    return cast(Table, table)


def _height(table: Table, row: int, mm: float) -> None:
    table.rows[row].height = Mm(mm)
    table.rows[row].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY


def _page_one(doc: w.Document, d: AdformData, book: FontBook) -> list[str]:
    p = doc.add_paragraph()
    w.spacing(p, TITLE_LINE)
    if d.age_limit:
        # The title centred and 改革前任职年龄界限 at the right, on one line: page 1 has no
        # room for another.
        tabs = p.paragraph_format.tab_stops
        tabs.add_tab_stop(Mm(sum(COLS_1) / 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Mm(sum(COLS_1)), WD_TAB_ALIGNMENT.RIGHT)
        w.run(p, "\t", SONG, 22)
        w.run(p, "干部任免审批表", TITLE, 22)
        w.run(p, f"\t{d.age_limit}", SONG, NOTE_SIZE)
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        w.run(p, "干部任免审批表", TITLE, 22)
    t = _table(doc, len(ROWS_1), COLS_1)
    for r, h in enumerate(ROWS_1):
        _height(t, r, h)
    born = f"{d.birth}\n（{d.age}岁）" if d.age else d.birth
    rows = (("姓　名", d.name, "性　别", d.sex, "出生年月\n（　岁）", born),
            ("民　族", d.ethnicity, "籍　贯", d.native_place, "出生地", d.birthplace),
            ("入党\n时间", d.party_joined, "参加工\n作时间", d.work_started, "健康状况", d.health))
    for r, values in enumerate(rows):
        for col, text in enumerate(values):
            _cell(t.cell(r, col), text, width=COLS_1[col])
    for col, text in enumerate(("专业技\n术职务", d.professional_title, "熟悉专业\n有何专长", d.expertise,
                                "到龄年月", d.retirement_due)):
        _cell(t.cell(3, col), text, width=COLS_1[col])
    photo = t.cell(0, 6).merge(t.cell(3, 6))
    if d.photo:
        photo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = photo.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        try:
            para.add_run().add_picture(io.BytesIO(d.photo), width=Mm(30))
        except Exception:
            _cell(photo, "照片")
    else:
        _cell(photo, "照片")
    _cell(t.cell(4, 0).merge(t.cell(5, 0)), "学历\n学位")
    for r, (kind, title, school) in ((4, ("全日制\n教育", d.fulltime_title, d.fulltime_school)),
                                     (5, ("在职\n教育", d.inservice_title, d.inservice_school))):
        _cell(t.cell(r, 1), kind)
        _cell(t.cell(r, 2).merge(t.cell(r, 3)), title)
        _cell(t.cell(r, 4), "毕业院校\n系及专业")
        _cell(t.cell(r, 5).merge(t.cell(r, 6)), school, align=WD_ALIGN_PARAGRAPH.LEFT)
    for r, (label, text) in ((6, ("现任职务", d.current_post)), (7, ("拟任职务", d.proposed_post)),
                             (8, ("拟免职务", d.proposed_removal))):
        _cell(t.cell(r, 0).merge(t.cell(r, 1)), label)
        _cell(t.cell(r, 2).merge(t.cell(r, 6)), text, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell(t.cell(9, 0), "简\n\n\n\n历")
    return _resume(t.cell(9, 1).merge(t.cell(9, 6)), book, d.resume, _resume_box(sum(COLS_1[1:]), ROWS_1[-1]),
                   "（简历续见附页）")


def _page_break(doc: w.Document) -> None:
    # The break's paragraph must fit under a full page: a normal line would itself move to
    # the next page and the break would then leave that page empty.
    gap = doc.add_paragraph()
    w.spacing(gap, GAP_LINE)
    w.run(gap, "", SONG, GAP_LINE).add_break(WD_BREAK.PAGE)


def _continuation(doc: w.Document, d: AdformData, book: FontBook, rest: list[str]) -> None:
    """续页: the rest of a 简历 too long for page 1 even at the smallest size, as the PDF has."""
    while rest:
        _page_break(doc)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        w.spacing(p, CONTINUATION_TITLE_LINE)
        w.run(p, f"干部任免审批表简历续页（{d.name}）", TITLE, 16)
        table = _table(doc, 1, (sum(COLS_1),))
        _height(table, 0, CONTINUATION_ROW)
        rest = _resume(table.cell(0, 0), book, "\n".join(rest), _resume_box(sum(COLS_1), CONTINUATION_ROW))


def _page_two(doc: w.Document, d: AdformData) -> None:
    _page_break(doc)
    top = _table(doc, 3, COLS_1)
    for r, (label, text, h) in enumerate((("奖惩\n情况", d.rewards, 42), ("年度\n考核\n结果", d.annual, 22),
                                          ("任免\n理由", d.reason, 30))):
        _height(top, r, h)
        _cell(top.cell(r, 0), label)
        _cell(top.cell(r, 1).merge(top.cell(r, 6)), text, align=WD_ALIGN_PARAGRAPH.LEFT)
    rows = max(FAMILY_ROWS, len(d.family))
    fam = _table(doc, rows + 1, COLS_FAMILY)
    for r in range(rows + 1):
        _height(fam, r, 10 if r == 0 else min(10, 70 / rows))
    _cell(fam.cell(0, 0).merge(fam.cell(rows, 0)), "家庭主要成员及重要社会关系")
    for col, text in enumerate(("称谓", "姓名", "年龄", "政治面貌", "工作单位及职务"), start=1):
        _cell(fam.cell(0, col), text)
    for i in range(rows):
        m = d.family[i] if i < len(d.family) else FamilyRow("", "", "", "", "")
        for col, text in enumerate((m.relation, m.name, m.age, m.political_status, m.work), start=1):
            _cell(fam.cell(i + 1, col), text, align=WD_ALIGN_PARAGRAPH.LEFT if col == 5 else WD_ALIGN_PARAGRAPH.CENTER)
    seal = "（盖章）\n年　　月　　日"
    bottom = _table(doc, 2, COLS_1)
    _height(bottom, 0, 28)
    _height(bottom, 1, 40)
    _cell(bottom.cell(0, 0), "呈报\n单位")
    _cell(bottom.cell(0, 1).merge(bottom.cell(0, 6)), f"{d.reporting_unit}\n\n{seal}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _cell(bottom.cell(1, 0), "审批\n机关\n意见")
    _cell(bottom.cell(1, 1).merge(bottom.cell(1, 3)), f"\n\n{seal}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _cell(bottom.cell(1, 4), "行政\n任免\n机关\n意见")
    _cell(bottom.cell(1, 5).merge(bottom.cell(1, 6)), f"\n\n{seal}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    p = doc.add_paragraph()
    w.spacing(p, SIZE * 1.5, before=3)
    w.run(p, f"填表人：{d.filled_by}\t填表时间：{d.filled_on}", SONG, SIZE)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(164), alignment=2)


def write(d: AdformData, mark: Stamp, fontset: FontSet | None = None) -> bytes:
    """The Word copy; `fontset` gives the metrics the 简历 is fitted with (the PDF's)."""
    doc = w.document(*MARGINS)
    w.describe(doc, f"干部任免审批表（{d.name}）", "干部任免审批表", mark)
    section = doc.sections[0]
    if mark.classification:
        w.run(section.header.paragraphs[0], mark.classification, SONG, 12)
    note = section.footer.paragraphs[0]
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    w.run(note, "　".join(x for x in (mark.footer_text(), mark.watermark) if x), SONG, 8)
    section.header_distance = section.footer_distance = Pt(20)
    with render_lock:
        book = book_for(fontset)
        rest = _page_one(doc, d, book)
        _page_two(doc, d)
        _continuation(doc, d, book, rest)
    return w.save(doc)
