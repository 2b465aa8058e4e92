"""Exchange packages and a scoped account (services/scopes.py): its package carries only the
cadres of its scope (a talk about someone else stays in the office), a campaign outside it
is refused, and a package that would change a cadre outside its scope is refused whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import PermissionDenied
from desktop.models import Cadre, Campaign, PointEntry, Talk
from desktop.models.accounts import ROLE_CLERK
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.exchange.packages import export as package_export
from desktop.services.exchange.packages.apply import PackageImport
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.workspace import Actor, Workspace
from tests.conftest import data_digest

PACKAGE_PASSWORD = "field-team-2024"
TODAY = dt.date.today()


def _setting(demo_ws: Workspace) -> tuple[Workspace, int, int, int, str]:
    """(clerk 'wang' given the active campaign only, the campaign, another campaign, a cadre
    outside the scope met in a talk of the campaign, that cadre's name)."""
    with demo_ws.read("test.inspect") as s:
        rows = list(s.scalars(select(Campaign).order_by(Campaign.id)))
        mine = next(c.id for c in rows if c.status == "active")
        other = next(c.id for c in rows if c.id != mine)
        inside = campaigns.assessed_ids(s, mine)
        outsider, name = s.execute(select(Cadre.id, Cadre.name).where(Cadre.id.not_in(sorted(inside)))
                                   .order_by(Cadre.id)).first()  # type: ignore[misc]
    fieldwork.save_talk(demo_ws, fieldwork.TalkInput(
        interviewers=["王建国"], interviewee_name=name, interviewee_cadre_id=outsider,
        start_at=dt.datetime(2024, 5, 8, 9, 30), content="了解情况", campaign_id=mine))
    accounts.add_account(demo_ws, "wang", "password-123", role=ROLE_CLERK)
    roles.set_scope(demo_ws, "wang", [], [mine])
    account_id = next(r.id for r in admin_queries.account_rows(demo_ws) if r.username == "wang")
    return Workspace(demo_ws.db, Actor("wang", ROLE_CLERK, account_id)), mine, other, outsider, name


def _laptop_cadres(package: Path) -> tuple[set[str], int]:
    laptop = Workspace.open(package, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            return set(s.scalars(select(Cadre.name))), len(s.scalars(select(Talk.id)).all())
    finally:
        laptop.close()


def test_a_scoped_clerks_package_carries_its_scope_only(demo_ws: Workspace, tmp_path: Path):
    clerk, mine, other, _outsider, name = _setting(demo_ws)
    full, theirs = tmp_path / "全部.flpkg", tmp_path / "wang.flpkg"
    package_export.export(demo_ws, mine, full, PACKAGE_PASSWORD)
    package_export.export(clerk, mine, theirs, PACKAGE_PASSWORD)
    everyone, talks = _laptop_cadres(full)
    scoped, scoped_talks = _laptop_cadres(theirs)
    assert name in everyone and name not in scoped and scoped == everyone - {name}
    assert scoped_talks == talks - 1  # the talk about the outsider stayed in the office
    with pytest.raises(PermissionDenied, match="该考核活动不在账户 wang 的工作范围内"):
        package_export.export(clerk, other, tmp_path / "other.flpkg", PACKAGE_PASSWORD)
    assert not (tmp_path / "other.flpkg").exists()

    # Back from the field: the talk left out is not taken for a deletion; a new entry comes in.
    laptop = Workspace.open(theirs, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            cadre = campaigns.assessed_ids(s, mine)[0]
        ledger.add(laptop, EntryInput(cadre, TODAY, "政治担当", True, 6, "一线考核", "台风夜带队转移群众",
                                      campaign_id=mine))
    finally:
        laptop.close()
    with PackageImport(theirs, PACKAGE_PASSWORD) as job:
        plan = job.preview(clerk)
        assert [(c.kind.table, c.action) for c in plan.changes] == [("point_entry", "add")]
        job.commit(clerk, plan)


def test_a_package_touching_a_cadre_outside_the_scope_is_refused_whole(demo_ws: Workspace, tmp_path: Path):
    clerk, mine, _other, outsider, name = _setting(demo_ws)
    package = tmp_path / "全部.flpkg"
    package_export.export(demo_ws, mine, package, PACKAGE_PASSWORD)  # the department's package
    laptop = Workspace.open(package, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            inside = campaigns.assessed_ids(s, mine)[0]
        for cadre in (inside, outsider):
            ledger.add(laptop, EntryInput(cadre, TODAY, "政治担当", True, 6, "一线考核", "现场核实的事迹",
                                          campaign_id=mine))
    finally:
        laptop.close()
    before = data_digest(demo_ws)
    with PackageImport(package, PACKAGE_PASSWORD) as job:
        with pytest.raises(PermissionDenied, match=f"数据包 .* 中有 1 条记录涉及账户 wang 工作范围以外的干部（{name}）"
                                                   "，没有导入任何数据"):
            job.preview(clerk)
        assert len([c for c in job.preview(demo_ws).changes if c.kind.table == "point_entry"]) == 2
    assert data_digest(demo_ws) == before
    with demo_ws.read("test.inspect") as s:
        assert not s.scalars(select(PointEntry.id).where(PointEntry.fact == "现场核实的事迹")).all()
