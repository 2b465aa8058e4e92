"""What the window and the command line may read about the political-performance ledger (积分):
a cadre's scores and timeline, the point rules, and the choices of the entry dialog.

Each function passes the permission hook by opening its session with `ws.read("ledger.read")`.
They return plain values (frozen rows, the services' plain dataclasses), never ORM objects.
Evidence files are not read here: saving them out is an export, `ledger.save_evidence`,
checked as "export.evidence" and recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.services.campaigns import campaigns
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import CadreLedger
from desktop.services.workspace import Workspace


def cadre_ledger(ws: Workspace, cadre_id: int, sources: Sequence[str] | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> CadreLedger:
    """The cadre's score per dimension and in total, and the timeline (oldest first), for the
    sources and period chosen (all when None)."""
    with ws.read("ledger.read") as s:
        return ledger.cadre_ledger(s, cadre_id, list(sources) if sources else None, start, end)


@dataclass(frozen=True)
class RuleRow:
    id: int
    dimension: str
    behaviour: str
    positive: bool
    points: int  # the default
    min_points: int
    max_points: int
    active: bool
    version: int | None = None  # as read: a change over another clerk's later one is refused


def _rule_rows(session: Session, include_inactive: bool) -> tuple[RuleRow, ...]:
    return tuple(RuleRow(r.id, r.dimension, r.behaviour, r.positive, r.points, r.min_points, r.max_points, r.active,
                         r.row_version) for r in ledger.rules(session, include_inactive))


def point_rules(ws: Workspace, include_inactive: bool = False) -> list[RuleRow]:
    """The point rules by dimension, additions first."""
    with ws.read("ledger.read") as s:
        return list(_rule_rows(s, include_inactive))


@dataclass(frozen=True)
class EntryChoices:
    """What the entry dialog offers: the active rules and the campaigns still open."""

    rules: tuple[RuleRow, ...]
    campaigns: tuple[tuple[int, str], ...]  # (campaign id, name), newest first


def entry_choices(ws: Workspace) -> EntryChoices:
    with ws.read("ledger.read") as s:
        rules = _rule_rows(s, False)
        open_campaigns = tuple((r.id, r.name) for r in campaigns.listing(s) if r.status != "closed")
    return EntryChoices(rules, open_campaigns)
