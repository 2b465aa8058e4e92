"""The campaign picker of the reports (a ListModel of campaigns under the QSortFilterProxyModel
that the filter box drives) passes pytest-qt's model tester (Python port, re-run on every
change): the demo campaigns, typed down to one and to none, cleared, and on an empty
database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel

from desktop.services.workspace import Workspace
from desktop.ui.common.list_model import ListModel
from desktop.ui.reports.campaign_reports import CampaignPicker
from tests.ui.model_checks import check, column, shown


@pytest.mark.parametrize("layer", ["proxy", "model"])
def test_campaign_picker_filtered(qtbot, qtmodeltester, demo_ws: Workspace, layer: str):
    picker = shown(qtbot, CampaignPicker(demo_ws, "special"))
    model = getattr(picker, layer)
    assert isinstance(model, {"proxy": QSortFilterProxyModel, "model": ListModel}[layer])
    check(qtbot, qtmodeltester, model)
    every = column(picker.proxy, 5)
    assert len(every) > 1 and all(every)
    picker.filter.setText("应急")  # typed into 筛选: the proxy drops rows
    assert column(picker.proxy, 1) == ["应急"]
    picker.filter.setText("没有这样的考核")
    assert picker.proxy.rowCount() == 0
    picker.filter.clear()
    assert column(picker.proxy, 5) == every
    assert picker.model.rowCount() == len(every)  # the list under it never changed


def test_emergency_picker_lists_only_emergencies(qtbot, qtmodeltester, demo_ws: Workspace):
    picker = shown(qtbot, CampaignPicker(demo_ws, "emergency"))
    check(qtbot, qtmodeltester, picker.proxy)
    assert column(picker.proxy, 1) == ["应急"]


@pytest.mark.parametrize("layer", ["proxy", "model"])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, layer: str):
    picker = shown(qtbot, CampaignPicker(ws, "stage"))
    model = getattr(picker, layer)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0 and picker.note.text() == "还没有考核活动。"
    qtbot.keyClicks(picker.filter, "zx")
    assert model.rowCount() == 0
