"""The evaluation screens' reads (services/evaluation/queries.py): the values they show, that
they hand out plain rows and no mapped object, and that each passes the permission hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.errors import PermissionDenied
from desktop.models import Sheet
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.campaigns import campaigns
from desktop.services.evaluation import evaluation, queries, sheets, templates
from desktop.services.workspace import Workspace
from tests.services.evaluation.plain_rows import frozen_row, mapped_inside


@pytest.fixture
def demo(demo_ws: Workspace) -> dict[str, int]:
    """A closed campaign of the demo database with sheets and ballots, and one of each."""
    with demo_ws.read("test.inspect") as s:
        closed = [r.id for r in campaigns.listing(s, status="closed")]
        batch = next(b for c in closed for b in sheets.batches(s, c) if b.ballots)
        sheet = next(r for r in sheets.sheets_of(s, batch.campaign_id) if r.status == "complete")
        return {"campaign": batch.campaign_id, "batch": batch.id, "sheet": sheet.id, "cadre": batch.cadre_id,
                "template": batch.template_id, "sheet_template": s.get(Sheet, sheet.id).template_id}


def test_a_campaign_lists_and_tallies_as_the_services_compute(demo_ws: Workspace, demo: dict[str, int]):
    cid = demo["campaign"]
    with demo_ws.read("test.inspect") as s:
        want_sheets = sheets.sheets_of(s, cid)
        want_batches = evaluation.batch_rows(s, cid)
        want_tally = evaluation.tally_table(s, cid)
        want_cadres = evaluation.campaign_cadres(s, cid)
        weights = dict(campaigns.get(s, cid).rater_weights or {})
    assert queries.sheet_rows(demo_ws, cid) == want_sheets and want_sheets
    assert queries.batch_rows(demo_ws, cid) == want_batches and want_batches
    assert queries.campaign_cadres(demo_ws, cid) == want_cadres and want_cadres
    table = queries.campaign_tally(demo_ws, cid)
    assert list(table.rows) == want_tally and table.rows[0].rank == 1
    assert table.weights == weights and sum(weights.values()) == 100
    assert queries.campaign_closed(demo_ws, cid) is True


def test_one_cadres_tally_lists_the_graded_items(demo_ws: Workspace, demo: dict[str, int]):
    detail = queries.tally_detail(demo_ws, demo["cadre"], demo["template"], demo["campaign"])
    with demo_ws.read("test.inspect") as s:
        want = sheets.cadre_tally(s, demo["cadre"], demo["template"], demo["campaign"])
        items = [i for i in templates.get(s, demo["template"]).items if i.scale.get("type") != "flag"]
    assert detail.result.tally.weighted == want.tally.weighted is not None
    assert detail.result.turnout == want.turnout
    assert [(i.id, i.text) for i in detail.items] == [(i.id, i.text) for i in items]
    overall = [i for i in detail.items if i.is_overall]
    assert len(overall) == 1 and overall[0].labels == ("好", "较好", "一般", "差")


def test_a_batch_opened_for_entry_carries_its_ballots_and_is_frozen_when_closed(demo_ws: Workspace,
                                                                                 demo: dict[str, int]):
    shown = queries.batch_to_enter(demo_ws, demo["batch"])
    row = next(r for r in queries.batch_rows(demo_ws, demo["campaign"]) if r.id == demo["batch"])
    assert (shown.issued, len(shown.ballots), shown.rater_category) == (row.issued, row.entered, row.category)
    assert shown.cadre is not None and shown.cadre.name == row.cadre
    assert shown.template == row.template and shown.read_only
    with demo_ws.read("test.inspect") as s:
        assert shown.campaign == campaigns.get(s, demo["campaign"]).name
    item_ids = {i.id for i in shown.items}
    assert all(set(b) == item_ids for b in shown.ballots)  # every item, "" where left blank
    assert all(v in (*i.labels, "") for b in shown.ballots for i in shown.items for v in [b[i.id]])


def test_a_sheet_opened_for_filling_numbers_items_within_sections(demo_ws: Workspace, demo: dict[str, int]):
    shown = queries.sheet_to_fill(demo_ws, demo["sheet"])
    row = next(r for r in queries.sheet_rows(demo_ws, demo["campaign"]) if r.id == demo["sheet"])
    assert shown.cadre is not None and shown.cadre.name == row.cadre
    assert (shown.rater_category, shown.rater_name, shown.template) == (row.category, row.rater, row.template)
    assert shown.read_only and shown.campaign
    assert {i.id for i in shown.items} == set(shown.answers)  # a complete sheet answers every item
    first = [i for i in shown.items if i.section == shown.items[0].section]
    assert [i.number for i in first] == list(range(1, len(first) + 1))
    assert {i.kind for i in shown.items} >= {"grades"}


def test_templates_as_the_editor_and_the_lists_see_them(demo_ws: Workspace, demo: dict[str, int]):
    rows = queries.template_rows(demo_ws)
    assert rows and all(not r.retired for r in rows)
    used = next(r for r in rows if r.id == demo["sheet_template"])
    assert used.sheets > 0
    editing = queries.template_for_editing(demo_ws, used.id)
    assert (editing.version, editing.published, editing.used) == (used.version, used.published, used.sheets)
    assert editing.spec.name == used.name and editing.spec.all_items()
    assert queries.template_spec(demo_ws, used.id) == editing.spec
    assert queries.template_state(demo_ws, used.id) == queries.TemplateState(used.version, True)
    assert len(queries.template_rows(demo_ws, include_retired=True)) >= len(rows)


def all_queries(demo: dict[str, int]) -> dict[str, Callable[[Workspace], Any]]:
    cid = demo["campaign"]
    return {
        "template_rows": queries.template_rows,
        "template_for_editing": lambda ws: queries.template_for_editing(ws, demo["template"]),
        "template_spec": lambda ws: queries.template_spec(ws, demo["template"]),
        "template_state": lambda ws: queries.template_state(ws, demo["template"]),
        "campaign_closed": lambda ws: queries.campaign_closed(ws, cid),
        "campaign_cadres": lambda ws: queries.campaign_cadres(ws, cid),
        "sheet_rows": lambda ws: queries.sheet_rows(ws, cid),
        "batch_rows": lambda ws: queries.batch_rows(ws, cid),
        "campaign_tally": lambda ws: queries.campaign_tally(ws, cid),
        "tally_detail": lambda ws: queries.tally_detail(ws, demo["cadre"], demo["template"], cid),
        "sheet_to_fill": lambda ws: queries.sheet_to_fill(ws, demo["sheet"]),
        "batch_to_enter": lambda ws: queries.batch_to_enter(ws, demo["batch"]),
    }


def test_every_query_returns_plain_rows(demo_ws: Workspace, demo: dict[str, int]):
    for name, query in all_queries(demo).items():
        value = query(demo_ws)
        assert mapped_inside(value) == [], name
        rows = value if isinstance(value, list) else [value]
        assert all(frozen_row(r) or isinstance(r, bool) or name == "template_spec" for r in rows), name
    # The one non-frozen value is the editor's own input: a fresh copy on every call.
    assert queries.template_spec(demo_ws, demo["template"]) is not queries.template_spec(demo_ws, demo["template"])


def test_every_query_passes_the_permission_hook(demo_ws: Workspace, demo: dict[str, int],
                                                monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "evaluation.read": frozenset()})
    for name, query in all_queries(demo).items():
        with pytest.raises(PermissionDenied, match=r"evaluation\.read"):
            query(demo_ws)
            pytest.fail(f"{name} read without asking")
