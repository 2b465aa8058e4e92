"""What the window and the command line may read to choose what they exchange: the campaigns
an export or a package is made of, and the cadres a listing or a batch covers.

Each function passes the permission hook by opening its session with `ws.read(...)`, named
for what is shown: "campaign.read" (the campaigns to choose from), "cadre.read" (the cadres
`frontline list` prints), "report.read" (the cadres a batch of reports covers). They return
plain values (frozen rows, ids), never ORM objects. The exports themselves read under their
own right, "export.<kind>" (services/traces.py), before a byte is written.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import Cadre, Post
from desktop.services.cadres import roster
from desktop.services.cadres.roster import RosterRow
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns
from desktop.services.campaigns.campaigns import CampaignRow
from desktop.services.workspace import Workspace


def campaign_rows(ws: Workspace, status: str | None = None, kind: str | None = None,
                  year: int | None = None) -> list[CampaignRow]:
    """The campaigns, newest first, with their status and numbers of cadres and units."""
    with ws.read("campaign.read") as s:
        return campaigns.listing(s, status, kind, year)


def campaign_name(ws: Workspace, campaign_id: int) -> str:
    with ws.read("campaign.read") as s:
        return campaigns.get(s, campaign_id).name


def cadre_matches(ws: Workspace, text: str, limit: int | None = None) -> list[RosterRow]:
    """Cadres whose name, full pinyin or initials match `text`, by name, at most `limit`."""
    with ws.read("cadre.read") as s:
        ids = roster.matching_ids(s, RosterFilter(text=text))
        return roster.rows_for(s, ids if limit is None else ids[:limit])


def batch_cadre_ids(ws: Workspace, unit_id: int | None = None) -> list[int]:
    """The cadres a batch of reports covers: everyone by the pinyin of the name, or those
    holding a current post in `unit_id`, by id."""
    with ws.read("report.read") as s:
        if unit_id is not None:
            return list(s.scalars(select(Post.cadre_id).where(Post.unit_id == unit_id, Post.end.is_(None))
                                  .distinct().order_by(Post.cadre_id)))
        return list(s.scalars(select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id)))
