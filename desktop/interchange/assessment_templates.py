"""Import templates for ledger entries and democratic ballots: an instructions sheet, an
example row, and dropdowns (维度, 来源, 积分规则, open campaigns, rater categories, and each
ballot item's grades) from lists the service hands in as a Vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook

from desktop.interchange import xlsx_text
from desktop.interchange.assessment_fields import (
    BALLOT_KEYS,
    BALLOT_SHEET,
    CAMPAIGN,
    LEDGER,
    LEDGER_SHEET,
    grades_table,
)
from desktop.interchange.fields import FieldSpec
from desktop.interchange.templates import _codes_sheet, _data_sheet, _instructions
from desktop.interchange.vocab import Vocabulary

LEDGER_NOTES = (
    "一、每行填写一条积分记录。第1行为表头，不要修改列名；可以调整列的顺序。",
    "二、“日期”“干部姓名”“维度”“分值”“来源”“具体事实”必填。每一条积分都要有具体事例支撑，没有事实的行不会导入。",
    "三、干部按身份证号匹配；没有身份证号时按姓名匹配，数据库中有同名干部时必须填写身份证号。",
    "四、“加分扣分”填“加分”或“扣分”，“分值”填正整数；也可以不填“加分扣分”而在“分值”中写负数表示扣分。",
    "五、“行为类型”可从下拉列表中选择积分规则，此时分值须在该规则规定的范围内；也可以自行填写。",
    "六、“考核”可选；已结束的考核不能再导入记录。不能为与本人账户关联的干部记录积分。",
    "七、积分记录只增不改：导入后如需更正，请在程序中对该记录“冲正”。含“积分记录标识”的行已在数据库中时不会重复导入。",
    "八、第2行是示例（灰色斜体），可直接在该行填写；原样留下的示例行导入时会被跳过。导入前程序会显示预览，有被拒绝的行时不会写入任何数据。",
)
BALLOT_NOTES = (
    "一、每行录入一张纸质测评票。第1行为表头，不要修改列名。",
    "二、“考核”“干部姓名”“测评人类别”必填；同名干部须填写身份证号。“测评表”留空时为当前的民主测评表。",
    "三、同一考核、同一干部、同一测评人类别的票归入一个批次；新批次须填写“发出票数”，录入的票数不能超过它。",
    "四、各评价项目从下拉列表中选择等次；未评价的格子留空。已结束的考核不能再录入测评票。",
    "五、第2行是示例（灰色斜体），可直接在该行填写；原样留下的示例行导入时会被跳过。导入前程序会显示预览，有被拒绝的行时不会写入任何数据。",
)


def build_ledger(vocab: Vocabulary, out: BinaryIO) -> None:
    specs = [s for s in LEDGER if s.key not in ("uid", "reverses", "reason")]
    _build("积分记录导入模板 填写说明", LEDGER_NOTES, [(LEDGER_SHEET, specs)], vocab, out)


def build_ballots(vocab: Vocabulary, items: Sequence[tuple[int, str]], template_name: str, out: BinaryIO) -> None:
    """`items`: (item id, item text) of the ballot template, one column each."""
    keys = [s for s in BALLOT_KEYS if s.key not in ("uid", "seq", "author")]
    examples = {"template": template_name, "campaign": (vocab.names(CAMPAIGN) or [""])[0]}
    keys = [FieldSpec(s.key, s.header, s.synonyms, s.kind, s.code_table, s.width, examples.get(s.key, s.example),
                      s.note) for s in keys]
    columns = [FieldSpec(f"item:{item_id}", text, (), "text", grades_table(item_id), 10,
                         (vocab.names(grades_table(item_id)) or [""])[0]) for item_id, text in items]
    _build("民主测评票导入模板 填写说明", BALLOT_NOTES, [(BALLOT_SHEET, [*keys, *columns])], vocab, out)


def _build(title: str, notes: Sequence[str], sheets: list[tuple[str, Sequence[FieldSpec]]], vocab: Vocabulary,
           out: BinaryIO) -> None:
    wb = Workbook()
    info = wb.active
    info.title = "填写说明"
    ranges = _codes_sheet(wb, [s for _n, specs in sheets for s in specs], vocab)
    for name, specs in sheets:
        _data_sheet(wb.create_sheet(name, index=len(wb.sheetnames) - 1), specs, ranges)
    _instructions(info, title, notes, sheets)
    wb.active = 1
    xlsx_text.save(wb, out)
