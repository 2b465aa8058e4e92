"""Once the roster has read its names, typing in the filter shows what SQL would (initials, full
pinyin, characters; with a unit or a sort too), and a cadre saved afterwards is found at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.search_keys import name_keys
from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.ui.main_window import MainWindow


def _shown(window: MainWindow) -> list[int]:
    model = window.cadres.roster.model
    return [model.cadre_id(r) for r in range(model.rowCount())]


def test_typing_after_the_names_are_read(qtbot, window: MainWindow):
    window.go_to_section(window.section_index(window.cadres))
    roster = window.cadres.roster
    qtbot.waitUntil(lambda: roster.model.names_read, timeout=10000)
    ws = window.ws
    name = queries.roster_rows(ws, roster.model.ids()[:1])[0].name
    full, initials = name_keys(name)
    for text in (initials.split()[0], full.split()[0][:3], name[:1], name, "zzzz"):
        roster.filter_edit.setText(text)
        roster.apply_filter()
        assert _shown(window) == list(queries.roster_ids(ws, RosterFilter(text=text)).ids), text
    assert roster.filter_edit.text() == "zzzz" and roster.model.rowCount() == 0
    assert roster.counts_text() == f"筛选出 0 名 / 共 {roster.model.total} 名干部"

    # Sorted by birth, newest first: the same cadres in SQL's order.
    roster.filter_edit.setText(name[:1])
    roster.apply_filter()
    column = roster.model.keys.index("birth")
    roster.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    expected = queries.roster_ids(ws, RosterFilter(text=name[:1]), order="birth", descending=True).ids
    assert _shown(window) == list(expected)


def test_a_cadre_saved_later_is_found_by_its_initials(qtbot, window: MainWindow):
    window.go_to_section(window.section_index(window.cadres))
    roster = window.cadres.roster
    qtbot.waitUntil(lambda: roster.model.names_read, timeout=10000)
    new = cadre_files.save(window.ws, cadre_files.CadreFile(fields={"name": "曾祥瑞", "sex": "男", "birth": "1980.01"}))
    qtbot.waitUntil(lambda: roster.model.names_read, timeout=10000)  # read again after the change
    for text in ("zxr", "cxr", "zengx", "曾祥"):
        roster.filter_edit.setText(text)
        roster.apply_filter()
        assert new in _shown(window), text
        assert _shown(window) == list(queries.roster_ids(window.ws, RosterFilter(text=text)).ids), text
