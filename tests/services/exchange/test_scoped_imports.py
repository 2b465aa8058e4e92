"""A clerk given one unit (services/scopes.py): the unit tree counts only its cadres, and its
imports (roster, ledger, task list) refuse the whole file when a row touches a cadre or unit
outside the scope, naming the rows; nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.models import Cadre, Campaign, Post, Unit
from desktop.models.accounts import ROLE_CLERK
from desktop.models.unit_names import UnitNames
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.campaigns import campaigns
from desktop.services.exchange import imports, roster_export
from desktop.services.results import target_import
from desktop.services.results.target_import import ImportRefused
from desktop.services.units import queries as unit_queries
from desktop.services.workspace import Actor, Workspace
from tests.conftest import data_digest
from tests.services.exchange.ledger_files import ledger_file
from tests.services.results.task_files import fill_tasks

TODAY = dt.date.today()


def _clerk(admin: Workspace) -> tuple[Workspace, int, set[int]]:
    """A clerk 'wang' given the unit holding the most current posts (no sub-units involved):
    (its workspace, the unit, the cadres posted there now)."""
    with admin.read("test.inspect") as s:
        posts = s.execute(select(Post.unit_id, Post.cadre_id).where(Post.end.is_(None), Post.unit_id.is_not(None),
                                                                   ~Post.unit_id.in_(select(Unit.parent_id).where(
                                                                       Unit.parent_id.is_not(None))))).all()
    by_unit: dict[int, set[int]] = {}
    for unit_id, cadre_id in posts:
        by_unit.setdefault(unit_id, set()).add(cadre_id)
    unit_id = max(by_unit, key=lambda u: len(by_unit[u]))
    accounts.add_account(admin, "wang", "password-123", role=ROLE_CLERK)
    roles.set_scope(admin, "wang", [unit_id], [])
    account_id = next(r.id for r in admin_queries.account_rows(admin) if r.username == "wang")
    return Workspace(admin.db, Actor("wang", ROLE_CLERK, account_id)), unit_id, by_unit[unit_id]


def _person(ws: Workspace, cadre_id: int) -> tuple[str, str]:
    with ws.read("test.inspect") as s:
        found = s.get(Cadre, cadre_id)
        assert found is not None
        return found.name, found.citizen_id


def test_the_unit_tree_counts_only_the_cadres_in_scope(demo_ws: Workspace):
    clerk, unit_id, mine = _clerk(demo_ws)
    everyone = {n.id: n.cadres for n in unit_queries.unit_tree(demo_ws)}
    seen = {n.id: n.cadres for n in unit_queries.unit_tree(clerk)}
    assert seen.keys() == everyone.keys()  # every unit is listed
    assert seen[unit_id] == everyone[unit_id] == len(mine)
    assert sum(seen.values()) < sum(everyone.values())
    assert all(n == 0 for u, n in seen.items() if u != unit_id and everyone[u] and u not in _sharing(demo_ws, mine))


def _sharing(ws: Workspace, cadres: set[int]) -> set[int]:
    """Other units where the cadres of the scope also hold a post (side posts count there)."""
    with ws.read("test.inspect") as s:
        return set(s.scalars(select(Post.unit_id).where(Post.end.is_(None), Post.cadre_id.in_(sorted(cadres)))))


def test_a_scoped_roster_import_refuses_rows_outside(demo_ws: Workspace, tmp_path: Path):
    clerk, _unit_id, mine = _clerk(demo_ws)
    out = tmp_path / "花名册.xlsx"
    roster_export.export_roster(demo_ws, out, keys=["name", "citizen_id", "ethnicity"])
    wb = openpyxl.load_workbook(out)
    sheet = wb.active
    names = {r[1].value: r[0].row for r in sheet.iter_rows(min_row=4) if r[1].value}
    inside = {_person(demo_ws, c)[1] for c in mine}
    for row in sheet.iter_rows(min_row=4):  # one changed field in every row
        row[2].value = "回族" if row[2].value != "回族" else "汉族"
    wb.save(out)
    before = data_digest(demo_ws)
    plan = imports.preview(clerk, out)
    outsiders = {n: r for n, r in names.items() if n not in inside}
    assert len(plan.updates) == len(inside) and len(plan.rejects) == len(outsiders)
    assert {r.where.row for r in plan.rejects} == set(outsiders.values())
    assert all(r.reason.endswith("不在账户 wang 的工作范围内") and r.reason.startswith("该干部（")
               for r in plan.rejects)
    with pytest.raises(FrontlineError, match=f"有 {len(outsiders)} 处数据被拒绝.*没有写入任何数据"):
        imports.commit(clerk, plan)
    assert data_digest(demo_ws) == before


def test_a_scoped_ledger_import_refuses_cadres_and_campaigns_outside(demo_ws: Workspace, tmp_path: Path):
    clerk, _unit_id, mine = _clerk(demo_ws)
    with demo_ws.read("test.inspect") as s:
        outsider = s.scalar(select(Cadre.id).where(Cadre.id.not_in(sorted(mine))).limit(1))
        scope_campaigns = set(s.scalars(select(Campaign.id)))
    assert outsider is not None
    mine_campaigns = {c.id for c in campaigns_of(clerk)}
    other = next(c for c in scope_campaigns if c not in mine_campaigns)
    with demo_ws.read("test.inspect") as s:
        other_name = s.get(Campaign, other).name  # type: ignore[union-attr]
    ok, out = _person(demo_ws, next(iter(mine))), _person(demo_ws, outsider)
    path = ledger_file(tmp_path / "l.xlsx", [
        ["2024.05.08", ok[0], ok[1], "政治担当", "加分", 8, "", "一线考核", "抢险中带头冲锋", ""],
        ["2024.05.09", out[0], out[1], "政治担当", "加分", 8, "", "一线考核", "抢险中带头冲锋", ""],
        ["2024.05.10", ok[0], ok[1], "政治担当", "加分", 8, "", "一线考核", "抢险中带头冲锋", other_name],
    ])
    before = data_digest(demo_ws)
    plan = imports.preview(clerk, path)
    got = sorted((r.where.row, r.reason) for r in plan.rejects)
    assert got[0] == (4, f"该干部（{out[0]}）不在账户 wang 的工作范围内")
    assert got[1][0] == 5 and "不在本账户的工作范围内" in got[1][1] and len(got) == 2
    with pytest.raises(FrontlineError, match="有 2 处数据被拒绝"):
        imports.commit(clerk, plan)
    assert data_digest(demo_ws) == before



def _labels(rows: dict[int, tuple[str, int | None]], unit_id: int) -> list[str]:
    """The unit's name with more and more of its parents in front (one of them is unique)."""
    out, name, parent = [], *rows[unit_id]
    text = name
    out.append(text)
    while parent is not None:
        text = rows[parent][0] + text
        out.append(text)
        parent = rows[parent][1]
    return out


def campaigns_of(ws: Workspace) -> list[object]:
    from desktop.services.campaigns import queries

    return list(queries.campaign_rows(ws))


def test_a_scoped_task_list_import_refuses_units_and_cadres_outside(demo_ws: Workspace, tmp_path: Path):
    clerk, unit_id, mine = _clerk(demo_ws)
    with demo_ws.read("test.inspect") as s:
        other_unit = s.scalar(select(Unit.name).where(Unit.id != unit_id, Unit.parent_id.is_(None)).limit(1))
        rows = {i: (n, p) for i, n, p in s.execute(select(Unit.id, Unit.name, Unit.parent_id))}
        names = UnitNames((i, n, p) for i, (n, p) in rows.items())
        mine_name = next(t for t in _labels(rows, unit_id) if names.resolve(t) == unit_id)
        open_campaign = next(c for c in s.scalars(select(Campaign)) if c.status != "closed")
    campaigns.add_units(demo_ws, open_campaign.id, [unit_id])  # a campaign of the clerk's unit
    template = tmp_path / "模板.xlsx"
    target_import.write_template(clerk, template)
    name = _person(demo_ws, next(iter(mine)))[0]
    path = fill_tasks(template, [[None, None, mine_name, "招商引资", None, 5, "亿元"],
                                 [None, None, other_unit, "招商引资", None, 5, "亿元"]], tmp_path / "t.xlsx")
    before = data_digest(demo_ws)
    plan = target_import.preview(clerk, path, open_campaign.id)
    assert [(r.where.row, r.reason) for r in plan.rejects] == [(3, "该单位不在账户 wang 的工作范围内")]
    with pytest.raises(ImportRefused):
        target_import.commit(clerk, plan)
    assert data_digest(demo_ws) == before
    plan = target_import.preview(clerk, fill_tasks(template, [[name, None, None, "招商引资", None, 5, "亿元"]],
                                                         tmp_path / "ok.xlsx"),
                                 open_campaign.id)
    assert plan.rejects == [] and target_import.commit(clerk, plan) == 1


def test_a_scoped_ballot_import_refuses_cadres_and_campaigns_outside(demo_ws: Workspace, tmp_path: Path):
    clerk, _unit_id, mine = _clerk(demo_ws)
    with demo_ws.read("test.inspect") as s:
        active = next(c for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        assessed = sorted(campaigns.assessed_ids(s, active.id))
        names = [n for (n,) in s.execute(select(Cadre.name))]
    outsider = next(c for c in assessed if c not in mine and names.count(_person(demo_ws, c)[0]) == 1)
    assert active.id not in {c.id for c in campaigns_of(clerk)}  # wang's unit is not in the campaign
    imports.write_template(demo_ws, "ballots", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    data = wb["测评票"]
    head = [c.value for c in data[1]]
    data.delete_rows(2)
    item = head[head.index("录入人") + 1] if "录入人" in head else head[7]
    row = {"考核": active.name, "干部姓名": _person(demo_ws, outsider)[0], "测评人类别": "上级", "发出票数": 1,
           item: "好"}
    for col, h in enumerate(head, start=1):
        data.cell(2, col, row.get(h))
    wb.save(tmp_path / "f.xlsx")
    before = data_digest(demo_ws)
    plan = imports.preview(clerk, tmp_path / "f.xlsx")
    reasons = sorted(r.reason for r in plan.rejects)
    assert reasons == sorted([f"该干部（{_person(demo_ws, outsider)[0]}）不在账户 wang 的工作范围内",
                              f"“{active.name}”不在本账户的工作范围内"]) and not plan.adds
    assert {r.where.row for r in plan.rejects} == {2}
    with pytest.raises(FrontlineError, match="有 2 处数据被拒绝"):
        imports.commit(clerk, plan)
    assert data_digest(demo_ws) == before
