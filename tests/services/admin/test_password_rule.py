"""等保 password complexity: 8 characters and three of four kinds, checked when a password is
set (create, add, change, reactivate), never at login."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.errors import FrontlineError
from desktop.services.admin import accounts
from desktop.services.workspace import Workspace
from desktop.store.keyslots import KeySlots, slots_path
from tests.cli.test_cli import assert_clean_failure, frontline
from tests.conftest import PASSWORD, SAMPLE_PASSWORD

DATA = Path(__file__).parent.parent.parent / "data"


@pytest.mark.parametrize("password, message", [
    ("abcdefgh", "还缺少大写字母、数字、符号中的 2 类"),
    ("abcd1234", "还缺少大写字母、符号中的 1 类"),
    ("ABCDEFG!", "还缺少小写字母、数字中的 1 类"),
    ("Ab1!", "密码至少需要 8 个字符（现在 4 个）"),
    ("ab1", "密码至少需要 8 个字符，须包含大写字母、小写字母、数字、符号中的至少三类：还缺少大写字母、符号中的 1 类"),
])
def test_what_is_missing_is_named(password: str, message: str):
    assert message in accounts.password_problem(password)


@pytest.mark.parametrize("password", ["Secret-123", "abcd-1234", "ABCD1234e", "组织部abc123", "Abcdefgh1"])
def test_three_kinds_are_enough(password: str):
    assert accounts.password_problem(password) == ""


# Compares the key file's bytes: a file's own (the server's accounts are its roles).
@pytest.mark.file_only
def test_weak_passwords_are_refused_when_set_and_nothing_changes(ws: Workspace, tmp_path: Path):
    with pytest.raises(FrontlineError, match="还缺少"):
        accounts.create_database(tmp_path / "w.db", "admin", "password")
    assert not (tmp_path / "w.db").exists() and not slots_path(tmp_path / "w.db").exists()
    before = slots_path(ws.db.path).read_bytes()
    with pytest.raises(FrontlineError, match="还缺少大写字母、数字、符号中的 2 类"):
        accounts.add_account(ws, "wang", "wangwangwang")
    with pytest.raises(FrontlineError, match="还缺少"):
        accounts.change_password(ws, "admin", "12345678")
    assert slots_path(ws.db.path).read_bytes() == before
    assert KeySlots.load(ws.db.path).usernames() == ["admin"]


def test_a_database_with_an_older_weak_password_still_opens(tmp_path: Path):
    db = tmp_path / "old.db"
    shutil.copy2(DATA / "schema-0005.db", db)
    shutil.copy2(DATA / "schema-0005.db.keys", slots_path(db))
    assert accounts.password_problem(SAMPLE_PASSWORD)  # weaker than today's rule
    opened = Workspace.open(db, "admin", SAMPLE_PASSWORD)
    assert opened.actor.username == "admin"
    opened.close()


def test_the_command_line_refuses_a_weak_new_password(empty_db: Path):
    refused = frontline("account-add", "--db", str(empty_db), "--name", "wang",
                        env={"FRONTLINE_NEW_PASSWORD": "wangwang1"})
    assert_clean_failure(refused, 1, "还缺少大写字母、符号中的 1 类")
    assert KeySlots.load(empty_db).usernames() == ["admin"]
    assert frontline("info", "--db", str(empty_db), password=PASSWORD).returncode == 0
