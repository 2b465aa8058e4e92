"""The roster export of many cadres reads each table once (roster.scan_rows) instead of
looking rows up by id: the same workbook, cell by cell, either way."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desktop.services.cadres import roster
from desktop.services.cadres.roster_columns import COLUMNS
from desktop.services.exchange import roster_export
from desktop.services.workspace import Workspace

ALL_KEYS = [c.key for c in COLUMNS]


def _cells(path: Path) -> list[list[tuple[object, str]]]:
    sheet = openpyxl.load_workbook(path).active
    # Row 2 says when the file was exported: the only cell allowed to differ.
    return [[(c.value, c.number_format) for c in row] for n, row in enumerate(sheet.iter_rows(), 1) if n != 2]


@pytest.mark.parametrize("order", ["name", "unit", "age"])
def test_scanned_and_looked_up_rows_give_the_same_workbook(demo_ws: Workspace, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, order: str):
    today = dt.date(2025, 6, 1)
    monkeypatch.setattr(roster_export, "SCAN_FROM", 10**9)
    looked_up = tmp_path / "looked-up.xlsx"
    assert roster_export.export_roster(demo_ws, looked_up, keys=ALL_KEYS, order=order, today=today) == 300
    monkeypatch.setattr(roster_export, "SCAN_FROM", 1)
    scanned = tmp_path / "scanned.xlsx"
    assert roster_export.export_roster(demo_ws, scanned, keys=ALL_KEYS, order=order, today=today) == 300
    mine, theirs = _cells(scanned), _cells(looked_up)
    assert len(mine) == 302  # title, header, 300 cadres (row 2, the export note, left out above)
    assert mine == theirs
    # The hidden last column is each cadre's 档案标识, filled on every row.
    assert all(isinstance(row[-1][0], str) and len(row[-1][0]) == 32 for row in mine[2:])


def test_scan_rows_gives_rows_for_values_for_a_filtered_selection(demo_ws: Workspace):
    today = dt.date(2025, 6, 1)
    with demo_ws.read("test.inspect") as s:
        ids = roster.matching_ids(s, roster.RosterFilter(sexes=("女",)), order="birth", today=today)
        looked_up = roster.rows_for(s, ids, today=today)
        scanned = list(roster.scan_rows(s, ids, today=today))
    assert 0 < len(ids) < 300
    assert [r.id for r in scanned] == ids == [r.id for r in looked_up]
    assert [{k: v for k, v in r.values.items() if k != "uid"} for r in scanned] == [r.values for r in looked_up]
    assert any(r.values["tags"] for r in scanned) and any(r.values["degree"] for r in scanned)
