"""A task list (任务清单) workbook filled from the program's own template, as a clerk fills it."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def fill_tasks(template: Path, rows: list[list[object]], out: Path) -> Path:
    """`rows` in the template's columns, from row 2 on (the example row taken out)."""
    wb = openpyxl.load_workbook(template)
    sheet = wb["任务清单"]
    sheet.delete_rows(2)  # the example row
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    wb.save(out)
    return out
