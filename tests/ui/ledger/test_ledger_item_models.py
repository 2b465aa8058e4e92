"""The 积分 timeline passes pytest-qt's model tester (Python port, re-run on every reset):
empty before a cadre is chosen, a demo cadre's entries, filtered by source, after a reversal
(both entries shown, greyed) and on an empty database."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.models import Cadre, PointEntry
from desktop.services.ledger import ledger
from desktop.services.workspace import Workspace
from desktop.ui.ledger.ledger_page import TIMELINE_COLUMNS, LedgerPage, TimelineModel
from tests.ui.model_checks import check, column, headers, shown


def _entry_outside_campaigns(ws: Workspace) -> tuple[int, int, str]:
    """An entry that may be reversed (outside a campaign, whose records freeze when it closes;
    neither a reversal nor reversed already): its id, and the cadre with the most entries among
    those who have one, with the cadre's name."""
    with ws.read("test.inspect") as s:
        reversed_ids = select(PointEntry.reverses_id).where(PointEntry.reverses_id.is_not(None))
        free = select(PointEntry.id).where(PointEntry.campaign_id.is_(None), PointEntry.reverses_id.is_(None),
                                           PointEntry.id.not_in(reversed_ids))
        cadres = select(PointEntry.cadre_id).where(PointEntry.id.in_(free))
        cadre_id = s.scalar(select(PointEntry.cadre_id).where(PointEntry.cadre_id.in_(cadres))
                            .group_by(PointEntry.cadre_id).order_by(func.count().desc()).limit(1))
        entry = s.scalar(free.where(PointEntry.cadre_id == cadre_id).limit(1))
        return entry, cadre_id, s.get(Cadre, cadre_id).name


def test_timeline_of_a_demo_cadre(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, LedgerPage(demo_ws))
    model = page.model
    assert isinstance(model, TimelineModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0  # no cadre chosen yet
    entry, cadre_id, name = _entry_outside_campaigns(demo_ws)
    page.show_cadre(cadre_id, name)
    entries = model.rowCount()
    assert entries > 0 and headers(model) == [title for _key, title in TIMELINE_COLUMNS]
    assert all(text[0] in "+-" for text in column(model, 4))  # 分值, signed

    first = column(model, 6)[0]
    page.sources.set_selected([first])  # 来源 filter
    page.reload()
    assert set(column(model, 6)) == {first}
    page.sources.set_selected([])
    page.reload()

    reversal = ledger.reverse(demo_ws, entry, "录入有误")  # the page reloads on the change
    assert model.rowCount() == entries + 1
    notes = dict(zip(column(model, 0), column(model, 11), strict=True))
    assert notes[str(entry)] == f"已被第 {reversal} 号冲正"
    assert notes[str(reversal)] == f"冲正第 {entry} 号：录入有误"


def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace):
    page = shown(qtbot, LedgerPage(ws))
    check(qtbot, qtmodeltester, page.model)
    assert page.model.rowCount() == 0
