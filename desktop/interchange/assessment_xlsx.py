"""Reading ledger (积分记录) and democratic-ballot (测评票) workbooks into plain rows.

A workbook is recognised by its header: 维度 + 具体事实 make a ledger, 测评人类别 + 干部姓名
(without 维度) a ballot sheet, whose remaining columns are the items of the evaluation
template, matched by their text when the service plans the import. The same tolerance as
the roster reader applies: a title row above the header, synonyms, dates as text or serials.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop.interchange import cells as cv
from desktop.interchange import safety
from desktop.interchange.assessment_fields import BALLOT_KEYS, BALLOT_READONLY, LEDGER, LEDGER_READONLY
from desktop.interchange.errors import Cancelled, FileRefused
from desktop.interchange.fields import SKIPPED_SHEETS, FieldSpec, lookup, normalize_header
from desktop.interchange.incoming import Rejection, Where
from desktop.interchange.roster_xlsx import convert
from desktop.interchange.vocab import Vocabulary
from desktop.interchange.xlsx_table import (
    HEADER_SCAN_ROWS,
    Cell,
    Table,
    close_workbook,
    find_table,
    open_workbook,
    sheet_rows,
)

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
Kind = Literal["ledger", "ballots"]
LEDGER_LOOKUP = lookup(LEDGER)
BALLOT_LOOKUP = lookup(BALLOT_KEYS)
KIND_LABELS = {"ledger": "积分记录", "ballots": "民主测评票"}


@dataclass
class Row:
    """One data row: typed values by field key, where each came from, and the text as written."""

    where: Where
    values: dict[str, Any]
    columns: dict[str, str]  # key → "C列“维度”"
    raw: dict[str, str]
    marks: dict[str, str] = field(default_factory=dict)  # ballots: item header → grade as written
    errors: list[Rejection] = field(default_factory=list)

    def reject(self, key: str, reason: str) -> Rejection:
        return Rejection(self.where, self.columns.get(key, ""), self.raw.get(key, ""), reason)


@dataclass
class AssessmentSource:
    kind: Kind
    name: str
    rows: list[Row] = field(default_factory=list)
    items: list[tuple[int, str]] = field(default_factory=list)  # ballots: (column, item header)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _classify(cells: list[Cell]) -> Kind | None:
    headers = {normalize_header(c.value) for c in cells if c.value is not None}
    has = {spec.key for h in headers for spec in (LEDGER_LOOKUP.get(h),) if spec is not None}
    if {"dimension", "fact"} <= has:
        return "ledger"
    ballot = {spec.key for h in headers for spec in (BALLOT_LOOKUP.get(h),) if spec is not None}
    if {"category", "name"} <= ballot and "dimension" not in has:
        return "ballots"
    return None


def detect(path: Path, opened: Any = None) -> Kind | None:
    """Whether an xlsx file is a ledger or ballot workbook (None: leave it to the roster reader).
    `opened`: the workbook already open (from open_workbook), left open for the next reader."""
    wb = opened if opened is not None else open_workbook(path)
    try:
        with safety.parser_errors(path.name, " Excel 工作簿"):
            for ws in wb.worksheets:
                if normalize_header(ws.title) in SKIPPED_SHEETS:
                    continue
                for _number, cells in _head(sheet_rows(ws, ws.title, source=path.name)):
                    kind = _classify(cells)
                    if kind is not None:
                        return kind
        return None
    finally:
        if opened is None:
            close_workbook(wb)


def _head(rows: Any) -> list[tuple[int, list[Cell]]]:
    head = []
    for entry in rows:
        head.append(entry)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    return head


def read(path: Path, kind: Kind, vocab: Vocabulary, *, progress: Progress | None = None,
         cancelled: Check | None = None) -> AssessmentSource:
    source = AssessmentSource(kind, path.name, digest=_digest(path))
    specs = LEDGER if kind == "ledger" else BALLOT_KEYS
    table_lookup = LEDGER_LOOKUP if kind == "ledger" else BALLOT_LOOKUP
    readonly = LEDGER_READONLY if kind == "ledger" else BALLOT_READONLY
    required = ("date", "name", "dimension", "fact") if kind == "ledger" else ("name", "category")
    wb = open_workbook(path)
    try:
        with safety.parser_errors(path.name, " Excel 工作簿"):
            for ws in wb.worksheets:
                if normalize_header(ws.title) in SKIPPED_SHEETS:
                    continue
                rows = sheet_rows(ws, ws.title, source=path.name)
                head = _head(rows)
                table = find_table(ws.title, head, table_lookup, required, readonly)
                if table is None:
                    if head:
                        source.notes.append(f"工作表“{ws.title}”没有{source.kind_label}的表头，已跳过")
                    continue
                if kind == "ballots":
                    source.items = [(col, h) for col, h in table.headers.items() if h in table.unknown]
                elif table.unknown:
                    source.notes.append(f"工作表“{ws.title}”中不认识的列已忽略：{'、'.join(table.unknown)}")
                data = [entry for entry in head if entry[0] > table.header_row]
                total = ws.max_row if isinstance(ws.max_row, int) else 0
                for n, (number, cells) in enumerate([*data, *rows], start=1):
                    if n % 500 == 0:
                        if cancelled is not None and cancelled():
                            raise Cancelled()
                        if progress is not None:
                            progress(number, total)
                    row = _row(table, specs, number, cells, source, vocab)
                    if row is not None and table.is_example(number, row.raw):
                        source.notes.append(table.example_note())
                    elif row is not None:
                        source.rows.append(row)
    finally:
        close_workbook(wb)
    if not source.rows and not source.rejections and source.notes and \
            source.notes[-1].endswith("是模板中的示例，已跳过"):
        raise FileRefused(f"{path.name} 中只有模板的示例行（张三），没有可导入的数据。请在示例行处填写后再导入")
    if not source.rows and not source.rejections:
        raise FileRefused(f"{path.name} 中没有{source.kind_label}数据（表头之下没有内容）")
    return source


def _row(table: Table, specs: tuple[FieldSpec, ...], number: int, cells: list[Cell], source: AssessmentSource,
         vocab: Vocabulary) -> Row | None:
    where = Where(source.name, table.sheet, number)
    row = Row(where, {}, {}, {})
    for key, col in table.columns.items():
        spec = table.specs[key]
        cell = cells[col - 1] if col - 1 < len(cells) else Cell(None, "General", col)
        row.columns[key] = table.label(key)
        row.raw[key] = cv.display(cell.value, cell.number_format)
        if cell.value is None or (isinstance(cell.value, str) and not cv.clean_text(cell.value)):
            continue
        try:
            row.values[key] = convert(spec, cell, vocab)
        except cv.CellError as exc:
            row.errors.append(Rejection(where, row.columns[key], row.raw[key], str(exc)))
    for col, header in source.items:
        cell = cells[col - 1] if col - 1 < len(cells) else Cell(None, "General", col)
        text = cv.clean_text(cell.value)
        row.columns[f"item:{header}"] = table.column_label(col)
        if text:
            row.marks[header] = text
    if not row.values and not row.marks and not row.errors:
        return None
    if set(row.values) <= {"name"} and not row.marks and any(ch in str(row.values.get("name", "")) for ch in "：:"):
        return None  # 制表人：某某 under the table
    return row


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
