"""Import templates a clerk downloads, fills in and imports: instructions, example row,
dropdowns from the database's own code tables, ID and date columns pre-set as text.

The dropdown lists live on a hidden 代码表 sheet (a list typed into the validation itself
is limited to 255 characters, too short for 56 ethnic groups).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from desktop.interchange import xlsx_text
from desktop.interchange.fields import ANNUAL, DETAIL_SHEETS, KEY_FIELDS, ROSTER, FieldSpec
from desktop.interchange.vocab import Vocabulary

KINDS = {"roster": "干部名册", "annual": "年度考核结果"}
DATA_ROWS = 2000  # rows the dropdowns and text formats are prepared for
CODES_SHEET = "代码表"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
EXAMPLE_FONT = Font(color="808080", italic=True)

ROSTER_NOTES = (
    "一、每位干部填写一行。第1行为表头，不要修改列名；可以删除不需要的列，也可以调整列的顺序。",
    "二、“姓名”必填；新增干部时“性别”“出生年月”也必填。已有干部按身份证号匹配，没有身份证号时按姓名和出生年月匹配。",
    "三、空白单元格不会清除已有内容；只有填写了的内容才会导入。",
    "四、日期可写 1975.03、197503、1975-03 或 1975年3月，也可以是 Excel 日期。",
    "五、身份证号列已设为文本格式；请不要改为数字格式，否则末尾几位会丢失。",
    "六、带下拉箭头的列请从下拉列表中选择，列表来自本数据库的代码表。",
    "七、第2行是示例（灰色斜体），可直接在该行填写；原样留下的示例行导入时会被跳过。",
    "八、“任职”“学习经历”“家庭成员”“年度考核”工作表可选填：某人在其中有记录时，这些记录就是他的完整记录，"
    "原有而表中没有的记录会被删除（导入前的预览会逐条列出）。明细表用“干部姓名”和“身份证号”对应到干部名册中的人。",
    "九、导入前程序会显示预览：新增、修改（逐项列出原值和新值）和被拒绝的行（行号、列、内容和原因）。"
    "有被拒绝的行时不会写入任何数据，可以把错误报告保存为 Excel 文件，改正后重新导入。",
)
ANNUAL_NOTES = (
    "一、每行填写一名干部一个年度的考核结果；也可以每人一行、每个年度一列（列名如“2023年度”）。",
    "二、干部按身份证号匹配；没有身份证号时按姓名和出生年月匹配，数据库中只有一人同名时也可只填姓名。",
    "三、只能为数据库中已有的干部导入考核结果；同一年度已有结果时将被修改，其他年度不受影响。",
    "四、第2行是示例（灰色斜体），可直接在该行填写；原样留下的示例行导入时会被跳过。",
)


def _codes_sheet(wb: Workbook, specs: Sequence[FieldSpec], vocab: Vocabulary) -> dict[str, str]:
    """Writes each code table used as a column; returns table → range formula."""
    ws = wb.create_sheet(CODES_SHEET)
    ranges: dict[str, str] = {}
    col = 0
    for table in dict.fromkeys(s.code_table for s in specs if s.code_table):
        names = vocab.names(table)
        if not names:
            continue
        col += 1
        letter = get_column_letter(col)
        xlsx_text.put(ws, 1, col, table)
        for i, name in enumerate(names, start=2):
            xlsx_text.put(ws, i, col, name)
        ranges[table] = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(names) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _data_sheet(ws: Worksheet, specs: Sequence[FieldSpec], ranges: dict[str, str]) -> None:
    for col, spec in enumerate(specs, start=1):
        letter = get_column_letter(col)
        head = xlsx_text.put(ws, 1, col, spec.header)
        head.font = Font(bold=True, color="C00000" if spec.note.startswith("必填") else None)
        head.fill = HEADER_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if spec.note:
            head.comment = Comment(spec.note, "一线考核")
        example = xlsx_text.put(ws, 2, col, spec.example or None)
        example.font = EXAMPLE_FONT
        ws.column_dimensions[letter].width = spec.width + 2
        if spec.kind in ("id", "date") or spec.key in ("mobile", "phone", "uid"):
            # Text, so that Excel keeps all 18 digits and does not turn 1975.10 into 1975.1.
            for row in range(2, DATA_ROWS + 2):
                ws.cell(row, col).number_format = "@"
        if spec.code_table in ranges:
            dv = DataValidation(type="list", formula1=ranges[spec.code_table], allow_blank=True,
                                showErrorMessage=False)
            dv.prompt = f"请从列表中选择{spec.header}"
            dv.promptTitle = spec.header
            dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            ws.add_data_validation(dv)
        elif spec.kind == "bool":
            dv = DataValidation(type="list", formula1='"是,否"' if spec.key != "is_main" else '"主职,兼职"',
                                allow_blank=True)
            dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30


NOTE_WIDTH = 70


def _instructions(ws: Worksheet, title: str, notes: Sequence[str],
                  sheets: Sequence[tuple[str, Sequence[FieldSpec]]]) -> None:
    xlsx_text.put(ws, 1, 1, title).font = Font(size=16, bold=True)
    row = 3

    def line(text: str) -> None:
        nonlocal row
        xlsx_text.put(ws, row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheet programs do not grow a wrapped row on their own: give it the lines it
        # needs (a Chinese character is two columns wide), or it prints over the next one.
        columns = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
        ws.row_dimensions[row].height = 15 * max(1, -(-columns // (NOTE_WIDTH - 4)))
        row += 1

    for note in notes:
        line(note)
    row += 1
    xlsx_text.put(ws, row, 1, "各列说明").font = Font(bold=True)
    row += 1
    for sheet, specs in sheets:
        for spec in specs:
            synonyms = f"（也认：{'、'.join(spec.synonyms)}）" if spec.synonyms and spec.key != "uid" else ""
            line(f"{sheet} · {spec.header}{synonyms}{'：' + spec.note if spec.note else ''}")
    ws.column_dimensions["A"].width = NOTE_WIDTH
    # A 70-column note fits A4 portrait; fit to one page across in case fonts run wider.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def build(kind: str, vocab: Vocabulary, out: BinaryIO) -> None:
    """Write the template for `kind` ("roster" or "annual") into `out`."""
    if kind not in KINDS:
        raise ValueError(kind)
    wb = Workbook()
    info = wb.active
    info.title = "填写说明"
    if kind == "roster":
        main = [s for s in ROSTER if s.key != "uid"]
        sheets: list[tuple[str, Sequence[FieldSpec]]] = [("干部名册", main)]
        keys = [s for s in KEY_FIELDS if s.key in ("name", "citizen_id")]
        for _kind, (name, detail, _names) in DETAIL_SHEETS.items():
            sheets.append((name, [*keys, *detail]))
        notes: tuple[str, ...] = ROSTER_NOTES
    else:
        sheets = [("年度考核结果", [s for s in KEY_FIELDS if s.key != "uid"] + list(ANNUAL))]
        notes = ANNUAL_NOTES
    ranges = _codes_sheet(wb, [s for _n, specs in sheets for s in specs], vocab)
    for name, specs in sheets:
        ws = wb.create_sheet(name, index=len(wb.sheetnames) - 1)
        _data_sheet(ws, specs, ranges)
    _instructions(info, f"{KINDS[kind]}导入模板 填写说明", notes, sheets)
    wb.active = 1
    xlsx_text.save(wb, out)
