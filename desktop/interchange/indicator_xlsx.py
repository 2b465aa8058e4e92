"""The quarterly indicator values workbook: a template per rule set and quarter (one row per unit
or leader, a column per indicator, and a 目标 column after each target-rule indicator), and
reading it back as raw rows for the service to check.

The template carries the subjects' 编号 so that a renamed unit still matches, the values
already recorded (the clerk completes what is missing), and the set and quarter in its
instructions and in a hidden cell, so that a template of another set or quarter is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.interchange import xlsx_text
from desktop.interchange.errors import FileRefused
from desktop.interchange.xlsx_table import Cell, close_workbook, open_workbook, sheet_rows

DATA_SHEET = "指标数据"
NOTES_SHEET = "填写说明"
ID_HEADER = "编号"
TARGET_SUFFIX = "·目标"
MARK_PREFIX = "frontline-indicators:"  # the hidden cell naming the set and quarter
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
NOTES = (
    "一、每行是一个{subject}，每个指标一列；按目标计分的指标后面另有一列“目标”，填写本季度的目标值。",
    "二、“编号”和“{subject}”两列不要修改；不需要填写的{subject}可以整行留空或删除。",
    "三、只填数字（不要带单位）；人工评分的指标须在规定的分值范围内。已有的数值已经填好，改动后导入即更新。",
    "四、导入前程序逐行检查：任何一行有错误时，整个文件都不会导入（不写入任何数据），请按提示改正后重新导入。",
    "五、留空的单元格表示未报，不会清除已录入的数值。",
)


@dataclass(frozen=True)
class TemplateColumn:
    indicator_id: int
    header: str  # the indicator's name, or name + ·目标
    is_target: bool
    note: str  # shown in the instructions: rule, range, measure


@dataclass(frozen=True)
class TemplateRow:
    subject_id: int
    subject: str
    cells: tuple[float | None, ...]  # per column


def mark(set_id: int, year: int, quarter: int) -> str:
    return f"{MARK_PREFIX}{set_id}:{year}:{quarter}"


def build(out: BinaryIO, *, title: str, subject_label: str, columns: Sequence[TemplateColumn],
          rows: Sequence[TemplateRow], marker: str) -> None:
    wb = Workbook()
    notes = wb.active
    notes.title = NOTES_SHEET
    xlsx_text.put(notes, 1, 1, title).font = Font(size=16, bold=True)
    line = 3
    for text in NOTES:
        xlsx_text.put(notes, line, 1, text.format(subject=subject_label)).alignment = Alignment(wrap_text=True)
        line += 1
    line += 1
    xlsx_text.put(notes, line, 1, "各列说明").font = Font(bold=True)
    for col in columns:
        line += 1
        xlsx_text.put(notes, line, 1, f"{col.header}：{col.note}")
    notes.column_dimensions["A"].width = 90
    xlsx_text.put(notes, line + 2, 1, marker).font = Font(color="FFFFFF", size=6)
    data = wb.create_sheet(DATA_SHEET)
    headers = [ID_HEADER, subject_label, *(c.header for c in columns)]
    for i, header in enumerate(headers, start=1):
        cell = xlsx_text.put(data, 1, i, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        data.column_dimensions[get_column_letter(i)].width = 8 if i == 1 else (30 if i == 2 else 14)
    for r, row in enumerate(rows, start=2):
        xlsx_text.put(data, r, 1, row.subject_id)
        xlsx_text.put(data, r, 2, row.subject)
        for c, value in enumerate(row.cells, start=3):
            xlsx_text.put(data, r, c, value)
    data.freeze_panes = "C2"
    data.row_dimensions[1].height = 30
    wb.active = 1
    xlsx_text.save(wb, out)


@dataclass(frozen=True)
class ValueSheet:
    name: str  # the file's name, for messages
    marker: str  # the hidden set-and-quarter cell, "" when missing
    headers: dict[int, str]  # column → header text
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number, cells)


def _marker(wb: Any, path: Path) -> str:
    if NOTES_SHEET not in wb.sheetnames:
        return ""
    for _n, cells in sheet_rows(wb[NOTES_SHEET], NOTES_SHEET, source=path.name):
        for c in cells:
            if isinstance(c.value, str) and c.value.startswith(MARK_PREFIX):
                return c.value
    return ""


def read(path: Path) -> ValueSheet:
    """The data sheet's header and rows, as written; refuses a workbook that is not a values sheet."""
    wb = open_workbook(path)
    try:
        if DATA_SHEET not in wb.sheetnames:
            raise FileRefused(f"{path.name} 中没有“{DATA_SHEET}”工作表：请使用 frontline values template "
                              "（或窗口“季度指标”中的“下载模板”）生成的模板")
        found = list(sheet_rows(wb[DATA_SHEET], DATA_SHEET, source=path.name))
        marker = _marker(wb, path)
    finally:
        close_workbook(wb)
    if not found or not found[0][1] or str(found[0][1][0].value or "").strip() != ID_HEADER:
        raise FileRefused(f"{path.name} 的“{DATA_SHEET}”工作表第1行应为表头（编号、名称和各项指标）")
    _number, head = found[0]
    headers = {c.column: " ".join(str(c.value).split()) for c in head if c.value is not None and str(c.value).strip()}
    return ValueSheet(path.name, marker, headers, tuple((n, tuple(cells)) for n, cells in found[1:]))
