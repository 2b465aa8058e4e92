"""sheet_rows reads openpyxl's parser directly (xlsx_table._parsed_rows) instead of its
ReadOnlyCells: the rows, cells, number formats and error flags must be what openpyxl's own
iter_rows() gives, on sheets written by hand the way odd tools write them."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.interchange import xlsx_table
from desktop.interchange.errors import FileRefused
from desktop.interchange.xlsx_table import Cell, close_workbook, open_workbook, sheet_rows

# Rows out of order, repeated, without numbers; cells without references, out of order, past
# the row's last cell; an error value, a date serial in a date format, inline strings plain,
# rich, phonetic, empty and spaced, blank rows and a row of spaces.
ODD_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="A2" t="inlineStr"><is><t>姓名</t></is></c><c r="C2" s="2"><v>27820</v></c>
<c r="D2" t="e"><v>#N/A</v></c></row>
<row r="4"><c r="B4" t="inlineStr"><is><t>内联</t></is></c><c r="A4"><v>1975.1</v></c></row>
<row r="3"><c r="A3"><v>3</v></c></row>
<row r="4"><c r="A4"><v>4</v></c></row>
<row><c><v>7</v></c><c><v>8</v></c></row>
<row r="8"/>
<row r="9"><c r="A9" t="inlineStr"><is><t>   </t></is></c></row>
<row r="10"><c r="E10" t="b"><v>1</v></c><c r="B10" s="1"><v>0.5</v></c></row>
<row r="12"><c r="A12" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c>
<c r="B12" t="inlineStr"><is><t>注音</t><rPh sb="0" eb="1"><t>zhu</t></rPh></is></c>
<c r="C12" t="inlineStr"><is><t/></is></c>
<c r="D12" t="inlineStr" s="1"><is><t xml:space="preserve"> 两 边 </t></is></c>
<c t="inlineStr"><is><t>无编号</t></is></c><c r="G12" t="inlineStr"></c></row>
</sheetData></worksheet>"""


def _odd_workbook(tmp_path: Path) -> Path:
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet["A1"] = "姓名"
    sheet["C1"] = dt.datetime(1976, 3, 1)
    sheet["C1"].number_format = "yyyy-mm-dd"
    sheet["B1"] = 0.5
    sheet["B1"].number_format = "0.00%"
    wb.save(plain)
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = ODD_SHEET.encode()  # its styles 1 and 2 are the formats set above
            out.writestr(info, data)
    return odd


def _as_openpyxl_gives(ws: object) -> list[tuple[int, list[Cell]]]:
    """What sheet_rows gave when it built its cells from openpyxl's iter_rows()."""
    ws.reset_dimensions()  # type: ignore[attr-defined]
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = list(ws.iter_rows())  # type: ignore[attr-defined]
    for number, row in enumerate(rows, start=1):
        cells = [Cell(c.value, getattr(c, "number_format", None) or "General", i + 1,
                      getattr(c, "data_type", "") == "e") for i, c in enumerate(row)]
        if any(c.value is not None and str(c.value).strip() for c in cells):
            out.append((number, cells))
    return out


def _both_readings(path: Path) -> tuple[list[tuple[int, list[Cell]]], list[tuple[int, list[Cell]]]]:
    wb = open_workbook(path)
    try:
        return list(sheet_rows(wb["花名册"], "花名册")), _as_openpyxl_gives(wb["花名册"])
    finally:
        close_workbook(wb)


def test_odd_rows_read_as_openpyxl_reads_them(tmp_path: Path):
    ours, theirs = _both_readings(_odd_workbook(tmp_path))
    assert ours == theirs
    numbers = [n for n, _cells in ours]
    # Row 3 after row 4 and the second row 4 are skipped, as openpyxl skips them; the row
    # without a number follows row 4; the row of spaces is no row.
    assert numbers == [2, 4, 5, 10, 12]
    row2 = dict(ours)[2]
    assert row2[0].value == "姓名" and row2[2].value == dt.datetime(1976, 3, 1) and row2[3].error
    assert row2[2].number_format == "yyyy-mm-dd"
    assert dict(ours)[10][1].number_format == "0.00%"
    assert [c.value for c in dict(ours)[12]] == ["富文本", "注音", "", " 两 边 ", "无编号", None, None]


def test_an_exported_roster_reads_as_openpyxl_reads_it(tmp_path: Path):
    path = tmp_path / "roster.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    sheet = wb.create_sheet("花名册")
    sheet.append(["干部名册"])
    sheet.append([])
    sheet.append(["姓名", "性别", "出生年月", "身份证号"])
    for i in range(600):  # more than one batch of rows read quietly
        sheet.append([f"干部{i}", "男", dt.datetime(1970 + i % 30, 1 + i % 12, 1), f"11010119700101{i:04d}"])
    wb.save(path)
    ours, theirs = _both_readings(path)
    assert len(ours) == 602 and ours == theirs


def test_the_row_limit_still_counts_blank_rows(tmp_path: Path):
    path = _odd_workbook(tmp_path)
    wb = open_workbook(path)
    try:
        with pytest.raises(FileRefused, match="超过 9 行的上限"):
            list(sheet_rows(wb["花名册"], "花名册", max_rows=9))
        assert [n for n, _c in sheet_rows(wb["花名册"], "花名册", max_rows=12)][-1] == 12
    finally:
        close_workbook(wb)


def test_rows_read_before_a_parse_error_come_first(tmp_path: Path):
    """Warnings are silenced per batch of rows; an error in a batch still comes after the rows
    before it, as when openpyxl's rows were taken one by one."""
    def rows():
        yield 1
        yield 2
        raise KeyError("bad part")

    got = []
    with pytest.raises(KeyError):
        for row in xlsx_table._quietly(rows()):
            got.append(row)
    assert got == [1, 2]


def _with_sheet(tmp_path: Path, xml: str) -> Path:
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(_odd_workbook(tmp_path)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename)
            out.writestr(info, data)
    return path


@pytest.mark.parametrize("dimension", ['<dimension ref="B2:E10"/>', ""])
def test_a_sheet_is_sized_as_openpyxl_sizes_it(tmp_path: Path, dimension: str):
    path = _with_sheet(tmp_path, ODD_SHEET.replace("<sheetData>", f"{dimension}<sheetData>"))
    ours = open_workbook(path)
    theirs = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for a, b in zip(ours.worksheets, theirs.worksheets, strict=True):
            assert (a.min_row, a.max_row, a.min_column, a.max_column) == (
                b.min_row, b.max_row, b.min_column, b.max_column)
        assert ours["花名册"].max_row == (10 if dimension else None)
    finally:
        close_workbook(ours)
        theirs.close()


def test_opening_does_not_read_the_rows_of_a_sheet_without_a_size(tmp_path: Path):
    """openpyxl read a sheet without <dimension> to its end just to find no size; opening now
    stops at the rows, and damage among them is reported by the sheet that has it."""
    path = _with_sheet(tmp_path, ODD_SHEET.replace("</sheetData>", "<row r=\"11\"><c r=\"A11\"><v>1</c></row>"))
    wb = open_workbook(path)
    try:
        with pytest.raises(FileRefused, match=r"工作表“花名册”.*已损坏"):
            list(sheet_rows(wb["花名册"], "花名册"))
    finally:
        close_workbook(wb)
