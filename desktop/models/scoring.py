"""Scores of evaluation sheets and tallies of many sheets and ballots. Pure arithmetic.

A sheet's score is computed, never typed: each answered item gives points on a 0–100 scale
(a grade's configured points, or a 0–max score scaled to 100), weighted by the item's
weight (weights total 100); each ticked checklist item (负面行为) then deducts its penalty.
Decimal arithmetic keeps hand-checked totals exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

from desktop.models.validation import Problem

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
FULL_WEIGHT_CENTI = 10000  # 100 points, in hundredths


class ItemLike(Protocol):
    id: int
    text: str
    weight_centi: int
    scale: dict[str, Any]
    fact_below: int
    is_overall: bool


class Scaled(Protocol):
    """Anything that says how it is answered (a template item, or a read-only copy of one)."""

    @property
    def scale(self) -> dict[str, Any]: ...


def is_flag(item: Scaled) -> bool:
    return item.scale.get("type") == "flag"


def grade_labels(item: ItemLike) -> list[str]:
    return [str(g[0]) for g in item.scale.get("grades", [])] if item.scale.get("type") == "grades" else []


def points_of(item: ItemLike, value: str) -> Decimal | None:
    """Points on a 0–100 scale for an answer, None for no answer; ValueError if invalid."""
    value = (value or "").strip()
    if not value:
        return None
    kind = item.scale.get("type")
    if kind == "grades":
        for label, points in item.scale.get("grades", []):
            if label == value:
                return Decimal(str(points))
        raise ValueError(f"“{value}”不是可选的等次（{'、'.join(grade_labels(item))}）")
    if kind == "score":
        top = Decimal(str(item.scale.get("max", 10)))
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"“{value}”不是分数") from None
        if not 0 <= number <= top:
            raise ValueError(f"分数应在 0 至 {top} 之间")
        return number * HUNDRED / top
    if kind == "flag":
        return HUNDRED if value in ("1", "是", "true") else Decimal(0)
    raise ValueError(f"未知的评分方式 {kind!r}")


def checked(item: Scaled, value: str) -> bool:
    return is_flag(item) and (value or "").strip() in ("1", "是", "true")


def needs_fact(item: ItemLike, value: str) -> bool:
    """A low rating, or a ticked negative behaviour, must come with a written fact."""
    if is_flag(item):
        return checked(item, value)
    try:
        points = points_of(item, value)
    except ValueError:
        return False
    return points is not None and points < item.fact_below


def weight(item: ItemLike) -> Decimal:
    return Decimal(item.weight_centi) / HUNDRED


def penalty(item: ItemLike) -> Decimal:
    return Decimal(str(item.scale.get("penalty", 0))) if is_flag(item) else Decimal(0)


# --- templates --------------------------------------------------------------------------------

def template_problems(items: Sequence[ItemLike]) -> list[Problem]:
    """Weights of the rated items must total exactly 100; scales must make sense."""
    problems: list[Problem] = []
    total = sum(i.weight_centi for i in items if not is_flag(i))
    if total != FULL_WEIGHT_CENTI:
        problems.append(Problem("weights", f"各项权重合计应为 100，现为 {Decimal(total) / HUNDRED:g}"))
    for n, item in enumerate(items, start=1):
        where = f"第{n}项（{item.text[:12]}）"
        kind = item.scale.get("type")
        if item.weight_centi < 0:
            problems.append(Problem(f"items[{n - 1}].weight", f"{where}：权重不能为负"))
        if kind == "grades":
            grades = item.scale.get("grades", [])
            labels = [g[0] for g in grades]
            if len(grades) < 2 or len(set(labels)) != len(labels):
                problems.append(Problem(f"items[{n - 1}].scale", f"{where}：至少需要两个互不相同的等次"))
            if any(not 0 <= Decimal(str(g[1])) <= HUNDRED for g in grades):
                problems.append(Problem(f"items[{n - 1}].scale", f"{where}：等次的分值应在 0 至 100 之间"))
        elif kind == "score":
            if Decimal(str(item.scale.get("max", 0))) <= 0:
                problems.append(Problem(f"items[{n - 1}].scale", f"{where}：满分应大于 0"))
        elif kind == "flag":
            if item.weight_centi:
                problems.append(Problem(f"items[{n - 1}].weight", f"{where}：负面清单项不计权重，请设为 0"))
            if Decimal(str(item.scale.get("penalty", 0))) < 0:
                problems.append(Problem(f"items[{n - 1}].scale", f"{where}：扣分不能为负"))
        else:
            problems.append(Problem(f"items[{n - 1}].scale", f"{where}：请选择评分方式"))
    if sum(1 for i in items if i.is_overall) > 1:
        problems.append(Problem("overall", "只能有一项作为总体评价"))
    return problems


# --- one sheet --------------------------------------------------------------------------------

def sheet_problems(items: Sequence[ItemLike], answers: Mapping[int, tuple[str, str]]) -> list[Problem]:
    """A complete sheet: every rated item answered with a valid value, facts where needed."""
    problems: list[Problem] = []
    for n, item in enumerate(items, start=1):
        value, fact = answers.get(item.id, ("", ""))
        where = f"第{n}项（{item.text[:16]}）"
        if not is_flag(item) and not value.strip():
            problems.append(Problem(f"item:{item.id}", f"{where}：未评价"))
            continue
        try:
            points_of(item, value)
        except ValueError as exc:
            problems.append(Problem(f"item:{item.id}", f"{where}：{exc}"))
            continue
        if needs_fact(item, value) and not fact.strip():
            reason = "勾选负面行为" if is_flag(item) else f"评价为“{value}”"
            problems.append(Problem(f"item:{item.id}", f"{where}：{reason}须写明具体事实"))
    return problems


def score(items: Sequence[ItemLike], answers: Mapping[int, str]) -> Decimal | None:
    """Weighted score 0–100, less checklist penalties. Unanswered rated items are left out
    and the rest re-weighted (a ballot with a blank cell still counts what was marked);
    None if nothing rated was answered."""
    weighted = Decimal(0)
    weights = Decimal(0)
    deductions = Decimal(0)
    for item in items:
        value = answers.get(item.id, "")
        if is_flag(item):
            if checked(item, value):
                deductions += penalty(item)
            continue
        points = points_of(item, value)
        if points is None or item.weight_centi == 0:
            continue
        weighted += weight(item) * points
        weights += weight(item)
    if weights == 0:
        return None
    total = weighted / weights - deductions  # weights total 100 when all are answered
    return max(Decimal(0), total).quantize(CENT, ROUND_HALF_UP)


# --- many sheets and ballots ------------------------------------------------------------------

@dataclass(frozen=True)
class Response:
    category: str
    answers: Mapping[int, str]  # item id → value


@dataclass
class CategoryTally:
    category: str
    responses: int = 0
    issued: int = 0
    scores: list[Decimal] = field(default_factory=list)
    overall: Counter[str] = field(default_factory=Counter)  # the overall item's grades

    @property
    def mean(self) -> Decimal | None:
        if not self.scores:
            return None
        return (sum(self.scores, Decimal(0)) / len(self.scores)).quantize(CENT, ROUND_HALF_UP)

    @property
    def turnout(self) -> Decimal | None:
        return (Decimal(self.responses) * HUNDRED / self.issued).quantize(CENT, ROUND_HALF_UP) \
            if self.issued else None

    def percent(self, label: str) -> Decimal:
        n = sum(self.overall.values())
        return (Decimal(self.overall[label]) * HUNDRED / n).quantize(CENT, ROUND_HALF_UP) if n else Decimal(0)


@dataclass
class Tally:
    categories: dict[str, CategoryTally]
    item_grades: dict[int, Counter[str]]  # all categories together
    weighted: Decimal | None

    def overall(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for c in self.categories.values():
            total.update(c.overall)
        return total


def tally(items: Sequence[ItemLike], responses: Iterable[Response], issued: Mapping[str, int] | None = None,
          category_weights: Mapping[str, int] | None = None) -> Tally:
    """Counts per grade and rater category, mean score per category, and the weighted score:
    categories weighted as configured (only those with responses count, re-weighted), or
    every response alike when no weights are set."""
    overall_item = next((i for i in items if i.is_overall), None)
    categories: dict[str, CategoryTally] = {}
    item_grades: dict[int, Counter[str]] = {i.id: Counter() for i in items if not is_flag(i)}
    for r in responses:
        cat = categories.setdefault(r.category, CategoryTally(r.category))
        cat.responses += 1
        s = score(items, r.answers)
        if s is not None:
            cat.scores.append(s)
        for item in items:
            value = (r.answers.get(item.id) or "").strip()
            if value and item.id in item_grades:
                item_grades[item.id][value] += 1
        if overall_item is not None:
            grade = (r.answers.get(overall_item.id) or "").strip()
            cat.overall[grade or "弃权"] += 1
    for name, n in (issued or {}).items():
        categories.setdefault(name, CategoryTally(name)).issued = n
    return Tally(categories, item_grades, _weighted(categories, category_weights))


def _weighted(categories: Mapping[str, CategoryTally], weights: Mapping[str, int] | None) -> Decimal | None:
    if weights:
        pairs = [(Decimal(weights.get(name, 0)), c.mean) for name, c in categories.items()
                 if c.mean is not None and weights.get(name, 0) > 0]
        total_weight = sum((w for w, _ in pairs), Decimal(0))
        if total_weight == 0:
            return None
        return (sum((w * m for w, m in pairs if m is not None), Decimal(0)) / total_weight).quantize(
            CENT, ROUND_HALF_UP)
    scores = [s for c in categories.values() for s in c.scores]
    return (sum(scores, Decimal(0)) / len(scores)).quantize(CENT, ROUND_HALF_UP) if scores else None
