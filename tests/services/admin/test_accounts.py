import pytest

from desktop.errors import AlreadyExists, FrontlineError, WrongPassword
from desktop.services.admin import accounts
from desktop.services.workspace import Workspace
from tests.conftest import PASSWORD
from tests.pg_fixtures import location_for


def test_password_change_opens_with_the_new_one_only(ws: Workspace):
    accounts.change_password(ws, "admin", "Brand new pass")
    path = location_for(ws, "admin")
    ws.close()
    with pytest.raises(WrongPassword):
        Workspace.open(path, "admin", PASSWORD)
    Workspace.open(path, "admin", "Brand new pass").close()


def test_second_account_has_its_own_slot(ws: Workspace):
    accounts.add_account(ws, "clerk", "Clerk password", display_name="王科员")
    with pytest.raises(AlreadyExists):
        accounts.add_account(ws, "clerk", "Another password")
    opened = Workspace.open(location_for(ws, "clerk"), "clerk", "Clerk password")
    assert opened.actor.display_name == "王科员"
    opened.close()


def test_recovery_key_can_be_replaced(tmp_path):
    ws, first = accounts.create_database(tmp_path / "r.db", "admin", PASSWORD)
    second = accounts.new_recovery_key(ws)
    ws.close()
    assert Workspace.open(tmp_path / "r.db", "admin", second).db.via_recovery
    with pytest.raises(WrongPassword):
        Workspace.open(tmp_path / "r.db", "admin", first)


def test_weak_passwords_and_bad_names_are_refused(tmp_path):
    with pytest.raises(FrontlineError, match="至少需要 8 个字符"):
        accounts.create_database(tmp_path / "w.db", "admin", "short")
    with pytest.raises(FrontlineError, match="用户名只能包含"):
        accounts.create_database(tmp_path / "w.db", "bad name!", PASSWORD)
    assert not (tmp_path / "w.db").exists()


def test_accounts_are_listed_linked_and_deactivated(ws: Workspace):
    from desktop.services.cadres import cadre_files

    me = cadre_files.save(ws, cadre_files.CadreFile(fields={"name": "王干事", "sex": "男", "birth": "1985.01"}))
    accounts.add_account(ws, "wang", "Wang password", display_name="王干事")
    accounts.link_cadre(ws, "wang", me)
    with ws.read("test.inspect") as s:
        rows = {r.username: r for r in accounts.listing(s)}
    assert (rows["wang"].cadre, rows["wang"].state) == ("王干事", "使用中")
    assert rows["admin"].role_label == "管理员（全部权限）"
    with pytest.raises(FrontlineError, match="不能停用当前登录的账户"):
        accounts.set_active(ws, "admin", False)
    accounts.set_active(ws, "wang", False)
    with pytest.raises(WrongPassword):  # its key slot is gone (tests/services/admin/test_deactivated_slots.py)
        Workspace.open(location_for(ws, "wang"), "wang", "Wang password")
