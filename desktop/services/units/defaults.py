"""Shipped data a database starts with: code tables, sheet templates, point rules.

A new database gets all of them; a database upgraded from an older schema gets what it
lacks the first time it is opened (one audited operation).
"""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.models import PointRule, SheetTemplate
from desktop.services.evaluation import templates
from desktop.services.ledger import ledger
from desktop.services.operations import OpContext
from desktop.services.units import codes
from desktop.services.workspace import Workspace


def seed_new(ctx: OpContext) -> None:
    codes.seed(ctx.session)
    templates.seed(ctx.session)
    ledger.seed_rules(ctx.session)


def ensure(ws: Workspace) -> None:
    with ws.read("code.read") as s:
        missing = not s.scalar(select(func.count()).select_from(SheetTemplate)) or \
            not s.scalar(select(func.count()).select_from(PointRule))
    if missing:
        def op(ctx: OpContext) -> None:
            templates.seed(ctx.session)
            ledger.seed_rules(ctx.session)

        ws.run("database.seed", op)
