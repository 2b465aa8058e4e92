"""An open talk window's campaign list follows the campaigns: one started meanwhile no longer
says 筹备中, a new one can be chosen, and the clerk's choice stays."""

from __future__ import annotations

from desktop.services.campaigns import campaigns
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.talk_window import TalkWindow


def test_the_campaign_list_follows_a_campaign_started_meanwhile(qtbot, ws: Workspace):
    planned = campaigns.create(ws, CampaignInput(name="城区道路塌陷处置应急考核", kind="应急"))
    talk = TalkWindow(ws)
    qtbot.addWidget(talk)
    index = talk.campaign.findData(planned)
    assert talk.campaign.itemText(index) == "城区道路塌陷处置应急考核（筹备中）"
    talk.campaign.setCurrentIndex(index)
    campaigns.activate(ws, planned)
    later = campaigns.create(ws, CampaignInput(name="优化营商环境专项考核", kind="专项"))
    assert talk.campaign.itemText(index) == "城区道路塌陷处置应急考核（进行中）"
    assert talk.campaign.findData(later) > 0 and talk.campaign.currentData() == planned
    talk.saved_payload = talk.data().to_json()  # nothing to ask about on close
