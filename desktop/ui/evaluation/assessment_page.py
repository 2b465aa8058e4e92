"""测评: evaluation-sheet templates, and for a campaign its sheets, paper ballots and tallies.

Two ways in. `CampaignAssessment(ws, campaign_id)` is one campaign's 测评表 / 测评票录入 /
测评汇总 tabs, for the campaign page. `AssessmentPage(ws)` is the whole section: the
templates, and the same tabs for the campaign chosen at the top; `show_campaign(id)`,
`show_ballots(id)` and `show_tally(id, cadre_id)` open a campaign's part.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.evaluation import queries
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_picker import CampaignPicker
from desktop.ui.common.bridge import bridge_for
from desktop.ui.evaluation.ballots_page import BallotsTab
from desktop.ui.evaluation.sheets_page import SheetsTab
from desktop.ui.evaluation.tally_page import TallyTab
from desktop.ui.evaluation.templates_page import TemplatesPage

# What the campaign tabs show; a change to any of these makes them reload when next seen.
WATCHED = ("sheet", "sheet_answer", "ballot", "ballot_batch", "sheet_template", "campaign", "campaign_cadre")


class Tab(Enum):
    TEMPLATES = "templates"
    SHEETS = "sheets"
    BALLOTS = "ballots"
    TALLY = "tally"


class CampaignAssessment(QTabWidget):
    """One campaign's sheets, ballots and tallies. Each tab loads when it is first shown and
    again after a change that concerns it.

    Signals: open_cadre_requested(cadre_id) from the tally table (Enter on a cadre)."""

    open_cadre_requested = Signal(int)

    def __init__(self, ws: Workspace, campaign_id: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.closed = False
        self.setDocumentMode(True)
        self.sheets = SheetsTab(ws)
        self.ballots = BallotsTab(ws)
        self.tally = TallyTab(ws)
        self.tally.open_cadre_requested.connect(self.open_cadre_requested)
        # Alt+letters: in a campaign's page no other key reaches these tabs (Ctrl+Tab stays in the tables).
        self.addTab(self.sheets, "测评表(&B)")
        self.addTab(self.ballots, "测评票录入(&L)")
        self.addTab(self.tally, "测评汇总(&G)")
        self._stale: set[QWidget] = {self.sheets, self.ballots, self.tally}
        self.currentChanged.connect(lambda _i: self.refresh())
        bridge_for(ws).workspace_did_change.connect(self._changed)
        if campaign_id:
            self.set_campaign(campaign_id)

    def set_campaign(self, campaign_id: int) -> None:
        self.campaign_id = campaign_id
        self.closed = bool(campaign_id) and queries.campaign_closed(self.ws, campaign_id)
        self._stale = {self.sheets, self.ballots, self.tally}
        self.refresh()

    def refresh(self) -> None:
        """Load the current tab if it is out of date and can be seen."""
        widget = self.currentWidget()
        if widget not in self._stale or not self.isVisible():
            return
        self._stale.discard(widget)
        if isinstance(widget, (SheetsTab, BallotsTab, TallyTab)):
            widget.set_campaign(self.campaign_id, self.closed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if not changes.touches(*WATCHED):
            return
        if changes.touches("campaign") and self.campaign_id in changes.ids("campaign"):
            self.set_campaign(self.campaign_id)  # closed or reopened: read-only or not
            return
        self._stale = {self.sheets, self.ballots, self.tally}
        self.refresh()


class AssessmentPage(QWidget):
    """The 测评 section. Signals: open_cadre_requested(cadre_id)."""

    open_cadre_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.templates = TemplatesPage(ws)
        self.campaign = CampaignAssessment(ws)
        self.campaign.open_cadre_requested.connect(self.open_cadre_requested)
        # The section's tabs are the campaign's, with the templates in front.
        self.tabs = self.campaign
        self.tabs.insertTab(0, self.templates, "评议表模板")
        self.sheets, self.ballots, self.tally = self.campaign.sheets, self.campaign.ballots, self.campaign.tally
        self.picker = CampaignPicker(ws)
        self.picker.campaign_did_change.connect(self.campaign.set_campaign)
        self.tabs.currentChanged.connect(lambda _i: self.picker.setVisible(self.tabs.currentWidget() is not
                                                                           self.templates))
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.tabs, 1)
        self._picker_loaded = False
        bridge_for(ws).workspace_did_change.connect(self._changed)
        self.tabs.setCurrentWidget(self.sheets)

    def _widget(self, tab: Tab) -> QWidget:
        return {Tab.TEMPLATES: self.templates, Tab.SHEETS: self.sheets, Tab.BALLOTS: self.ballots,
                Tab.TALLY: self.tally}[tab]

    def show_campaign(self, campaign_id: int, tab: Tab = Tab.SHEETS) -> bool:
        """Open a campaign's sheets (or another of its tabs). False if there is no such campaign."""
        self._load_picker()
        if not self.picker.set_campaign(campaign_id):
            return False
        self.tabs.setCurrentWidget(self._widget(tab))
        self.campaign.refresh()
        return True

    def show_ballots(self, campaign_id: int) -> bool:
        return self.show_campaign(campaign_id, Tab.BALLOTS)

    def show_tally(self, campaign_id: int, cadre_id: int | None = None) -> bool:
        shown = self.show_campaign(campaign_id, Tab.TALLY)
        if shown and cadre_id is not None:
            self.tally.select_cadre(cadre_id)
        return shown

    def campaign_id(self) -> int:
        return self.picker.campaign_id()

    def showEvent(self, event: QShowEvent) -> None:
        self._load_picker()
        super().showEvent(event)

    def _load_picker(self) -> None:
        if not self._picker_loaded:
            self._picker_loaded = True
            self.picker.reload()
            if self.campaign.campaign_id != self.picker.campaign_id():
                self.campaign.set_campaign(self.picker.campaign_id())

    def _changed(self, changes: Changes) -> None:
        if changes.touches("campaign", "campaign_cadre"):
            # New, renamed, closed campaigns: the list at the top follows when next seen.
            self._picker_loaded = False
            if self.isVisible():
                self._load_picker()
