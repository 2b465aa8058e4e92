"""From a report's content to file bytes, PDF or Word: the one entry point layout workers call.

Content and stamps are plain values, so this runs unchanged in the window's process, the
command line, or a batch worker process.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from desktop.reports import adform, annual_register, democratic_tally, notice, pdf_join, scorecard
from desktop.reports.adform import AdformData
from desktop.reports.annual_register import RegisterData
from desktop.reports.blocks import Document
from desktop.reports.democratic_tally import TallyReport
from desktop.reports.layout import official
from desktop.reports.layout.draw import Rendered
from desktop.reports.layout.fonts import FontSet
from desktop.reports.layout.glyphs import book_for
from desktop.reports.layout.stamp import Stamp
from desktop.reports.scorecard_data import NoticeData, ScorecardData

Content = AdformData | Document | RegisterData | TallyReport | ScorecardData | NoticeData


def _as_of(mark: Stamp) -> dt.date | None:
    """The date a 成绩单 or a notice is signed: the day the copy is made."""
    return mark.created.date() if mark.created is not None else None


def render(content: Content, mark: Stamp, fmt: str = "pdf", fontset: FontSet | None = None) -> Rendered:
    """One report as PDF or Word bytes (Word files have no page count of their own: 0)."""
    if isinstance(content, ScorecardData):
        content = scorecard.document(content, _as_of(mark))
    if fmt == "docx":
        # python-docx and pypdf load when first used: a batch worker making PDFs starts without
        # them (a quarter of a second of imports in every worker, before its first report).
        from desktop.reports import docx_adform
        from desktop.reports.layout import docx_narrative

        if isinstance(content, AdformData):
            return Rendered(docx_adform.write(content, mark, fontset), 0, frozenset())
        if isinstance(content, Document):
            return Rendered(docx_narrative.write(content, mark, fontset), 0, frozenset())
        raise ValueError("no Word layout for this report")
    book = book_for(fontset)
    if isinstance(content, AdformData):
        return adform.render_adform(content, book, mark)
    if isinstance(content, RegisterData):
        return annual_register.render_registers([(content, mark)], book)
    if isinstance(content, TallyReport):
        return democratic_tally.render_tallies([(content, mark)], book)
    if isinstance(content, NoticeData):  # one page, shrunk to fit: its own loop over the grid
        return notice.render_notice(content, book, mark, _as_of(mark))
    return official.render(content, book, mark)


def render_merged(items: Sequence[tuple[Content, Stamp]], fontset: FontSet | None = None) -> Rendered:
    """Several reports as one PDF, in order. Forms share one canvas (one copy of each font
    subset); narrative documents keep their own page numbering and are concatenated."""
    book = book_for(fontset)
    if items and all(isinstance(c, AdformData) for c, _ in items):
        return adform.render_adforms([(c, m) for c, m in items if isinstance(c, AdformData)], book)
    if items and all(isinstance(c, RegisterData) for c, _ in items):
        return annual_register.render_registers([(c, m) for c, m in items if isinstance(c, RegisterData)], book)
    if items and all(isinstance(c, TallyReport) for c, _ in items):
        return democratic_tally.render_tallies([(c, m) for c, m in items if isinstance(c, TallyReport)], book)
    return concatenate([render(c, m, "pdf", fontset) for c, m in items])


class Concatenation:
    """PDFs joined one after another as they come (a batch adds each chunk as it is made).
    Chunks this program made are joined by copying their objects (pdf_join); any other
    PDF, by pypdf."""

    def __init__(self) -> None:
        self.parts: list[Rendered] = []
        self.cut: list[pdf_join.Part] | None = []
        self.count = 0
        self.pages = 0
        self.missing: set[str] = set()

    def add(self, part: Rendered) -> None:
        if self.cut is not None:
            try:
                self.cut.append(pdf_join.parse(part.pdf))
            except pdf_join.NotJoinable:
                self.cut = None
        self.parts.append(part)
        self.count += 1
        self.pages += part.pages
        self.missing |= part.missing

    def finish(self, *, title: str | None = None, keywords: Sequence[str] | None = None) -> Rendered:
        """The joined PDF; `title` and `keywords` are the whole document's when given (see
        pdf_join.join), else the first part's are kept."""
        pdf = None
        if self.cut:
            try:
                pdf = pdf_join.join(self.cut, title=title, keywords=keywords)
            except pdf_join.NotJoinable:
                pdf = None
        if pdf is None:
            pdf = _pypdf_join([p.pdf for p in self.parts], title=title, keywords=keywords)
        return Rendered(pdf, self.pages, frozenset(self.missing))


def _pypdf_join(parts: Sequence[bytes], *, title: str | None = None, keywords: Sequence[str] | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    if title is not None:
        writer.add_metadata({"/Title": title, "/Subject": title})
    if keywords is not None:
        writer.add_metadata({"/Keywords": ", ".join(keywords)})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def concatenate(parts: Sequence[Rendered]) -> Rendered:
    joined = Concatenation()
    for part in parts:
        joined.add(part)
    return joined.finish()
