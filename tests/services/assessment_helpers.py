"""Building blocks for the front-line assessment tests."""

from __future__ import annotations

from desktop.models.sheets import SheetTemplate
from desktop.services.cadres import cadre_files
from desktop.services.campaigns import campaigns
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.evaluation import templates
from desktop.services.workspace import Workspace


def cadre(ws: Workspace, name: str, birth: str = "1980.01", sex: str = "男") -> int:
    return cadre_files.save(ws, cadre_files.CadreFile(fields={"name": name, "sex": sex, "birth": birth}))


def campaign(ws: Workspace, *cadre_ids: int, kind: str = "沉浸式", weights: dict[str, int] | None = None) -> int:
    cid = campaigns.create(ws, CampaignInput(name="东部新城片区建设一线考核", kind=kind,
                                             follows="东部新城片区指挥部", rater_weights=weights or {}))
    campaigns.add_cadres(ws, cid, list(cadre_ids))
    campaigns.activate(ws, cid)
    return cid


def template(ws: Workspace, kind: str = "政治素质评议") -> SheetTemplate:
    with ws.read("test.inspect") as s:
        found = templates.current(s, kind)
    assert found is not None
    return found


def answers_all(template: SheetTemplate, grade: str = "好", fact: str = "") -> dict[int, tuple[str, str]]:
    out = {}
    for item in template.items:
        if item.scale["type"] == "flag":
            out[item.id] = ("", "")
        else:
            out[item.id] = (grade, fact)
    return out
