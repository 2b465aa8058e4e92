"""The report dialogs' reads (services/reports/queries.py): the values they show, that they
hand out plain rows and no mapped object, and that each passes the permission hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.errors import NotFound, PermissionDenied
from desktop.models import Cadre, Post
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.admin import settings
from desktop.services.reports import queries
from desktop.services.reports.reports import Prefs
from desktop.services.workspace import Workspace
from tests.services.evaluation.plain_rows import frozen_row, mapped_inside


def test_report_settings_as_reports_use_them_and_as_stored(demo_ws: Workspace):
    prefs = queries.report_prefs(demo_ws)
    assert prefs == Prefs("内部资料", True, "{user} {time}", "", "", "", "一线考核专报")  # the shipped defaults
    settings.put(demo_ws, settings.REPORT_ISSUER, "中共海滨市委组织部")
    assert queries.report_prefs(demo_ws).issuer == "中共海滨市委组织部"
    stored = queries.stored_settings(demo_ws, [settings.REPORT_ISSUER, settings.REPORT_WATERMARK])
    assert stored == {settings.REPORT_ISSUER: "中共海滨市委组织部", settings.REPORT_WATERMARK: True}


def test_a_cadres_name_and_an_unknown_cadre(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        cid, name = s.execute(select(Cadre.id, Cadre.name).order_by(Cadre.id).limit(1)).one()
    assert queries.cadre_name(demo_ws, cid) == name
    with pytest.raises(NotFound, match="干部档案 999999 不存在"):
        queries.cadre_name(demo_ws, 999999)


def test_the_cadres_of_a_batch_by_unit_or_all(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        unit_id, count = s.execute(select(Post.unit_id, func.count(func.distinct(Post.cadre_id)))
                                   .where(Post.end.is_(None)).group_by(Post.unit_id)
                                   .order_by(func.count(func.distinct(Post.cadre_id)).desc()).limit(1)).one()
        total = s.scalar(select(func.count()).select_from(Cadre))
        first = s.scalar(select(Cadre.id).order_by(Cadre.name_pinyin, Cadre.id).limit(1))
    in_unit = queries.cadres_to_report(demo_ws, unit_id)
    assert len(in_unit) == count > 1 and in_unit == sorted(in_unit)
    every = queries.cadres_to_report(demo_ws)
    assert len(every) == total and every[0] == first and set(in_unit) <= set(every)


def test_the_campaigns_and_units_a_report_may_be_made_for(demo_ws: Workspace):
    every = queries.campaign_choices(demo_ws)
    emergency = queries.campaign_choices(demo_ws, "应急")
    assert emergency and {r.kind for r in emergency} == {"应急"}
    assert {r.id for r in emergency} < {r.id for r in every}
    scope = queries.tally_scope(demo_ws)
    assert list(scope.campaigns) == every
    assert scope.units and all(isinstance(uid, int) and printed for uid, printed in scope.units.values())
    nested = [label for label in scope.units if " / " in label]
    assert nested  # a unit under another is listed by its path


def all_queries() -> dict[str, Callable[[Workspace], Any]]:
    return {
        "report_prefs": queries.report_prefs,
        "cadre_name": lambda ws: queries.cadre_name(ws, 1),
        "cadres_to_report": queries.cadres_to_report,
        "campaign_choices": queries.campaign_choices,
        "tally_scope": queries.tally_scope,
    }


def test_every_query_returns_plain_values(demo_ws: Workspace):
    for name, query in all_queries().items():
        value = query(demo_ws)
        assert mapped_inside(value) == [], name
        rows = value if isinstance(value, list) else [value]
        assert all(frozen_row(r) or isinstance(r, (str, int)) for r in rows), name
    stored = queries.stored_settings(demo_ws, settings.REPORT_DEFAULTS)
    assert mapped_inside(stored) == [] and stored == settings.REPORT_DEFAULTS


def test_every_query_passes_the_permission_hook(demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "report.read": frozenset(),
                                               "settings.read": frozenset()})
    for name, query in all_queries().items():
        with pytest.raises(PermissionDenied, match=r"report\.read"):
            query(demo_ws)
            pytest.fail(f"{name} read without asking")
    with pytest.raises(PermissionDenied, match=r"settings\.read"):
        queries.stored_settings(demo_ws, [settings.REPORT_ISSUER])
