"""The 单位管理 tree (two columns, editable, drag and drop) and the 代码表 list pass pytest-qt's
model tester (Python port, re-run on every reset) on the demo database, on an empty one, and
through renaming, moving and undoing as the page does them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.services.workspace import Workspace
from desktop.ui.units.codes_page import CodesPage
from desktop.ui.units.unit_tree_model import UnitIdRole, UnitTreeModel
from desktop.ui.units.units_page import UnitsPage
from tests.ui.model_checks import check, column, headers, shown


def test_unit_tree_renamed_moved_and_undone(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, UnitsPage(demo_ws))  # the tree loads when first shown
    model = page.model
    assert isinstance(model, UnitTreeModel)
    check(qtbot, qtmodeltester, model)
    top = model.index(0, 0)
    assert headers(model) == ["单位", "现任人数"] and model.rowCount(top) > 1
    assert int(model.index(0, 1).data()) > 0

    first = model.index(0, 0, top)
    unit_id = first.data(UnitIdRole)
    assert model.setData(first, "新命名的单位") is False  # the page renames, the model reloads
    assert model.index_of(unit_id).data() == "新命名的单位"
    page.stack.undo()
    assert model.index_of(unit_id).data() != "新命名的单位"

    # Dragged under its next sibling: a move, then the reload.
    sibling = model.index(1, 0, top)
    sibling_id = sibling.data(UnitIdRole)
    model.dropMimeData(model.mimeData([model.index_of(unit_id)]), Qt.DropAction.MoveAction, 0, 0, sibling)
    assert model.parent(model.index_of(unit_id)).data(UnitIdRole) == sibling_id
    page.stack.undo()
    assert model.parent(model.index_of(unit_id)) == model.index(0, 0)


def test_code_tables(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, CodesPage(demo_ws))
    model = page.model
    check(qtbot, qtmodeltester, model)
    assert headers(model) == ["代码", "名称", "状态"] and all(column(model, 1))
    first = column(model, 1)
    for row in range(1, page.tables.count()):  # every code table in turn: a reset each
        page.tables.setCurrentRow(row)
        assert model.rowCount() > 0
    assert column(model, 1) != first


@pytest.mark.parametrize("name", ["units", "codes"])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    page = shown(qtbot, UnitsPage(ws) if name == "units" else CodesPage(ws))
    model = page.model
    check(qtbot, qtmodeltester, model)
    if name == "units":
        assert model.rowCount() == 0
    else:
        assert model.rowCount() > 0  # a new database comes with the national code tables
