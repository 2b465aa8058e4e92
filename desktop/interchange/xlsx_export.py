"""Streaming xlsx tables: the printed roster (花名册) and any other table view.

openpyxl write-only mode keeps memory flat at 100,000 rows; the data rows go through
xlsx_rows.RowWriter, a third of openpyxl's own cost per cell. The layout is what a printed
roster expects: a title row, the export time and count, a bold header that is frozen,
filtered and repeated on every printed page, dates as real dates (shown 1975.03), ID
numbers and codes as text so that Excel never shows 1.10105E+17 or drops leading zeros.
Callers write the file atomically, so a cancelled export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.interchange import xlsx_text
from desktop.interchange.errors import Cancelled
from desktop.interchange.xlsx_rows import RowWriter

Kind = Literal["text", "month", "number", "code", "date", "datetime"]
Progress = Callable[[int, int], None]
Check = Callable[[], bool]
PROGRESS_EVERY = 1000
_THIN = Side(style="thin", color="808080")


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = "text"
    width: int = 10
    hidden: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str  # 干部花名册 — printed in the first row and used as the sheet name
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int  # rows expected, for progress
    subtitle: str = ""  # the filter, shown under the title
    unit: str = "人"  # what a row is, for the count under the title: 人, 条, 张 …
    name: str = ""  # the sheet's tab name when it differs from the title


def _sheet_name(title: str) -> str:
    bad = '[]:*?/\\'
    return "".join("_" if ch in bad else ch for ch in title)[:31] or "Sheet1"


def write_table(out: BinaryIO, sheet: Sheet, *, exported_at: dt.datetime | None = None,
                progress: Progress | None = None, cancelled: Check | None = None) -> int:
    """Write one table as an xlsx file into `out` (the caller writes it atomically); returns the row count."""
    return write_tables(out, [sheet], exported_at=exported_at, progress=progress, cancelled=cancelled)


def write_tables(out: BinaryIO, sheets: Sequence[Sheet], *, exported_at: dt.datetime | None = None,
                 progress: Progress | None = None, cancelled: Check | None = None) -> int:
    """Several tables, one worksheet each, in one workbook; returns the rows written in all."""
    exported_at = exported_at or dt.datetime.now()
    wb = Workbook(write_only=True)
    total = sum(s.total for s in sheets)
    count = 0
    used: set[str] = set()
    for sheet in sheets:
        name = _sheet_name(sheet.name or sheet.title)
        while name in used:  # two templates of the same name: 民主测评表, 民主测评表(2)
            name = f"{name[:27]}({len(used)})"
        used.add(name)
        count = _write_sheet(wb.create_sheet(name), sheet, exported_at, count, total, progress, cancelled)
    if not sheets:
        wb.create_sheet("Sheet1")
    xlsx_text.save(wb, out)
    if progress is not None:
        progress(count, count)
    return count


def _write_sheet(ws: Worksheet, sheet: Sheet, exported_at: dt.datetime, before: int, total: int,
                 progress: Progress | None, cancelled: Check | None) -> int:
    width = len(sheet.columns)
    last = get_column_letter(max(width, 1))
    for i, col in enumerate(sheet.columns, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = max(4, col.width) + 2
        dim.hidden = col.hidden
    # Sheet-level settings go out with the first row, so they come before it.
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    title = xlsx_text.text_cell(ws, sheet.title)
    title.font = Font(name="宋体", size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.append([title])
    info = f"导出时间：{exported_at:%Y-%m-%d %H:%M}　共 {sheet.total} {sheet.unit}"
    if sheet.subtitle:
        info = f"{sheet.subtitle}　{info}"
    ws.append([xlsx_text.cell(ws, info)])
    header = []
    for col in sheet.columns:
        cell = xlsx_text.text_cell(ws, col.title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
        header.append(cell)
    ws.append(header)
    visible = sum(1 for c in sheet.columns if not c.hidden) or 1
    ws.merged_cells.ranges.add(f"A1:{get_column_letter(visible)}1")
    ws.merged_cells.ranges.add(f"A2:{get_column_letter(visible)}2")
    rows = RowWriter(ws, [c.kind for c in sheet.columns], after_row=3)
    count = 0
    try:
        for values in sheet.rows:
            rows.append(values)
            count += 1
            if count % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled("已取消导出，没有生成文件")
                if progress is not None:
                    progress(before + count, total)
    except BaseException:
        # Finish the streaming writer so its temporary file is released, then give up.
        with contextlib.suppress(Exception):
            ws.close()
        raise
    ws.auto_filter.ref = f"A3:{last}{count + 3}"
    return before + count
