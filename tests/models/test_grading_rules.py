"""The grading rules with hand-computed cases (models/grading_rules.py)."""

import datetime as dt

import pytest

from desktop.models.dates import PartialDate
from desktop.models.grading_rules import (
    RuleError,
    appraisal_score,
    cap,
    check_appraisal_counts,
    check_shares,
    frontline_days,
    grade_for,
    meets_frontline,
    months_to_year_end,
    notice_end,
    parse_bands,
    period_of,
    quota,
    undetermined_reason,
)

BANDS = (90.0, 75.0, 60.0)


@pytest.mark.parametrize(("score", "staff", "grade"), [
    (90, "公务员", "优秀"), (89.99, "公务员", "称职"), (75, "公务员", "称职"), (74.5, "公务员", "基本称职"),
    (60, "公务员", "基本称职"), (59.9, "公务员", "不称职"), (0, "公务员", "不称职"),
    (95, "事业编", "优秀"), (80, "事业编", "合格"), (61, "事业编", "基本合格"), (10, "事业编", "不合格"),
    (None, "公务员", ""),
])
def test_grade_from_score_and_bands(score, staff, grade):
    assert grade_for(score, BANDS, staff) == grade


@pytest.mark.parametrize(("text", "bands"), [("90,75,60", (90, 75, 60)), ("85，70，55", (85, 70, 55))])
def test_bands_are_read(text, bands):
    assert parse_bands(text) == bands


@pytest.mark.parametrize("text", ["90,75", "60,75,90", "90,75,x", "120,75,60", ""])
def test_bad_bands_are_refused(text):
    with pytest.raises(RuleError, match="分数段"):
        parse_bands(text)


@pytest.mark.parametrize(("counts", "score"), [
    ((10, 0, 0, 0), 100.0), ((7, 2, 1, 0), 92.0),  # (700 + 160 + 60) / 10
    ((1, 1, 1, 0), 80.0), ((0, 0, 0, 3), 40.0), ((0, 0, 0, 0), None),
    ((2, 1, 0, 0), 93.33),  # 280 / 3
])
def test_appraisal_score(counts, score):
    assert appraisal_score(*counts) == score


def test_appraisal_counts_must_add_up():
    assert check_appraisal_counts(20, 18, 17, (10, 5, 2, 0)) == []
    assert check_appraisal_counts(20, 21, 17, (10, 5, 2, 0)) == ["收回 21 份多于发出 20 份"]
    assert check_appraisal_counts(20, 18, 19, (10, 5, 4, 0)) == ["有效 19 份多于收回 18 份"]
    assert check_appraisal_counts(20, 18, 17, (10, 5, 1, 0)) == ["好、较好、一般、较差合计 16 票，应等于有效票 17 份"]


@pytest.mark.parametrize(("share", "people", "expected"), [
    (0.2, 7, 1),  # 1.4 → rounded down
    (0.2, 10, 2), (0.2, 4, 0), (0.3, 7, 2),  # 2.1 → 2
    (0.3, 10, 3), (0.2, 0, 0), (0.15, 20, 3),
])
def test_cap_is_rounded_down(share, people, expected):
    assert cap(share, people) == expected


def test_twenty_percent_of_seven_people_is_one_excellent():
    seven = [("优秀", False)] * 2 + [("称职", False)] * 5
    count = quota(seven, 0.2, 0.2)
    assert (count.headcount, count.excellent, count.ordinary_cap) == (7, 2, 1)
    assert count.over and count.reason().startswith("优秀 2/1 超出名额")
    assert not quota([("优秀", False)] + [("称职", False)] * 6, 0.2, 0.2).over


def test_undetermined_cadres_are_not_in_the_headcount():
    # 8 graded + 2 不定等次: 20% of 8 = 1.6 → 1 and 30% of 8 = 2.4 → 2 (counted as 10 they would be 2 and 3)
    ten = [("优秀", False)] * 2 + [("称职", False)] * 6 + [("不定等次", False)] * 2
    count = quota(ten, 0.2, 0.3)
    assert (count.headcount, count.ordinary_cap, count.frontline_cap) == (8, 1, 2)
    assert count.over


def test_frontline_cap_only_for_frontline_cadres():
    # 10 graded: ordinary cap 2, front-line cap 3.
    others = [("称职", False)] * 7
    with_rule = [("优秀", False), ("优秀", False), ("优秀", True), *others]
    assert not quota(with_rule, 0.2, 0.3).over  # the third 优秀 meets the rule: within 30%
    without = [("优秀", False), ("优秀", False), ("优秀", False), *others]
    count = quota(without, 0.2, 0.3)
    assert count.over and "不符合一线条件的优秀最多 20%×10" in count.reason()
    four = [("优秀", True), ("优秀", True), ("优秀", True), ("优秀", True), ("称职", False), *others[:5]]
    count = quota(four, 0.2, 0.3)
    assert count.over and count.reason().startswith("优秀 4/3 超出名额")


def test_shares_are_checked():
    check_shares(0.2, 0.3)
    with pytest.raises(RuleError, match="最高 30%"):
        check_shares(0.2, 0.35)
    with pytest.raises(RuleError, match="不能低于"):
        check_shares(0.2, 0.1)


def test_frontline_days_merge_and_clip_to_the_year():
    periods = [(dt.date(2025, 11, 1), dt.date(2026, 3, 31)),  # 1 Jan–31 Mar 2026: 90 days
               (dt.date(2026, 3, 1), dt.date(2026, 4, 30)),  # overlaps March: adds April, 30
               (dt.date(2026, 10, 1), None)]  # open: to 31 Dec, 92
    assert frontline_days(periods, 2026) == 212
    assert frontline_days([(dt.date(2026, 1, 1), dt.date(2026, 6, 30))], 2026) == 181
    assert meets_frontline(181, 6) and not meets_frontline(179, 6) and not meets_frontline(400, 0)
    assert period_of(PartialDate(2026, 2), PartialDate(2026, 2)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


@pytest.mark.parametrize(("start", "months"), [
    (PartialDate(2026, 7), 6), (PartialDate(2026, 8), 5), (PartialDate(2026, 1), 12), (PartialDate(2025, 12), 13),
    (PartialDate(2027, 1), 0),
])
def test_months_to_the_end_of_the_year(start, months):
    assert months_to_year_end(start, 2026) == months


def test_undetermined_for_probation_and_short_service():
    assert undetermined_reason(2026, PartialDate(2026, 2), None, 6).startswith("试用期内（2026.02 参加工作")
    assert undetermined_reason(2026, PartialDate(2026, 1), None, 6) == ""  # 12 months: probation over
    assert "本单位任职不满 6 个月（2026.08 起，2026 年内 5 个月）" in undetermined_reason(
        2026, PartialDate(2010, 7), PartialDate(2026, 8), 6)
    assert undetermined_reason(2026, PartialDate(2010, 7), PartialDate(2026, 7), 6) == ""


def test_notice_end_skips_the_weekend():
    thursday = dt.date(2026, 12, 3)
    assert notice_end(thursday, 5) == dt.date(2026, 12, 9)  # Thu, Fri, (Sat, Sun), Mon, Tue, Wed
    monday = dt.date(2026, 12, 7)
    assert notice_end(monday, 5) == dt.date(2026, 12, 11)
    saturday = dt.date(2026, 12, 5)
    assert notice_end(saturday, 5) == dt.date(2026, 12, 11)  # the weekend start does not count
    holiday = {dt.date(2026, 12, 8)}
    assert notice_end(monday, 5, holidays=holiday) == dt.date(2026, 12, 14)
    assert notice_end(thursday, 5, workdays={dt.date(2026, 12, 5)}) == dt.date(2026, 12, 8)
    with pytest.raises(RuleError, match="至少 5 个工作日"):
        notice_end(monday, 4)
