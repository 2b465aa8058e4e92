"""Score and tally arithmetic, checked against sums done by hand."""

from dataclasses import dataclass
from decimal import Decimal

from desktop.models.scoring import Response, score, sheet_problems, tally, template_problems

G4 = {"type": "grades", "grades": [["好", 100], ["较好", 80], ["一般", 60], ["差", 30]]}


@dataclass
class Item:
    id: int
    text: str
    weight_centi: int
    scale: dict
    fact_below: int = 61
    is_overall: bool = False


A = Item(1, "甲项", 6000, G4)
B = Item(2, "乙项", 4000, {"type": "score", "max": 10})
F = Item(3, "负面行为", 0, {"type": "flag", "penalty": 5})
OVERALL = Item(4, "总体评价", 0, G4, is_overall=True)
ITEMS = [A, B, F, OVERALL]


def test_weights_must_total_100():
    assert template_problems(ITEMS) == []
    short = [Item(1, "甲", 5900, G4), B]
    assert [p.message for p in template_problems(short)] == ["各项权重合计应为 100，现为 99"]
    weighted_flag = [A, B, Item(3, "负面", 100, {"type": "flag", "penalty": 5})]
    assert any("负面清单项不计权重" in p.message for p in template_problems(weighted_flag))


def test_sheet_score_by_hand():
    # 0.6 × 80 (较好) + 0.4 × 70 (7 of 10) = 48 + 28 = 76
    assert score(ITEMS, {1: "较好", 2: "7", 4: "较好"}) == Decimal("76.00")
    # a ticked negative behaviour deducts its 5 points
    assert score(ITEMS, {1: "较好", 2: "7", 3: "1", 4: "较好"}) == Decimal("71.00")
    # a ballot with a blank cell: what was marked is re-weighted (好 = 100)
    assert score(ITEMS, {1: "好"}) == Decimal("100.00")
    assert score(ITEMS, {}) is None


def test_low_ratings_and_ticked_flags_need_facts():
    problems = sheet_problems(ITEMS, {1: ("一般", ""), 3: ("1", ""), 4: ("好", "")})
    messages = [p.message for p in problems]
    assert "第1项（甲项）：评价为“一般”须写明具体事实" in messages
    assert "第2项（乙项）：未评价" in messages
    assert "第3项（负面行为）：勾选负面行为须写明具体事实" in messages
    ok = sheet_problems(ITEMS, {1: ("一般", "2024年防汛中迟到两小时"), 2: ("9", ""), 3: ("", ""), 4: ("好", "")})
    assert ok == []
    assert [p.message for p in sheet_problems(ITEMS, {1: ("优", ""), 2: ("11", ""), 4: ("好", "")})] == [
        "第1项（甲项）：“优”不是可选的等次（好、较好、一般、差）", "第2项（乙项）：分数应在 0 至 10 之间"]


def test_tally_by_hand():
    responses = [
        Response("上级", {1: "较好", 2: "7", 4: "较好"}),  # 76
        Response("上级", {1: "好", 2: "6", 4: "好"}),      # 60 + 24 = 84
        Response("同级", {1: "差", 2: "5", 4: "一般"}),    # 18 + 20 = 38
        Response("同级", {1: "一般", 4: ""}),              # 60 (B blank, re-weighted); overall blank
    ]
    t = tally(ITEMS, responses, issued={"上级": 2, "同级": 4}, category_weights={"上级": 40, "同级": 60})
    up, peer = t.categories["上级"], t.categories["同级"]
    assert (up.mean, peer.mean) == (Decimal("80.00"), Decimal("49.00"))
    # (40 × 80 + 60 × 49) / 100 = 32 + 29.4
    assert t.weighted == Decimal("61.40")
    assert up.overall == {"较好": 1, "好": 1} and peer.overall == {"一般": 1, "弃权": 1}
    assert peer.percent("一般") == Decimal("50.00")
    assert (up.turnout, peer.turnout) == (Decimal("100.00"), Decimal("50.00"))
    assert t.item_grades[1] == {"较好": 1, "好": 1, "差": 1, "一般": 1}
    assert t.overall() == {"较好": 1, "好": 1, "一般": 1, "弃权": 1}
    # Without category weights every response counts alike: (76 + 84 + 38 + 60) / 4 = 64.5
    assert tally(ITEMS, responses).weighted == Decimal("64.50")
