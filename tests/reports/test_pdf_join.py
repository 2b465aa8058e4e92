"""Joining chunk PDFs by copying their objects (pdf_join) gives the pages pypdf's join gives;
what it does not understand is joined by pypdf, never mangled."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.reports import pdf_join
from desktop.reports.adform import render_adforms
from desktop.reports.layout.draw import Rendered
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import Concatenation, _pypdf_join, concatenate
from tests.reports.pdf_helpers import pages
from tests.reports.test_forms import form

NAMES = ("甲一", "乙二", "丙三", "丁四", "戊五")


def _chunks() -> list[Rendered]:
    """Three chunk PDFs as a batch's workers make them: forms on one canvas per chunk."""
    stamps = [Stamp(f"2025-{n:06d}", "2025-06-01 10:23", "内部资料", f"李明 {n}") for n in range(1, 6)]
    items = [(form(name=name), stamp) for name, stamp in zip(NAMES, stamps, strict=True)]
    return [render_adforms(items[a:b], book_for()) for a, b in ((0, 2), (2, 3), (3, 5))]


def _texts(pdf: bytes) -> list[str]:
    return [p.text for p in pages(pdf)]


def test_chunks_of_forms_join_into_the_pages_pypdf_would_give():
    parts = _chunks()
    joined = Concatenation()
    for part in parts:
        joined.add(part)
    assert joined.cut is not None, "the chunks were not cut into objects: the fast join was not used"
    made = joined.finish()
    assert made.pages == 10
    assert PdfReader(io.BytesIO(made.pdf)).metadata["/Producer"].startswith("ReportLab"), "joined by pypdf"
    reader = PdfReader(io.BytesIO(made.pdf), strict=True)
    assert len(reader.pages) == 10
    assert _texts(made.pdf) == _texts(_pypdf_join([p.pdf for p in parts]))
    order = [next(i for i, t in enumerate(_texts(made.pdf)) if name in t.replace(" ", "")) for name in NAMES]
    assert order == sorted(order)
    # Each page draws with its own chunk's fonts: every page's fonts are embedded subsets.
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_a_joined_page_looks_as_the_pypdf_joined_page(tmp_path):
    parts = _chunks()
    ours, theirs = tmp_path / "ours.pdf", tmp_path / "pypdf.pdf"
    ours.write_bytes(concatenate(parts).pdf)
    theirs.write_bytes(_pypdf_join([p.pdf for p in parts]))
    for pdf in (ours, theirs):
        subprocess.run(["pdftoppm", "-r", "30", "-f", "5", "-l", "6", "-png", str(pdf), str(pdf.with_suffix(""))],
                       check=True)
    for n in ("05", "06"):
        assert (tmp_path / f"ours-{n}.png").read_bytes() == (tmp_path / f"pypdf-{n}.png").read_bytes()


def test_the_joined_document_keeps_the_first_chunks_information():
    parts = _chunks()
    info = PdfReader(io.BytesIO(concatenate(parts).pdf)).metadata
    first = PdfReader(io.BytesIO(parts[0].pdf)).metadata
    assert info is not None and first is not None
    assert dict(info) == dict(first)
    assert info["/Creator"] == "一线考核" and info["/Title"] == "干部任免审批表"


def _linked(uri: str, pages_: int = 1) -> bytes:
    """A reportlab PDF whose pages carry a link annotation: a string that looks like references."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for n in range(pages_):
        c.drawString(72, 720, f"page {n + 1}")
        c.linkURL(uri, (72, 700, 300, 740))
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_string_that_looks_like_a_reference_is_copied_as_it_is():
    uri = r"http://intranet/a(12 0 R)b\)c 3 0 R (x(2 0 R)z)"
    reader = PdfReader(io.BytesIO(pdf_join.join([pdf_join.parse(_linked(uri, 2)), pdf_join.parse(_linked(uri, 1))])),
                       strict=True)
    assert len(reader.pages) == 3
    for page in reader.pages:
        annotation = page["/Annots"][0].get_object()
        assert annotation["/A"]["/URI"] == uri
    assert [p.extract_text().strip() for p in reader.pages] == ["page 1", "page 2", "page 1"]


def _outlined() -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.drawString(72, 720, "with an outline")
    c.bookmarkPage("p1")
    c.addOutlineEntry("第一页", "p1")
    c.showPage()
    c.save()
    return buf.getvalue()


def _pypdf_written(source: bytes) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(source)))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("odd", [_outlined, lambda: _pypdf_written(_linked("http://x", 2))],
                         ids=["an outline", "written by pypdf"])
def test_a_part_it_does_not_understand_is_joined_by_pypdf(odd):
    other = odd()
    first = _chunks()[0]
    parts = [first, Rendered(other, len(PdfReader(io.BytesIO(other)).pages), frozenset())]
    joined = Concatenation()
    for part in parts:
        joined.add(part)
    assert joined.cut is None, "the odd part was taken for one of ours"
    made = joined.finish()
    assert PdfReader(io.BytesIO(made.pdf)).metadata.get("/Producer") == "pypdf"
    assert _texts(made.pdf) == _texts(_pypdf_join([p.pdf for p in parts]))


@pytest.mark.parametrize("damage", [
    lambda pdf: pdf[:-30],  # cut short: no startxref
    lambda pdf: pdf.replace(b"xref\n0 ", b"xref\n1 "),  # a table that does not start at 0
    lambda pdf: pdf.replace(b"/Type /Catalog", b"/Type /Catalog /AcroForm 1 0 R"),  # a form
    lambda pdf: pdf.replace(b" 0 obj", b" 1 obj", 1),  # an object not where the table says
    lambda pdf: b"%!PS-Adobe" + pdf[8:],  # not a PDF
], ids=["truncated", "table from 1", "form", "moved object", "not a pdf"])
def test_a_damaged_or_unexpected_file_is_refused_not_guessed(damage):
    with pytest.raises(pdf_join.NotJoinable):
        pdf_join.parse(damage(_chunks()[1].pdf))


def test_nothing_to_join_is_refused():
    with pytest.raises(pdf_join.NotJoinable):
        pdf_join.join([])


def test_parts_that_cut_well_but_do_not_join_are_joined_by_pypdf():
    """A page naming an object its file does not hold: parse takes it, join refuses it."""
    import re

    first, second = _chunks()[:2]
    # Same length, so that every offset in the table stays right.
    found = re.search(rb"/Contents (\d+) 0 R", second.pdf)
    assert found is not None
    missing = b"9" * len(found.group(1))
    damaged = second.pdf[:found.start(1)] + missing + second.pdf[found.end(1):]
    pdf_join.parse(damaged)
    joined = Concatenation()
    for part in (first, Rendered(damaged, second.pages, frozenset())):
        joined.add(part)
    assert joined.cut is not None
    made = joined.finish(title="干部任免审批表")
    reader = PdfReader(io.BytesIO(made.pdf))
    assert reader.metadata["/Producer"] == "pypdf" and reader.metadata["/Title"] == "干部任免审批表"
    assert len(reader.pages) == first.pages + second.pages


def test_a_title_and_keywords_given_replace_the_first_parts():
    parts = _chunks()
    joined = Concatenation()
    for part in parts:
        joined.add(part)
    info = PdfReader(io.BytesIO(joined.finish(title="合并标题", keywords=["甲", "乙"]).pdf)).metadata
    first = PdfReader(io.BytesIO(parts[0].pdf)).metadata
    assert info is not None and first is not None
    assert (info["/Title"], info["/Subject"], info["/Keywords"]) == ("合并标题", "合并标题", "甲, 乙")
    assert info["/Creator"] == first["/Creator"] and info["/Author"] == first["/Author"]
    assert info["/Producer"].startswith("ReportLab")
