"""The roster opens having read only its first rows and its count; the rest of the ids are read
the first time the view goes further, and agree with SQL; cadres added in between by someone
else (another clerk, the command line) show after a reset, never a row out of step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.ui.cadres import roster_model
from desktop.ui.cadres.roster_ids import FirstRows
from desktop.ui.cadres.roster_model import CadreIdRole, RosterModel
from tests.conftest import PASSWORD


@pytest.fixture
def unread_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """The names in memory come much later than the test looks."""
    monkeypatch.setattr(roster_model, "NAMES_DELAY_MS", 600_000)


def _every(model: RosterModel) -> list[int]:
    return [model.cadre_id(r) for r in range(model.rowCount())]


def test_the_first_rows_are_shown_without_reading_every_id(qtbot, demo_ws: Workspace, unread_names, monkeypatch):
    expected = list(queries.roster_ids(demo_ws, RosterFilter()).ids)
    reads: list[RosterFilter] = []
    every_id = queries.roster_ids
    monkeypatch.setattr(queries, "roster_ids", lambda ws, flt, **kw: reads.append(flt) or every_id(ws, flt, **kw))
    model = RosterModel(demo_ws)
    model.reload()
    assert model.rowCount() == model.total == 300
    assert isinstance(model._ids, FirstRows) and not model._ids.all_read
    # A screenful of rows read as a view asks for them: still no full read.
    assert [model.cadre_id(r) for r in range(30)] == expected[:30]
    assert model.index(29, 0).data() and reads == []
    # The last row: every id is read once, and they are SQL's.
    assert model.cadre_id(299) == expected[299]
    assert reads == [RosterFilter()] and _every(model) == expected and model.row_of(expected[250]) == 250
    assert reads == [RosterFilter()]


def test_the_view_scrolled_to_the_end_shows_every_cadre(qtbot, window, unread_names):
    window.go_to_section(window.section_index(window.cadres))
    roster = window.cadres.roster
    assert not roster.model.names_read
    roster.table.scrollToBottom()
    QApplication.processEvents()
    last = roster.model.rowCount() - 1
    assert roster.table.rowAt(roster.table.viewport().height() - 1) in (last, -1)
    expected = queries.roster_rows(window.ws, [queries.roster_ids(window.ws, RosterFilter()).ids[-1]])[0].name
    assert roster.model.index(last, roster.model.keys.index("name")).data() == expected


def test_a_cadre_added_by_someone_else_shows_after_a_reset(qtbot, demo_ws: Workspace, demo_db: Path, unread_names):
    model = RosterModel(demo_ws)
    model.reload()
    first = [model.cadre_id(r) for r in range(100)]
    other = Workspace.open(demo_db, "admin", PASSWORD)  # another clerk, or the command line
    try:
        new = cadre_files.CadreFile(fields={"name": "曾祥瑞", "sex": "男", "birth": "1980.01"})
        added = cadre_files.save(other, new)
    finally:
        other.close()
    # The view still counts 300 rows: 300 are answered, those it was shown as before, the rest
    # blank for a moment (no action takes their ids) …
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        assert len(_every(model)) == 300 and _every(model)[:100] == first
        assert model.cadre_id(299) == 0 and model.index(299, 0).data(CadreIdRole) is None
        assert model.ids() == first
    # … and the reset that follows shows the new cadre where SQL has it.
    assert model.rowCount() == 301 and _every(model) == list(queries.roster_ids(demo_ws, RosterFilter()).ids)
    assert added in _every(model)


def test_a_keystroke_reads_the_rows_in_sight_only(qtbot, window, monkeypatch):
    window.go_to_section(window.section_index(window.cadres))
    roster = window.cadres.roster
    qtbot.waitUntil(lambda: roster.model.names_read, timeout=10000)
    in_sight = roster.table.viewport().height() // roster.table.verticalHeader().defaultSectionSize() + 1
    assert roster.model.rows_in_sight == in_sight
    reads: list[int] = []
    rows = queries.roster_rows
    monkeypatch.setattr(queries, "roster_rows", lambda ws, ids: reads.append(len(ids)) or rows(ws, ids))
    roster.filter_edit.setText("z")
    roster.apply_filter()
    QApplication.processEvents()  # painted
    assert reads and max(reads) <= in_sight < roster.model.rowCount()
    assert roster.model.index(in_sight - 1, 0).data()  # the last row in sight was read with the rest
    assert len(reads) == 1
    # A taller window reads more at a time.
    window.resize(window.width(), window.height() + 200)
    qtbot.waitUntil(lambda: roster.model.rows_in_sight > in_sight)


def test_a_rename_before_the_rest_is_read_moves_no_row(qtbot, demo_ws: Workspace, unread_names):
    """A saved name reorders the roster in SQL; the rows on screen keep their cadres (as they
    did when every id was read at once) and the view is told which row changed."""
    model = RosterModel(demo_ws)
    model.reload()
    before = [model.cadre_id(r) for r in range(10)]
    first = before[0]
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"name": "钟钟"}), first)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model.forget_reads()
    model.refresh_cadres({first})
    assert changed == [0] and [model.cadre_id(r) for r in range(10)] == before
    assert not model._ids.all_read  # not read whole for that
    # Read whole later (scrolling down): SQL's order has moved, so the roster is shown afresh.
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.cadre_id(299)
    assert _every(model) == list(queries.roster_ids(demo_ws, RosterFilter()).ids)


def test_the_names_read_later_take_over_the_first_rows(qtbot, window):
    window.go_to_section(window.section_index(window.cadres))
    model = window.cadres.roster.model
    assert isinstance(model._ids, FirstRows) and not model._ids.all_read
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    qtbot.waitUntil(lambda: model.names_read, timeout=10000)
    # The same roster: the rows stay (no reset, the selection kept), now every id in memory.
    assert not isinstance(model._ids, FirstRows) and resets == []
    assert _every(model) == list(queries.roster_ids(window.ws, RosterFilter()).ids)
