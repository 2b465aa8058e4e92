"""What a file says about itself (PDF document information, Word 文件→信息): the issuing
department, the report and the day it was made, never a library's defaults; and one tag per
embedded font subset."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from desktop.reports import blocks as b
from desktop.reports import docx_adform
from desktop.reports.adform import render_adform
from desktop.reports.annual_register import RegisterData, render_registers
from desktop.reports.democratic_tally import render_tallies
from desktop.reports.layout import docx_narrative
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.official import render
from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import render_merged
from desktop.services.admin import settings
from desktop.services.reports.reports import Request, generate
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import fonts
from tests.reports.tally_data import tally
from tests.reports.test_forms import form

MADE = dt.datetime(2025, 6, 1, 10, 23, tzinfo=dt.timezone(dt.timedelta(hours=8)))
STAMP = Stamp("2025-000042", "2025-06-01 10:23", "内部资料", "", author="中共海滨市委组织部", created=MADE)
DEFAULTS = ("anonymous", "unspecified", "python-docx", "Microsoft Macintosh Word", "ReportLab")
REGISTER = RegisterData(2024, "张三", "男", "1980.05", "中共党员", "海滨市财政局预算科科长", "2021.03", "", "", "优秀")
# Two fonts (宋 and 黑 headings) and a rare character from the extension fallback (𠀀).
NARRATIVE = b.Document("关于𠀀某同志的综合分析报告",
                       (b.Heading(1, "一、基本情况"), b.Para("𠀀某，男，1975年3月生。" * 30)),
                       author="中共海滨市委组织部", subject="干部综合分析报告")


def _info(pdf: bytes) -> dict[str, str]:
    return {k: str(v) for k, v in (PdfReader(io.BytesIO(pdf)).metadata or {}).items()}


def test_every_pdf_names_its_issuer_and_what_it_is():
    made = {
        "干部任免审批表": render_adform(form(), book_for(), STAMP).pdf,
        "公务员年度考核登记表": render_registers([(REGISTER, STAMP)], book_for()).pdf,
        "民主测评结果统计表": render_tallies([(tally(), STAMP)], book_for()).pdf,
        "干部综合分析报告": render(NARRATIVE, book_for(), STAMP).pdf,
    }
    for subject, pdf in made.items():
        info = _info(pdf)
        assert info["/Author"] == "中共海滨市委组织部", subject
        assert info["/Subject"] == subject
        assert info["/Creator"] == "一线考核"
        assert "2025-000042" in info["/Keywords"]
        assert not any(d in v for v in (info["/Author"], info["/Subject"], info["/Keywords"]) for d in DEFAULTS)


def _subset_tags(pdf: bytes) -> dict[str, set[str]]:
    """Tag → the subsets (font name and widths) that carry it."""
    found: dict[str, set[str]] = {}
    for font in fonts(pdf):
        name = str(font.get("/BaseFont", ""))
        if "+" in name:
            tag, family = name.lstrip("/").split("+", 1)
            found.setdefault(tag, set()).add(f"{family}|{list(font.get('/Widths') or [])}")
    return found


def test_each_embedded_font_subset_carries_its_own_tag():
    pdf = render(NARRATIVE, book_for(), STAMP).pdf
    tags = _subset_tags(pdf)
    assert len(tags) >= 3  # 仿宋's stand-in, 黑 and the extension font at least
    assert all(len(t) == 6 and t.isupper() for t in tags)
    assert all(len(subsets) == 1 for subsets in tags.values()), tags  # no tag names two subsets
    # Merged batches join separate PDFs: a tag still means one subset across the whole file.
    merged = render_merged([(NARRATIVE, STAMP), (b.Document("另一份", (b.Para("海滨市财政局" * 40),)), STAMP)])
    assert all(len(subsets) == 1 for subsets in _subset_tags(merged.pdf).values())


def test_word_copies_say_who_issued_them_and_when():
    for data, title in ((docx_adform.write(form(), STAMP), "干部任免审批表（欧阳晓明）"),
                        (docx_narrative.write(NARRATIVE, STAMP), "关于𠀀某同志的综合分析报告")):
        props = Document(io.BytesIO(data)).core_properties
        assert (props.author, props.last_modified_by) == ("中共海滨市委组织部", "中共海滨市委组织部")
        assert props.title == title
        assert props.created == props.modified == dt.datetime(2025, 6, 1, 2, 23, tzinfo=dt.UTC)  # 10:23 at UTC+8
        assert (props.identifier, props.comments, props.revision) == ("2025-000042", "", 1)
        app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
        assert "<Application>一线考核</Application>" in app and "<Company>中共海滨市委组织部</Company>" in app
        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
        assert not any(d in core + app for d in DEFAULTS)


def test_generated_reports_carry_the_department_set_in_the_report_settings(demo_ws: Workspace, tmp_path: Path):
    made = generate(demo_ws, Request("adform", cadre_id=1))
    assert _info(made.data)["/Author"] == demo_ws.actor.display_name  # no department set: whoever made it
    settings.put(demo_ws, settings.REPORT_ISSUER, "中共海滨市委组织部")
    made = generate(demo_ws, Request("adform", cadre_id=1))
    assert _info(made.data)["/Author"] == "中共海滨市委组织部"
    word = generate(demo_ws, Request("comprehensive", cadre_id=1, fmt="docx"))
    props = Document(io.BytesIO(word.data)).core_properties
    assert props.author == "中共海滨市委组织部"
    assert props.created.date() == dt.datetime.now(dt.UTC).date()
