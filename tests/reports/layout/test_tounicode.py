"""Characters beyond the BMP copy and search as themselves: our ToUnicode CMap, and a watch on
reportlab's own, which is still wrong (when the watch fails, delete layout/tounicode.py). A whole
report reading back 𠀀 is test_official_layout.py's test_rare_characters_fall_back_to_another_font_never_a_box."""

import io

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.layout import tounicode
from desktop.reports.layout.fonts import FANGSONG
from desktop.reports.layout.glyphs import book_for
from tests.reports.pdf_helpers import text

RARE = "𠀀"  # U+20000, CJK extension B: a character of real names


def _extracted(cmap_maker: object, monkeypatch: pytest.MonkeyPatch) -> str:
    """The text a reader extracts from a plain reportlab page drawing RARE, with that CMap maker."""
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", cmap_maker)
    font = book_for().font_for(RARE, FANGSONG)
    assert font, "no font with 𠀀 (fonts-hanazono is installed by make)"
    buf = io.BytesIO()
    c = Canvas(buf)
    c.setFont(font, 16)
    c.drawString(72, 720, f"欧阳{RARE}")
    c.save()
    return text(buf.getvalue())


def test_reportlab_still_writes_characters_beyond_the_bmp_wrongly(monkeypatch: pytest.MonkeyPatch):
    cmap = tounicode.REPORTLAB("AAAAAA+X", [0x4E00, 0x20000])
    assert "<01> <D840DC00>" not in cmap, (
        "reportlab now writes characters beyond the BMP as UTF-16: remove desktop/reports/layout/tounicode.py")
    assert RARE not in _extracted(tounicode.REPORTLAB, monkeypatch), (
        "reportlab's own PDFs now read back 𠀀: remove desktop/reports/layout/tounicode.py")


def test_our_cmap_writes_surrogate_pairs():
    cmap = tounicode.to_unicode_cmap("AAAAAA+X", [0x4E00, 0x20000])
    assert "<00> <4E00>" in cmap and "<01> <D840DC00>" in cmap
    assert ttfonts.makeToUnicodeCMap is tounicode.to_unicode_cmap  # installed by glyphs


def test_a_plain_reportlab_page_reads_back_with_our_cmap(monkeypatch: pytest.MonkeyPatch):
    assert f"欧阳{RARE}" in _extracted(tounicode.to_unicode_cmap, monkeypatch)

