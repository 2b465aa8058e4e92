"""到龄年月 under the 2025 reform, checked against rows of the law's three annexed tables."""

import pytest

from desktop.models.dates import PartialDate
from desktop.models.retirement import base_age, due_month, retirement


@pytest.mark.parametrize(("base", "born", "age", "retires", "delay"), [
    # 附件1 男职工 (original age 60)
    (60, (1964, 12), "60岁", (2024, 12), 0),  # retired before the reform: unchanged
    (60, (1965, 1), "60岁1个月", (2025, 2), 1),
    (60, (1965, 4), "60岁1个月", (2025, 5), 1),
    (60, (1965, 5), "60岁2个月", (2025, 7), 2),
    (60, (1965, 12), "60岁3个月", (2026, 3), 3),
    (60, (1966, 1), "60岁4个月", (2026, 5), 4),
    (60, (1970, 1), "61岁4个月", (2031, 5), 16),
    (60, (1976, 8), "62岁11个月", (2039, 7), 35),
    (60, (1976, 9), "63岁", (2039, 9), 36),
    (60, (1990, 3), "63岁", (2053, 3), 36),
    # 附件2 原法定退休年龄55周岁的女职工
    (55, (1969, 12), "55岁", (2024, 12), 0),
    (55, (1970, 1), "55岁1个月", (2025, 2), 1),
    (55, (1975, 6), "56岁5个月", (2031, 11), 17),
    (55, (1981, 8), "57岁11个月", (2039, 7), 35),
    (55, (1981, 9), "58岁", (2039, 9), 36),
    # 附件3 原法定退休年龄50周岁的女职工
    (50, (1975, 1), "50岁1个月", (2025, 2), 1),
    (50, (1975, 3), "50岁2个月", (2025, 5), 2),
    (50, (1984, 10), "54岁11个月", (2039, 9), 59),
    (50, (1984, 11), "55岁", (2039, 11), 60),
])
def test_the_law_s_tables(base, born, age, retires, delay):
    found = retirement(PartialDate(*born), base)
    assert found is not None
    assert (found.age_text(), found.month, found.delay_months) == (age, PartialDate(*retires), delay)


def test_a_day_of_birth_does_not_change_the_month():
    assert due_month(PartialDate(1965, 1, 31), "男") == PartialDate(2025, 2)


@pytest.mark.parametrize(("sex", "limit", "expected"), [
    ("男", "", 60), ("女", "", 55), ("", "", None),
    ("女", "改革前任职年龄界限为60岁", 60), ("男", "改革前任职年龄界限为65岁", 65), ("女", "55", 55),
])
def test_the_base_age_comes_from_the_recorded_limit_or_the_sex(sex, limit, expected):
    assert base_age(sex, limit) == expected


def test_senior_limits_outside_the_law_s_schedule_are_not_computed():
    assert due_month(PartialDate(1966, 5), "男", "改革前任职年龄界限为65岁") is None
    assert due_month(None, "男") is None
    assert due_month(PartialDate(1972, 3), "女") == PartialDate(2027, 10)  # 55岁7个月
