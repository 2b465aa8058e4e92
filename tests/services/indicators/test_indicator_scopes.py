"""Quarterly indicators for a scoped account (services/scopes.py): a clerk given units sees,
enters and ranks only those units (sub-units included); a leader given a campaign, the units
the campaign takes in. Rankings are computed among them (their ranks 1..n, the 按排名 scores
from their values only) and say so; values, notes, notices and imports outside are refused
and nothing is written; rule sets are not changed by a scoped account."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models.accounts import ROLE_CLERK, ROLE_LEADER
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.campaigns import campaigns
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.indicators import queries, rankings, rule_sets, values, workbooks
from desktop.services.indicators.rule_sets import SetSpec
from desktop.services.workspace import Actor, Workspace
from tests.conftest import data_digest
from tests.services.indicators.indicator_scenario import INDICATORS, Scenario, build


def _login(admin: Workspace, name: str, role: str) -> Workspace:
    accounts.add_account(admin, name, "password-123", role=role)
    account_id = next(r.id for r in admin_queries.account_rows(admin) if r.username == name)
    return Workspace(admin.db, Actor(name, role, account_id))


@pytest.fixture
def sc(ws: Workspace) -> Scenario:
    return build(ws)


@pytest.fixture
def wang(ws: Workspace, sc: Scenario) -> Workspace:
    """A clerk given 东区 and the city government (with its departments and their sections)."""
    clerk = _login(ws, "wang", ROLE_CLERK)
    roles.set_scope(ws, "wang", [sc.a, sc.container], [])
    return clerk


def test_a_scoped_clerk_ranks_among_its_units_only(ws: Workspace, sc: Scenario, wang: Workspace, tmp_path: Path):
    assert {r.subject for r in queries.value_grid(ws, sc.set_id, 2026, 1).rows} >= {"西区", "南区"}
    grid = queries.value_grid(wang, sc.set_id, 2026, 1)
    assert sorted(r.subject for r in grid.rows) == sorted(["东区", "市发展改革委", "市住建局"])
    table = queries.rankings(wang, sc.set_id, 2026, 1)
    assert table.scoped and not queries.rankings(ws, sc.set_id, 2026, 1).scoped
    # Among themselves: 项目开工 is ranked between 东区 (10) and 市发展改革委 (6) alone.
    assert [(r.subject, r.rank, r.total) for r in table.rows] == [("东区", 1, 110), ("市发展改革委", 2, 15),
                                                                 ("市住建局", 3, 0)]
    assert table.reporting.subjects == 3 and table.reporting.expected == 9
    assert [n.subject_id for n in queries.ranking_notes(wang, sc.set_id, 2026, 1)] == []
    out = tmp_path / "排名.xlsx"
    assert workbooks.export_rankings(wang, sc.set_id, 2026, 1, out) == 3
    wb = load_workbook(out)
    overall = [list(r) for r in wb["总排名"].iter_rows(values_only=True)]
    wb.close()
    assert "仅含本账户工作范围内的单位" in str(overall[1][0])
    assert [r[1] for r in overall[3:] if isinstance(r[0], int)] == ["东区", "市发展改革委", "市住建局"]
    card = queries.scorecard_data(wang, sc.set_id, 2026, 1)
    assert [r.subject for r in card.rows] == ["东区", "市发展改革委", "市住建局"]
    assert card.set_name.endswith("（仅含本账户工作范围内的单位）")


def test_a_scoped_clerk_enters_only_its_units_values(ws: Workspace, sc: Scenario, wang: Workspace):
    t, r, _m = sc.indicators
    before = data_digest(ws)
    with pytest.raises(FrontlineError, match=f"单位 {sc.b} 不在账户 wang 的工作范围内（没有写入任何数据）"):
        values.record_many(wang, sc.set_id, 2026, 3, [values.Entry(sc.a, r, 5), values.Entry(sc.b, r, 5),
                                                      values.Entry(sc.b, t, 5, 10)])
    assert data_digest(ws) == before
    values.record(wang, sc.set_id, 2026, 3, sc.d, r, 4)
    assert next(x for x in queries.value_grid(ws, sc.set_id, 2026, 3).rows if x.subject_id == sc.d).values[1] == 4
    with pytest.raises(PermissionDenied, match=f"单位 {sc.c} 不在账户 wang 的工作范围内"):
        rankings.record_note(wang, sc.set_id, 2026, 1, sc.c, "原因", "措施")
    with pytest.raises(FrontlineError, match="市住建局在2026年第1季度不在末位 3 名之列"):
        rankings.record_note(wang, sc.set_id, 2026, 1, sc.e, "未报数据", "按时报送")
    rankings.record_note(wang, sc.set_id, 2026, 1, sc.d, "开工不足", "加快进度")  # the department's bottom three
    assert [n.subject_id for n in queries.ranking_notes(wang, sc.set_id, 2026, 1)] == [sc.d]
    with pytest.raises(PermissionDenied, match=f"单位 {sc.b} 不在账户 wang 的工作范围内"):
        queries.notice_data(wang, sc.set_id, 2026, 1, sc.b)
    assert queries.notice_data(wang, sc.set_id, 2026, 1, sc.a).of == 3
    for change in (lambda w: rule_sets.create(w, SetSpec("另一套指标", 2026, "unit", INDICATORS)),
                   lambda w: rule_sets.new_version(w, sc.set_id), lambda w: rule_sets.retire(w, sc.set_id)):
        with pytest.raises(PermissionDenied, match="指标体系适用于全部单位，账户 wang 只负责部分单位或考核"):
            change(wang)
    assert [s.id for s in queries.set_rows(wang)] == [sc.set_id]  # still read


def test_a_scoped_clerks_values_import_refuses_rows_outside(ws: Workspace, sc: Scenario, wang: Workspace,
                                                            tmp_path: Path):
    path = tmp_path / "q3.xlsx"
    workbooks.write_template(ws, sc.set_id, 2026, 3, path)  # the department's template: every unit
    wb = load_workbook(path)
    sheet = wb["指标数据"]
    rows = {sheet.cell(n, 2).value: n for n in range(2, sheet.max_row + 1)}
    for name in ("东区", "西区", "南区"):
        sheet.cell(rows[name], 5).value = 3
    wb.save(path)
    before = data_digest(ws)
    plan = workbooks.preview(wang, sc.set_id, 2026, 3, path)
    assert sorted((r.where.row, r.column, r.reason) for r in plan.rejects) == sorted([
        (rows["西区"], "A列“编号”", f"单位 {sc.b} 不在账户 wang 的工作范围内"),
        (rows["南区"], "A列“编号”", f"单位 {sc.c} 不在账户 wang 的工作范围内")])
    with pytest.raises(FrontlineError, match="有 2 处数据被拒绝"):
        workbooks.commit(wang, plan)
    assert data_digest(ws) == before


def test_a_leader_given_a_campaign_sees_the_units_it_takes_in(ws: Workspace, sc: Scenario):
    given = campaigns.create(ws, CampaignInput(name="西区专项考核", kind="沉浸式"))
    campaigns.add_units(ws, given, [sc.b])
    leader = _login(ws, "li", ROLE_LEADER)
    roles.set_scope(ws, "li", [], [given])
    table = queries.rankings(leader, sc.set_id, 2026, 1)
    assert [(r.subject, r.rank) for r in table.rows] == [("西区", 1)]
    with pytest.raises(PermissionDenied, match="无权"):
        values.record(leader, sc.set_id, 2026, 3, sc.b, sc.indicators[1], 1)
