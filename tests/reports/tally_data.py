"""A 民主测评结果统计表 as the demo database makes them: four rater categories, ten items."""

import datetime as dt
from decimal import Decimal

from desktop.reports.assessment import ItemRow, TallyRow, TallyTable
from desktop.reports.democratic_tally import CadrePage, TallyReport

ITEMS = (("德", "政治品质和道德品行"), ("德", "贯彻执行党的路线方针政策和上级决策部署"), ("能", "业务能力和履职水平"),
         ("能", "解决复杂问题和应急处置能力"), ("勤", "工作作风和敬业精神"), ("勤", "深入基层、联系服务群众"),
         ("绩", "完成年度目标任务和重点工作"), ("绩", "工作实绩和群众认可度"), ("廉", "遵守廉洁自律规定"),
         ("廉", "落实党风廉政建设责任"))


def tally(items: int = 10, categories: int = 3) -> TallyReport:
    rows = tuple(TallyRow(c, 10 + n, 9 + n, (4, 3, 1 + n, 1), 0, Decimal("85.5"))
                 for n, c in enumerate(("上级", "同级", "下级", "服务对象", "考核组", "其他")[:categories]))
    table = TallyTable(
        "重大项目攻坚年沉浸式考核（临空产业区指挥部）", "领导干部民主测评表（德能勤绩廉）", "民主测评",
        ("好", "较好", "一般", "差"), rows, Decimal("85.39"),
        weights=(("上级", 30), ("同级", 25), ("下级", 20), ("服务对象", 10), ("考核组", 15)),
        items=tuple(ItemRow(s, t, (20, 9, 8, 1), 2) for s, t in (ITEMS * 3)[:items]),
        item_grades=("好", "较好", "一般", "差"), missing=("下级：1张测评票未收回", "同级：1张测评票未收回"))
    return TallyReport("梁锋洋", dt.date(2025, 11, 24), (CadrePage("梁锋洋", "海滨市科学技术局副局长", table),))
