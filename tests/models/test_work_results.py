"""Hand-computed cases for the rules of the three lists and the quarterly scores."""

import datetime as dt

import pytest

from desktop.models.indicators import (
    MANUAL,
    RANKING,
    TARGET,
    Reading,
    Rule,
    competition_ranks,
    indicator_scores,
    standings,
)
from desktop.models.results import MET, NOT_MET, PARTLY, completion, judge

TODAY = dt.date(2026, 6, 30)


@pytest.mark.parametrize(("target", "achieved", "lower", "expected"), [
    (100, 100, False, MET), (100, 130, False, MET), (100, 50, False, PARTLY), (100, 49.9, False, NOT_MET),
    (100, 0, False, NOT_MET), (0, 0, False, MET), (3, 3, True, MET), (3, 0, True, MET), (3, 6, True, PARTLY),
    (3, 7, True, NOT_MET), (0, 1, True, NOT_MET),
])
def test_a_numeric_target_is_judged(target, achieved, lower, expected):
    assert judge(target, achieved, lower_is_better=lower) == expected


def test_completion_counts_results_and_flags_the_overdue():
    c = completion([(MET, dt.date(2026, 3, 31)), (PARTLY, dt.date(2026, 3, 31)), (None, dt.date(2026, 5, 1)),
                    (None, dt.date(2026, 12, 31)), (NOT_MET, None)], TODAY)
    assert (c.targets, c.met, c.partly, c.not_met, c.unverified, c.overdue) == (5, 1, 1, 1, 2, 2)
    assert c.rate == pytest.approx(0.2)
    assert completion([], TODAY).rate is None


def test_competition_ranks_share_the_better_place():
    assert competition_ranks({1: 90.0, 2: 80.0, 3: 80.0, 4: 70.0}) == {1: 1, 2: 2, 3: 2, 4: 4}
    assert competition_ranks({1: 3.0, 2: 1.0}, descending=False) == {1: 2, 2: 1}


def test_target_rule_is_a_capped_share():
    rule = Rule(1, weight=40, rule=TARGET, cap=1.2)
    scores = indicator_scores(rule, {1: Reading(50, 100), 2: Reading(150, 100), 3: Reading(None, 100),
                                     4: Reading(10, None)})
    assert scores == {1: 20.0, 2: 48.0, 3: 0.0, 4: 0.0}
    ceiling = Rule(2, weight=10, rule=TARGET, lower_is_better=True)
    assert indicator_scores(ceiling, {1: Reading(2, 4), 2: Reading(8, 4)}) == {1: 10.0, 2: 5.0}


def test_ranking_rule_steps_evenly_and_ties_share():
    rule = Rule(1, weight=30, rule=RANKING)
    scores = indicator_scores(rule, {1: Reading(9), 2: Reading(7), 3: Reading(7), 4: Reading(1), 5: Reading(None)})
    assert scores == {1: 30.0, 2: 20.0, 3: 20.0, 4: 0.0, 5: 0.0}
    assert indicator_scores(rule, {1: Reading(5)}) == {1: 30.0}


def test_manual_rule_scales_within_its_range():
    rule = Rule(1, weight=20, rule=MANUAL, min_value=60, max_value=100)
    assert indicator_scores(rule, {1: Reading(80), 2: Reading(100), 3: Reading(120), 4: Reading(50)}) == {
        1: 10.0, 2: 20.0, 3: 20.0, 4: 0.0}


def test_standings_total_rank_missing_and_bottom_three():
    rules = [Rule(1, weight=60, rule=TARGET), Rule(2, weight=40, rule=RANKING)]
    readings = {
        1: {10: Reading(100, 100), 11: Reading(50, 100), 12: Reading(80, 100), 13: Reading(80, 100)},
        2: {10: Reading(5), 11: Reading(9), 12: Reading(1), 13: Reading(1)},
    }
    rows = {r.subject: r for r in standings(rules, readings, [10, 11, 12, 13, 14])}
    # Four reported the ranked indicator (11 first, 10 second, 12 and 13 share third):
    # 10: 60 + 40*(4-2)/3 = 86.67; 11: 30 + 40 = 70; 12 and 13: 48 + 40*(4-3)/3 = 61.33;
    # 14 reported nothing and scores 0.
    assert [(s, rows[s].total, rows[s].rank) for s in (10, 11, 12, 13, 14)] == [
        (10, 86.67, 1), (11, 70.0, 2), (12, 61.33, 3), (13, 61.33, 3), (14, 0.0, 5)]
    assert rows[14].missing == 2 and rows[10].missing == 0
    # The bottom three are the last three places among the four that reported: 11 and the tie
    # at third place; 14 reported nothing and is 未报, not 末位.
    assert {s for s, r in rows.items() if r.bottom} == {11, 12, 13}



def test_a_quarter_nobody_has_reported_flags_nobody():
    rules = [Rule(1, weight=60, rule=TARGET), Rule(2, weight=40, rule=RANKING)]
    rows = standings(rules, {}, [10, 11, 12, 13, 14])
    assert [(r.total, r.rank, r.missing, r.bottom) for r in rows] == [(0.0, 1, 2, False)] * 5
    # One value: the four without any are 未报, not 末位, and the last three of one is no ranking.
    rows = standings(rules, {2: {10: Reading(3)}}, [10, 11, 12, 13, 14])
    assert not [r.subject for r in rows if r.bottom]
