"""A PDF printed without the office fonts says so in its document information; one printed
with them says nothing of the kind."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.layout import draw
from desktop.reports.layout.fonts import OPEN_FILES, FontSet, discover
from desktop.reports.layout.glyphs import FontBook
from desktop.reports.layout.typeset import Style

SONG_FILE, KAI_FILE, HEI_FILE = OPEN_FILES


def _office_folder(folder: Path) -> Path:
    """The open TrueType files under the names Windows gives its office fonts."""
    for source, name in ((SONG_FILE, "simfang.ttf"), (SONG_FILE, "simsun.ttf"), (HEI_FILE, "simhei.ttf"),
                         (KAI_FILE, "simkai.ttf"), (SONG_FILE, "fzxbsjw.ttf")):
        shutil.copy(source, folder / name)
    return folder


def _metadata(fontset: FontSet) -> dict[str, str]:
    book = FontBook(fontset)

    def lay(c: Canvas) -> int:
        draw.text(c, book, 72, 700, "关于张三同志的综合分析", Style("fangsong", 16))
        c.showPage()
        return 1

    made = draw.pdf(book, "干部综合分析报告", lay, keywords=("2026-000007",))
    return {k: str(v) for k, v in (PdfReader(io.BytesIO(made.pdf)).metadata or {}).items()}


def test_a_report_set_in_the_fallback_fonts_names_them_in_its_metadata():
    fontset = discover(system=[])
    assert fontset.fallbacks_used()
    info = _metadata(fontset)
    assert info["/Keywords"] == "2026-000007, 代用字体"
    noted = info["/FontFallback"]
    assert "仿宋→文鼎ＰＬ简报宋（开源字体）" in noted
    assert "小标宋→文鼎ＰＬ简报宋加粗（开源字体）" in noted
    assert "黑体→文泉驿微米黑（开源字体）" in noted  # the simplified name of the two it carries
    assert info["/Title"] == "干部综合分析报告"  # the rest of the information is as before


def test_a_report_set_in_the_office_fonts_carries_no_such_note(tmp_path: Path):
    fontset = discover(_office_folder(tmp_path), system=[])
    assert {c.source for c in fontset.choices} == {"设置的文件夹"} and fontset.fallbacks_used() == []
    info = _metadata(fontset)
    assert info["/Keywords"] == "2026-000007"
    assert "/FontFallback" not in info
