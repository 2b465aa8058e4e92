"""The row-number column keeps its width while a filter narrows the rows (no viewport resize,
no re-measuring on every keystroke), and widens when longer numbers appear."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.ui.common.row_numbers import RowNumbers
from tests.ui.model_checks import shown


def _table(header: QHeaderView | None, rows: int) -> QTableView:
    view = QTableView()
    if header is not None:
        view.setVerticalHeader(header)
    view.setModel(QStandardItemModel(rows, 2, view))
    return view


def test_the_width_stays_when_rows_go_and_grows_when_numbers_lengthen(qtbot):
    view = shown(qtbot, _table(RowNumbers(), 1000))
    model = view.model()
    wide = view.verticalHeader().width()
    viewport = view.viewport().width()
    model.removeRows(5, 995)  # a filter leaves five
    assert model.rowCount() == 5
    qtbot.waitUntil(lambda: view.verticalHeader().count() == 5)
    assert view.verticalHeader().width() == wide and view.viewport().width() == viewport
    model.insertRows(5, 99_995)  # 100000: one digit more than 1000
    qtbot.waitUntil(lambda: view.verticalHeader().width() > wide)


def test_qts_own_header_narrows_which_is_what_this_avoids(qtbot):
    # The premise: without RowNumbers the header follows the digits shown.
    view = shown(qtbot, _table(None, 1000))
    wide = view.verticalHeader().width()
    view.model().removeRows(5, 995)
    qtbot.waitUntil(lambda: view.verticalHeader().width() < wide)


def test_a_roster_that_starts_empty_gets_its_numbers_shown(qtbot):
    # Qt measures an empty header as 0 × 0: that must not be kept for the first few rows.
    view = shown(qtbot, _table(RowNumbers(), 0))
    view.model().insertRows(0, 3)
    qtbot.waitUntil(lambda: view.verticalHeader().count() == 3)
    qtbot.waitUntil(lambda: view.verticalHeader().width() > 0)
