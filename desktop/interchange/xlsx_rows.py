"""The data rows of a streaming (write-only) worksheet, each written as one piece of XML.

openpyxl's write-only mode turns every value into a cell object and writes it element by
element through lxml's incremental writer: about 8 µs a cell, 16 s of a 100,000 × 20 roster
export. The markup of a data row is small and fixed — inline strings, numbers, dates as serial
numbers with a number format — so a row is built here as text, parsed by lxml in one call and
handed to openpyxl's stream as one element: the XML openpyxl writes, in about a third of the
time. Styles stay openpyxl's own: a cell with the format is made once and its style id taken,
so styles.xml is what openpyxl writes for the same cells.

This relies on two private names of openpyxl 3.1.5 (pinned): the worksheet's `_values_to_row`
and its writer's `write_row`, the two steps a row takes between `append` and the file; and on
lxml being openpyxl's XML writer (lxml is pinned too). tests/interchange/test_xlsx_rows_parity.py
writes odd values both ways and compares what openpyxl reads back, cell by cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.interchange import xlsx_text
from desktop.models.dates import PartialDate

MONTH_FORMAT = "yyyy.mm"
DAY_FORMAT = "yyyy.mm.dd"
TIME_FORMAT = "yyyy.mm.dd hh:mm"
TEXT_FORMAT = "@"
TAILS_KEPT = 50_000  # distinct cells remembered (about 10 MB at most)
# What is remembered: short values of plain types (a unit, a post, a code, a date); a long text
# would hold its copy, and a list or dict cannot be a key (it is written as its text).
CACHED = frozenset({str, int, float, bool, Decimal, PartialDate, dt.date, dt.datetime})
CACHED_TEXT = 64
# Our own markup only (escaped text, no DTD can occur): nothing to resolve, nothing to fetch.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_CR = {"\r": "&#13;"}


def _escape(text: str) -> str:
    # A carriage return must go as a reference: an XML parser reads a bare one as a line feed.
    return escape(text, _CR)


class RowWriter:
    """Appends data rows of `kinds` (one per column: text, month, number, code, date,
    datetime) to `ws` once its title and header rows are written (openpyxl has started its
    stream by then; `after_row` is how many there were). Values are converted as a roster
    expects: text stays text (a formula-like one marked with the quote prefix), partial dates
    and dates are real dates, numbers numbers, codes text formatted as text."""

    def __init__(self, ws: WriteOnlyWorksheet, kinds: Sequence[str], *, after_row: int) -> None:
        if not openpyxl.LXML or ws._writer is None:  # pinned, and started by the header rows
            raise RuntimeError("openpyxl must write with lxml, and the sheet's stream must have started")
        self.ws = ws
        self.kinds = list(kinds)
        self.letters = [get_column_letter(i) for i in range(1, len(self.kinds) + 1)]
        self.epoch = ws.parent.epoch
        self._styles: dict[tuple[str, bool], str] = {}
        self._tails: dict[tuple[str, type, Any], str] = {}
        self.row_number = after_row
        # From here on, what `append` is given is already the row's element.
        ws._values_to_row = lambda row, _index: row
        ws._writer.write_row = lambda xf, row, _index: xf.write(row[0])

    def _style(self, number_format: str, quoted: bool = False) -> str:
        key = (number_format, quoted)
        attr = self._styles.get(key)
        if attr is None:
            model = WriteOnlyCell(self.ws)
            model.number_format = number_format
            model.quotePrefix = quoted
            attr = self._styles[key] = f' s="{model.style_id}"'  # registers it in styles.xml
        return attr

    def _text(self, value: str, number_format: str = "General") -> str:
        text, risky = xlsx_text.checked(value)
        text = text[:xlsx_text.CELL_LIMIT]  # as openpyxl cuts it: Excel refuses a longer cell
        style = self._style(number_format, risky) if risky or number_format != "General" else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'

    def _date(self, value: dt.datetime, number_format: str) -> str:
        serial = safe_string(to_excel(value, self.epoch))
        return f'{self._style(number_format)} t="n"><v>{serial}</v></c>'

    def _tail(self, kind: str, value: Any) -> str:
        """The cell's markup after its reference: the same for the same value in a column kind."""
        if isinstance(value, PartialDate):
            return self._date(dt.datetime(value.year, value.month, value.day or 1),
                              DAY_FORMAT if value.day else MONTH_FORMAT)
        if kind == "code":
            return self._text(str(value), TEXT_FORMAT)
        if kind in ("date", "datetime") and isinstance(value, dt.date):
            if isinstance(value, dt.datetime):
                if value.tzinfo is not None:  # stored in UTC; the clerk reads local time
                    value = value.astimezone().replace(tzinfo=None)
                return self._date(value, TIME_FORMAT if kind == "datetime" else DAY_FORMAT)
            return self._date(dt.datetime(value.year, value.month, value.day), DAY_FORMAT)
        if kind != "month" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            # A number is a number in any column (a negative one is not text to guard).
            return f' t="n"><v>{safe_string(float(value) if isinstance(value, Decimal) else value)}</v></c>'
        return self._text(str(value))

    def append(self, values: Sequence[Any]) -> None:
        self.row_number += 1
        n = self.row_number
        tails = self._tails
        if len(tails) > TAILS_KEPT:  # names and ID numbers never repeat: start again
            tails.clear()
        parts = [f'<row r="{n}">']
        for letter, kind, value in zip(self.letters, self.kinds, values, strict=True):
            if value is None or value == "":
                continue
            kind_of = type(value)
            if kind_of in CACHED and not (kind_of is str and len(value) > CACHED_TEXT):
                # A roster repeats its units, posts, codes and dates down the rows: each is made
                # once. The type is part of the key: True == 1, and they are written differently.
                key = (kind, kind_of, value)
                tail = tails.get(key)
                if tail is None:
                    tail = tails[key] = self._tail(kind, value)
            else:
                tail = self._tail(kind, value)
            parts.append(f'<c r="{letter}{n}"{tail}')
        parts.append("</row>")
        self.ws.append([etree.fromstring("".join(parts), _PARSER)])
