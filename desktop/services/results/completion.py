"""Completion rates (完成率) of the task list per cadre, unit and campaign.

Each group counts its targets by their verified result (met, partly, not met, not yet
verified) through models.results.completion; hard indicators (硬性指标) are counted again on
their own, since they weigh most; a target whose deadline has passed without being verified
as met is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Campaign, Target, Unit, Verification
from desktop.models.results import Completion, completion
from desktop.services import scopes
from desktop.services.units.labels import short_labels

Item = tuple[str | None, dt.date | None]


@dataclass(frozen=True)
class CompletionRow:
    """One cadre's, unit's or campaign's figures: all targets, then the hard ones alone."""

    kind: str  # "cadre", "unit", "campaign", or "total" for everything chosen together
    id: int | None  # None: the targets tied to no campaign
    name: str
    all: Completion
    hard: Completion
    overdue_ids: tuple[int, ...]  # the overdue targets, for flagging in a list

    @property
    def kind_label(self) -> str:
        return {"cadre": "干部", "unit": "单位", "campaign": "考核", "total": "合计"}[self.kind]

    def as_json(self) -> dict[str, object]:
        def figures(c: Completion) -> dict[str, object]:
            return {"targets": c.targets, "met": c.met, "partly": c.partly, "not_met": c.not_met,
                    "unverified": c.unverified, "overdue": c.overdue,
                    "rate": None if c.rate is None else round(c.rate, 4)}

        return {"kind": self.kind, "id": self.id, "name": self.name, "all": figures(self.all),
                "hard": figures(self.hard), "overdue_targets": list(self.overdue_ids)}


@dataclass(frozen=True)
class CompletionReport:
    today: dt.date
    total: CompletionRow  # everything chosen together
    campaigns: tuple[CompletionRow, ...]
    cadres: tuple[CompletionRow, ...]
    units: tuple[CompletionRow, ...]


@dataclass(frozen=True)
class _Line:
    id: int
    campaign_id: int | None
    cadre_id: int | None
    unit_id: int | None
    hard: bool
    deadline: dt.date | None
    result: str | None


def _row(kind: str, key: int | None, name: str, lines: Iterable[_Line], today: dt.date) -> CompletionRow:
    lines = list(lines)
    items: list[Item] = [(line.result, line.deadline) for line in lines]
    hard: list[Item] = [(line.result, line.deadline) for line in lines if line.hard]
    overdue = tuple(line.id for line in lines
                    if completion([(line.result, line.deadline)], today).overdue)
    return CompletionRow(kind, key, name, completion(items, today), completion(hard, today), overdue)


def names_of(session: Session, model: type[Cadre] | type[Unit] | type[Campaign], ids: set[int]) -> dict[int, str]:
    return {i: n for i, n in session.execute(select(model.id, model.name).where(model.id.in_(ids)))}


def report(session: Session, *, campaign_id: int | None = None, today: dt.date | None = None) -> CompletionReport:
    """Figures for every campaign, cadre and unit with targets (or those of one campaign)."""
    today = today or dt.date.today()
    stmt = (select(Target.id, Target.campaign_id, Target.cadre_id, Target.unit_id, Target.hard, Target.deadline,
                   Verification.result)
            .outerjoin(Verification, Verification.target_id == Target.id).order_by(Target.id))
    if campaign_id is not None:
        stmt = stmt.where(Target.campaign_id == campaign_id)
    scope = scopes.session_scope(session)
    if scope is not None:  # a scoped account: the targets of its campaigns
        stmt = stmt.where(Target.campaign_id.in_(sorted(scope.campaigns)))
    lines = [_Line(*r) for r in session.execute(stmt)]
    groups: dict[str, dict[int | None, list[_Line]]] = {k: defaultdict(list) for k in ("campaign", "cadre", "unit")}
    for line in lines:
        groups["campaign"][line.campaign_id].append(line)
        if line.cadre_id is not None:
            groups["cadre"][line.cadre_id].append(line)
        if line.unit_id is not None:
            groups["unit"][line.unit_id].append(line)
    names = {"campaign": names_of(session, Campaign, {k for k in groups["campaign"] if k is not None}),
             "cadre": names_of(session, Cadre, {k for k in groups["cadre"] if k is not None}),
             "unit": short_labels(session, {k for k in groups["unit"] if k is not None})}

    def rows(kind: str) -> tuple[CompletionRow, ...]:
        out = [_row(kind, key, names[kind].get(key, "") if key is not None else "（未关联考核）", group, today)
               for key, group in groups[kind].items()]
        return tuple(sorted(out, key=lambda r: (r.id is None, r.name, r.id or 0)))

    total_name = names["campaign"].get(campaign_id, "") if campaign_id is not None else "全部"
    return CompletionReport(today, _row("total", campaign_id, total_name, lines, today), rows("campaign"),
                            rows("cadre"), rows("unit"))


def for_cadres(session: Session, ids: Iterable[int], today: dt.date | None = None) -> dict[int, CompletionRow]:
    """The task-list figures of each cadre of `ids` (its own targets, whatever the campaign),
    in one query; a cadre without targets gets a row of zeros."""
    today = today or dt.date.today()
    wanted = sorted(set(ids))
    stmt = (select(Target.id, Target.campaign_id, Target.cadre_id, Target.unit_id, Target.hard, Target.deadline,
                   Verification.result)
            .outerjoin(Verification, Verification.target_id == Target.id)
            .where(Target.cadre_id.in_(wanted)).order_by(Target.id))
    lines: dict[int, list[_Line]] = defaultdict(list)
    for r in session.execute(stmt):
        line = _Line(*r)
        if line.cadre_id is not None:
            lines[line.cadre_id].append(line)
    return {cid: _row("cadre", cid, "", lines.get(cid, []), today) for cid in wanted}
