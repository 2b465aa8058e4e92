"""Finding the table in a real-world worksheet: a title row (often merged) above the
header, headers written many ways, a two-row header, blank rows, notes below the data.

`open_workbook` opens read-only and streaming with the safety checks; `read_table` finds
the header row among the first rows and yields the data rows as cells keyed by field.
"""

from __future__ import annotations

import contextlib
import itertools
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from desktop.interchange import safety
from desktop.interchange.errors import FileRefused
from desktop.interchange.fields import FieldSpec, normalize_header

HEADER_SCAN_ROWS = 20


DYNAMIC_EXAMPLES = frozenset({"campaign", "template"})


class Cell(NamedTuple):
    # A tuple, not a frozen dataclass: a 10,000-row import makes 400,000 of them.
    value: Any
    number_format: str
    column: int  # 1-based
    error: bool = False  # a formula's error value (#N/A, #REF! …), not text typed


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based row of the (last) header row
    columns: dict[str, int]  # spec key → 1-based column
    specs: dict[str, FieldSpec]
    headers: dict[int, str]  # column → header as written
    ignored: list[str] = field(default_factory=list)  # headers recognised as computed columns
    unknown: list[str] = field(default_factory=list)  # headers nobody recognised
    extra: dict[int, str] = field(default_factory=dict)  # columns matched by a custom rule (years)

    def label(self, key: str) -> str:
        col = self.columns[key]
        return f"{get_column_letter(col)}列“{self.headers.get(col, self.specs[key].header)}”"

    def column_label(self, col: int) -> str:
        return f"{get_column_letter(col)}列“{self.headers.get(col, '')}”"

    def is_example(self, number: int, raw: dict[str, str]) -> bool:
        """The import template's example row (张三, the published sample ID …), left in by
        mistake: the first row under the header, every filled cell the template's example."""
        if number != self.header_row + 1:
            return False
        filled = {k: v.strip() for k, v in raw.items() if v and v.strip()}
        name = self.specs.get("name")
        if name is None or name.example is None or filled.get("name") != str(name.example):
            return False
        # The ballot template fills 考核 and 测评表 with the database's current ones.
        return all(k in DYNAMIC_EXAMPLES or (self.specs[k].example is not None and v == str(self.specs[k].example))
                   for k, v in filled.items())

    def example_note(self) -> str:
        return f"工作表“{self.sheet}”第{self.header_row + 1}行是模板中的示例，已跳过"


# A sheet's XML that openpyxl trips over raises these besides the archive's own errors.
_SHEET_DAMAGED: tuple[type[Exception], ...] = (*safety.ZIP_OR_OS_ERRORS, KeyError, TypeError)

class _SizedFromHead(ReadOnlyWorksheet):  # type: ignore[misc]
    """openpyxl's read-only sheet, sized from its <dimension> as openpyxl sizes it, but
    without reading on to the end of a sheet that has none (our own exports, written by
    openpyxl's write-only mode, have none): openpyxl then parsed the whole sheet once to
    find no size, and the reader parsed it again for its rows. The dimension comes before
    <sheetData> (as openpyxl 3.1.5, pinned, also expects)."""

    def _get_size(self) -> None:
        with self._get_source() as src:
            for _event, element in iterparse(src, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    self._min_column, self._min_row, self._max_column, self._max_row = bounds
                    return
                if element.tag == DATA_TAG:
                    return


class _ReadOnlyReader(ExcelReader):  # type: ignore[misc]
    """load_workbook(read_only=True) with _SizedFromHead sheets; the rest is openpyxl's."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            rels_path = get_rels_path(rel.target)
            if rels_path in self.valid_files:
                get_dependents(self.archive, rels_path)  # read as openpyxl reads it: damage refuses the file
            ws = _SizedFromHead(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def _load_read_only(source: Any) -> Workbook:
    reader = _ReadOnlyReader(source, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def open_workbook(path: Path) -> Workbook:
    """Streaming read-only workbook; refuses .xls, damaged, hostile and oversized files clearly."""
    safety.check_size(path)
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(f"{path.name} 是旧版 Excel 97-2003 格式（.xls/.et），请在 Excel 或 WPS 中"
                          "“另存为” .xlsx 后再导入")
    if not magic.startswith(b"PK"):
        raise FileRefused(f"{path.name} 不是 Excel 工作簿（.xlsx）")
    archive = safety.open_zip(path)
    try:
        names = set(archive.namelist())
        safety.scan_workbook(archive, path.name)
    except safety.ZIP_OR_OS_ERRORS:
        raise FileRefused(f"{path.name} 已损坏，无法作为 Excel 工作簿读取") from None
    finally:
        archive.close()
    if "xl/workbook.xml" not in names:
        raise FileRefused(f"{path.name} 是压缩包而不是 Excel 工作簿")
    # openpyxl gets a file we opened, so that `close_workbook` can close it even when openpyxl
    # gave up half-way through a damaged part and left its own handles open.
    source = open(path, "rb")  # noqa: SIM115 - closed by close_workbook, or below on failure
    try:
        with safety.parser_errors(path.name, " Excel 工作簿"), warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation extensions, slicers):
            # irrelevant to reading values.
            warnings.simplefilter("ignore")
            try:
                wb = _load_read_only(source)
            except (InvalidFileException, *safety.ZIP_ERRORS, OSError, KeyError, TypeError):
                raise FileRefused(f"{path.name} 已损坏，无法作为 Excel 工作簿读取") from None
    except BaseException:
        source.close()
        raise
    wb._frontline_source = source
    return wb


def close_workbook(wb: Workbook) -> None:
    """Close a workbook from `open_workbook`, and the file under it whatever state openpyxl is in."""
    with contextlib.suppress(Exception):
        wb.close()
    source = getattr(wb, "_frontline_source", None)
    if source is not None:
        source.close()


# Rows taken from openpyxl's parser per warnings context: a context per row cost more than
# the row's own conversion, and one around the whole sheet would silence the consumer too.
_QUIET_BATCH = 256


def _quietly(rows: Iterator[Any]) -> Iterator[Any]:
    """openpyxl's rows without its warnings (a date serial out of range, an unknown extension):
    they would print on the terminal, and the cell's value already says what is wrong. Only
    openpyxl's own step is silenced, never the code that consumes the rows."""
    while True:
        batch: list[Any] = []
        failure: Exception | None = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                for row in itertools.islice(rows, _QUIET_BATCH):
                    batch.append(row)
            except Exception as exc:  # raised after the rows read before it, as row by row
                failure = exc
        yield from batch
        if failure is not None:
            raise failure
        if len(batch) < _QUIET_BATCH:
            return


_BLANKS = tuple(Cell(None, "General", i + 1) for i in range(safety.MAX_SHEET_COLUMNS))
_new_cell = tuple.__new__  # Cell's own __new__ is a Python call more per cell
_PLAIN_TEXT = f"{{{SHEET_MAIN_NS}}}t"


class _Parser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's sheet parser, with a shorter way for the commonest cell of a written-out
    sheet: an inline string of one plain <t> (openpyxl's write-only mode writes every text
    cell so). openpyxl builds a rich-text object of each only to join its runs again, a
    quarter of its parse; the value is the same text (tests/interchange/test_sheet_rows_parity.py).
    Any other cell, rich text and phonetic runs included, goes to openpyxl."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        if self.data_only and not self.rich_text and element.get("t") == "inlineStr":
            child = element.find(INLINE_STRING)
            if child is not None and len(child) == 1 and child[0].tag == _PLAIN_TEXT:
                coordinate = element.get("r")
                if coordinate:
                    row, column = coordinate_to_tuple(coordinate)
                    self.col_counter = column
                else:
                    self.col_counter += 1
                    row, column = self.row_counter, self.col_counter
                style_id = element.get("s", 0)
                return {"row": row, "column": column, "value": child[0].text or "", "data_type": "s",
                        "style_id": int(style_id) if style_id else style_id}
        cell: dict[str, Any] = super().parse_cell(element)
        return cell


def _parsed_rows(ws: ReadOnlyWorksheet) -> Iterator[tuple[int, list[Cell]]]:
    """(row number, cells) of every row openpyxl's iter_rows() would give after
    reset_dimensions(), straight from its parser: a ReadOnlyCell per cell, and its
    number_format looked up through the styles each time, cost as much as the parse.
    Rows and widths follow ReadOnlyWorksheet._cells_by_row and _get_row (openpyxl 3.1.5,
    pinned): a row numbered at or below an earlier one is skipped, a row's width is its last
    cell's column, missing rows come as no cells. tests/interchange/test_sheet_rows_parity.py
    compares the two."""
    wb = ws.parent
    formats: dict[int, str] = {}
    counter = 1
    with ws._get_source() as src:
        parser = _Parser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                         date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, row in _quietly(parser.parse()):
            while counter < idx:
                yield counter, []
                counter += 1
            if counter > idx:
                continue
            counter += 1
            if not row:
                yield idx, []
                continue
            width = min(row[-1]["column"], safety.MAX_SHEET_COLUMNS)
            cells = list(_BLANKS[:width])
            for c in row:
                col = c["column"]
                if 1 <= col <= width:
                    style = c["style_id"]
                    fmt = formats.get(style)
                    if fmt is None:
                        # openpyxl's own lookup, once per style: a bad style id fails inside
                        # openpyxl, which parser_errors turns into a refusal.
                        fmt = formats[style] = ReadOnlyCell(ws, idx, col, None, "n", style).number_format or "General"
                    cells[col - 1] = _new_cell(Cell, (c["value"], fmt, col, c["data_type"] == "e"))
            yield idx, cells


def _rows(ws: Any) -> Iterator[tuple[int, list[Cell]]]:
    if isinstance(ws, ReadOnlyWorksheet):
        yield from _parsed_rows(ws)
        return
    for number, row in enumerate(_quietly(ws.iter_rows()), start=1):
        yield number, [Cell(c.value, getattr(c, "number_format", None) or "General", i + 1,
                            getattr(c, "data_type", "") == "e")
                       for i, c in enumerate(row[: safety.MAX_SHEET_COLUMNS])]


def sheet_rows(ws: Any, name: str, max_rows: int | None = None, *,
               source: str = "") -> Iterator[tuple[int, list[Cell]]]:
    """(row number, cells) for every non-blank row, refusing sheets over the row limit.
    `source` is the file's name, for messages."""
    limit = max_rows if max_rows is not None else safety.MAX_SHEET_ROWS
    sheet = f"{source} 中的工作表“{name}”" if source else f"工作表“{name}”"
    with safety.parser_errors(sheet, "工作表"):
        declared = ws.max_row if isinstance(ws.max_row, int) else None
    if declared is not None and declared > limit:
        raise FileRefused(f"{sheet}有 {declared} 行，超过 {limit} 行的上限。"
                          "如果其中大部分是空行，请删除多余的行后再导入")
    # The declared size (<dimension>) is only a claim: a sheet written by another tool may
    # understate it, and openpyxl would stop reading there without a word. Read to the end;
    # the row limit is enforced by counting instead.
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    try:
        with safety.parser_errors(sheet, "工作表"):
            for number, cells in _rows(ws):
                if number > limit:
                    raise FileRefused(f"{sheet}超过 {limit} 行的上限，已停止读取")
                for c in cells:
                    value = c.value
                    if value is not None and (value.strip() if isinstance(value, str) else str(value).strip()):
                        yield number, cells
                        break
    except FileRefused:
        raise
    except _SHEET_DAMAGED:
        raise FileRefused(f"{sheet}的数据已损坏，无法读取") from None


def _text(cells: list[Cell], col: int) -> str:
    if col - 1 < len(cells) and cells[col - 1].value is not None:
        return str(cells[col - 1].value)
    return ""


Matcher = Callable[[str], bool]


def _score(cells: list[Cell], lookup: dict[str, FieldSpec], extra: Matcher | None) -> int:
    keys = set()
    for c in cells:
        h = normalize_header(c.value)
        if h in lookup:
            keys.add(lookup[h].key)
        elif extra is not None and h and extra(h):
            keys.add(h)
    return len(keys)


def find_table(sheet: str, head: list[tuple[int, list[Cell]]], lookup: dict[str, FieldSpec],
               required: tuple[str, ...], readonly: tuple[str, ...] = (),
               extra: Matcher | None = None) -> Table | None:
    """The header among the first rows: the row naming the most known columns."""
    best: tuple[int, int] | None = None
    for i, (_number, cells) in enumerate(head):
        score = _score(cells, lookup, extra)
        if score >= 2 and (best is None or score > best[1]):
            best = (i, score)
    if best is None:
        return None
    index = best[0]
    number, cells = head[index]
    above = head[index - 1][1] if index > 0 and head[index - 1][0] == number - 1 else []
    width = max(len(cells), len(above))
    columns: dict[str, int] = {}
    specs: dict[str, FieldSpec] = {}
    headers: dict[int, str] = {}
    ignored: list[str] = []
    unknown: list[str] = []
    extras: dict[int, str] = {}
    group = ""
    readonly_keys = {normalize_header(h) for h in readonly}
    for col in range(1, width + 1):
        own = _text(cells, col)
        top = _text(above, col)
        # A merged group header (全日制教育 over 学历 | 学位) applies to the columns after it.
        group = top if top.strip() else group
        if not own.strip():
            own, group_used = top, False
        else:
            group_used = True
        candidates = [own]
        if group_used and group:
            candidates.insert(0, normalize_header(group).replace("教育", "") + normalize_header(own))
        for candidate in candidates:
            h = normalize_header(candidate)
            if h in lookup and lookup[h].key not in columns:
                spec = lookup[h]
                columns[spec.key] = col
                specs[spec.key] = spec
                headers[col] = " ".join(own.split())
                break
        else:
            taken = next((lookup[normalize_header(c)].key for c in candidates
                          if normalize_header(c) in lookup and lookup[normalize_header(c)].key in columns), None)
            if taken is not None and normalize_header(headers[columns[taken]]) == normalize_header(own):
                # The same title twice: which column holds the clerk's values? Never guess.
                raise FileRefused(f"工作表“{sheet}”中“{' '.join(own.split())}”一列出现了两次（第 "
                                  f"{get_column_letter(columns[taken])} 列和第 {get_column_letter(col)} 列）："
                                  "请只保留一列，或改正列标题后再导入")
            h = normalize_header(own)
            if not h:
                continue
            headers[col] = " ".join(own.split())
            if extra is not None and extra(h):
                extras[col] = h
            elif h in readonly_keys:
                ignored.append(headers[col])
            else:
                unknown.append(headers[col])
    if not all(k in columns for k in required):
        return None
    return Table(sheet, number, columns, specs, headers, ignored, unknown, extras)


def describe_expected(specs: tuple[FieldSpec, ...], limit: int = 8) -> str:
    return "、".join(s.header for s in specs[:limit])
