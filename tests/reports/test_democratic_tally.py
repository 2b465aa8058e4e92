"""The landscape 民主测评结果统计表 read back: one page when it can be, pages that stand alone when not."""

from desktop.reports.democratic_tally import render_tallies
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.stamp import Stamp
from tests.reports.pdf_helpers import pages
from tests.reports.tally_data import tally

STAMP = Stamp("2025-000042", "2025-06-01 10:23", "内部资料")


def _sizes(page) -> set[float]:
    return {round(c["size"], 1) for c in page.chars if c["text"] in "0123456789"}


def test_a_short_tally_is_set_at_the_normal_size():
    made = render_tallies([(tally(items=4), STAMP)], book_for())
    assert made.pages == 1
    assert 10.5 in _sizes(pages(made.pdf)[0])


def test_a_tally_that_would_spill_a_few_lines_is_set_tighter_on_one_page():
    # Ten items and three rater categories, as the demo database makes them: at 五号 the
    # remarks, the 未参评 section and the signature lines ran onto a page of their own.
    made = render_tallies([(tally(items=10), STAMP)], book_for())
    assert made.pages == 1
    page = pages(made.pdf)[0]
    text = page.text.replace(" ", "")
    for expected in ("一、总体评价", "二、分项评价", "落实党风廉政建设责任", "三、未参评情况", "统计人（签名）",
                     "审核人（签名）"):
        assert expected in text, expected
    assert 9.0 in _sizes(page) and 10.5 not in _sizes(page)


def test_a_long_tally_continues_on_pages_that_say_whose_they_are():
    made = render_tallies([(tally(items=30, categories=5), STAMP)], book_for())
    read = pages(made.pdf)
    assert made.pages == len(read) >= 2
    assert "（续）" not in read[0].text
    for page in read[1:]:
        text = page.text.replace(" ", "")
        assert "民主测评结果统计表（续）" in text and "被测评人：梁锋洋" in text
    continued_table = read[1].text.replace(" ", "")
    assert "测评项目" in continued_table and "票数" in continued_table  # the table's header again
    assert "审核人（签名）" in read[-1].text.replace(" ", "")
