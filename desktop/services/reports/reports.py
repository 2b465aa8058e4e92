"""Making reports: gather, number, lay out, write atomically, audit.

Every report gets a number ({prefix}{year}-{sequence}) from a counter kept in the database,
inside the same transaction that records it in the audit log with the SHA-256 of its bytes,
so a number is never used twice and a failed write leaves neither a number nor an entry.
A report made for the preview is recorded when made; saving or printing it records again
where it went.

Laying a report out takes seconds of CPU, so it happens outside any transaction, as in a
batch: the data is gathered in a read, the number the counter will give next is read,
the report is laid out with that number, and a short write takes the number, writes
the file and records it. Should another report take the number meanwhile, that write is
rolled back and the report laid out again with the next one; after a few such misses it is
laid out inside the write, where the number cannot move, so a report is never refused for
being busy. `produce` does this for any report: `generate` for the kinds of the 报表 menu,
services/grading/filing.py for the filing bundle's part on paper.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, StorageError
from desktop.models.settings import Setting
from desktop.reports import catalog
from desktop.reports.layout.draw import Rendered
from desktop.reports.layout.fonts import FontSet, NoFonts, discover
from desktop.reports.layout.glyphs import default_fontset
from desktop.reports.layout.stamp import Stamp
from desktop.services.admin import settings
from desktop.services.operations import OpContext
from desktop.services.reports import report_data
from desktop.services.reports.report_data import Request
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic

SUFFIX = {"pdf": ".pdf", "docx": ".docx"}


@dataclass(frozen=True)
class Prefs:
    """The database's report settings (services/settings.py REPORT_*), with defaults applied."""

    classification: str
    watermark: bool
    watermark_text: str
    font_folder: str
    issuer: str
    number_prefix: str
    briefing_name: str

    @classmethod
    def read(cls, session: Session) -> Prefs:
        def get(key: str) -> Any:
            return settings.get(session, key, settings.REPORT_DEFAULTS.get(key))

        return cls(
            classification=str(get(settings.REPORT_CLASSIFICATION) or ""),
            watermark=bool(get(settings.REPORT_WATERMARK)),
            watermark_text=str(get(settings.REPORT_WATERMARK_TEXT) or ""),
            font_folder=str(get(settings.REPORT_FONT_FOLDER) or ""),
            issuer=str(get(settings.REPORT_ISSUER) or ""),
            number_prefix=str(get(settings.REPORT_NUMBER_PREFIX) or ""),
            briefing_name=str(get(settings.REPORT_BRIEFING_NAME) or "一线考核专报"),
        )


@dataclass(frozen=True)
class Generated:
    kind: str
    name: str  # the kind's Chinese name
    title: str  # what the report is about: 干部任免审批表（张三）
    number: str
    fmt: str
    data: bytes
    pages: int
    sha256: str
    missing: frozenset[str]  # characters no font had, printed as 〓
    cadre_id: int | None
    path: Path | None = None

    def suggested_name(self) -> str:
        return safe_filename(f"{self.title}_{self.number}") + SUFFIX[self.fmt]


def safe_filename(text: str) -> str:
    """A file name valid on Windows and Linux (no \\ / : * ? " < > |, no trailing dots)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" .")
    return cleaned[:120] or "报表"


@lru_cache(maxsize=4)
def _fontset(folder: str) -> FontSet:
    return discover(folder) if folder else default_fontset()


def fontset_for(prefs: Prefs) -> FontSet:
    try:
        return _fontset(prefs.font_folder)
    except NoFonts as exc:
        raise FrontlineError(str(exc)) from exc


def now_local() -> dt.datetime:
    return dt.datetime.now().astimezone()


def actor_name(ws: Workspace) -> str:
    return ws.actor.display_name or ws.actor.username


def make_stamp(prefs: Prefs, number: str, when: dt.datetime, user: str) -> Stamp:
    time_text = when.strftime("%Y-%m-%d %H:%M")
    watermark = ""
    if prefs.watermark:
        try:
            watermark = prefs.watermark_text.format(user=user, time=time_text)
        except (KeyError, IndexError, ValueError):
            watermark = f"{user} {time_text}"  # a mistyped template still marks the copy
    return Stamp(number, time_text, prefs.classification, watermark.strip(), author=prefs.issuer or user, created=when)


def _last_number(row: Setting | None, year: int) -> int:
    state = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
    return int(state.get("last", 0)) if state.get("year") == year else 0


def _number(prefs: Prefs, year: int, n: int) -> str:
    return f"{prefs.number_prefix}{year}-{n:06d}"


def next_number(session: Session, prefs: Prefs, year: int) -> str:
    """The number the next report will take, if no other takes it first (reads only)."""
    return _number(prefs, year, _last_number(session.get(Setting, settings.REPORT_SEQUENCE), year) + 1)


def allocate_numbers(session: Session, prefs: Prefs, count: int, year: int) -> list[str]:
    """Take `count` consecutive report numbers (inside the caller's write transaction)."""
    row = session.get(Setting, settings.REPORT_SEQUENCE)
    last = _last_number(row, year)
    numbers = [_number(prefs, year, n) for n in range(last + 1, last + count + 1)]
    value = {"year": year, "last": last + count}
    if row is None:
        session.add(Setting(key=settings.REPORT_SEQUENCE, value=value))
    else:
        row.value = value
    return numbers


def check_target(path: Path) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    folder = path.parent
    if not folder.exists():
        raise StorageError(f"保存位置 {folder} 不存在")
    if not folder.is_dir():
        raise StorageError(f"{folder} 不是文件夹")
    if path.is_dir():
        raise StorageError(f"{path} 是文件夹，请给出文件名")


def title_of(kind: catalog.Kind, content: report_data.Content) -> str:
    name = getattr(content, "name", None)
    if name:
        return f"{kind.name}（{name}）"
    return str(getattr(content, "title", kind.name))


class _NumberTaken(Exception):
    """Rolls back the write of a report laid out with a number another report took meanwhile."""

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.number = number


RENDER_TRIES = 3  # layouts outside the write before one is made inside it


def generate(ws: Workspace, request: Request, *, out: Path | None = None) -> Generated:
    """Make one report; write it to `out` when given. Recorded in the audit log either way."""
    kind = report_data.kind_of(request)
    when = now_local()
    with ws.read("report.read") as s:
        prefs = Prefs.read(s)
        ctx = report_data.Context(when.date(), actor_name(ws), prefs.issuer, prefs.briefing_name)
        content, cadre_id = report_data.gather(s, request, ctx)
    fontset = fontset_for(prefs)
    # Imported when a report is made: render brings pypdf, python-docx and fontTools (~25 MiB),
    # which a window that makes no report should not carry (issue 17 P6).
    from desktop.reports.render import render

    return produce(ws, Making(kind, title_of(kind, content), prefs, when, request.fmt, cadre_id),
                   lambda mark: render(content, mark, request.fmt, fontset), out=out)


@dataclass(frozen=True)
class Making:
    """What a report is, for its number, its stamp and its audit entry: gathered by `generate`,
    or by a service that lays out a report of its own (the filing bundle's printable part)."""

    kind: catalog.Kind
    title: str
    prefs: Prefs
    when: dt.datetime
    fmt: str = "pdf"
    cadre_id: int | None = None
    detail: tuple[tuple[str, Any], ...] = ()  # more for the audit entry: (("round_id", 3),)


def produce(ws: Workspace, making: Making, lay_out: Callable[[Stamp], Rendered], *,
            out: Path | None = None) -> Generated:
    """Number, lay out (outside any transaction while the number holds), write to `out` when
    given, and record one report in the audit log; see the module's docstring."""
    prefs, when, kind = making.prefs, making.when, making.kind
    user = actor_name(ws)
    if out is not None:
        check_target(out)
    with ws.read("report.read") as s:
        number = next_number(s, prefs, when.year)

    def lay_out_as(number: str) -> Rendered:
        return lay_out(make_stamp(prefs, number, when, user))

    def record(op_ctx: OpContext, expected: str | None, made: Rendered | None) -> Generated:
        number = allocate_numbers(op_ctx.session, prefs, 1, when.year)[0]
        if expected is not None and number != expected:
            raise _NumberTaken(number)
        if made is None:
            made = lay_out_as(number)
        if out is not None:
            write_atomic(out, made.pdf)
        digest = hashlib.sha256(made.pdf).hexdigest()
        op_ctx.record("report", kind="create", cadre_id=making.cadre_id, after={
            "number": number, "kind": kind.key, "name": kind.name, "format": making.fmt,
            "sha256": digest, "bytes": len(made.pdf), "pages": made.pages,
            "path": str(out) if out is not None else "预览", **dict(making.detail),
        })
        return Generated(kind.key, kind.name, making.title, number, making.fmt, made.pdf, made.pages,
                         digest, made.missing, making.cadre_id, out)

    for _ in range(RENDER_TRIES):
        made = lay_out_as(number)  # outside any transaction: other writers go on meanwhile
        try:
            return ws.run("report.generate", partial(record, expected=number, made=made)).value
        except _NumberTaken as taken:
            number = taken.number
    # Other reports keep taking the next number: lay this one out under the write lock.
    return ws.run("report.generate", partial(record, expected=None, made=None)).value


def export(ws: Workspace, made: Generated, path: Path) -> Generated:
    """Save a report made for the preview; the audit log records where its copy went."""
    check_target(path)

    def op(ctx: OpContext) -> None:
        write_atomic(path, made.data)
        ctx.record("report", kind="update", cadre_id=made.cadre_id,
                   after={"number": made.number, "exported_to": str(path), "sha256": made.sha256})

    ws.run("report.export", op)
    return Generated(**{**made.__dict__, "path": path})


def record_print(ws: Workspace, made: Generated, printer: str, copies: int = 1) -> None:
    def op(ctx: OpContext) -> None:
        ctx.record("report", kind="update", cadre_id=made.cadre_id,
                   after={"number": made.number, "printed_on": printer, "copies": copies, "sha256": made.sha256})

    ws.run("report.print", op)


def describe_fonts(ws: Workspace) -> list[str]:
    """The fonts reports will use here, and why: for the settings page and `report --fonts`."""
    with ws.read("report.read") as s:
        prefs = Prefs.read(s)
    return fontset_for(prefs).describe()
