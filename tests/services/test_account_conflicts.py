"""Two administrators giving one account its role or its scope (on both backends: the office
server is where two of them do): each dialog keeps what it showed, and a change made by the
other since is shown side by side rather than replaced unseen."""

from __future__ import annotations

from dataclasses import fields

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry
from desktop.models.accounts import ROLE_CLERK, ROLE_LEADER, ROLE_TEAM
from desktop.services.admin import accounts, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.record_versions import StaleRecord, merged
from desktop.services.workspace import Workspace


def test_a_scope_changed_by_another_administrator_since_the_dialog_read_it_is_not_replaced(demo_ws: Workspace):
    accounts.add_account(demo_ws, "wang", "password-123", role=ROLE_CLERK)
    shown = roles.scope_choices(demo_ws, "wang")
    (a, a_name), (b, b_name) = shown.units[:2]
    campaign, campaign_name = shown.campaigns[0]
    roles.set_scope(demo_ws, "wang", [a], [], opened=shown.opened)
    opened = roles.scope_choices(demo_ws, "wang").opened  # two administrators open the dialog
    roles.set_scope(demo_ws, "wang", [a, b], [], opened=opened)  # the first adds a unit
    with pytest.raises(StaleRecord) as caught:  # the second, a campaign: the unit would be lost
        roles.set_scope(demo_ws, "wang", [a], [campaign], opened=opened)
    assert "工作范围「wang」在您打开之后已由 admin 于" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("单位（含下级单位）", a_name.split(" / ")[-1], "、".join(n.split(" / ")[-1] for n in (a_name, b_name))),
        ("考核", campaign_name, "（未选）")]
    assert roles.scope_choices(demo_ws, "wang").opened == roles.ScopeInput((a, b) if a < b else (b, a), ())
    choice = merged(caught.value, {"campaigns"})
    roles.set_scope(demo_ws, "wang", choice.units, choice.campaigns, opened=caught.value.theirs)
    assert roles.scope_choices(demo_ws, "wang").opened == roles.ScopeInput.of([a, b], [campaign])
    # The same scope chosen twice, or a dialog opened after the change, is no conflict.
    roles.set_scope(demo_ws, "wang", [b, a], [campaign], opened=opened)
    with demo_ws.read("test.inspect") as s:  # every change in the log, removals too
        logged = [(e.before["scope"], e.after["scope"]) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "account.scope", AuditEntry.entity == "account").order_by(AuditEntry.id))]
    both, with_campaign = sorted([a, b]), {"units": sorted([a, b]), "campaigns": [campaign]}
    assert logged == [({"units": [], "campaigns": []}, {"units": [a], "campaigns": []}),
                      ({"units": [a], "campaigns": []}, {"units": both, "campaigns": []}),
                      ({"units": both, "campaigns": []}, with_campaign), (with_campaign, with_campaign)]


def test_a_role_changed_by_another_administrator_since_the_list_showed_it_is_not_replaced(demo_ws: Workspace):
    accounts.add_account(demo_ws, "li", "password-123", role=ROLE_CLERK)
    roles.set_role(demo_ws, "li", ROLE_LEADER, opened=ROLE_CLERK)
    with pytest.raises(StaleRecord) as caught:
        roles.set_role(demo_ws, "li", ROLE_TEAM, opened=ROLE_CLERK)
    assert "账户的角色「li」在您打开之后已由 admin 于" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [("角色", "考核组成员", "领导")]
    roles.set_role(demo_ws, "li", ROLE_LEADER, opened=ROLE_CLERK)  # what the other chose too: no conflict
    roles.set_role(demo_ws, "li", merged(caught.value, {"role"}).role, opened=caught.value.theirs.role)
    assert {r.username: r.role for r in admin_queries.account_rows(demo_ws)}["li"] == ROLE_TEAM


def test_every_field_of_an_account_dialog_is_compared():
    assert {f.name for f in fields(roles.ScopeInput)} == set(roles.SCOPE.labels)
    assert {f.name for f in fields(roles.RoleInput)} == set(roles.ROLE.labels)
