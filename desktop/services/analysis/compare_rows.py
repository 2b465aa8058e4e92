"""The aligned table of a comparison: the same figure of every cadre on one line."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.models.results import Completion
from desktop.reports.assessment import Dimension, points_text, score_text
from desktop.services.analysis.profile import Profile

Line = tuple[str, tuple[str, ...]]


def rate_text(c: Completion) -> str:
    if not c.targets:
        return "无任务"
    return f"{c.met}/{c.targets}（{c.met * 100 / c.targets:.1f}%）"


def annual_text(p: Profile, last: int = 3) -> str:
    return "；".join(f"{a.year}{a.grade or '未定等次'}" for a in p.annual[-last:]) or "—"


def _rank_text(p: Profile, i: int) -> str:
    place = p.ranks[i]
    if place.rank is None:
        return "—"
    tie = "并列" if place.tied > 1 else ""
    return f"第{place.rank}名{tie}（{place.scored}人中）"


def _dimension(i: int, text: Callable[[Dimension], str]) -> Callable[[Profile], str]:
    return lambda p: text(p.dimensions[i])


def comparison_rows(profiles: Sequence[Profile]) -> tuple[Line, ...]:
    def line(title: str, value: Callable[[Profile], str]) -> Line:
        return title, tuple(value(p) for p in profiles)

    lines = [
        line("单位", lambda p: p.summary.unit or "—"),
        line("现任职务", lambda p: p.summary.post or "—"),
        line("职级", lambda p: p.summary.rank_group or "—"),
        line("出生年月", lambda p: p.summary.birth_text or "—"),
    ]
    for i, d in enumerate(profiles[0].dimensions if profiles else ()):
        lines.append(line(f"{d.name}评议得分", _dimension(i, lambda d: score_text(d.sheet_score))))
    lines += [
        line("政治素质评议综合得分", lambda p: p.pq_total_text),
        line("政治素质评议表（份）", lambda p: str(p.pq_sheets)),
        line("负面行为勾选（次）", lambda p: str(len(p.flags))),
    ]
    for i, d in enumerate(profiles[0].dimensions if profiles else ()):
        lines.append(line(f"{d.name}积分", _dimension(i, lambda d: points_text(d.net))))
    lines += [
        line("政治表现净积分", lambda p: points_text(p.ledger_summary.net)),
        line("积分记录（条，含冲正）", lambda p: str(len(p.ledger))),
        line("参加一线考核（次）", lambda p: str(len(p.campaigns))),
        line("谈话走访提及（次）", lambda p: str(len(p.excerpts))),
        line("任务清单完成", lambda p: rate_text(p.tasks)),
        line("硬性指标完成", lambda p: rate_text(p.hard_tasks)),
        line("逾期未完成任务", lambda p: str(p.tasks.overdue)),
        line("未解决问题", lambda p: str(len(p.problems))),
        line("近三年年度考核", annual_text),
        line("同单位排名", lambda p: _rank_text(p, 0)),
        line("同职级排名", lambda p: _rank_text(p, 1)),
    ]
    return tuple(lines)
