"""A deactivated account's key slot is destroyed: its password opens nothing afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError, StorageError, WrongPassword
from desktop.models.accounts import Account
from desktop.services.admin import accounts
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store.keyslots import KeySlots
from tests.conftest import PASSWORD
from tests.pg_fixtures import location_for

WANG = "Wang-pass1"


def _states(ws: Workspace) -> dict[str, bool]:
    with ws.read("test.inspect") as s:
        return {r.username: r.active for r in accounts.listing(s)}


# The key file holds each account's key slot: a file's own; the server's accounts are its roles.
@pytest.mark.file_only
def test_deactivation_destroys_the_slot_and_the_others_still_open(ws: Workspace):
    accounts.add_account(ws, "wang", WANG)
    accounts.add_account(ws, "li", "Li-pass-22")
    accounts.set_active(ws, "wang", False)
    path = ws.db.path
    ws.close()
    assert KeySlots.load(path).usernames() == ["admin", "li"]
    with pytest.raises(WrongPassword):
        Workspace.open(path, "wang", WANG)
    for name, password in (("admin", PASSWORD), ("li", "Li-pass-22")):
        opened = Workspace.open(path, name, password)
        assert opened.actor.username == name
        opened.close()


def test_reactivation_needs_a_new_password_from_the_administrator(ws: Workspace):
    accounts.add_account(ws, "wang", WANG)
    accounts.set_active(ws, "wang", False)
    assert accounts.needs_new_password(ws, "wang")
    with pytest.raises(FrontlineError, match="须由管理员为它设定新密码"):
        accounts.set_active(ws, "wang", True)
    with pytest.raises(FrontlineError, match="密码"):
        accounts.set_active(ws, "wang", True, new_password="short")
    assert _states(ws)["wang"] is False
    accounts.set_active(ws, "wang", True, new_password="Wang-new-2")
    assert _states(ws)["wang"] is True
    with pytest.raises(WrongPassword):
        Workspace.open(location_for(ws, "wang"), "wang", WANG)
    reopened = Workspace.open(location_for(ws, "wang"), "wang", "Wang-new-2")
    assert reopened.actor.username == "wang"
    reopened.close()


# The key file holds each account's key slot: a file's own; the server's accounts are its roles.
@pytest.mark.file_only
def test_a_failed_key_file_write_leaves_the_account_active(ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    accounts.add_account(ws, "wang", WANG)

    def full_disk(self: KeySlots) -> None:
        raise StorageError("磁盘空间不足，无法写入密钥文件")

    monkeypatch.setattr(KeySlots, "save", full_disk)
    with pytest.raises(StorageError, match="磁盘空间不足"):
        accounts.set_active(ws, "wang", False)
    monkeypatch.undo()
    assert _states(ws)["wang"] is True
    assert ws.db.slots.has_user("wang")
    Workspace.open(ws.db.path, "wang", WANG).close()


# The key file holds each account's key slot: a file's own; the server's accounts are its roles.
@pytest.mark.file_only
def test_an_older_database_loses_the_slots_of_deactivated_accounts_at_the_next_login(ws: Workspace):
    accounts.add_account(ws, "wang", WANG)

    def flag_only(ctx: OpContext) -> None:  # what set_active did before slots were destroyed
        account = ctx.session.scalar(select(Account).where(Account.username == "wang"))
        assert account is not None
        account.active = False

    ws.run("account.update", flag_only)
    path = ws.db.path
    ws.close()
    assert "wang" in KeySlots.load(path).usernames()
    Workspace.open(path, "admin", PASSWORD).close()
    assert KeySlots.load(path).usernames() == ["admin"]
    with pytest.raises(WrongPassword):
        Workspace.open(path, "wang", WANG)


# The key file holds each account's key slot: a file's own; the server's accounts are its roles.
@pytest.mark.file_only
def test_the_last_account_that_can_give_roles_and_passwords_stays(ws: Workspace):
    from desktop.models.accounts import ROLE_SECURITY, ROLE_SYSADMIN

    accounts.add_account(ws, "sys", "Sys-pass-1", role=ROLE_SYSADMIN)
    path = ws.db.path
    ws.close()
    system = Workspace.open(path, "sys", "Sys-pass-1")
    try:
        with pytest.raises(FrontlineError, match="最后一个能分配角色和重置密码的账户"):
            accounts.set_active(system, "admin", False)
    finally:
        system.close()
    admin = Workspace.open(path, "admin", PASSWORD)  # still active, its key slot intact
    assert _states(admin)["admin"] is True
    accounts.add_account(admin, "sec", "Sec-pass-1", role=ROLE_SECURITY)
    admin.close()
    system = Workspace.open(path, "sys", "Sys-pass-1")
    try:
        accounts.set_active(system, "admin", False)  # 安全保密管理员 sec remains
    finally:
        system.close()
    assert "admin" not in KeySlots.load(path).usernames()
