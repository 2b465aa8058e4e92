"""Text the program writes into a workbook stays text: never a formula, never a DDE link.

openpyxl turns any string that starts with "=" into a formula, and "#N/A" and the like into
error values; a spreadsheet program turns a typed "+cmd|' /C calc'!A0", "@SUM(A1)" or
"-2+3" into a formula as soon as the clerk edits the cell. A cadre named "=1+1" or a fact
starting with "-" must come out exactly as typed, and a hostile value must not run anything
on the PC of whoever opens the export. So every string goes through `cell` (rows appended
in streaming or normal mode) or `put` (one cell of a normal worksheet): it is stored as a
string and, when it starts with one of the characters spreadsheet programs treat as the
start of a formula, marked with the "quote prefix" (Excel's leading apostrophe, which is
not part of the value: Excel, WPS and LibreOffice show the text as typed and keep it text
when it is edited). Numbers, dates and empty cells pass through unchanged: a negative
number is a number. Characters XML cannot carry (control characters other than tab, line
feed and carriage return) are replaced by U+FFFD instead of failing the whole export.

`save` writes a workbook after one more pass over a normal-mode workbook that turns any
formula that slipped through into text, so no writer can forget.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any, BinaryIO

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


# Beyond openpyxl's control characters, what XML cannot carry either: lone surrogates (text
# decoded with errors="surrogateescape") and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Excel's limit for a cell; openpyxl cut longer text to it, and so do the export's own rows.
CELL_LIMIT = 32767


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)))


@lru_cache(maxsize=65536)
def checked(value: str) -> tuple[str, bool]:
    """(the text as it can be written, whether it must be marked as text). Remembered: a
    roster repeats the same units, titles, codes and dates down 100,000 rows."""
    text = clean(value)
    return text, needs_quote(text) or text in ERROR_CODES


def _as_text(cell: Cell, text: str) -> Cell:
    cell.data_type = "s"  # the value is already `text`; only openpyxl's guess is undone
    if needs_quote(text):
        cell.quotePrefix = True
    return cell


def cell(ws: Worksheet, value: Any) -> Any:
    """What to append to a row for `value`: a text cell for risky text, else the value as is."""
    if not isinstance(value, str):
        return value
    text, risky = checked(value)
    if risky:
        return _as_text(WriteOnlyCell(ws, text), text)
    return text


def text_cell(ws: Worksheet, value: Any) -> Cell:
    """A streaming-mode cell holding `value` (to be styled by the caller), text kept as text."""
    if not isinstance(value, str):
        return WriteOnlyCell(ws, value)
    text = clean(value)
    c = WriteOnlyCell(ws, text)
    return _as_text(c, text) if needs_quote(text) or text in ERROR_CODES else c


def row(ws: Worksheet, values: Any) -> list[Any]:
    return [cell(ws, v) for v in values]


def put(ws: Worksheet, row_number: int, column: int, value: Any) -> Cell:
    """Set one cell of a normal-mode worksheet; text is kept as text."""
    target = ws.cell(row_number, column)
    if isinstance(value, str):
        text = clean(value)
        target.value = text
        if needs_quote(text) or text in ERROR_CODES:
            _as_text(target, text)
    else:
        target.value = value
    return target


def save(wb: Workbook, out: BinaryIO) -> None:
    """Save `wb` into `out`; in a normal-mode workbook, any formula cell becomes its text first.

    The workbook is built in memory and then written in one go: openpyxl writing straight
    into `out` leaves its zip writer half-open when the disk fills up, and the interpreter
    then prints that writer's failure to close as a traceback on the terminal."""
    if not wb.write_only:
        for ws in wb.worksheets:
            for c in ws._cells.values():  # every cell that exists; iter_rows would create the empty ones
                if c.data_type in ("f", "e") and isinstance(c.value, str):
                    _as_text(c, c.value)
    buffer = io.BytesIO()
    wb.save(buffer)
    out.write(buffer.getbuffer())
