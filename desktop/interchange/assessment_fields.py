"""The columns of ledger (积分记录) and ballot (测评票) spreadsheets, with the headers real
files use. One catalogue serves the export (its headers), the import (header synonyms) and
the templates (dropdowns, widths, notes), so an exported sheet comes back as the same fields.
"""

from __future__ import annotations

from desktop.interchange.fields import FieldSpec, _f

LEDGER_SHEET = "积分记录"
# Lists for the templates' dropdowns, handed in by the service as a Vocabulary.
DIMENSION, SIGN, RULE, SOURCE, CAMPAIGN = "ledger.dimension", "ledger.sign", "ledger.rule", "ledger.source", "campaign"
TEMPLATE, CATEGORY = "ballot.template", "ballot.category"
SIGNS = ("加分", "扣分", "冲正")


def grades_table(item_id: int) -> str:
    """The dropdown list of one ballot item's grades."""
    return f"grades.{item_id}"

BALLOT_SHEET = "测评票"

# Columns the ledger export writes that the import reads; the computed ones after them.
LEDGER: tuple[FieldSpec, ...] = (
    _f("date", "日期", "发生日期", "时间", "事件日期", kind="date", width=11, example="2024.05.08",
       note="必填；行为发生的日期，可写 2024.05.08、2024-5-8 或 Excel 日期"),
    _f("name", "干部姓名", "姓名", "被记录人", kind="name", width=8, example="张三", note="必填"),
    _f("citizen_id", "身份证号", "身份证号码", "公民身份号码", kind="id", width=20, example="11010519491231002X",
       note="用于确定是哪一名干部；没有时按姓名匹配，同名时须填写"),
    _f("dimension", "维度", "积分维度", "政治素质维度",
       code=DIMENSION, width=9, example="政治担当", note="必填；从下拉列表中选择"),
    _f("kind", "加分扣分", "类别", "加扣分",
       code=SIGN, width=7, example="加分", note="加分或扣分；可不填而在“分值”中写负数"),
    _f("points", "分值", "积分", "分数", kind="text", width=6, example="8",
       note="必填；正整数（或带负号表示扣分），须在所选行为类型规定的范围内"),
    _f("behaviour", "行为类型", "积分规则", "行为",
       code=RULE, width=24, example="主动承担急难险重任务并圆满完成",
       note="可从下拉列表选择积分规则，也可自行填写"),
    _f("source", "来源", "信息来源", "记录来源",
       code=SOURCE, width=10, example="一线考核", note="必填；从下拉列表中选择"),
    _f("fact", "具体事实", "事实", "具体事例", "事例", width=40,
       example="2024年5月暴雨抢险中连续三昼夜驻守堤坝，组织转移群众120人", note="必填：每一条积分都要有具体事例支撑"),
    _f("campaign", "考核", "考核批次", "考核名称", "所属考核",
       code=CAMPAIGN, width=22, note="可选；已结束的考核不能再记录"),
    _f("reason", "冲正理由", width=18, note="冲正记录必填"),
    _f("author", "记录人", "录入人", width=8, note="可不填，默认为导入的账户"),
    _f("uid", "积分记录标识", width=34, note="导出时由程序填写，用于避免重复导入，请勿修改"),
    _f("reverses", "被冲正记录标识", width=34, note="导出时由程序填写"),
)
# Written by the export, ignored by the import.
LEDGER_READONLY = ("记录号", "单位及职务", "冲正关系", "佐证材料", "录入时间", "序号")

# Ballot rows: who was rated, by whom, and then one column per template item.
BALLOT_KEYS: tuple[FieldSpec, ...] = (
    _f("campaign", "考核", "考核批次", "考核名称", code=CAMPAIGN, width=22,
       note="必填；测评所属的考核（须为进行中的考核）"),
    _f("name", "干部姓名", "被测评人", "姓名", kind="name", width=8, example="张三", note="必填；被测评的干部"),
    _f("citizen_id", "身份证号", "身份证号码", kind="id", width=20, note="同名时须填写"),
    _f("template", "测评表", "测评表名称", code=TEMPLATE, width=16, note="可不填，默认为当前的民主测评表"),
    _f("category", "测评人类别", "测评类别", code=CATEGORY, width=10, example="同级", note="必填；从下拉列表中选择"),
    _f("batch", "批次", "批次名称", width=14),
    _f("issued", "发出票数", "发票数", kind="int", width=8, example="30",
       note="新批次必填：发出的票数；已录入的票数不能超过它"),
    _f("seq", "票号", "序号", kind="int", width=6, note="可不填，按录入顺序编号"),
    _f("author", "录入人", width=8),
    _f("uid", "测评票标识", width=34, note="导出时由程序填写，用于避免重复导入，请勿修改"),
)
BALLOT_READONLY = ("录入时间",)
