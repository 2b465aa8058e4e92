"""Phrases the official forms print, derived from a cadre's records.

现任职务 from the current posts, the highest 全日制 and 在职 education, 年度考核结果 and
奖惩情况 as one line each. Pure functions of the loaded entities (no queries), shared by
the 任免审批表, the 年度考核登记表 and the 综合分析报告.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.models import AnnualResult, Cadre, Post, Punishment, Reward, Study, Training, party
from desktop.models.dates import PartialDate

# Higher number: higher education. Unknown names rank with 大学.
EDUCATION_RANK = {
    "博士研究生": 9, "研究生": 8, "中央党校研究生": 7, "省委党校研究生": 7, "大学": 6, "大学本科": 6,
    "中央党校大学": 5, "省委党校大学": 5, "大专": 4, "大学专科": 4, "中央党校大专": 3, "中专": 2,
    "中等专科": 2, "高中": 1,
}
NON_LEADER_TITLES = frozenset({"", "科员", "办事员"})


def dotted(d: PartialDate | None) -> str:
    return d.month_only().dotted() if d else ""


def party_cell(status: str, joined: PartialDate | None, as_written: str = "") -> str:
    """The 入党时间 cell as organization departments fill it in (and as LRMX carries it): the
    month for CPC members; a democratic party's member gets the party's name, after the month
    when it is known; 无党派人士 is written out; a 群众 leaves the cell empty. A form's own
    wording (`as_written`) is kept while it agrees with the record (models/party.py)."""
    return party.party_cell(status, joined, as_written)


def chinese_date(d: dt.date) -> str:
    """2025年6月1日, as GB/T 9704 prints dates (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def age(birth: PartialDate | None, on: dt.date) -> int | None:
    return birth.age_on(on) if birth else None


def _post_title(p: Post) -> str:
    # A cadre without a leadership post is described by rank: 预算科四级主任科员.
    if p.title in NON_LEADER_TITLES and p.rank:
        return p.rank
    return p.title


def current_post(cadre: Cadre) -> str:
    """现任职务: the override, or the current posts, unit named once: 海滨市财政局局长、党组书记."""
    if cadre.current_post_override.strip():
        return cadre.current_post_override.strip()
    current = sorted((p for p in cadre.posts if p.end is None), key=lambda p: (not p.is_main, p.sort_order))
    parts: list[str] = []
    last_unit = None
    for p in current:
        unit = p.unit_name or (p.unit.name if p.unit else "")
        title = _post_title(p)
        parts.append(title if unit == last_unit else f"{unit}{title}")
        last_unit = unit
    return "、".join(x for x in parts if x)


def current_rank(cadre: Cadre) -> str:
    return next((p.rank for p in cadre.posts if p.end is None and p.is_main and p.rank), "")


def current_since(cadre: Cadre) -> PartialDate | None:
    """When the main current post began (任现职务职级时间)."""
    main = [p for p in cadre.posts if p.end is None and p.is_main and p.start]
    return max((p.start for p in main if p.start), default=None)


@dataclass(frozen=True)
class Education:
    education: str  # 学历
    degree: str  # 学位
    school: str  # 毕业院校系及专业

    @property
    def title(self) -> str:
        """学历 over 学位, as the form's cell prints them."""
        return "\n".join(x for x in (self.education, self.degree) if x)


def highest(studies: Iterable[Study], mode: str) -> Education:
    """The highest education of a mode (全日制 or 在职); empty when there is none."""
    chosen = [s for s in studies if (s.mode == "在职") == (mode == "在职")]
    if not chosen:
        return Education("", "", "")
    best = max(chosen, key=lambda s: (EDUCATION_RANK.get(s.education, 6), s.end or PartialDate(1900, 1)))
    degree = best.degree.removesuffix("学位")
    return Education(best.education, degree, f"{best.school}{best.major}")


def annual_line(results: Sequence[AnnualResult], *, last: int = 3) -> str:
    """年度考核结果 of the latest `last` years: 2022年度称职；2023年度优秀；2024年度称职。"""
    chosen = sorted(results, key=lambda r: r.year)[-last:]
    if not chosen:
        return ""
    return "；".join(f"{r.year}年度{r.grade or '未定等次'}" for r in chosen) + "。"


def _when(d: PartialDate | None) -> str:
    return f"{d.year}年{d.month}月" if d else ""


def reward_lines(rewards: Sequence[Reward], punishments: Sequence[Punishment]) -> list[str]:
    """奖惩情况, one line each, oldest first: 2019年12月，被海滨市人民政府记三等功。"""
    out: list[tuple[PartialDate | None, str]] = []
    for r in rewards:
        by = f"被{r.granted_by}" if r.granted_by else ""
        verb = "" if r.title.startswith(("记", "授予", "评为", "获")) else "给予"
        out.append((r.date, f"{_when(r.date)}，{by}{verb}{r.title}。".lstrip("，")))
    for p in punishments:
        by = f"被{p.granted_by}" if p.granted_by else ""
        lifted = f"（{_when(p.lifted)}解除）" if p.lifted else ""
        out.append((p.date, f"{_when(p.date)}，{by}给予{p.title}{lifted}。".lstrip("，")))
    out.sort(key=lambda x: (x[0] is None, x[0] or PartialDate(1900, 1)))
    return [text for _d, text in out]


def training_lines(trainings: Sequence[Training], *, modes: frozenset[str] | None = None,
                   year: int | None = None) -> list[str]:
    """培训: 2023.03--2023.05  市委党校中青年干部培训班（脱产，120学时）."""
    out = []
    for t in sorted(trainings, key=lambda t: (t.start is None, t.start or PartialDate(1900, 1))):
        if modes is not None and t.mode not in modes:
            continue
        if year is not None and not (t.start and t.start.year <= year <= (t.end or t.start).year):
            continue
        period = f"{dotted(t.start)}--{dotted(t.end)}" if t.end and t.end != t.start else dotted(t.start)
        detail = "，".join(x for x in (t.mode, f"{t.hours}学时" if t.hours else "") if x)
        where = f"{t.organizer}" if t.organizer and t.organizer not in t.title else ""
        out.append(f"{period}  {where}{t.title}" + (f"（{detail}）" if detail else ""))
    return out
