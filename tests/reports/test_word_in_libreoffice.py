"""Word copies as a reader sees them: each file converted to PDF by LibreOffice (one batch for
the module, tests/office.py) and read back. The 任免审批表's 简历 is never cut and continues on
a 续页; narrative reports repeat table headers on every page, keep headings with what follows
and never break a date or a document number across lines."""

from __future__ import annotations

import pytest

from desktop.reports import blocks as b
from desktop.reports import docx_adform
from desktop.reports.layout import docx_narrative
from desktop.reports.layout.typeset import WORD_JOINER
from tests.reports.pdf_helpers import pages
from tests.reports.test_forms import STAMP, form, resume

HEADER = ("序号", "姓名", "单位及职务", "谈话（次）")
TOKENS = ("海委干〔2019〕5号", "2019年6月1日")


def _body(count: int) -> tuple[b.Block, ...]:
    return tuple(b.Para(f"第{i + 1}段正文。") for i in range(count))


def _dates() -> b.Document:
    # The tokens start one character later in each paragraph, so that some of them reach
    # the end of a line whatever the width of the face the reader's machine substitutes.
    paras = tuple(b.Para("一" * k + "根据海委干〔2019〕5号文件，自2019年6月1日起施行。", indent=0) for k in range(30))
    return b.Document("日期与文号", paras)


DOCUMENTS = {
    "adform40": lambda: docx_adform.write(form(resume=resume(40)), STAMP),
    "adform75": lambda: docx_adform.write(form(resume=resume(75)), STAMP),
    "table": lambda: docx_narrative.write(b.Document("谈话统计", (b.Table(HEADER, tuple(
        (str(i), f"干部{i}", "海滨市翔云区临空产业区指挥部综合协调处副处长", str(i % 5)) for i in range(1, 61)),
        (1.0, 1.6, 5.4, 1.8)),)), STAMP),
    # How many body lines fill a page, and a heading after one line fewer (where it would be
    # the page's last line, alone), for either count the reader's program may fit.
    "filled": lambda: docx_narrative.write(b.Document("满页", _body(30)), STAMP),
    **{f"heading{n}": (lambda n=n: docx_narrative.write(b.Document("标题", (
        *_body(n), b.Heading(1, "一、存在的问题"), b.Para("问题一。"))), STAMP)) for n in (20, 21)},
    "dates": lambda: docx_narrative.write(_dates(), STAMP),
}


@pytest.fixture(scope="module")
def converted(office, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    folder = tmp_path_factory.mktemp("word")
    docs = []
    for name, make in DOCUMENTS.items():
        docs.append(folder / f"{name}.docx")
        docs[-1].write_bytes(make())
    return {d.stem: pages(pdf.read_bytes()) for d, pdf in zip(docs, office.to_pdf(*docs), strict=True)}


def _lines(page) -> list[str]:
    return [line.replace(" ", "").replace(WORD_JOINER, "") for line in page.text.splitlines()]


def test_a_resume_that_fits_is_all_on_page_one(converted):
    form_pages = converted["adform40"]
    assert len(form_pages) == 2
    first = "".join(_lines(form_pages[0]))
    for i in range(1, 41):
        assert f"（第{i}段经历）" in first, i
    assert "简历续见附页" not in first


def test_a_75_entry_resume_prints_completely_with_a_continuation_page(converted):
    form_pages = converted["adform75"]
    assert len(form_pages) == 3
    text = ["".join(_lines(p)) for p in form_pages]
    assert "简历续见附页" in text[0] and "干部任免审批表简历续页（欧阳晓明）" in text[2]
    everything = "".join(text)
    for i in range(1, 76):
        assert everything.count(f"（第{i}段经历）") == 1, i


def test_table_headers_repeat_on_every_page(converted):
    table_pages = converted["table"]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "单位及职务" in "".join(_lines(page))


def test_a_heading_moves_to_the_page_of_what_follows_it(converted):
    # A page holds this many body lines (GB/T 9704: 22; LibreOffice without 仿宋 fits 21) ...
    room = sum(line.startswith("第") for line in _lines(converted["filled"][0]))
    assert room in (21, 22)
    # ... and a heading that would be the last of them goes over with its paragraph.
    first, second = (_lines(p) for p in converted[f"heading{room - 1}"][:2])
    assert sum(line.startswith("第") for line in first) == room - 1
    assert "一、存在的问题" not in "".join(first)
    assert next(line for line in second if line and line != STAMP.classification) == "一、存在的问题"


def test_dates_and_document_numbers_stay_on_one_line(converted):
    lines = [line for page in converted["dates"] for line in _lines(page)]
    for token in TOKENS:
        assert sum(line.count(token) for line in lines) == 30, token
