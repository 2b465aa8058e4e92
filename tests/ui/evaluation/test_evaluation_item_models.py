"""The 测评 models pass pytest-qt's model tester (Python port, re-run on every reset and data
change): the template list, a campaign's sheets, ballot batches and tally (with the two detail
tables), the ballot entry grid, the sheet being filled and the template editor's table — on
the demo database, on an empty one, and while a clerk keys, edits and switches rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import BallotBatch, Sheet
from desktop.models.scoring import grade_labels
from desktop.services.campaigns import campaigns
from desktop.services.workspace import Workspace
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.evaluation.assessment_page import CampaignAssessment
from desktop.ui.evaluation.ballot_entry import BallotEntryDialog
from desktop.ui.evaluation.ballot_model import BallotModel
from desktop.ui.evaluation.sheet_fill import SheetFillDialog
from desktop.ui.evaluation.sheet_model import Columns, SheetModel
from desktop.ui.evaluation.tally_models import CategoryTallyModel, ItemGradesModel, _Table
from desktop.ui.evaluation.template_editor import TemplateEditor
from desktop.ui.evaluation.template_items_model import TemplateItemsModel
from desktop.ui.evaluation.templates_page import TemplatesPage
from tests.ui.helpers import Answers
from tests.ui.model_checks import campaign_with_everything, check, column, headers, shown


def _reopened(ws: Workspace, kind: type[BallotBatch] | type[Sheet]) -> int:
    """The first ballot batch or sheet of the demo campaign that has both, the campaign
    reopened so they can be keyed again."""
    cid = campaign_with_everything(ws)
    campaigns.reopen(ws, cid, "补录测评票")
    with ws.read("test.inspect") as s:
        return s.scalar(select(kind.id).where(kind.campaign_id == cid).order_by(kind.id))


def test_template_list(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, TemplatesPage(demo_ws))  # loads when first shown
    model = page.model
    assert isinstance(model, RowsModel)
    check(qtbot, qtmodeltester, model)
    current = model.rowCount()
    assert current > 0 and headers(model)[:2] == ["名称", "类别"]
    page.show_retired.setChecked(True)
    assert model.rowCount() >= current


@pytest.mark.parametrize("tab", ["sheets", "ballots"])
def test_campaign_sheets_and_ballot_batches(qtbot, qtmodeltester, demo_ws: Workspace, tab: str):
    tabs = shown(qtbot, CampaignAssessment(demo_ws, campaign_with_everything(demo_ws)))
    widget = getattr(tabs, tab)
    tabs.setCurrentWidget(widget)  # a tab loads when it is shown
    model = widget.model
    check(qtbot, qtmodeltester, model)
    rows = model.rowCount()
    assert rows > 0 and all(column(model, 0))
    if tab == "sheets":
        widget.state.setCurrentText("待填写")  # the 状态 filter: nothing left to fill
        assert model.rowCount() == 0
        widget.state.setCurrentText("全部")
    widget.reload()
    assert model.rowCount() == rows


@pytest.mark.parametrize("table", ["model", "categories", "items"])
def test_campaign_tally(qtbot, qtmodeltester, demo_ws: Workspace, table: str):
    tabs = shown(qtbot, CampaignAssessment(demo_ws, campaign_with_everything(demo_ws)))
    with qtbot.waitSignal(tabs.tally.tally_did_load, timeout=20000):
        tabs.setCurrentWidget(tabs.tally)
    model = getattr(tabs.tally, table)
    assert isinstance(model, {"model": RowsModel, "categories": CategoryTallyModel, "items": ItemGradesModel}[table])
    check(qtbot, qtmodeltester, model)
    first = column(model, 0)
    assert first and all(first)
    tabs.tally.view.selectRow(1)  # another cadre: the detail tables load again
    assert model.rowCount() > 0
    with qtbot.waitSignal(tabs.tally.tally_did_load, timeout=20000):
        tabs.tally.reload()
    assert model.rowCount() > 0


def test_tally_table_base_empty(qtbot, qtmodeltester):
    check(qtbot, qtmodeltester, _Table())  # what both detail tables are before a cadre is chosen


def test_ballot_entry_grid(qtbot, qtmodeltester, demo_ws: Workspace):
    dialog = shown(qtbot, BallotEntryDialog(demo_ws, _reopened(demo_ws, BallotBatch)))
    model = dialog.model
    assert isinstance(model, BallotModel)
    check(qtbot, qtmodeltester, model)
    assert column(model, 0)[-1] == "全部项目合计"
    entered = dialog.state.entered
    dialog.undo()  # 撤销上一张 (Ctrl+Z): every count changes
    assert dialog.state.entered == entered - 1
    for _ in dialog.state.items:  # the ballot keyed again, 好 throughout
        qtbot.keyClick(dialog.table, Qt.Key.Key_1)
    assert dialog.state.entered == entered
    assert model.headerData(1, Qt.Orientation.Horizontal) == f"第 {dialog.state.number} 张"


def test_sheet_being_filled(qtbot, qtmodeltester, demo_ws: Workspace, monkeypatch):
    Answers(monkeypatch)  # closing with the change unsaved: 放弃
    dialog = shown(qtbot, SheetFillDialog(demo_ws, _reopened(demo_ws, Sheet)))
    model = dialog.model
    assert isinstance(model, SheetModel)
    check(qtbot, qtmodeltester, model)
    assert headers(model) == ["评议项目", "评价", "具体事实"]
    row = next(r for r in range(model.rowCount()) if (item := model.item_at(r)) and item.kind == "grades")
    dialog.go_to(row)
    qtbot.keyClick(dialog.table, Qt.Key.Key_1)  # the first grade, keyed
    assert model.index(row, Columns.RATING).data() == grade_labels(model.item_at(row))[0]
    model.show_unanswered()  # as after a refused save: the whole table repainted


def test_template_editor_table(qtbot, qtmodeltester, demo_ws: Workspace, monkeypatch):
    Answers(monkeypatch)  # closing with the edits unsaved: 放弃
    page = shown(qtbot, TemplatesPage(demo_ws))
    template_id = page.model.row_object(0).id
    editor = shown(qtbot, TemplateEditor(demo_ws, template_id))
    model = editor.model
    assert isinstance(model, TemplateItemsModel)
    check(qtbot, qtmodeltester, model)
    rows = model.rowCount()
    assert rows > 1 and headers(model)[0] == "评议项目"
    assert model.setData(model.index(1, 0), "对党忠诚，政治立场坚定")  # edited in place
    assert model.index(1, 0).data().endswith("对党忠诚，政治立场坚定")
    editor.select_row(1)
    editor.add_item()
    assert model.rowCount() == rows + 1
    editor.undo()
    assert model.rowCount() == rows


@pytest.mark.parametrize("name", ["templates", "sheets", "ballots", "model", "categories", "items"])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    if name == "templates":
        model = shown(qtbot, TemplatesPage(ws)).model
    else:
        tabs = shown(qtbot, CampaignAssessment(ws))  # no campaign yet
        model = getattr(tabs, name).model if name in ("sheets", "ballots") else getattr(tabs.tally, name)
    check(qtbot, qtmodeltester, model)
    if name == "templates":
        assert model.rowCount() > 0  # a new database comes with the standard templates
    else:
        assert model.rowCount() == 0
