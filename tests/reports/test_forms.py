"""The 任免审批表 and the 年度考核登记表 read back; Word copies read back with python-docx."""

import io
import re

import pytest
from docx import Document

from desktop.reports import docx_adform
from desktop.reports.adform import AdformData, FamilyRow, render_adform, render_adforms
from desktop.reports.annual_register import RegisterData, render_registers
from desktop.reports.layout import forms
from desktop.reports.layout.fonts import SONG
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.stamp import Stamp
from tests.reports.pdf_helpers import compact, embedded, fonts, pages

STAMP = Stamp("2025-000007", "2025-06-01 10:23", "内部资料", "李明 2025-06-01 10:23")


def resume(lines: int) -> str:
    out = []
    for i in range(lines):
        start, end = f"{1985 + i}.09", f"{1986 + i}.07" if i < lines - 1 else ""
        out.append(f"{start}--{end or '       '}  海滨市翔云区财政局预算科科员、副科长（第{i + 1}段经历）")
    return "\n".join(out)


def form(**changes: object) -> AdformData:
    base = AdformData(
        name="欧阳晓明", sex="男", birth="1975.03", age="50", ethnicity="汉族", native_place="福建长乐",
        birthplace="福建福州", party_joined="1998.06", work_started="1997.08", health="健康",
        professional_title="高级经济师", expertise="财政预算管理", fulltime_title="大学\n经济学学士",
        fulltime_school="厦门大学经济学院财政学专业", inservice_title="研究生\n公共管理硕士",
        inservice_school="中共福建省委党校公共管理专业", current_post="海滨市财政局局长、党组书记",
        proposed_post="海滨市发展和改革委员会主任", proposed_removal="海滨市财政局局长职务",
        resume=resume(8), rewards="2019年12月，被海滨市人民政府记三等功。",
        annual="2022年度称职；2023年度优秀；2024年度称职。",
        reason="工作需要", family=(FamilyRow("妻子", "林芳", "48", "中共党员", "海滨市第一医院医生"),),
        filled_by="李明", filled_on="2025年6月1日",
    )
    return AdformData(**{**base.__dict__, **changes})


def test_adform_two_pages_with_every_field():
    made = render_adform(form(), book_for(), STAMP)
    assert made.pages == 2 and len(pages(made.pdf)) == 2
    text = compact(made.pdf)
    # Labels of two or three lines (入党/时间, 奖惩/情况) interleave with their neighbours in
    # extracted text; single-line labels and every value read back whole.
    for expected in ("干部任免审批表", "姓名", "欧阳晓明", "出生年月", "1975.03", "（50岁）", "民族", "汉族",
                     "福建长乐", "入党", "1998.06", "健康状况", "高级经济师", "全日制", "厦门大学经济学院财政学专业",
                     "公共管理硕士", "现任职务", "海滨市财政局局长、党组书记", "拟任职务", "海滨市发展和改革委员会主任",
                     "拟免职务", "奖惩", "记三等功", "2023年度优秀", "工作需要", "称谓", "工作单位及职务", "林芳",
                     "海滨市第一医院医生", "呈报", "（盖章）", "填表人：李明", "报表编号：2025-000007", "内部资料"):
        assert expected in text, expected
    remaining = iter(text)  # the vertical label, one character per line, in reading order
    assert all(ch in remaining for ch in "家庭主要成员及重要社会关系")
    assert all(embedded(f) for f in fonts(made.pdf))


def test_a_30_line_resume_fits_the_two_pages():
    made = render_adform(form(resume=resume(30)), book_for(), STAMP)
    assert made.pages == 2
    text = compact(made.pdf)
    for i in range(1, 31):
        assert f"（第{i}段经历）" in text
    assert "简历续见附页" not in text


def test_resume_hanging_indent_keeps_the_text_column_clear_of_the_dates():
    long_line = "1990.09--1994.07  " + "海滨市翔云区财政局预算科科员并长期负责重大片区指挥部建设协调及资金管理工作" * 2
    made = render_adform(form(resume=long_line), book_for(), STAMP)
    first = pages(made.pdf)[0]
    rows: dict[float, list[dict]] = {}
    for c in first.chars:
        if c["text"] in "海滨市翔云区财政局预算科科员并长期负责重大片区指挥部建设协调及资金管理工作" and c["top"] > 400:
            rows.setdefault(round(c["top"], 1), []).append(c)
    starts = sorted(min(c["x0"] for c in row) for row in rows.values())
    assert len(starts) >= 2
    assert starts[-1] == pytest.approx(starts[0], abs=0.5)  # wrapped lines start under the text, not the date


def test_an_overlong_resume_continues_on_an_extra_page_and_says_so():
    made = render_adform(form(resume=resume(90)), book_for(), STAMP)
    assert made.pages == 3
    text = compact(made.pdf)
    assert "简历续见附页" in text and "简历续页（欧阳晓明）" in text
    for i in range(1, 91):
        assert f"（第{i}段经历）" in text  # nothing lost


def test_batch_of_forms_in_one_pdf_keeps_order():
    made = render_adforms([(form(name=n), STAMP) for n in ("甲一", "乙二", "丙三")], book_for())
    assert made.pages == 6
    firsts = [compact(made.pdf).find(n) for n in ("甲一", "乙二", "丙三")]
    assert firsts == sorted(firsts) and -1 not in firsts


def test_adform_word_copy_reads_back():
    doc = Document(io.BytesIO(docx_adform.write(form(), STAMP)))
    cells = "".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for expected in ("欧阳晓明", "海滨市财政局局长、党组书记", "林芳", "家庭主要成员及重要社会关系", "记三等功"):
        assert expected in cells
    resume_cell = next(c for t in doc.tables for row in t.rows for c in row.cells if "第1段经历" in c.text)
    assert resume_cell.paragraphs[0].paragraph_format.first_line_indent < 0  # hanging indent
    assert re.search(r"1985\.09--1986\.07\t", resume_cell.text)


def test_annual_register_prints_the_known_fields_and_leaves_the_rest_for_hand():
    data = RegisterData(2024, "张三", "男", "1980.05", "中共党员", "海滨市财政局预算科科长，一级主任科员",
                        "2021.03", "", "2024.03--2024.05  市委党校中青年干部培训班（脱产，120学时）", "优秀")
    made = render_registers([(data, STAMP)], book_for())
    assert made.pages == 2
    text = compact(made.pdf)
    for expected in ("公务员年度考核登记表", "（2024年度）", "张三", "中共党员", "海滨市财政局预算科科长", "2021.03",
                     "个人总结", "参加脱产培训情况", "中青年干部培训班", "考核等次：优秀", "被考核人意见",
                     "需要说明的情况"):
        assert expected in text, expected


LONG_WORK = "海滨市翔云区临空产业区指挥部综合协调处副处长兼党支部书记"  # 28 characters


def test_eight_family_members_with_long_posts_all_print():
    # Eight rows share the family block, so each row is too low for two lines at the form's
    # smallest size: the text must close up and shrink, never vanish.
    relations = ("妻子", "儿子", "女儿", "父亲", "母亲", "哥哥", "姐姐", "弟弟")
    family = tuple(FamilyRow(r, f"王{i}", "45", "中共党员", f"{LONG_WORK}{'甲乙丙'[:i % 4]}")
                   for i, r in enumerate(relations))
    made = render_adform(form(family=family), book_for(), STAMP)
    assert made.pages == 2
    text = compact(made.pdf)
    for m in family:
        assert m.work in text, m.work
    assert "…" not in text


def test_a_value_too_long_for_its_cell_is_cut_visibly_not_dropped():
    book = book_for()
    box = forms.Box(0, 100, 60, 12)  # room for one short line
    fitted = forms.fit(book, LONG_WORK * 5, SONG, box, max_size=12, min_size=7.5)
    assert fitted.lines and fitted.overflow == []
    assert fitted.size >= forms.FLOOR
    kept = "".join(ln.text for ln in fitted.lines)
    assert kept.endswith("…") and LONG_WORK.startswith(kept[:8])
    assert fitted.height() <= box.h + 1e-6


def test_a_value_in_a_cell_lower_than_a_line_still_prints():
    fitted = forms.fit(book_for(), "海滨市财政局", SONG, forms.Box(0, 100, 80, 5), max_size=12, min_size=7.5)
    assert fitted.lines and fitted.lines[0].text.startswith("海")


def test_a_resume_paragraph_longer_than_a_page_continues_without_loss():
    # One paragraph longer than the 简历 cell used to leave the cell empty and send the same
    # text to the continuation page again and again.
    para = "1990.09--2025.06  " + "".join(f"第{i}项工作海滨市翔云区财政局预算科科员副科长科长。" for i in range(1, 181))
    made = render_adform(form(resume=para), book_for(), STAMP)
    assert made.pages >= 3
    text = compact(made.pdf)
    first = pages(made.pdf)[0].text.replace(" ", "")
    assert "第1项工作" in first
    for i in range(1, 181):
        assert f"第{i}项工作" in text, i


def test_the_party_cell_is_filled_in_as_on_the_official_form():
    from desktop.models.dates import PartialDate
    from desktop.reports.facts import party_cell

    joined = PartialDate(1998, 6)
    assert party_cell("中共党员", joined) == "1998.06"
    assert party_cell("九三学社社员", joined) == "1998.06 九三学社社员"
    assert party_cell("无党派人士", None) == "无党派人士"
    assert party_cell("群众", None) == ""
