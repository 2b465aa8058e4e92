"""GB/T 9704 layout, measured on the PDF as a ruler would measure the printed page."""

import itertools

import pytest

from desktop.reports import blocks as b
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.official import render
from desktop.reports.layout.stamp import Stamp
from tests.reports.pdf_helpers import MM, body_chars, embedded, fonts, pages, text

BODY = ("根据市委统一部署，市委组织部组建一线考核工作组，深入重大片区指挥部、重点项目现场，采取个别谈话、"
        "实地走访、查阅资料等方式，对参与重大任务的干部进行了考核（2025年第3期，共计128人次）。")
STAMP = Stamp("2025-000042", "2025-06-01 10:23", "内部资料", "组织科 李明 2025-06-01 10:23")


@pytest.fixture(scope="module")
def long_report() -> bytes:
    blocks = [b.Title("关于张三同志的综合分析报告"), b.Heading(1, "一、基本情况"), b.Para(BODY),
              b.Heading(2, "（二）政治素质"), *[b.Para(BODY) for _ in range(12)],
              b.Table(("年度", "考核等次"), (("2024年度", "优秀"),), (1, 1)),
              b.Signature("中共海滨市委组织部", "2025年6月1日")]
    return render(b.Document("测试", tuple(blocks)), book_for(), STAMP).pdf


def test_a4_and_content_read_back(long_report: bytes):
    read = pages(long_report)
    assert len(read) >= 3
    for page in read:
        assert page.width_mm == pytest.approx(210, abs=0.5)
        assert page.height_mm == pytest.approx(297, abs=0.5)
    all_text = text(long_report)
    for expected in ("关于张三同志的综合分析报告", "一、基本情况", "（二）政治素质", "2024年度", "优秀",
                     "中共海滨市委组织部", "内部资料", "报表编号：2025-000042"):
        assert expected in all_text.replace(" ", ""), expected
    assert "组织科李明2025-06-0110:23" in read[0].watermark.replace(" ", "")


def test_text_block_margins_match_gbt9704_within_1mm(long_report: bytes):
    full = pages(long_report)[1]  # page 2 is all body text: 22 lines from edge to edge
    chars = body_chars(full)
    left = min(c["x0"] for c in chars) / MM
    right = full.width_mm - max(c["x1"] for c in chars) / MM
    top = min(c["top"] for c in chars) / MM
    bottom = full.height_mm - max(c["bottom"] for c in chars) / MM
    assert left == pytest.approx(28, abs=1)
    assert right == pytest.approx(26, abs=1)
    assert top == pytest.approx(37, abs=1)
    assert bottom == pytest.approx(35, abs=1)
    lines = sorted({round(c["top"], 1) for c in chars})
    assert len(lines) == 22


def test_28_characters_on_a_full_line(long_report: bytes):
    full = pages(long_report)[1]
    chars = body_chars(full)
    first_line = min(round(c["top"], 1) for c in chars)
    wide = [c for c in chars if round(c["top"], 1) == first_line and ord(c["text"]) > 0x2E80]
    # Latin digits take half a cell: a line of Chinese alone holds exactly 28.
    assert 24 <= len(wide) <= 28


def test_page_numbers_alternate_sides_7mm_below_the_block(long_report: bytes):
    for page_no, page in enumerate(pages(long_report), start=1):
        number = [c for c in page.chars if abs(c["size"] - 14) < 0.01 and c["top"] / MM > 262]
        assert "".join(c["text"] for c in number).replace(" ", "") == f"—{page_no}—"
        middle = (number[0]["top"] + number[0]["bottom"]) / 2 / MM
        assert middle - 262 == pytest.approx(7, abs=1)
        if page_no % 2:
            assert max(c["x1"] for c in number) / MM == pytest.approx(184 - 14 / MM, abs=1)
        else:
            assert min(c["x0"] for c in number) / MM == pytest.approx(28 + 14 / MM, abs=1)


def test_every_font_is_embedded(long_report: bytes):
    found = fonts(long_report)
    assert found
    assert all(embedded(f) for f in found), [f.get("/BaseFont") for f in found if not embedded(f)]
    # Subsets, not whole fonts: the six-letter tag GB/T and PDF/A readers look for.
    assert all("+" in str(f.get("/BaseFont")) for f in found if f.get("/Subtype") == "/TrueType")


def test_rare_characters_fall_back_to_another_font_never_a_box():
    made = render(b.Document("x", (b.Para("欧阳㐂与𠀀同志"),)), book_for(), Stamp())
    page = pages(made.pdf)[0]
    line = "".join(c["text"] for c in body_chars(page))
    assert "欧阳㐂与𠀀同志" in line
    by_char = {c["text"]: c["fontname"] for c in body_chars(page)}
    assert by_char["㐂"] != by_char["欧"] and by_char["𠀀"] != by_char["欧"]
    assert not made.missing


def test_a_character_no_font_has_prints_the_geta_mark_and_is_reported():
    unknown = "\U0010fffd"  # private use: in no font
    made = render(b.Document("x", (b.Para(f"前{unknown}后"),)), book_for(), Stamp())
    assert "前〓后" in text(made.pdf)
    assert made.missing == {unknown}


def test_no_line_starts_with_closing_punctuation(long_report: bytes):
    for page in pages(long_report):
        rows: dict[float, list[dict]] = {}
        for c in body_chars(page):
            rows.setdefault(round(c["top"], 1), []).append(c)
        for row in rows.values():
            first = min(row, key=lambda c: c["x0"])["text"]
            assert first not in "，。、；：？！）》”", first


def test_no_watermark_or_mark_when_switched_off():
    made = render(b.Document("x", (b.Para(BODY),)), book_for(), Stamp("2025-000001", "2025-06-01 10:23"))
    content = text(made.pdf)
    assert "内部资料" not in content and "李明" not in content
    assert "报表编号：2025-000001" in content.replace(" ", "")


def test_no_paragraph_leaves_one_line_alone_at_a_page_s_foot_or_head():
    """Paragraphs of 1 to 6 lines, each ending with a mark: a page never opens with the lone last
    line of a paragraph begun on the page before (a widow, the stray "（0.00%）。" of issue 16)
    and never ends with the lone first line of one continued overleaf (an orphan)."""
    from desktop.reports.layout.official import kept_together

    assert [kept_together(i, 1) for i in range(1)] == [1]
    assert [kept_together(i, 3) for i in range(3)] == [3, 1, 1]
    assert [kept_together(i, 5) for i in range(5)] == [2, 1, 1, 2, 1]
    unit = "干部在重大项目一线的表现情况"  # 14 characters: two make a full line of 28
    paras = [b.Para(unit * (2 * (n % 6) + 1) + "END") for n in range(40)]
    pdf = render(b.Document("测试", (b.Title("分页测试"), *paras)), book_for(), STAMP).pdf
    read = pages(pdf)
    assert len(read) >= 4
    for before, page in itertools.pairwise(read):
        lines = _body_lines(page)
        first = lines[0]
        indented = min(c["x0"] for c in first) > min(c["x0"] for line in lines for c in line) + 10
        assert indented or "END" not in "".join(c["text"] for c in first), "a widow at a page's head"
        last = _body_lines(before)[-1]
        last_indented = min(c["x0"] for c in last) > min(c["x0"] for line in lines for c in line) + 10
        assert not last_indented or "END" in "".join(c["text"] for c in last), "an orphan at a page's foot"


def _body_lines(page) -> list[list[dict]]:
    chars = body_chars(page)
    tops = sorted({round(c["top"], 1) for c in chars})
    return [[c for c in chars if round(c["top"], 1) == t] for t in tops]


def test_a_narrow_column_widens_so_names_and_grades_stay_whole():
    from desktop.reports.layout.official import fit_columns

    assert fit_columns([100.0, 300.0], [150.0, 50.0]) == [150.0, 250.0]
    assert fit_columns([100.0, 100.0], [150.0, 150.0]) == [100.0, 100.0]  # cannot: as they were
    assert fit_columns([200.0, 200.0], [50.0, 50.0]) == [200.0, 200.0]
    rows = tuple((f"欧阳{n}娜", "基本称职", "在重大项目一线表现突出，群众评价较好") for n in "一二三")
    table = b.Table(("姓名", "考核等次", "评价"), rows, (1, 1, 12))
    pdf = render(b.Document("测试", (b.Title("列宽测试"), table)), book_for(), STAMP).pdf
    flat = "".join(text(pdf).split())
    for name, grade, _ in rows:
        assert f"{name}{grade}" in flat  # each on one line of its cell, side by side
