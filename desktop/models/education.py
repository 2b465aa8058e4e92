"""Levels of education and degree, for "highest education" in rosters and statistics.

Records keep the exact words of the file (大学本科, 中央党校大学 …); statistics and filters
group them into the levels organization departments report on.
"""

from __future__ import annotations

from collections.abc import Iterable

EDUCATION_LEVELS: tuple[tuple[str, frozenset[str]], ...] = (
    ("研究生", frozenset({"研究生", "博士研究生", "硕士研究生", "中央党校研究生", "省委党校研究生"})),
    ("大学", frozenset({"大学", "大学本科", "中央党校大学", "省委党校大学"})),
    ("大专", frozenset({"大专", "大学专科", "中央党校大专", "省委党校大专"})),
    ("中专", frozenset({"中专", "中等专科", "中等职业教育"})),
    ("高中及以下", frozenset({"高中", "初中", "小学"})),
)
DEGREE_LEVELS: tuple[tuple[str, str], ...] = (("博士", "博士"), ("硕士", "硕士"), ("学士", "学士"))
UNKNOWN = len(EDUCATION_LEVELS) + 1


def education_rank(name: str) -> int:
    """1 for 研究生 … 5 for 高中及以下; UNKNOWN for text outside the table."""
    for i, (_label, names) in enumerate(EDUCATION_LEVELS, start=1):
        if name in names:
            return i
    return UNKNOWN


def education_label(rank: int) -> str:
    return EDUCATION_LEVELS[rank - 1][0] if 1 <= rank <= len(EDUCATION_LEVELS) else ""


def degree_rank(name: str) -> int:
    for i, (_label, marker) in enumerate(DEGREE_LEVELS, start=1):
        if marker in name:
            return i
    return len(DEGREE_LEVELS) + 1


def highest_education(names: Iterable[str]) -> str:
    """The level label of the highest education among `names` ('' if none is known)."""
    return education_label(min((education_rank(n) for n in names if n), default=UNKNOWN))
