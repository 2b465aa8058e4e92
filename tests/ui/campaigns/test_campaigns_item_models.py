"""The 一线考核 lists pass pytest-qt's model tester (Python port, re-run on every reset): the
campaign list, the 谈话走访 page's talks and visits, the 工作台账 list, and the five tables of
a campaign's page — on the demo database, on an empty one, and after filtering and reloading
as the pages do."""

from __future__ import annotations

import pytest

from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_page import CampaignPage
from desktop.ui.campaigns.campaigns_section import CampaignList, CampaignsSection
from desktop.ui.campaigns.directives_page import DirectivesPage
from desktop.ui.campaigns.fieldwork_page import FieldworkPage
from desktop.ui.common.list_model import ListModel
from tests.services.assessment_helpers import campaign
from tests.ui.model_checks import campaign_with_everything, check, column, headers, shown

CAMPAIGN_TABLES = ("sheet_progress", "people", "visits", "talks", "entries")


def _no_talk_window(**_kwargs) -> None:
    return None


def test_campaign_list_filtered_and_reloaded(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, CampaignList(demo_ws))
    model = page.model
    check(qtbot, qtmodeltester, model)
    every = column(model, 0)
    assert len(every) > 1 and headers(model)[0] == "考核主题"
    page.kind.setCurrentText("应急")  # the 类型 filter: a reset with fewer rows
    assert column(model, 1) == ["应急"]
    page.status.setCurrentIndex(page.status.findText("筹备中"))
    assert model.rowCount() == 0  # no draft emergency campaign
    page.kind.setCurrentIndex(0)
    page.status.setCurrentIndex(0)
    assert sorted(column(model, 0)) == sorted(every)


@pytest.mark.parametrize("table", ["talks", "visits"])
def test_fieldwork_lists(qtbot, qtmodeltester, demo_ws: Workspace, table: str):
    page = shown(qtbot, FieldworkPage(demo_ws, _no_talk_window))
    model = getattr(page, table)
    assert isinstance(model, ListModel)
    check(qtbot, qtmodeltester, model)
    rows = model.rowCount()
    assert rows > 0 and all(column(model, 1))
    page.reload()
    assert model.rowCount() == rows


def test_directives_list(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, DirectivesPage(demo_ws))
    model = page.model
    check(qtbot, qtmodeltester, model)
    titles = column(model, 0)
    assert titles and all(titles)
    page.reload()
    assert column(model, 0) == titles


@pytest.mark.parametrize("table", CAMPAIGN_TABLES)
def test_campaign_page_tables(qtbot, qtmodeltester, demo_ws: Workspace, table: str):
    section = shown(qtbot, CampaignsSection(demo_ws, open_talk=_no_talk_window))
    page = section.open_campaign(campaign_with_everything(demo_ws))  # as a double click in the list does
    assert isinstance(page, CampaignPage)
    model = getattr(page, table)
    check(qtbot, qtmodeltester, model)
    rows = column(model, 0)
    assert rows and all(rows)
    page.reload()
    assert column(model, 0) == rows


@pytest.mark.parametrize("name", ["list", "talks", "visits", "directives", *CAMPAIGN_TABLES])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    if name == "list":
        model = shown(qtbot, CampaignList(ws)).model
    elif name in ("talks", "visits"):
        model = getattr(shown(qtbot, FieldworkPage(ws, _no_talk_window)), name)
    elif name == "directives":
        model = shown(qtbot, DirectivesPage(ws)).model
    else:
        section = shown(qtbot, CampaignsSection(ws, open_talk=_no_talk_window))
        model = getattr(section.open_campaign(campaign(ws)), name)  # a campaign with nothing in it yet
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0
