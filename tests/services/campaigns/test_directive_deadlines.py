"""A directive item's deadline keeps the precision it was typed with: a month stays a month
(it used to become the 1st), a day a day; databases from before keep their days."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop.models import DirectiveItem, campaign_directive_item
from desktop.models.dates import PartialDate
from desktop.services.campaigns import directives, queries
from desktop.services.campaigns.directives import DirectiveInput, ItemInput
from desktop.services.workspace import Workspace
from tests.conftest import SAMPLE_PASSWORD as PASSWORD
from tests.conftest import copy_sample

SAMPLE_0006_LINKS = 11  # campaign_directive_item rows in tests/data/schema-0006.db


def test_a_month_stays_a_month_and_a_day_a_day(ws: Workspace):
    did = directives.save(ws, DirectiveInput(title="关于防汛工作的批示", items=[
        ItemInput("6月底前完成隐患排查", PartialDate(2026, 6)),
        ItemInput("汛前完成物资储备", PartialDate(2026, 5, 15)), ItemInput("长期坚持")]))
    shown = queries.directive_for_editing(ws, did).data.items
    assert [(i.deadline.dotted() if i.deadline else "", i.deadline.chinese() if i.deadline else "")
            for i in shown] == [("2026.06", "2026年6月"), ("2026.05.15", "2026年5月15日"), ("", "")]


def test_an_older_databases_deadlines_are_read_as_the_days_they_were(tmp_path: Path):
    db = copy_sample("schema-0006.db", tmp_path)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            deadlines = list(s.scalars(select(DirectiveItem.deadline).where(DirectiveItem.deadline.is_not(None))))
            links = s.scalar(select(func.count()).select_from(campaign_directive_item))
        assert deadlines and all(isinstance(d, PartialDate) and d.day is not None for d in deadlines)
        # Changing the column's type rebuilt the table: the campaigns' links to its items survive.
        assert links == SAMPLE_0006_LINKS
    finally:
        ws.close()

