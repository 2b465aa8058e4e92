"""The rejected rows of an import as a spreadsheet the clerk works through and fixes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from desktop.interchange import xlsx_text
from desktop.interchange.incoming import Rejection

HEADERS = ("文件", "工作表", "行号", "列", "内容", "原因")
WIDTHS = (28, 14, 7, 22, 28, 70)


def write(out: BinaryIO, source: str, rejections: Sequence[Rejection], *,
          when: dt.datetime | None = None) -> None:
    when = when or dt.datetime.now()
    wb = Workbook()
    ws = wb.active
    ws.title = "错误报告"
    ws.append(xlsx_text.row(ws, [f"导入错误报告：{source}"]))
    ws["A1"].font = Font(size=14, bold=True)
    ws.append([f"生成时间：{when:%Y-%m-%d %H:%M}　共 {len(rejections)} 处。改正后请重新导入；"
               "有错误时不会写入任何数据。"])
    ws.append(list(HEADERS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F4CCCC")
    for r in rejections:
        # The rejected value is exactly what the clerk typed, "=SUM(A1)" included.
        ws.append(xlsx_text.row(ws, [r.where.source, r.where.sheet, r.where.row, r.column, r.value, r.reason]))
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    for row in ws.iter_rows(min_row=4):
        row[4].number_format = "@"
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:F{len(rejections) + 3}"
    xlsx_text.save(wb, out)
