"""The task list (任务清单) as a spreadsheet: the import template and its reader.

The template has the instructions, an example row and dropdowns (硬性指标 是/否, the source
departments, units of measure). The reader returns plain rows: typed values by field key,
where each came from, and every cell it could not read, so the service can name every bad
row at once. Matching names to cadres and units is the service's work.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from desktop.interchange import cells as cv
from desktop.interchange import safety
from desktop.interchange.assessment_templates import _build
from desktop.interchange.assessment_xlsx import Row, _digest, _head
from desktop.interchange.errors import Cancelled, FileRefused
from desktop.interchange.fields import SKIPPED_SHEETS, FieldSpec, _f, lookup, normalize_header
from desktop.interchange.incoming import Rejection, Where
from desktop.interchange.roster_xlsx import convert
from desktop.interchange.vocab import Vocabulary
from desktop.interchange.xlsx_table import Cell, Table, close_workbook, find_table, open_workbook, sheet_rows

SHEET = "任务清单"
SOURCE, MEASURE = "results.source", "results.measure"
# Units of measure offered in the template's dropdown; the column takes any other too.
MEASURES = ("亿元", "万元", "元", "个", "家", "项", "户", "人", "%", "公里", "平方米", "亩", "吨", "起", "次", "件")

COLUMNS: tuple[FieldSpec, ...] = (
    _f("name", "干部姓名", "姓名", "责任人", "责任领导", kind="name", width=8, example="张三",
       note="责任人是干部时填写；与“责任单位”只填一个"),
    _f("citizen_id", "身份证号", "身份证号码", "公民身份号码", kind="id", width=20, example="11010519491231002X",
       note="用于确定是哪一名干部；数据库中只有一人叫这个名字时可以不填"),
    _f("unit", "责任单位", "单位", "单位名称", width=24,
       note="责任对象是单位时填写，写单位全称（如 海滨市发展和改革局）；与“干部姓名”只填一个"),
    _f("duty", "任务内容", "职责任务", "目标任务", "任务", "工作目标", "职责或目标", width=36,
       example="全年招商引资到位资金", note="必填：要完成的职责或目标"),
    _f("indicator", "指标", "指标名称", "考核指标", width=14, example="到位资金"),
    _f("target_value", "目标值", "目标", "目标数值", width=8, example="12",
       note="数值目标填数字（不小于 0）；不是数值的目标留空，检验时由检验人判定是否完成"),
    _f("measure", "计量单位", "单位名", "计量", code=MEASURE, width=8, example="亿元",
       note="可从下拉列表中选择，也可自行填写"),
    _f("lower_is_better", "目标为上限", "越低越好", kind="bool", width=8,
       note="事故起数、能耗等不超过目标即为完成的，填“是”"),
    _f("deadline", "完成时限", "截止日期", "完成期限", "时限", "截止时间", kind="date", width=11, example="2026.12.31",
       note="须精确到日，如 2026.12.31、2026-12-31 或 Excel 日期"),
    _f("hard", "硬性指标", "是否硬性指标", kind="bool", width=8, example="是", note="从下拉列表选择“是”或“否”"),
    _f("source_department", "来源部门", "指标来源", "下达部门", code=SOURCE, width=10, example="招商",
       note="可从下拉列表中选择，也可自行填写"),
    _f("post_duty", "对应岗位职责", "岗位职责", width=20, example="分管招商引资工作"),
)
LOOKUP = lookup(COLUMNS)
NOTES = (
    "一、每行填写一条任务。第1行为表头，不要修改列名；可以删除不需要的列，也可以调整列的顺序。",
    "二、“任务内容”必填。责任对象是一名干部（填“干部姓名”，同名时加“身份证号”）或一个单位（填“责任单位”），只填其中一个。",
    "三、“目标值”填不小于 0 的数字；不是数值的目标（如“完成征迁扫尾”）留空。百分比可写 95 或 95%。",
    "四、“完成时限”须精确到日。“硬性指标”“目标为上限”填“是”或“否”，留空为“否”。",
    "五、带下拉箭头的列可从列表中选择；“来源部门”“计量单位”也可自行填写。",
    "六、第2行是示例（灰色斜体），可直接在该行填写；原样留下的示例行导入时会被跳过。",
    "七、导入时逐行检查，列出每一行的全部问题；有任何一行不能导入时，整个文件都不导入，改正后重新导入即可。",
)


def vocabulary(departments: Sequence[str]) -> Vocabulary:
    """The template's dropdown lists: the source departments handed in, and the measures."""
    return Vocabulary({SOURCE: [(d, d) for d in departments], MEASURE: [(m, m) for m in MEASURES]})


def build_template(vocab: Vocabulary, out: BinaryIO) -> None:
    _build("任务清单导入模板 填写说明", NOTES, [(SHEET, COLUMNS)], vocab, out)


@dataclass
class TargetSheet:
    """What a task-list workbook says: its rows, and what could not be read at all."""

    name: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""


def number(cell: Cell) -> float:
    """A target value: a number, or text such as 12、12.5、95%; a percent-formatted 0.95 is 95."""
    value = cell.value
    if isinstance(value, bool):
        raise cv.CellError("应为数字，而不是逻辑值")
    if isinstance(value, (int, float)):
        out = float(value) * (100 if "%" in (cell.number_format or "") else 1)
    else:
        text = cv.compact(value).replace(",", "").replace("，", "")
        try:
            out = float(text.removesuffix("%"))
        except ValueError:
            raise cv.CellError(f"应为数字，而不是“{cv.clean_text(value)}”") from None
    if not math.isfinite(out) or abs(out) >= 1e15:
        raise cv.CellError("应为正常大小的数字")
    return out


def _value(spec: FieldSpec, cell: Cell, vocab: Vocabulary) -> Any:
    if spec.key == "target_value":
        return number(cell)
    value = convert(spec, cell, vocab)
    if spec.key == "deadline" and value is not None:
        if value.day is None:
            raise cv.CellError("完成时限须精确到日，如 2026.12.31")
        return value.first_day()
    return value


def _row(table: Table, number_: int, cells: list[Cell], source: str, vocab: Vocabulary) -> Row | None:
    where = Where(source, table.sheet, number_)
    row = Row(where, {}, {}, {})
    for key, col in table.columns.items():
        cell = cells[col - 1] if col - 1 < len(cells) else Cell(None, "General", col)
        row.columns[key] = table.label(key)
        row.raw[key] = cv.display(cell.value, cell.number_format)
        if cell.value is None or (isinstance(cell.value, str) and not cv.clean_text(cell.value)):
            continue
        try:
            row.values[key] = _value(table.specs[key], cell, vocab)
        except cv.CellError as exc:
            row.errors.append(Rejection(where, row.columns[key], row.raw[key], str(exc)))
    if not row.values and not row.errors:
        return None
    if set(row.values) <= {"name"} and any(ch in str(row.values.get("name", "")) for ch in "：:"):
        return None  # 制表人：某某 under the table
    return row


def read(path: Path, vocab: Vocabulary, *, cancelled: Callable[[], bool] | None = None) -> TargetSheet:
    """Every data row of every sheet with a task-list header; Cancelled as soon as
    `cancelled()` says so (checked before each row)."""
    sheet = TargetSheet(path.name, digest=_digest(path))
    wb = open_workbook(path)
    try:
        with safety.parser_errors(path.name, " Excel 工作簿"):
            for ws in wb.worksheets:
                if normalize_header(ws.title) in SKIPPED_SHEETS:
                    continue
                rows = sheet_rows(ws, ws.title, source=path.name)
                head = _head(rows)
                table = find_table(ws.title, head, LOOKUP, ("duty",))
                if table is None:
                    if head:
                        sheet.notes.append(f"工作表“{ws.title}”没有任务清单的表头（至少要有“任务内容”一列），已跳过")
                    continue
                if table.unknown:
                    sheet.notes.append(f"工作表“{ws.title}”中不认识的列已忽略：{'、'.join(table.unknown)}")
                data = [entry for entry in head if entry[0] > table.header_row]
                for number_, cells in [*data, *rows]:
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                    row = _row(table, number_, cells, path.name, vocab)
                    if row is not None and table.is_example(number_, row.raw):
                        sheet.notes.append(table.example_note())
                    elif row is not None:
                        sheet.rows.append(row)
    finally:
        close_workbook(wb)
    if not sheet.rows:
        if any(n.endswith("是模板中的示例，已跳过") for n in sheet.notes):
            raise FileRefused(f"{path.name} 中只有模板的示例行，没有可导入的任务。请在示例行处填写后再导入")
        raise FileRefused(f"{path.name} 中没有任务清单数据（需要“任务内容”等列，表头之下要有内容）")
    return sheet
