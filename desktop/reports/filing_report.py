"""年度考核优秀等次备案报告: the report a unit files for its 优秀 (DOMAIN §6), as narrative blocks.

It states how many took part and were graded, the 优秀 against the quota (and the approval of an
excess), the public notice and its objections, and lists the 优秀 in a table; the roster and the
register sheets travel with it in the filing bundle (services/grading/filing.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.reports import blocks as b
from desktop.reports import facts


@dataclass(frozen=True)
class FilingPerson:
    name: str
    sex: str
    birth: str  # 1980.01
    post: str
    score: str  # the appraisal's score, as printed
    frontline: bool


@dataclass(frozen=True)
class FilingData:
    unit: str
    year: int
    staff_type: str
    graded: int  # 参加定等人数
    undetermined: int
    people: tuple[FilingPerson, ...]  # the 优秀
    frontline_rule: str
    quota_pct: str  # 20%
    frontline_pct: str  # 30%
    ordinary_cap: int
    frontline_cap: int
    approval: str
    approved_by: str
    notice_start: dt.date | None
    notice_end: dt.date | None
    notice_days: int
    objections: tuple[tuple[str, str], ...]  # (content, handling)
    issuer: str
    date: dt.date
    signed_by: str = ""


def _notice(d: FilingData) -> str:
    if d.notice_start is None or d.notice_end is None:
        return "拟定等次尚未公示。"
    period = (f"{facts.chinese_date(d.notice_start)}至{facts.chinese_date(d.notice_end)}，"
              f"拟定等次在本单位进行了公示（{d.notice_days} 个工作日）")
    if not d.objections:
        return f"{period}，公示期间未收到异议。"
    handled = "；".join(f"{content}（处理情况：{handling or '待处理'}）" for content, handling in d.objections)
    return f"{period}，公示期间收到异议 {len(d.objections)} 件：{handled}。"


def _quota(d: FilingData, count: int, frontline: int) -> str:
    text = f"按确定等次人数的 {d.quota_pct} 向下取整，优秀名额 {d.ordinary_cap} 人"
    if d.frontline_cap > d.ordinary_cap:
        text += f"；符合一线条件的干部可到 {d.frontline_pct}，即 {d.frontline_cap} 人"
    over = max(count - d.frontline_cap, count - frontline - d.ordinary_cap, 0)
    if over and d.approval:
        return f"{text}。拟确定优秀 {count} 人，超出名额 {over} 人，已经批准：{d.approval}（{d.approved_by}记录）。"
    return f"{text}。拟确定优秀 {count} 人，未超出名额。"


def document(d: FilingData) -> b.Document:
    title = f"关于{d.unit}{d.year}年度考核优秀等次人员的备案报告"
    count = len(d.people)
    frontline = sum(p.frontline for p in d.people)
    share = f"{count * 100 / d.graded:.1f}%" if d.graded else "—"
    blocks: list[b.Block] = [
        b.Title(title),
        b.Para(f"按照{d.staff_type}年度考核有关规定，{d.unit}对{d.year}年度参加考核的{d.staff_type}进行了考核，"
               f"确定等次 {d.graded} 人" + (f"，不定等次 {d.undetermined} 人" if d.undetermined else "")
               + f"。经民主测评、政治素质鉴定、主管领导提出等次建议、考核委员会审定，拟确定优秀等次 {count} 人，"
               f"占确定等次人数的 {share}"
               + (f"，其中符合一线条件（{d.frontline_rule}）的 {frontline} 人" if frontline else "") + "。"),
        b.Para(_quota(d, count, frontline)),
        b.Para(_notice(d)),
        b.Para("现将优秀等次人员名册和年度考核登记表报上，请予备案。"),
        b.Table(("序号", "姓名", "性别", "出生年月", "单位及职务", "鉴定得分", "一线"),
                tuple((str(n), p.name, p.sex, p.birth, p.post, p.score, "是" if p.frontline else "")
                      for n, p in enumerate(d.people, 1)),
                (5, 9, 5, 9, 34, 9, 5), caption=f"{d.year}年度考核优秀等次人员", small=True,
                align=("c", "c", "c", "c", "l", "r", "c")),
        b.Para(f"附件：1. 优秀等次人员名册　2. 年度考核登记表（{count} 份）"),
        b.Signature(d.issuer or d.unit, facts.chinese_date(d.date)),
    ]
    return b.Document(title, tuple(blocks), author=d.issuer or d.unit, subject=f"{d.year}年度考核优秀等次备案")
