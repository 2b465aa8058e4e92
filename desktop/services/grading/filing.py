"""The filing bundle (备案材料) of a round's 优秀, in one step: one zip holding the filing report
(PDF), the 年度考核登记表 of each 优秀 (the existing register, with the round's grade) and the roster
of the proposed 优秀 (xlsx).

An export like the others: refused before any work without "export.filing" (and the report
rights its numbered PDFs need), laid out in memory with progress and cancel between files, then
written atomically as one file (a cancel or a failure leaves nothing), and recorded in the audit
log with its SHA-256 (removed again if that entry cannot be written). Refused before the notice
has started: the 优秀 are filed after the public notice.

The part on paper (the filing report and the register sheets) is also made as one numbered
report for the preview and its printer (`printable`), with the same refusals and the report rights.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.interchange.xlsx_export import Column, Sheet, write_tables
from desktop.models.grading import ROUND_DRAFT, UNDETERMINED, Appraisal
from desktop.models.grading_rules import EXCELLENT, percent
from desktop.reports import annual_register, catalog, facts
from desktop.reports.annual_register import RegisterData
from desktop.reports.filing_report import FilingData, FilingPerson, document
from desktop.reports.layout.draw import Rendered
from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import concatenate, render
from desktop.services import traces
from desktop.services.grading import queries
from desktop.services.grading.queries import RoundView
from desktop.services.operations import OpContext
from desktop.services.reports import report_data
from desktop.services.reports.reports import (
    Generated,
    Making,
    Prefs,
    actor_name,
    allocate_numbers,
    check_target,
    fontset_for,
    make_stamp,
    now_local,
    produce,
    safe_filename,
)
from desktop.services.workspace import Workspace
from desktop.store.atomic import write_atomic

KIND = "filing"  # the export's kind (export.filing) and the printable report's (catalog.KINDS)
Progress = Callable[[int, int], None]
ROSTER_COLUMNS = (Column("序号", "number", 6), Column("姓名", "text", 10), Column("性别", "text", 6),
                  Column("出生年月", "text", 10), Column("单位及职务", "text", 36), Column("鉴定得分", "number", 10),
                  Column("一线干部", "text", 8), Column("拟定等次", "text", 10), Column("说明", "text", 30))


class FilingCancelled(FrontlineError):
    def __init__(self) -> None:
        super().__init__("已取消，没有写入任何文件")


@dataclass(frozen=True)
class FilingResult:
    path: Path
    people: int
    files: tuple[str, ...]  # the names inside the zip
    number: str


def default_name(view: RoundView) -> str:
    return safe_filename(f"{view.row.unit}{view.row.year}年度优秀等次备案材料") + ".zip"


def _supervisor(a: Appraisal) -> str:
    """The appraisal's supervisor comment and suggested grade, for the register's 主管领导 box."""
    lines = [a.supervisor_comment] if a.supervisor_comment else []
    if a.suggested_grade:
        lines.append(f"等次建议：{a.suggested_grade}")
    return "\n".join(lines)


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass(frozen=True)
class _Gathered:
    view: RoundView
    prefs: Prefs
    when: dt.datetime
    data: FilingData
    registers: tuple[RegisterData, ...]


def _gather(ws: Workspace, round_id: int) -> _Gathered:
    """The round's 优秀 with their register sheets, after the refusals every filing shares."""
    view = queries.round_view(ws, round_id)
    if view.row.state == ROUND_DRAFT:
        raise FrontlineError("还没有公示：优秀等次在公示后才能备案")
    people = [p for p in view.proposals if p.grade == EXCELLENT]
    if not people:
        raise FrontlineError("本次定等没有优秀等次人员，没有需要备案的材料")
    when = now_local()
    with ws.read("report.read") as s:
        prefs = Prefs.read(s)
        cadres = {c.id: c for c in report_data.load_cadres(s, [p.cadre_id for p in people])}
        comments = {a.cadre_id: _supervisor(a) for a in s.scalars(select(Appraisal).where(
            Appraisal.year == view.row.year, Appraisal.cadre_id.in_(list(cadres))))}
        registers = tuple(dataclasses.replace(annual_register.register_data(cadres[p.cadre_id], view.row.year),
                                              grade=p.grade, supervisor=comments.get(p.cadre_id, ""))
                          for p in people)
        persons = tuple(FilingPerson(p.name, cadres[p.cadre_id].sex, facts.dotted(cadres[p.cadre_id].birth),
                                     facts.current_post(cadres[p.cadre_id]) or p.post, _score(p.score), p.frontline)
                        for p in people)
    data = FilingData(
        view.row.unit, view.row.year, view.row.staff_type, view.count.headcount,
        sum(p.grade == UNDETERMINED for p in view.proposals), persons, view.frontline_rule,
        percent(view.quota_share), percent(view.frontline_share), view.count.ordinary_cap, view.count.frontline_cap,
        view.approval, view.approved_by, view.notice_start, view.notice_end, view.notice_days,
        tuple((o.content, o.handling) for o in view.objections), prefs.issuer, when.date(), view.signed_by)
    return _Gathered(view, prefs, when, data, registers)


class _Steps:
    """Progress after each file or sheet laid out, and a cancel checked before each."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.total, self.done, self.progress, self.cancelled = total, 0, progress, cancelled

    def advance(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise FilingCancelled()
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def write_filing(ws: Workspace, round_id: int, path: Path | str, *, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> FilingResult:
    path = Path(path)
    ws.require(traces.action(KIND))  # refused before any work
    ws.require("report.reserve")
    check_target(path)
    got = _gather(ws, round_id)
    prefs, when = got.prefs, got.when
    fontset = fontset_for(prefs)
    steps = _Steps(len(got.registers) + 3, progress, cancelled)

    def reserve(ctx: OpContext) -> str:
        number = allocate_numbers(ctx.session, prefs, 1, when.year)[0]
        ctx.record("report", kind="create", after={"reserved": number, "kind": KIND, "round_id": round_id})
        return number

    number = ws.run("report.reserve", reserve).value
    mark = make_stamp(prefs, number, when, actor_name(ws))
    files: dict[str, bytes] = {"01_备案报告.pdf": render(document(got.data), mark, "pdf", fontset).pdf}
    steps.advance()
    for n, register in enumerate(got.registers, 1):
        files[f"02_年度考核登记表_{n:02d}_{safe_filename(register.name)}.pdf"] = render(
            register, mark, "pdf", fontset).pdf
        steps.advance()
    files["03_优秀等次人员名册.xlsx"] = _roster(got.view, got.data.people)
    steps.advance()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in files.items():
            bundle.writestr(name, content)
    if cancelled is not None and cancelled():
        raise FilingCancelled()
    write_atomic(path, buffer.getvalue())
    traces.record(ws, KIND, [path], records=len(got.registers),
                  detail={"round_id": round_id, "number": number, "contents": list(files)})
    steps.advance()
    return FilingResult(path, len(got.registers), tuple(files), number)


def printable(ws: Workspace, round_id: int, *, out: Path | str | None = None, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> Generated:
    """The bundle's part on paper as one numbered report, for the preview and its printer (or
    written to `out`): the filing report, then the register sheet of each 优秀, all with the
    one number. Made and audited as every report is (reports.produce, "report.generate")."""
    ws.require("report.generate")  # refused before any work
    target = Path(out) if out is not None else None
    if target is not None:
        check_target(target)
    got = _gather(ws, round_id)
    fontset = fontset_for(got.prefs)
    kind = catalog.KINDS[KIND]
    total = len(got.registers) + 2

    def lay_out(mark: Stamp) -> Rendered:
        steps = _Steps(total, progress, cancelled)  # from the start again if laid out again
        parts = [render(document(got.data), mark, "pdf", fontset)]
        steps.advance()
        for register in got.registers:
            parts.append(render(register, mark, "pdf", fontset))
            steps.advance()
        return concatenate(parts)

    title = f"{got.view.row.unit}{got.view.row.year}年度优秀等次备案材料"
    made = produce(ws, Making(kind, title, got.prefs, got.when, detail=(("round_id", round_id),)), lay_out,
                   out=target)
    if progress is not None:
        progress(total, total)
    return made


def _roster(view: RoundView, persons: tuple[FilingPerson, ...]) -> bytes:
    notes = [p.note for p in view.proposals if p.grade == EXCELLENT]
    rows = [[n, p.name, p.sex, p.birth, p.post, float(p.score) if p.score else "", "是" if p.frontline else "",
             EXCELLENT, note] for n, (p, note) in enumerate(zip(persons, notes, strict=True), 1)]
    out = io.BytesIO()
    title = f"{view.row.unit}{view.row.year}年度考核优秀等次人员名册"
    write_tables(out, [Sheet(title, ROSTER_COLUMNS, rows, len(rows), view.count.line(), name="优秀等次人员名册")],
                 exported_at=dt.datetime.now())
    return out.getvalue()
