"""测评: evaluation-sheet templates, and for one campaign its sheets, paper ballots and tallies.

`AssessmentPage(ws)` is the whole section; `show_campaign(campaign_id)` opens the campaign's
sheets (the 一线考核 pages call it), `show_ballots` and `show_tally` its other tabs.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.ballots_page import BallotsTab
from desktop.ui.bridge import bridge_for
from desktop.ui.campaign_picker import CampaignPicker
from desktop.ui.sheets_page import SheetsTab
from desktop.ui.tally_page import TallyTab
from desktop.ui.templates_page import TemplatesPage

# What each campaign tab shows; a change to any of these makes it reload when next seen.
WATCHED = ("sheet", "sheet_answer", "ballot", "ballot_batch", "sheet_template", "campaign", "campaign_cadre")


class Tab(IntEnum):
    TEMPLATES = 0
    SHEETS = 1
    BALLOTS = 2
    TALLY = 3


class AssessmentPage(QWidget):
    """Signals: open_cadre_requested(cadre_id) from the tally table (Enter on a cadre)."""

    open_cadre_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.templates = TemplatesPage(ws)
        self.sheets = SheetsTab(ws)
        self.ballots = BallotsTab(ws)
        self.tally = TallyTab(ws)
        self.tally.open_cadre_requested.connect(self.open_cadre_requested)
        self.picker = CampaignPicker(ws)
        self.picker.campaign_did_change.connect(lambda _id: self._campaign_changed())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.templates, "评议表模板")
        self.tabs.addTab(self.sheets, "测评表")
        self.tabs.addTab(self.ballots, "测评票录入")
        self.tabs.addTab(self.tally, "测评汇总")
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.tabs, 1)
        self._stale: set[Tab] = {Tab.SHEETS, Tab.BALLOTS, Tab.TALLY}
        self._picker_loaded = False
        bridge_for(ws).workspace_did_change.connect(self._changed)
        self.tabs.setCurrentIndex(Tab.SHEETS)

    # --- integration ----------------------------------------------------------------------

    def show_campaign(self, campaign_id: int, tab: Tab = Tab.SHEETS) -> bool:
        """Open a campaign's sheets (or another of its tabs). False if there is no such campaign."""
        self._load_picker()
        if not self.picker.set_campaign(campaign_id):
            return False
        self.tabs.setCurrentIndex(tab)
        self._refresh_current()
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

    # --- keeping up to date ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._load_picker()
        self._refresh_current()
        super().showEvent(event)

    def _load_picker(self) -> None:
        if not self._picker_loaded:
            self._picker_loaded = True
            self.picker.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.touches("campaign", "campaign_cadre"):
            self._picker_loaded = False
        if changes.touches(*WATCHED):
            self._stale |= {Tab.SHEETS, Tab.BALLOTS, Tab.TALLY}
            if self.isVisible():
                self._load_picker()
                self._refresh_current()

    def _campaign_changed(self) -> None:
        self._stale |= {Tab.SHEETS, Tab.BALLOTS, Tab.TALLY}
        self._refresh_current()

    def _tab_changed(self) -> None:
        self.picker.setVisible(self.tabs.currentIndex() != Tab.TEMPLATES)
        self._refresh_current()

    def _refresh_current(self) -> None:
        tab = Tab(self.tabs.currentIndex())
        if tab == Tab.TEMPLATES or tab not in self._stale or not self._picker_loaded:
            return
        self._stale.discard(tab)
        widget = {Tab.SHEETS: self.sheets, Tab.BALLOTS: self.ballots, Tab.TALLY: self.tally}[tab]
        widget.set_campaign(self.picker.campaign_id(), self.picker.is_closed())
