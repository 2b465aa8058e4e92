"""The 干部档案 models pass pytest-qt's model tester (Python port, re-run on every reset and
layout change): the roster and its unit tree, the record tables, attachments and history of
a file, the statistics table and the data-quality list — on the demo database, on an empty
one, and through filtering, sorting, editing and reloading as the pages do them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlalchemy import func, select

from desktop.models import records
from desktop.services.cadres import attachments, cadre_files
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.cadres.quality_page import QualityPage
from desktop.ui.cadres.record_table import RECORD_COLUMNS, RecordModel
from desktop.ui.cadres.roster_model import RosterModel
from desktop.ui.cadres.roster_page import RosterPage
from desktop.ui.cadres.statistics_page import DistributionModel, StatisticsPage
from desktop.ui.common.list_model import ListModel
from desktop.ui.settings import Settings
from tests.ui.model_checks import check, column, headers, shown

RECORD_TABLES = {"posts": records.Post, "studies": records.Study, "work_records": records.WorkRecord,
                 "family": records.FamilyMember, "rewards": records.Reward, "punishments": records.Punishment,
                 "annual_results": records.AnnualResult, "trainings": records.Training}


def _cadre_with_most(ws: Workspace, kind: str) -> int:
    table = RECORD_TABLES[kind]
    with ws.read("test.inspect") as s:
        return s.scalar(select(table.cadre_id).group_by(table.cadre_id).order_by(func.count().desc()).limit(1))


def test_record_kinds_are_all_covered():
    assert set(RECORD_TABLES) == set(RECORD_COLUMNS)


def test_roster_filtered_sorted_and_reloaded(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, RosterPage(demo_ws, Settings()))
    model = page.model
    assert isinstance(model, RosterModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 300 and all(column(model, 0))
    assert headers(model)[0] == "姓名"

    # Rows selected while the order changes: the persistent indexes move with the cadres.
    page.table.selectRow(3)
    page.table.selectionModel().select(model.index(7, 0), QItemSelectionModel.SelectionFlag.Select
                                       | QItemSelectionModel.SelectionFlag.Rows)
    chosen = sorted(page.selected_ids())
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert sorted(page.selected_ids()) == chosen

    page.filter_edit.setText("zh")
    page.apply_filter()
    narrowed = model.rowCount()
    assert 0 < narrowed < 300
    page.tree.setCurrentIndex(page.units.index(0, 0))  # one unit (with its sub-units)
    assert model.rowCount() <= narrowed
    page.filter_edit.setText("没有这样的人")
    page.apply_filter()
    assert model.rowCount() == 0  # filtered down to nothing
    page.clear_filters()
    assert model.rowCount() == 300
    model.set_columns(["name", "age", "education", "tags", "citizen_id"])
    assert headers(model)[:2] == ["姓名", "年龄"]
    model.reload()
    assert model.rowCount() == 300


def test_roster_unit_tree(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, RosterPage(demo_ws, Settings()))
    units = page.units
    check(qtbot, qtmodeltester, units)
    top = units.index(0, 0)
    assert units.columnCount() == 1 and units.rowCount(top) > 0 and column(units, 0, top)[0]
    units.reload()
    assert units.rowCount(units.index(0, 0)) > 0


@pytest.mark.parametrize("kind", list(RECORD_COLUMNS))
def test_record_table_of_a_demo_file(qtbot, qtmodeltester, demo_ws: Workspace, kind: str):
    editor = shown(qtbot, CadreEditor(demo_ws, _cadre_with_most(demo_ws, kind)))
    model = editor.tables[kind].model
    assert isinstance(model, RecordModel)
    check(qtbot, qtmodeltester, model)
    rows = model.rowCount()
    assert rows > 0 and headers(model) == [c.title for c in RECORD_COLUMNS[kind]]
    editor.form.add_row(kind, {})  # 添加 in the table; then undone
    assert model.rowCount() == rows + 1
    editor.form.undo()
    assert model.rowCount() == rows
    editor.validate()  # problems shown in the cells: dataChanged over the table


def test_attachments_of_a_file(qtbot, qtmodeltester, demo_ws: Workspace):
    attachments.add_bytes(demo_ws, 1, "述职报告.txt", "年度述职报告".encode(), "年度述职")
    editor = shown(qtbot, CadreEditor(demo_ws, 1))
    model = editor.attachments.model
    assert isinstance(model, ListModel)
    check(qtbot, qtmodeltester, model)
    assert column(model, 0) == ["述职报告.txt"]
    attachments.add_bytes(demo_ws, 1, "考察材料.txt", "考察材料".encode())
    editor.attachments.reload()
    assert sorted(column(model, 0)) == ["考察材料.txt", "述职报告.txt"]


def test_history_of_a_file(qtbot, qtmodeltester, demo_ws: Workspace):
    attachments.add_bytes(demo_ws, 1, "述职报告.txt", "年度述职报告".encode())
    editor = shown(qtbot, CadreEditor(demo_ws, 1))
    model = editor.history.model
    check(qtbot, qtmodeltester, model)
    assert column(model, 2)[0] == "添加附件"  # newest first (the demo's own grading may come after it)
    before = model.rowCount()
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"native_place": "浙江宁波"}), 1)
    editor.history.load(1)
    assert model.rowCount() == before + 1
    editor.history.load(None)
    assert model.rowCount() == 0


def test_statistics_table(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, StatisticsPage(demo_ws, RosterFilter))
    qtbot.waitUntil(lambda: page.result is not None, timeout=10000)
    model = page.model
    assert isinstance(model, DistributionModel)
    check(qtbot, qtmodeltester, model)
    assert column(model, 0)[-1] == "合计" and column(model, 1)[-1] == "300"
    page.dimensions.setCurrentRow(page.dimensions.count() - 1)  # another dimension: a reset
    assert column(model, 1)[-1] == "300"
    first = page.result
    page.refresh()
    qtbot.waitUntil(lambda: page.result is not first, timeout=10000)
    assert column(model, 1)[-1] == "300"


def test_data_quality_list(qtbot, qtmodeltester, demo_ws: Workspace):
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"citizen_id": ""}), 1)
    page = shown(qtbot, QualityPage(demo_ws))  # the first look starts the check
    qtbot.waitUntil(page.start_button.isEnabled, timeout=10000)
    model = page.model
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() > 0 and "1" in column(model, 0)
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"citizen_id": ""}), 2)
    page.start()
    qtbot.waitUntil(page.start_button.isEnabled, timeout=10000)
    assert "2" in column(model, 0)


def _on_empty(qtbot, ws: Workspace, name: str):
    if name in ("roster", "unit tree"):
        page = shown(qtbot, RosterPage(ws, Settings()))
        return page.model if name == "roster" else page.units
    if name == "statistics":
        page = shown(qtbot, StatisticsPage(ws, RosterFilter))
        qtbot.waitUntil(lambda: page.result is not None, timeout=10000)
        return page.model
    if name == "quality":
        page = shown(qtbot, QualityPage(ws))
        qtbot.waitUntil(page.start_button.isEnabled, timeout=10000)
        return page.model
    editor = shown(qtbot, CadreEditor(ws, None))  # 新建档案
    if name == "attachments":
        return editor.attachments.model
    if name == "history":
        return editor.history.model
    return editor.tables[name].model


@pytest.mark.parametrize("name", ["roster", "unit tree", "statistics", "quality", "attachments", "history",
                                  *RECORD_COLUMNS])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    model = _on_empty(qtbot, ws, name)
    check(qtbot, qtmodeltester, model)
    if name == "statistics":
        assert column(model, 0) == [] or column(model, 1)[-1] == "0"
    else:
        assert model.rowCount() == 0
