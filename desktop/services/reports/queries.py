"""What the window and the command line may read about reports: the database's report
settings, the choices the report dialogs offer (campaigns, units, a cadre's name), and the
cadres a batch is made for.

Each function passes the permission hook by opening its session with `ws.read("report.read")`
(the stored settings the settings dialog compares with, `ws.read("settings.read")`), and
returns plain values, never a mapped object. Making a report reads its own data in
`reports.generate` and `reports_batch.prepare`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.errors import NotFound
from desktop.models import Cadre, Post
from desktop.services.admin import settings
from desktop.services.campaigns import campaigns
from desktop.services.campaigns.campaigns import CampaignRow
from desktop.services.reports import report_data
from desktop.services.reports.reports import Prefs
from desktop.services.units import units
from desktop.services.workspace import Workspace

READ = "report.read"


def report_prefs(ws: Workspace) -> Prefs:
    """The report settings as reports use them (defaults applied)."""
    with ws.read(READ) as s:
        return Prefs.read(s)


def stored_settings(ws: Workspace, keys: Iterable[str]) -> dict[str, Any]:
    """The stored value of each report setting (its default when never set), to save only
    what the clerk changed."""
    with ws.read("settings.read") as s:
        return {k: settings.get(s, k, settings.REPORT_DEFAULTS.get(k)) for k in keys}


def cadre_name(ws: Workspace, cadre_id: int) -> str:
    with ws.read(READ) as s:
        name = report_data.cadre_names(s, [cadre_id]).get(cadre_id)
    if name is None:
        raise NotFound(f"干部档案 {cadre_id} 不存在（编号可用 frontline list 查看）")
    return name


def cadres_to_report(ws: Workspace, unit_id: int | None = None) -> list[int]:
    """The cadres a batch is made for when none are named: those holding a current post in
    the unit, or else every cadre, by name in pinyin order (`frontline report --unit/--all`)."""
    with ws.read(READ) as s:
        if unit_id is not None:
            stmt = (select(Post.cadre_id).where(Post.unit_id == unit_id, Post.end.is_(None))
                    .distinct().order_by(Post.cadre_id))
        else:
            stmt = select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id)
        return list(s.scalars(stmt))


def campaign_choices(ws: Workspace, kind: str | None = None) -> list[CampaignRow]:
    """The campaigns a campaign report may be made for (only those of `kind` when given)."""
    with ws.read(READ) as s:
        return campaigns.listing(s, kind=kind)


@dataclass(frozen=True)
class TallyScope:
    """What the 民主测评结果统计表 may count: every campaign, and every unit by its path."""

    campaigns: tuple[CampaignRow, ...]
    units: dict[str, tuple[int, str]]  # 甲 / 乙 / 丙 → (unit id, name as a post prints it)


def tally_scope(ws: Workspace) -> TallyScope:
    with ws.read(READ) as s:
        return TallyScope(tuple(campaigns.listing(s)), units.choices(s))
