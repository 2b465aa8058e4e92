"""Statistics of a roster: counts and percentages by sex, age band, ethnic group, political
status, education, rank and leadership level, for a unit or any roster filter."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Post, Study
from desktop.models.dates import PartialDate
from desktop.models.education import EDUCATION_LEVELS, education_label
from desktop.services.cadres.roster import education_case, where_clauses
from desktop.services.cadres.roster_filter import AGE_BANDS, LEVEL_CHOICES, NON_LEADER, RosterFilter
from desktop.services.units import codes

MISSING = "未填写"


@dataclass
class Distribution:
    key: str
    title: str
    counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def percent(self, count: int) -> float:
        return 100.0 * count / self.total if self.total else 0.0


@dataclass
class Statistics:
    total: int
    average_age: float | None
    dimensions: list[Distribution]

    def dimension(self, key: str) -> Distribution:
        return next(d for d in self.dimensions if d.key == key)


def _ordered(counter: Counter[str], order: list[str]) -> list[tuple[str, int]]:
    """Known values in the code table's order, then others by count, then 未填写."""
    known = [(v, counter[v]) for v in order if counter.get(v)]
    others = sorted(((v, n) for v, n in counter.items() if v not in order and v != MISSING),
                    key=lambda item: -item[1])
    missing = [(MISSING, counter[MISSING])] if counter.get(MISSING) else []
    return known + others + missing


def age_band(birth: PartialDate, today: dt.date) -> str:
    age = birth.age_on(today)
    for label, (low, high) in AGE_BANDS.items():
        if (low is None or age >= low) and (high is None or age <= high):
            return label
    return MISSING


def compute(session: Session, flt: RosterFilter, today: dt.date | None = None,
            scope: ColumnElement[bool] | None = None) -> Statistics:
    today = today or dt.date.today()
    ids = select(Cadre.id).where(*where_clauses(session, flt, today, scope))
    chosen = Cadre.id.in_(ids)
    tables = codes.all_names(session)

    def grouped(column: object) -> Counter[str]:
        rows = session.execute(select(column, func.count()).where(chosen).group_by(column))  # type: ignore[call-overload]
        return Counter({(value or MISSING): int(n) for value, n in rows})

    births = [b for (b,) in session.execute(select(Cadre.birth).where(chosen))]
    total = len(births)
    known = [b for b in births if b is not None]
    ages = Counter(age_band(b, today) for b in known)
    if len(known) < total:
        ages[MISSING] = total - len(known)
    average = sum(b.age_on(today) for b in known) / len(known) if known else None

    ethnic = grouped(Cadre.ethnicity)
    ethnic_summary = Counter({"汉族": ethnic.get("汉族", 0),
                              "少数民族": sum(n for v, n in ethnic.items() if v not in ("汉族", MISSING))})
    if ethnic.get(MISSING):
        ethnic_summary[MISSING] = ethnic[MISSING]

    education_rows = session.execute(
        select(Study.cadre_id, func.min(education_case(Study.education)))
        .where(Study.cadre_id.in_(ids)).group_by(Study.cadre_id))
    education = Counter(education_label(rank) or MISSING for _cid, rank in education_rows)
    education[MISSING] += total - sum(education.values())

    ranks: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    seen: set[int] = set()
    for cid, rank, level, grade in session.execute(
            select(Post.cadre_id, Post.rank, Post.leadership_level, Post.grade)
            .where(Post.cadre_id.in_(ids), Post.end.is_(None))
            .order_by(Post.cadre_id, Post.is_main.desc(), Post.sort_order, Post.id)):
        if cid in seen:
            continue
        seen.add(cid)
        ranks[rank or MISSING] += 1
        levels[f"{level}{grade}职" if level and grade else (level or NON_LEADER)] += 1
    ranks[MISSING] += total - len(seen)
    levels[NON_LEADER] += total - len(seen)

    dimensions = [
        Distribution("sex", "性别", _ordered(grouped(Cadre.sex), tables.get("sex", []))),
        Distribution("age", "年龄段", _ordered(ages, list(AGE_BANDS))),
        Distribution("ethnic_summary", "民族", _ordered(ethnic_summary, ["汉族", "少数民族"])),
        Distribution("ethnicity", "民族（细分）", _ordered(ethnic, tables.get("ethnicity", []))),
        Distribution("political_status", "政治面貌",
                     _ordered(grouped(Cadre.political_status), tables.get("political_status", []))),
        Distribution("education", "最高学历", _ordered(education, [label for label, _ in EDUCATION_LEVELS])),
        Distribution("rank", "职级", _ordered(ranks, tables.get("civil_rank", []))),
        Distribution("level", "职务层次", _ordered(levels, list(LEVEL_CHOICES))),
    ]
    for d in dimensions:
        d.counts = [(label, n) for label, n in d.counts if n]
    return Statistics(total, average, dimensions)


