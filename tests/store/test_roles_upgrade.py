"""Upgrading to roles (migration 0006) locks nobody out: the accounts of a database made
before roles keep all rights; and the first sample with roles keeps its clerk's scope."""

from pathlib import Path

from desktop.models.accounts import ROLE_ADMIN
from desktop.services.admin import queries as admin_queries
from desktop.services.cadres import queries as cadre_queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.permissions import ACTIONS, allowed
from desktop.services.workspace import Workspace
from tests.conftest import SAMPLE_PASSWORD as PASSWORD
from tests.conftest import copy_sample

DATA = Path(__file__).parent.parent / "data"


def _copy(name: str, tmp_path: Path) -> Path:
    return copy_sample(name, tmp_path)


def test_an_account_from_before_roles_keeps_every_right(tmp_path: Path):
    ws = Workspace.open(_copy("schema-0005.db", tmp_path), "admin", PASSWORD)
    try:
        assert ws.actor.role == ROLE_ADMIN
        assert all(allowed(ws.actor.role, a) for a in ACTIONS)
        assert len(cadre_queries.roster_ids(ws, RosterFilter()).ids) == 12
        assert [r.role_label for r in admin_queries.account_rows(ws)] == ["管理员（全部权限）"]
    finally:
        ws.close()


def test_the_sample_clerk_sees_only_its_campaign(tmp_path: Path):
    db = _copy("schema-0006.db", tmp_path)
    ws = Workspace.open(db, "jingban", PASSWORD)
    try:
        assert [r.id for r in campaign_queries.campaign_rows(ws)] == [1]
        mine = set(cadre_queries.roster_ids(ws, RosterFilter()).ids)
        assessed = {p.id for p in campaign_queries.campaign_view(ws, 1).people}
        assert mine == assessed
    finally:
        ws.close()
