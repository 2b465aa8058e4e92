"""What the command line reads to choose what it exchanges: the cadres a batch of reports
covers. (The campaigns to choose from are services/campaigns/queries.py's, the cadres
`frontline list` prints services/cadres/queries.py's.)

Each function passes the permission hook by opening its session with `ws.read(...)`, named
for what is shown: "campaign.read" (the campaigns to choose from), "cadre.read" (the cadres
`frontline list` prints), "report.read" (the cadres a batch of reports covers). They return
plain values (frozen rows, ids), never ORM objects. The exports themselves read under their
own right, "export.<kind>" (services/traces.py), before a byte is written.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import Cadre, Post
from desktop.services.workspace import Workspace


def batch_cadre_ids(ws: Workspace, unit_id: int | None = None) -> list[int]:
    """The cadres a batch of reports covers: everyone by the pinyin of the name, or those
    holding a current post in `unit_id`, by id."""
    with ws.read("report.read") as s:
        if unit_id is not None:
            return list(s.scalars(select(Post.cadre_id).where(Post.unit_id == unit_id, Post.end.is_(None))
                                  .distinct().order_by(Post.cadre_id)))
        return list(s.scalars(select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id)))
