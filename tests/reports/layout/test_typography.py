"""What a reader sees of the typesetting: where titles break, how justified lines are spaced."""

import datetime as dt
import io
import itertools

import pytest
from docx import Document

from desktop.reports import blocks as b
from desktop.reports import campaign_report
from desktop.reports.layout import docx_narrative
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.official import render
from desktop.reports.layout.stamp import Stamp
from tests.reports.pdf_helpers import body_chars, pages

STAMP = Stamp("2025-000042", "2025-06-01 10:23")


def _campaign(name: str, kind: str) -> campaign_report.CampaignData:
    return campaign_report.CampaignData(1, name, kind, "closed", "中心工作", "", "", "", dt.date(2025, 6, 20),
                                        dt.date(2025, 9, 29))


def _rows(chars: list[dict]) -> list[str]:
    rows: dict[float, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"], 1), []).append(c)
    return ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for _, row in sorted(rows.items())]


@pytest.mark.parametrize(("name", "kind", "title"), [
    ("重大项目攻坚年沉浸式考核（临空产业区指挥部）", "沉浸式", "重大项目攻坚年沉浸式考核（临空产业区指挥部）"),
    ("东部新城片区指挥部征拆扫尾专项一线考核", "点穴式", "东部新城片区指挥部征拆扫尾专项一线考核"),
    ("重大项目攻坚年（临空产业区指挥部）", "沉浸式", "重大项目攻坚年沉浸式一线考核（临空产业区指挥部）"),
    ("防汛抢险", "应急", "防汛抢险应急考核"),
])
def test_a_campaign_title_says_its_kind_once(name: str, kind: str, title: str):
    assert _campaign(name, kind).title_name == title


@pytest.mark.parametrize(("name", "kind", "lines"), [
    # Before the bracket, not 沉浸式考/核 or 沉浸/式.
    ("重大项目攻坚年沉浸式考核（临空产业区指挥部）", "沉浸式",
     ["关于重大项目攻坚年沉浸式考核", "（临空产业区指挥部）的阶段性报告"]),
    # No bracket and too long for a line before 的: after the unit's name.
    ("东部新城片区指挥部征拆扫尾专项一线考核", "点穴式",
     ["关于东部新城片区指挥部", "征拆扫尾专项一线考核的阶段性报告"]),
])
def test_a_two_line_title_breaks_between_words(name: str, kind: str, lines: list[str]):
    doc = campaign_report.stage_or_special("stage", _campaign(name, kind), dt.date(2025, 10, 1), "市委组织部")
    made = render(doc, book_for(), STAMP)
    title = [c for c in pages(made.pdf)[0].chars if abs(c["size"] - 22) < 0.01]
    assert _rows(title) == lines
    word = Document(io.BytesIO(docx_narrative.write(doc, STAMP)))
    first = next(p for p in word.paragraphs if p.text.strip())
    assert first.text.split("\n") == lines  # the Word copy breaks at the same place


SENTENCE = ("在“重大项目攻坚年沉浸式考核（临空产业区指挥部）”中，干部政治素质评议表收回6份（发出6份，参评率100.00%），"
            "综合得分86.25分（各类别平均分按权重加权平均）。总体评价：好3票（50.00%）、较好1票（16.67%）、"
            "一般2票（33.33%）、差0票（0.00%）。")


def test_justified_lines_never_letter_space_numbers():
    made = render(b.Document("x", (b.Para(SENTENCE),)), book_for(), STAMP)
    chars = body_chars(pages(made.pdf)[0])
    rows: dict[float, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"], 1), []).append(c)
    lines = [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]
    right = max(c["x1"] for c in chars)
    checked = 0
    for line in lines[:-1]:  # every line but the paragraph's last is justified to the right edge
        assert line[-1]["x1"] == pytest.approx(right, abs=0.5)
        for a, c in itertools.pairwise(line):
            if a["text"] in "0123456789." and c["text"] in "0123456789.%":
                checked += 1
                assert c["x0"] - a["x1"] < 0.5, "".join(ch["text"] for ch in line)
    assert checked >= 15


def test_dates_and_document_numbers_are_never_broken_across_lines():
    paras = tuple(b.Para("一" * k + "根据海委干〔2019〕5号文件，自2019年6月1日起施行。", indent=0) for k in range(30))
    made = render(b.Document("x", paras), book_for(), STAMP)
    rows = [row for page in pages(made.pdf) for row in _rows(body_chars(page))]
    for token in ("海委干〔2019〕5号", "2019年6月1日"):
        assert sum(row.count(token) for row in rows) == 30, token


@pytest.mark.parametrize(("title", "lines"), [
    # Not 嵩屿街/道: 街道 is one word.
    ("关于嵩屿街道2026年第3季度重点任务进展情况的晾晒", ["关于嵩屿街道", "2026年第3季度重点任务进展情况的晾晒"]),
    # Not 海港区/委办公室.
    ("关于海港区委办公室2026年第3季度重点任务进展情况的晾晒",
     ["关于海港区委办公室", "2026年第3季度重点任务进展情况的晾晒"]),
])
def test_a_title_does_not_part_a_units_name(title: str, lines: list[str]):
    made = render(b.Document(title, (b.Title(title),)), book_for(), STAMP)
    shown = [c for c in pages(made.pdf)[0].chars if abs(c["size"] - 22) < 0.01]
    assert _rows(shown) == lines
