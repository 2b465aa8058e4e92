"""The front-line sections of the 综合分析报告 and its closing paragraph.

Every sentence states what the records hold, with counts and scores; where a record is
missing the report says so rather than filling the gap.
"""

from __future__ import annotations

from collections import Counter

from desktop.models import Cadre
from desktop.reports import blocks as b
from desktop.reports import facts
from desktop.reports.assessment import (
    Assessment,
    TalkNote,
    chinese_date,
    points_text,
    score_text,
    sentence,
    share_text,
)
from desktop.reports.assessment_blocks import (
    dimension_radar,
    dimension_table,
    ledger_table,
    tally_intro,
    tally_table,
    when_text,
)

NO_DATA = "暂无数据。"
LEDGER_BASIS = ("积分栏为政治表现积分中该维度有效的加分和扣分；经冲正更正的记录与其冲正记录相互抵消，"
                "不计入加分、扣分，但在下面的纪实中照常列出。")


def intro(name: str, a: Assessment) -> str:
    if a.empty:
        return (f"根据干部档案，现将{name}同志有关情况综合分析如下。"
                "档案中暂无该同志的一线考核、谈话、评议测评和政治表现积分记录。")
    parts = [f"参加一线考核{len(a.campaigns)}次" if a.campaigns else "",
             f"谈话{len(a.talks)}次" if a.talks else "",
             f"政治素质评议表{a.pq_sheets}份" if a.pq_sheets else "",
             f"政治表现积分{len(a.ledger)}条" if a.ledger else ""]
    shown = "，".join(p for p in parts if p)
    return f"根据干部档案和一线考核记录（{shown}），现将{name}同志有关情况综合分析如下。"


def political(a: Assessment) -> list[b.Block]:
    out: list[b.Block] = [b.Heading(2, "（一）政治素质评议")]
    if a.has_scores:
        out.append(b.Para(f"各维度评议得分根据{a.pq_sheets}份政治素质评议表（来自{a.pq_campaigns}次考核）计算："
                          "每份评议表按各维度所含项目的权重折算为百分制得分，各维度取各份评议表的平均值。"
                          + LEDGER_BASIS))
    elif a.ledger:
        out.append(b.Para("暂无政治素质评议表，各维度评议得分空缺。" + LEDGER_BASIS))
    else:
        out.append(b.Para("暂无政治素质评议表和政治表现积分记录。"))
    if a.has_scores or a.ledger:
        out.append(dimension_table(a))
        chart, says = dimension_radar(a)
        if chart is not None:
            out += [b.Para(says), chart]
    if a.pq_sheets:
        if a.flags:
            out.append(b.Para(f"评议中勾选负面行为清单事项{len(a.flags)}次："))
            out += [b.Para(f"{n}. {f.behaviour}（{f.category}评议" + (f"，{f.campaign}" if f.campaign else "")
                           + f"）。事实：{sentence(f.fact)}") for n, f in enumerate(a.flags, start=1)]
        else:
            out.append(b.Para("评议中未勾选负面行为清单事项。"))
    out.append(b.Heading(2, "（二）政治表现纪实"))
    if a.ledger:
        summary = a.ledger_summary()
        out.append(b.Para(f"{when_text(a.ledger)}，{summary.sentence()}各条纪实如下（按日期先后）："))
        out.append(ledger_table(a.ledger))
    else:
        out.append(b.Para("暂无政治表现积分记录。"))
    return out


def talk_line(n: int, t: TalkNote) -> str:
    when = chinese_date(t.when.date()) if t.when else "日期未记录"
    text = f"{n}. {when}" + (f"，{t.campaign}" if t.campaign else "")
    if t.interviewers:
        text += f"，谈话人{'、'.join(t.interviewers)}"
    if t.about_other:
        text += f"，谈话对象{t.interviewee}（了解该同志情况）"
    text += "。"
    text += f"谈话结论：{t.conclusion.rstrip('。')}。" if t.conclusion else "未记录谈话结论。"
    if t.follow_up:
        text += f"后续事项：{t.follow_up.rstrip('。')}。"
    return text


def front_line(a: Assessment) -> list[b.Block]:
    out: list[b.Block] = [b.Heading(2, "（一）参加一线考核情况")]
    if a.campaigns:
        out.append(b.Para(f"先后参加一线考核{len(a.campaigns)}次："))
        out += [b.Para(f"{n}. {c.name}（{c.kind}，{c.period}" + (f"，{c.state}" if c.state else "") + "）。")
                for n, c in enumerate(a.campaigns, start=1)]
    else:
        out.append(b.Para("暂无参加一线考核的记录。"))
    out.append(b.Heading(2, "（二）评议测评结果"))
    if a.tallies:
        for t in a.tallies:
            out += [b.Para(tally_intro(t)), tally_table(t)]
    else:
        out.append(b.Para("暂无评议测评结果。"))
    out.append(b.Heading(2, "（三）谈话情况"))
    if a.talks:
        own = sum(1 for t in a.talks if not t.about_other)
        others = len(a.talks) - own
        text = f"共有谈话记录{len(a.talks)}次，其中与本人谈话{own}次"
        text += f"，向其他人员了解该同志情况{others}次" if others else ""
        out.append(b.Para(text + "。"))
        out += [b.Para(talk_line(n, t)) for n, t in enumerate(a.talks, start=1)]
    else:
        out.append(b.Para("暂无谈话记录。"))
    return out


def _campaign_sentence(name: str, a: Assessment) -> str:
    if not a.campaigns:
        return f"{name}同志暂无一线考核记录"
    kinds = Counter(c.kind for c in a.campaigns)
    detail = "、".join(f"{k}{n}次" for k, n in kinds.items())
    return f"{name}同志先后参加一线考核{len(a.campaigns)}次（{detail}）"


def _scores_sentence(a: Assessment) -> str:
    scored = [(d.name, d.sheet_score) for d in a.dimensions if d.sheet_score is not None]
    if not scored:
        return "暂无政治素质评议得分"
    high = max(score for _, score in scored)
    low = min(score for _, score in scored)
    if high == low:
        return f"政治素质评议{a.pq_sheets}份，各维度评议得分均为{score_text(high)}分"
    best = "、".join(name for name, score in scored if score == high)
    worst = "、".join(name for name, score in scored if score == low)
    return (f"政治素质评议{a.pq_sheets}份，各维度评议得分在{score_text(low)}至{score_text(high)}分之间，"
            f"其中{best}最高（{score_text(high)}分），{worst}最低（{score_text(low)}分）")


def conclusion(cadre: Cadre, a: Assessment) -> list[str]:
    """The 综合研判 paragraph: the facts and figures above, gathered in one place."""
    parts = [_campaign_sentence(cadre.name, a), _scores_sentence(a)]
    if a.flags:
        behaviours = "、".join(dict.fromkeys(f.behaviour for f in a.flags))
        parts.append(f"评议中被勾选负面行为清单事项{len(a.flags)}次（{behaviours}）")
    summary = a.ledger_summary()
    if summary.entries:
        parts.append(f"政治表现积分有效加分{summary.positive}条、扣分{summary.negative}条，"
                     f"净积分{points_text(summary.net)}分")
    else:
        parts.append("暂无政治表现积分记录")
    for t in a.tallies:
        top = t.grades[0] if t.grades else ""
        line = f"在“{t.campaign or '未关联考核的测评'}”{t.kind}中综合得分{score_text(t.weighted)}分"
        if top and t.responses:
            line += f"，总体评价“{top}”占{share_text(t.total_counts()[0], t.responses, True)}"
        parts.append(line)
    parts.append(f"谈话记录{len(a.talks)}次" if a.talks else "暂无谈话记录")
    annual = facts.annual_line(cadre.annual_results)
    parts.append(f"近年年度考核：{annual.rstrip('。')}" if annual else "档案中暂无年度考核结果")
    rewards, punishments = len(cadre.rewards), len(cadre.punishments)
    parts.append(f"档案记载奖励{rewards}次、惩处{punishments}次" if rewards or punishments else "档案中无奖惩记录")
    return ["综上，" + "；".join(parts) + "。",
            "以上均为干部档案和一线考核记录中的事实及据此统计的数字，供综合研判时参考。"]
