"""到龄年月: the month a cadre reaches the statutory retirement age, under the 2025 reform.

The rule (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定, adopted 2024-09-13, in
force from 2025-01-01; its three annexed tables list every birth month):

- Men (original age 60) and women whose original age was 55: from January 2025 the
  statutory age rises by one month for every four months, to at most +36 months (60 → 63,
  55 → 58).
- Women whose original age was 50 (workers): one month for every two months, to at most +60
  months (50 → 55).

Written as arithmetic: let *n* be the month in which the person would have retired under
the old rule, counted from January 2025 = 1. Then the delay is ``ceil(n / 4)`` (or
``ceil(n / 2)``) months, capped; *n* ≤ 0 (old retirement before 2025) means no delay. The
annex tables are exactly this rule; their rows, which the tests check, include:

============  ==========  ==============  ==========  ========
table         born        new age         retires     delay
============  ==========  ==============  ==========  ========
men 60        1965-01     60岁1个月       2025-02     1
men 60        1965-05     60岁2个月       2025-07     2
men 60        1965-12     60岁3个月       2026-03     3
men 60        1976-08     62岁11个月      2039-07     35
men 60        1976-09     63岁            2039-09     36 (and everyone born later)
women 55      1970-01     55岁1个月       2025-02     1
women 55      1981-09     58岁            2039-09     36
women 50      1975-01     50岁1个月       2025-02     1
women 50      1975-03     50岁2个月       2025-05     2
women 50      1984-11     55岁            2039-11     60
============  ==========  ==============  ==========  ========

改革前任职年龄界限 (the age limit that applied before the reform, as the newest 任免审批表
editor records it: 55, 60, 63, 65 or 66) picks the base: 60 follows the men's schedule
whatever the sex (a woman cadre at 县处级 or above whose limit was 60 — UNCONFIRMED that
the reform applies to her this way; it is how peer tools compute it), 55 and 50 their own
tables. 63, 65 and 66 are limits of senior posts to which the law's schedule does not
apply: nothing is computed, and the clerk types the month. With no limit recorded the
base follows the sex: 60 for men, 55 for women (cadres are 干部, not 工人).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.models.dates import PartialDate

REFORM_START = (2025, 1)
# Original statutory age (years) → (months of old-rule retirement per month of delay, cap).
SCHEDULES: dict[int, tuple[int, int]] = {60: (4, 36), 55: (4, 36), 50: (2, 60)}
# 改革前任职年龄界限 choices as the newest editor offers them.
LIMIT_CHOICES = tuple(f"改革前任职年龄界限为{age}岁" for age in (55, 60, 63, 65, 66))
_AGE = re.compile(r"(\d{2})\s*(?:周?岁)?")


@dataclass(frozen=True)
class Retirement:
    """When and at what age: `month` is the 到龄年月, `age_months` the statutory age."""

    month: PartialDate
    age_months: int
    delay_months: int

    def age_text(self) -> str:
        """60岁3个月, 63岁: as the law's tables write it."""
        years, months = divmod(self.age_months, 12)
        return f"{years}岁{months}个月" if months else f"{years}岁"


def _add_months(year: int, month: int, delta: int) -> PartialDate:
    total = year * 12 + (month - 1) + delta
    return PartialDate(total // 12, total % 12 + 1)


def retirement(birth: PartialDate, base_age: int) -> Retirement | None:
    """The statutory retirement of someone born in `birth` whose original age was `base_age`;
    None when the reform has no schedule for that age (63, 65, 66)."""
    schedule = SCHEDULES.get(base_age)
    if schedule is None:
        return None
    step, cap = schedule
    old = _add_months(birth.year, birth.month, base_age * 12)
    n = (old.year - REFORM_START[0]) * 12 + old.month - REFORM_START[1] + 1
    delay = 0 if n <= 0 else min(cap, -(-n // step))
    age = base_age * 12 + delay
    return Retirement(_add_months(birth.year, birth.month, age), age, delay)


def base_age(sex: str, limit: str = "") -> int | None:
    """The original age from 改革前任职年龄界限 when it names one, else from the sex."""
    m = _AGE.search(limit or "")
    if m:
        return int(m[1])
    if sex == "男":
        return 60
    if sex == "女":
        return 55
    return None


def due_month(birth: PartialDate | None, sex: str, limit: str = "") -> PartialDate | None:
    """到龄年月 computed from birth month, sex and 改革前任职年龄界限; None when it cannot be."""
    age = base_age(sex, limit)
    if birth is None or age is None:
        return None
    found = retirement(birth, age)
    return found.month if found else None
