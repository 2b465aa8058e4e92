"""The export's data rows (interchange/xlsx_rows.py) are written as XML of our own, through two
private names of openpyxl: what a spreadsheet reads back must be what openpyxl's own writing
of the same cells gives, for every odd value an export meets."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from desktop.interchange.xlsx_export import Column, Sheet, write_table
from desktop.models.dates import PartialDate

UTC = dt.UTC
LOCAL = dt.datetime(2024, 5, 6, 7, 8, tzinfo=UTC).astimezone().replace(tzinfo=None)

# (column kind, value given, what the cell must hold, its number format, marked as text)
CASES: list[tuple[str, Any, Any, str, bool]] = [
    ("text", "张三", "张三", "General", False),
    ("text", "=1+1", "=1+1", "General", True),
    ("text", "-2+3", "-2+3", "General", True),
    ("text", "+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "General", True),
    ("text", "@SUM(A1)", "@SUM(A1)", "General", True),
    ("text", "#N/A", "#N/A", "General", True),
    ("text", "\t缩进", "\t缩进", "General", True),
    ("text", " 前后空格 ", " 前后空格 ", "General", False),
    ("text", "第一行\r\n第二行\n第三行", "第一行\r\n第二行\n第三行", "General", False),
    ("text", "控制\x01字符\x1f", "控制\ufffd字符\ufffd", "General", False),
    ("text", "<b>&amp;</b> \"引号\" '单引号'", "<b>&amp;</b> \"引号\" '单引号'", "General", False),
    ("text", "𠀀𪚥㐂", "𠀀𪚥㐂", "General", False),
    ("text", "孤\ud800代\ufffe理\uffff", "孤\ufffd代\ufffd理\ufffd", "General", False),  # XML cannot carry them
    ("text", "长" * 40000, "长" * 32767, "General", False),  # Excel's limit for a cell, as openpyxl cuts it
    ("text", [1, "二"], "[1, '二']", "General", False),  # no value stops an export
    ("text", 3, 3, "General", False),  # a number is a number in any column
    ("text", -7.25, -7.25, "General", False),
    ("text", True, "True", "General", False),
    ("text", None, None, "General", False),
    ("text", "", None, "General", False),
    ("code", "110101199003071234", "110101199003071234", "@", False),
    ("code", "007", "007", "@", False),
    ("code", 12345, "12345", "@", False),
    ("code", "=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")", "@", True),
    ("month", PartialDate(1975, 3), dt.datetime(1975, 3, 1), "yyyy.mm", False),
    ("month", PartialDate(1975, 3, 15), dt.datetime(1975, 3, 15), "yyyy.mm.dd", False),
    ("month", "1975.03", "1975.03", "General", False),
    ("month", 197503, "197503", "General", False),
    ("number", 72, 72, "General", False),
    ("number", -3, -3, "General", False),
    ("number", 1.5, 1.5, "General", False),
    ("number", Decimal("2.25"), 2.25, "General", False),
    ("number", 12345678901234567890, 1.234567890123457e19, "General", False),
    ("number", 0, 0, "General", False),
    ("date", dt.date(2024, 5, 6), dt.datetime(2024, 5, 6), "yyyy.mm.dd", False),
    ("date", PartialDate(2001, 7), dt.datetime(2001, 7, 1), "yyyy.mm", False),
    ("datetime", dt.datetime(2024, 5, 6, 7, 8), dt.datetime(2024, 5, 6, 7, 8), "yyyy.mm.dd hh:mm", False),
    ("datetime", dt.datetime(2024, 5, 6, 7, 8, tzinfo=UTC), LOCAL, "yyyy.mm.dd hh:mm", False),
]


def _ours(path: Path) -> None:
    columns = [Column(f"列{i}", kind) for i, (kind, *_rest) in enumerate(CASES)]  # type: ignore[arg-type]
    rows = [[value for _kind, value, *_rest in CASES]] * 2  # twice: the second row reuses the styles
    with open(path, "wb") as fh:
        write_table(fh, Sheet("测试", columns, rows, 2))


def _openpyxls(path: Path) -> None:
    """The same cells through openpyxl's public streaming API, as the expectations say."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("测试")
    for _ in range(3):
        ws.append([None])
    for _ in range(2):
        row = []
        for _kind, _value, held, number_format, quoted in CASES:
            cell = WriteOnlyCell(ws, held)
            if isinstance(held, str):
                cell.data_type = "s"
            if number_format != "General":
                cell.number_format = number_format
            cell.quotePrefix = quoted
            row.append(cell if held is not None else None)
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())


def _data_cells(path: Path) -> list[list[tuple[Any, str, str, bool]]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [[(c.value, c.data_type, c.number_format if c.value is not None else "General",
              bool(c.quotePrefix)) for c in row] for row in ws.iter_rows(min_row=4, max_col=len(CASES))]


def test_every_odd_value_reads_back_as_openpyxl_would_write_it(tmp_path: Path):
    _ours(tmp_path / "ours.xlsx")
    _openpyxls(tmp_path / "openpyxl.xlsx")
    ours, theirs = _data_cells(tmp_path / "ours.xlsx"), _data_cells(tmp_path / "openpyxl.xlsx")
    assert len(ours) == 2
    for row in ours:
        for (kind, given, held, number_format, quoted), got in zip(CASES, row, strict=True):
            assert got[0] == held and type(got[0]) is type(held), (kind, given, got)
            assert (got[2], got[3]) == (number_format, quoted), (kind, given, got)
    assert ours == theirs


@pytest.mark.parametrize("rows", [0, 1, 1500])
def test_the_rows_are_numbered_after_the_header_and_the_filter_covers_them(tmp_path: Path, rows: int):
    path = tmp_path / "t.xlsx"
    with open(path, "wb") as fh:
        write_table(fh, Sheet("名单", [Column("姓名"), Column("序号", "number")],
                              ([f"干部{i}", i] for i in range(rows)), rows))
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws.max_row == 3 + rows
    assert [c.value for c in ws[3]] == ["姓名", "序号"]
    assert [(ws.cell(4 + i, 1).value, ws.cell(4 + i, 2).value) for i in range(rows)] == \
        [(f"干部{i}", i) for i in range(rows)]
    assert ws.auto_filter.ref == f"A3:B{3 + rows}"
