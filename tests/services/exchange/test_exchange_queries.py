"""What the exchange menus and the command line read to choose what they export
(services/exchange/queries.py): the values, plain rows only, each behind the permission hook."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.errors import NotFound
from desktop.models import Cadre, Campaign, Post
from desktop.models.campaigns import STATUS_LABELS
from desktop.services.cadres import queries as cadre_queries
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.exchange import queries
from desktop.services.workspace import Workspace
from tests.services.admin.plain_rows import assert_plain, refused


def test_campaign_rows_and_names(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        stored = {c.id: (c.name, c.status) for c in s.scalars(select(Campaign))}
    rows = campaign_queries.campaign_rows(demo_ws)
    assert {r.id: (r.name, r.status) for r in rows} == stored
    assert all(r.status_label == STATUS_LABELS[r.status] for r in rows)
    assert all(r.cadres > 0 for r in rows if r.status == "active")
    closed = campaign_queries.campaign_rows(demo_ws, status="closed")
    assert {r.id for r in closed} == {i for i, (_n, status) in stored.items() if status == "closed"}
    some = rows[0]
    assert campaign_queries.campaign_name(demo_ws, some.id) == stored[some.id][0]
    with pytest.raises(NotFound, match="不存在"):
        campaign_queries.campaign_name(demo_ws, 10**9)
    assert_plain(rows)
    refused("campaign.read", lambda: campaign_queries.campaign_rows(demo_ws))
    refused("campaign.read", lambda: campaign_queries.campaign_name(demo_ws, some.id))


def test_cadre_matches_by_initials_and_limit(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        cadre = s.scalars(select(Cadre).order_by(Cadre.id).limit(1)).one()
        name, initials = cadre.name, cadre.name_initials
    found = cadre_queries.cadre_matches(demo_ws, initials)
    assert name in [r.name for r in found]
    assert all(r.as_json()["name"] for r in found)
    assert len(cadre_queries.cadre_matches(demo_ws, "", 5)) == 5
    assert len(cadre_queries.cadre_matches(demo_ws, "")) == 300
    assert cadre_queries.cadre_matches(demo_ws, "不存在的名字zzzz") == []
    assert_plain(found)
    refused("cadre.read", lambda: cadre_queries.cadre_matches(demo_ws, initials))


def test_batch_cadre_ids_everyone_by_pinyin_or_a_units_current_holders(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        by_pinyin = list(s.scalars(select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id)))
        unit_id = s.scalar(select(Post.unit_id).where(Post.end.is_(None), Post.unit_id.is_not(None)).limit(1))
        holders = sorted(set(s.scalars(select(Post.cadre_id).where(Post.unit_id == unit_id, Post.end.is_(None)))))
    assert queries.batch_cadre_ids(demo_ws) == by_pinyin
    assert queries.batch_cadre_ids(demo_ws, unit_id) == holders and holders
    refused("report.read", lambda: queries.batch_cadre_ids(demo_ws))
