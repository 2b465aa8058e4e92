"""The printed 成绩单, read back from the PDF and the Word copy as a reader checks it."""

import dataclasses
import datetime as dt
import io
import re

import pytest
from docx import Document

from desktop.reports import blocks as b
from desktop.reports import scorecard
from desktop.reports.layout import linechart
from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import render
from tests.reports import scorecard_sample as sample
from tests.reports.pdf_helpers import MM, compact, pages, prose, table_rows

MARK = Stamp("2026-000101", "2026-07-10 09:00", "内部资料", created=dt.datetime(2026, 7, 10, 9, 0))
SCORE = re.compile(r"\d{1,3}\.\d\d")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    made = render(sample.scorecard(), MARK)
    assert not made.missing, made.missing  # ▲ and every name have a glyph
    return made.pdf


def _ranking_rows(rows: list[list[str]]) -> list[list[str]]:
    """The body rows of the ranking part that carries the totals (its header has 总分 and 未报项)."""
    for n, row in enumerate(rows):
        if row[:2] == ["名次", "单位"] and "总分" in row and "未报项" in row:
            body = [r for r in rows[n + 1:] if r != row]  # the header repeats on the next page
            return body[:len(sample.UNITS)]
    raise AssertionError("no ranking table with totals")


def test_title_organization_date_and_reporting_rate(pdf: bytes):
    text = compact(pdf)
    assert "2026年第2季度重点任务指标成绩单" in text
    assert "中共海滨市委组织部" in text
    assert "2026年7月10日" in text
    body = prose(pdf)
    # 12 units × 8 indicators = 96 values, 15 missing.
    assert "纳入考核的单位12个，考核指标8项，应报数据96项，已报81项，报送率84.38%。" in body
    assert "尚有5个单位未报齐数据：西山县、海滨市生态环境局、北岭县、海滨市应急管理局、海滨市自然资源和规划局。" in body


def test_every_unit_and_total_in_rank_order_with_ties_and_the_bottom_three_marked(pdf: bytes):
    rows = _ranking_rows(table_rows(pdf))
    total_at = len(rows[0]) - 2
    assert [r[1].rstrip("▲") for r in rows] == [u[0] for u in sample.UNITS]
    assert [r[total_at] for r in rows] == [f"{u[2]:.2f}" for u in sample.UNITS]
    assert [r[0] for r in rows][:4] == ["1", "2", "2", "4"]  # 临港区 and 商务局 tie at 93.25
    assert [r[1] for r in rows if r[1].endswith("▲")] == ["北岭县▲", "海滨市应急管理局▲", "海滨市自然资源和规划局▲"]
    assert [r[-1] for r in rows] == [str(u[3]) if u[3] else "" for u in sample.UNITS]
    assert "标注“▲”的3个单位排名靠后，列入季度分析会。" in prose(pdf)


def test_wide_ranking_is_split_and_every_cell_fits_the_text_block(pdf: bytes):
    rows = table_rows(pdf)
    headers = list(dict.fromkeys(tuple(r) for r in rows if r[:2] == ["名次", "单位"]
                                 and any(c.startswith("指标") for c in r)))
    assert len(headers) == 2  # 8 indicators: two tables of four
    shown = [c for h in headers for c in h if c.startswith("指标")]
    assert shown == [f"指标{n}" for n in range(1, 9)]
    for r in _ranking_rows(rows):
        assert all(SCORE.fullmatch(c) for c in r[2:-1]), r  # no score broken over two lines
    for page in pages(pdf):
        assert min(c["x0"] for c in page.chars) / MM >= 28 - 1  # GB/T 9704 within 1 mm, as the layout tests
        assert max(c["x1"] for c in page.chars if abs(c["size"] - 8) > 0.01) / MM <= 210 - 26 + 1


def test_the_indicators_are_named_with_their_weights(pdf: bytes):
    rows = table_rows(pdf)
    for n, (name, weight) in enumerate(zip(sample.INDICATORS, sample.WEIGHTS, strict=True), start=1):
        assert [f"指标{n}", name, f"{weight:g}"] in rows


def test_rankings_within_groups(pdf: bytes):
    text = compact(pdf)
    assert "（一）市直部门（7个）" in text and "（二）区县（5个）" in text
    rows = table_rows(pdf)
    start = rows.index(["类内名次", "单位", "总分", "综合名次", "未报项"])
    county = [r for r in rows[start:] if r[1].rstrip("▲") in {"临港区", "东湖区", "西山县", "南湾区", "北岭县"}]
    assert [(r[0], r[1], r[3]) for r in county[:5]] == [
        ("1", "临港区", "2"), ("2", "东湖区", "4"), ("3", "西山县", "6"), ("4", "南湾区", "8"), ("5", "北岭县▲", "10")]


def test_trend_chart_is_text_and_the_trend_table_has_the_gaps(pdf: bytes):
    text = compact(pdf)
    for label in ("图1季度总分走势", "（分）", "全部单位平均", "海滨市发展和改革委员会（第1名）", "北岭县（第10名）",
                  "海滨市自然资源和规划局（第12名）", *sample.QUARTERS):
        assert label in text, label
    chart_page = next(p for p in pages(pdf) if "图1" in p.text)
    ticks = {c["text"] for c in chart_page.chars if abs(c["size"] - linechart.TICK_SIZE) < 0.01}
    assert {"6", "0", "1"} <= ticks  # 60 … 100
    rows = table_rows(pdf)
    start = next(n for n, r in enumerate(rows) if r[-1] == "较上季度")
    assert rows[start][2:-1] == [q for q in sample.QUARTERS]
    north = next(r for r in rows[start:] if r[:2] == ["10", "北岭县▲"])
    assert north[2:] == ["70.00", "—", "71.00", "72.30", "+1.30"]


def test_bottom_ranked_explanations_and_measures(pdf: bytes):
    body = prose(pdf)
    assert "五、排名靠后单位的原因说明和整改措施" in body
    for note in sample.NOTES:
        assert note.explanation in body
        assert note.measures in body
    text = compact(pdf)
    assert "（一）北岭县（第10名，总分72.30分）" in text
    assert "（三）海滨市自然资源和规划局（第12名，总分61.60分）" in text


def test_a_bottom_subject_without_a_note_is_said_to_owe_one():
    data = dataclasses.replace(sample.scorecard(), notes=sample.NOTES[:1])
    doc = scorecard.document(data)
    texts = [x.text for x in doc.blocks if isinstance(x, b.Para)]
    assert texts.count("尚未提交原因说明和整改措施。") == 2


def test_forty_indicators_split_into_tables_of_at_most_four():
    base = sample.scorecard()
    rows = tuple(dataclasses.replace(r, scores=r.scores * 5) for r in base.rows)
    data = dataclasses.replace(base, indicators=tuple(f"指标名称{n}" for n in range(40)), weights=(2.5,) * 40,
                               rows=rows)
    parts = scorecard.table_parts(data)
    assert len(parts) == 10 and all(p.last - p.first == 4 for p in parts)
    made = render(data, MARK)
    read = table_rows(made.pdf)
    headers = dict.fromkeys(tuple(r) for r in read
                            if r[:2] == ["名次", "单位"] and any(c.startswith("指标") for c in r))
    assert [c for h in headers for c in h if c.startswith("指标")] == [f"指标{n}" for n in range(1, 41)]


def test_word_copy_has_the_tables_and_the_chart():
    made = render(sample.scorecard(), MARK, "docx")
    doc = Document(io.BytesIO(made.pdf))
    paragraphs = "".join(p.text for p in doc.paragraphs).replace("\u2060", "")
    assert "2026年第2季度重点任务指标成绩单" in paragraphs
    assert sample.NOTES[0].measures in paragraphs
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"北岭县▲", "95.50", "指标8"} <= cells
    assert len(doc.inline_shapes) == 1  # the trend chart as a picture


def test_nice_scale_and_gaps_in_a_line():
    assert linechart.nice_scale([61.6, 95.5]) == (60.0, 100.0, 10.0)
    assert linechart.nice_scale([0.0, 3.0]) == (0.0, 3.0, 0.5)
    chart = b.LineChart(("一", "二", "三", "四"), (b.Series("甲", (1.0, None, 2.0, 3.0)),), 0.0, 5.0, 1.0)
    marks = linechart.plan(chart, lambda text, role, size: len(text) * size)
    dots = [m for m in marks if isinstance(m, linechart.Dot)]
    assert len(dots) == 3 + 1  # three values and the legend's sample
    solid = [m for m in marks if isinstance(m, linechart.Stroke) and m.width == 0.9]
    assert [len(m.points) for m in solid] == [2, 2]  # 三—四, and the legend's sample: 一 stands alone


def test_an_empty_quarter_still_prints_and_says_so():
    data = dataclasses.replace(sample.scorecard(), rows=(), not_reported=(), quarters=(), notes=(), reporting_rate=0.0)
    made = render(data, MARK)
    body = prose(made.pdf)
    assert "纳入考核的单位0个" in body
    assert "暂无往期数据，不作趋势分析。" in body
    assert "本季度没有列入季度分析会的单位。" in body


def test_a_row_short_of_scores_prints_dashes_not_an_error():
    base = sample.scorecard()
    rows = (dataclasses.replace(base.rows[0], scores=base.rows[0].scores[:3]), *base.rows[1:])
    made = render(dataclasses.replace(base, rows=rows), MARK)
    first = next(r for r in table_rows(made.pdf) if r[:2] == ["1", "海滨市发展和改革委员会"] and "类别" not in r)
    assert "—" in first
