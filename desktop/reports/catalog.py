"""Every report the program knows, with its Chinese name, what it is made for and its formats.

A kind whose data arrives with later work is listed already (with `pending` saying why),
so the command line and the menu name it and refuse it with that message.
"""

from __future__ import annotations

from dataclasses import dataclass

CADRE, CAMPAIGN, UNIT, FREE, QUARTER, ROUND = "cadre", "campaign", "unit", "free", "quarter", "round"
SCOPE_LABELS = {CADRE: "干部", CAMPAIGN: "考核活动", UNIT: "单位", FREE: "无", QUARTER: "指标规则与季度",
                ROUND: "年度考核定等"}


@dataclass(frozen=True)
class Kind:
    key: str
    name: str
    scopes: tuple[str, ...]  # what it is made for: --cadre, --campaign, --unit, or nothing
    formats: tuple[str, ...] = ("pdf",)
    pending: str = ""  # why it cannot be made yet; empty when it can
    needs: str = ""  # the records a cadre must have for it (others are skipped in a batch)
    # Made by another screen and command (not the 报表 menu or `frontline report`): where.
    elsewhere: str = ""

    @property
    def available(self) -> bool:
        return not self.pending


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("adform", "干部任免审批表", (CADRE,), ("pdf", "docx")),
    Kind("comprehensive", "干部综合分析报告", (CADRE,), ("pdf", "docx")),
    Kind("annual-register", "公务员年度考核登记表", (CADRE,)),
    Kind("briefing", "专报（经验类、问题类）", (FREE, CADRE, UNIT), ("pdf", "docx")),
    Kind("stage", "一线考核阶段性报告", (CAMPAIGN,), ("pdf", "docx")),
    Kind("special", "专项报告", (CAMPAIGN,), ("pdf", "docx")),
    Kind("emergency", "应急考核分析报告", (CAMPAIGN,), ("pdf", "docx")),
    Kind("democratic-tally", "民主测评结果统计表", (CADRE, UNIT), ("pdf",), needs="民主测评记录"),
    Kind("scorecard", "成绩单（季度重点任务指标得分与排名）", (QUARTER,), ("pdf", "docx")),
    Kind("notice", "晾晒通报（单位季度重点任务进展，一页）", (QUARTER, UNIT), ("pdf",)),
    Kind("filing", "年度考核优秀等次备案材料（备案报告和年度考核登记表）", (ROUND,),
         elsewhere="在“研判运用 → 年度定等”按“打印备案材料”生成，或用 frontline grades filing ROUND_ID --pdf FILE"),
)}

FORMAT_LABELS = {"pdf": "PDF", "docx": "Word"}
CAMPAIGN_KINDS = tuple(k.key for k in KINDS.values() if CAMPAIGN in k.scopes)


def describe() -> str:
    """One line per kind, for `frontline report --help`."""
    lines = []
    for k in KINDS.values():
        scope = "、".join(SCOPE_LABELS[s] for s in k.scopes if s != FREE) or "无"
        if k.key == "democratic-tally":
            scope += "（可加考核活动）"
        formats = "/".join(FORMAT_LABELS[f] for f in k.formats)
        state = "" if k.available else "（暂无数据）"
        if k.elsewhere:
            state = f"（{k.elsewhere}）"
        lines.append(f"  {k.key:<17}{k.name}{state}　对象：{scope}　格式：{formats}")
    return "\n".join(lines)
