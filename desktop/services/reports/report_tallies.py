"""Tallies of sheets and ballots as the tables reports print (counts and percentages per
grade and rater category, turnout, weighted score, who has not rated)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.models import BallotBatch, Campaign, Sheet, SheetTemplate, TemplateItem
from desktop.models.scoring import grade_labels, is_flag
from desktop.models.sheets import RATER_CATEGORIES
from desktop.reports.assessment import ItemRow, TallyRow, TallyTable
from desktop.services.evaluation.sheets import tally_of


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str  # with its version when there is more than one
    kind: str
    items: list[TemplateItem]
    sections: dict[int, str]  # section id → title


def load_templates(session: Session, ids: Iterable[int]) -> dict[int, TemplateInfo]:
    """The templates of `ids` with items and sections: three queries however many."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = (select(SheetTemplate).where(SheetTemplate.id.in_(wanted))
            .options(selectinload(SheetTemplate.items), selectinload(SheetTemplate.sections)))
    out = {}
    for t in session.scalars(stmt):
        label = t.name + (f"（第{t.version}版）" if t.version > 1 else "")
        out[t.id] = TemplateInfo(t.id, label, t.kind, list(t.items), {s.id: s.title for s in t.sections})
    return out


def category_order(names: Iterable[str]) -> list[str]:
    known = [c for c in RATER_CATEGORIES if c in names]
    return known + sorted(n for n in names if n not in RATER_CATEGORIES)


def weights_of(campaign: Campaign | None) -> tuple[tuple[str, int], ...]:
    weights = dict(campaign.rater_weights or {}) if campaign is not None else {}
    return tuple((c, int(weights[c])) for c in category_order(weights))


def table_of(info: TemplateInfo, sheets: Sequence[Sheet], batches: Sequence[BallotBatch],
             campaign: Campaign | None) -> TallyTable:
    """One cadre's results with one template in one campaign (sheets and batches already
    narrowed to those), weighted as the campaign says."""
    weights = weights_of(campaign)
    result, missing = tally_of(info.items, sheets, batches, dict(weights))
    overall = next((i for i in info.items if i.is_overall), None)
    grades = tuple(grade_labels(overall)) if overall is not None else ()
    rows = []
    for name in category_order(result.categories):
        c = result.categories[name]
        rows.append(TallyRow(name, c.issued, c.responses, tuple(c.overall[g] for g in grades),
                             c.overall["弃权"] if grades else 0, c.mean))
    rated = [i for i in info.items if not is_flag(i) and not i.is_overall]
    labels: list[str] = []
    for item in rated:
        labels += [g for g in grade_labels(item) if g not in labels]
    responses = sum(c.responses for c in result.categories.values())
    items = []
    for item in rated:
        given = result.item_grades.get(item.id, Counter[str]())
        counts = tuple(given[g] for g in labels)
        items.append(ItemRow(info.sections.get(item.section_id or 0, ""), item.text, counts,
                             max(0, responses - sum(counts))))
    for b in batches:
        short = b.issued - len(b.ballots)
        if short > 0:
            missing.append(f"{b.rater_category}：{short}张测评票未收回")
    return TallyTable(campaign.name if campaign is not None else "", info.name, info.kind, grades, tuple(rows),
                      result.weighted, weights, tuple(items), tuple(labels), tuple(missing),
                      campaign.id if campaign is not None else None)
