"""Word copies laid out the same in Word, LibreOffice and WPS: what each program reads from the XML.

Word takes column widths from the cells, LibreOffice and WPS from the table grid; page
breaks come from the heights of fixed rows and exact-spaced paragraphs. These tests read
those values back from the file rather than converting it (LibreOffice is not everywhere).
"""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from desktop.reports import blocks as b
from desktop.reports import docx_adform
from desktop.reports.adform import COLS_1, COLS_FAMILY, RESUME_MIN, RESUME_SIZE, FamilyRow, render_adform
from desktop.reports.layout import docx_narrative
from desktop.reports.layout.glyphs import book_for
from tests.reports.test_forms import LONG_WORK, STAMP, form, resume


def _grid(tbl) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]


def _fixed(tbl) -> bool:
    layout = tbl.tblPr.find(qn("w:tblLayout"))
    return layout is not None and layout.get(qn("w:type")) == "fixed"


def _twips(mm: float) -> int:
    return Mm(mm).twips


def test_narrative_table_grid_matches_the_cells():
    table = b.Table(("序号", "姓名", "单位及职务", "谈话（次）"),
                    (("1", "张三", "海滨市翔云区临空产业区指挥部综合协调处副处长", "3"),), (1.0, 1.6, 5.4, 1.8))
    doc = Document(io.BytesIO(docx_narrative.write(b.Document("表", (table,)), STAMP)))
    tbl = doc.tables[0]._tbl
    grid = _grid(tbl)
    total = sum(table.widths)
    assert grid == [_twips(156 * w / total) for w in table.widths]
    assert grid[2] > 2.5 * grid[0]  # 单位及职务 is the wide column, not a quarter of the table
    for tr in tbl.tr_lst:
        assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in tr.tc_lst] == grid
    assert _fixed(tbl)


def test_adform_word_tables_have_the_form_columns():
    doc = Document(io.BytesIO(docx_adform.write(form(), STAMP)))
    expected = [COLS_1, COLS_1, COLS_FAMILY, COLS_1]
    assert [_grid(t._tbl) for t in doc.tables] == [[_twips(w) for w in cols] for cols in expected]
    assert all(_fixed(t._tbl) for t in doc.tables)


def _page_heights(docx: bytes) -> tuple[list[int], int]:
    """Heights (twips) of the body on each page, split at page breaks, and the printable
    height. Every row must be of exact height and every paragraph exact-spaced: anything
    else grows with its content and cannot be counted."""
    doc = Document(io.BytesIO(docx))
    section = doc.sections[0]
    printable = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    heights = [0]
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:tbl"):
            for tr in el.tr_lst:
                h = tr.trPr.find(qn("w:trHeight"))
                assert h is not None and h.get(qn("w:hRule")) == "exact"
                heights[-1] += int(h.get(qn("w:val")))
        elif el.tag == qn("w:p"):
            spacing = el.pPr.find(qn("w:spacing")) if el.pPr is not None else None
            assert spacing is not None and spacing.get(qn("w:lineRule")) == "exact", el.xpath("string(.)")
            line = int(spacing.get(qn("w:line")))
            extra = sum(int(spacing.get(qn(k)) or 0) for k in ("w:before", "w:after"))
            heights[-1] += line + extra
            for br in el.iter(qn("w:br")):
                if br.get(qn("w:type")) == "page":
                    heights.append(line)  # the break's paragraph goes on under the break
    return heights, printable


def test_adform_word_copy_is_two_pages_by_its_row_heights():
    # 22 pt title with python-docx's default 1.15 lines and 10 pt after, over 250 mm of rows,
    # ran past page 1 and left the 简历 alone on page 2 (three pages in LibreOffice).
    for data in (form(), form(family=tuple(FamilyRow("子", f"王{i}", "20", "群众", LONG_WORK) for i in range(12)),
                              resume=resume(40))):
        heights, printable = _page_heights(docx_adform.write(data, STAMP))
        assert len(heights) == 2
        assert all(h <= printable for h in heights), (heights, printable)


def _cells(doc) -> list:
    return [c for t in doc.tables for row in t.rows for c in row.cells]


def test_a_long_resume_shrinks_to_the_pdf_s_floor_then_continues_on_a_continuation_page():
    data = form(resume=resume(75))
    docx = docx_adform.write(data, STAMP)
    heights, printable = _page_heights(docx)
    assert len(heights) == 3 and all(h <= printable for h in heights), (heights, printable)
    assert render_adform(data, book_for(), STAMP).pages == 3  # as the PDF
    doc = Document(io.BytesIO(docx))
    first = next(c for c in _cells(doc) if "第1段经历" in c.text)
    assert {r.font.size.pt for p in first.paragraphs for r in p.runs} == {RESUME_MIN}
    assert first.paragraphs[-1].text == "（简历续见附页）"
    assert "干部任免审批表简历续页（欧阳晓明）" in [p.text for p in doc.paragraphs]
    text = "".join(tc.xpath("string(.)") for t in doc.tables for tc in t._tbl.iter(qn("w:tc")))
    for i in range(1, 76):
        assert text.count(f"（第{i}段经历）") == 1, i  # each once: nothing lost, nothing twice


def test_a_short_resume_is_set_as_large_as_the_pdf_sets_it():
    doc = Document(io.BytesIO(docx_adform.write(form(), STAMP)))
    cell = next(c for c in _cells(doc) if "第1段经历" in c.text)
    assert {r.font.size.pt for p in cell.paragraphs for r in p.runs} == {RESUME_SIZE}


def test_narrative_word_keeps_headers_headings_dates_and_numbers_together():
    """What Word reads from the file (tests/reports/test_word_in_libreoffice.py looks at the result)."""
    table = b.Table(("序号", "姓名"), tuple((str(i), f"干部{i}") for i in range(40)), (1.0, 2.0), caption="表1 名单")
    blocks = (b.Heading(1, "一、基本情况"), b.Para("根据海委干〔2019〕5号文件，自2019年6月1日起施行。"), table)
    doc = Document(io.BytesIO(docx_narrative.write(b.Document("文", blocks), STAMP)))
    rows = doc.tables[0]._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in rows[1:])
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    heading, para, caption = doc.paragraphs[:3]
    assert heading.paragraph_format.keep_with_next and caption.paragraph_format.keep_with_next
    assert not para.paragraph_format.keep_with_next
    joiner = "\u2060"
    assert f"海{joiner}委{joiner}干{joiner}〔{joiner}2" in para.text
    assert f"2{joiner}0{joiner}1{joiner}9{joiner}年" in para.text
    assert para.text.replace(joiner, "") == "根据海委干〔2019〕5号文件，自2019年6月1日起施行。"
