"""The real program as a subprocess, as a user or a script runs it."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store import migrate
from tests.conftest import PASSWORD


def frontline(*args: str, password: str | None = PASSWORD, env: dict[str, str] | None = None,
              stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    environment.pop("FRONTLINE_PASSWORD", None)
    if password is not None:
        environment["FRONTLINE_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          env=environment, input=stdin, timeout=120)


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_init_prints_the_recovery_key_once_and_it_opens_the_database(tmp_path: Path):
    db = tmp_path / "new.db"
    result = frontline("init", "--db", str(db), "--user", "chief")
    assert result.returncode == 0, result.stderr
    code = next(line.split("：", 1)[1] for line in result.stdout.splitlines() if line.startswith("恢复密钥"))
    opened = frontline("info", "--db", str(db), "--user", "chief", "--json", password=code)
    assert opened.returncode == 0, opened.stderr


def test_demo_info_list_verify(tmp_path: Path):
    db = tmp_path / "x.db"
    made = frontline("demo", "--db", str(db), "--cadres", "60", "--seed", "2")
    assert made.returncode == 0, made.stderr
    assert "60 名干部" in made.stdout

    info = json.loads(frontline("info", "--db", str(db), "--json").stdout)
    assert info["counts"]["cadres"] == 60 and info["counts"]["units"] > 0
    assert info["schema_version"] == migrate.HEAD
    assert info["sqlcipher_version"].startswith("4.")

    listed = json.loads(frontline("list", "--db", str(db), "--json").stdout)
    assert len(listed) == 60
    assert set(listed[0]) == {"id", "name", "sex", "birth", "unit", "post"}
    someone = listed[7]
    from desktop.models.search_keys import name_keys

    initials = name_keys(someone["name"])[1].split()[0]
    found = json.loads(frontline("list", "--db", str(db), "--json", "--search", initials).stdout)
    assert someone["id"] in [row["id"] for row in found]

    checked = frontline("verify", "--db", str(db))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "[通过] 审计链" in checked.stdout

    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()


def test_wrong_password_is_a_clear_refusal(tmp_path: Path, empty_db: Path):
    result = frontline("info", "--db", str(empty_db), password="not the password")
    assert_clean_failure(result, 1, "用户名或密码错误")


def test_password_from_a_file(tmp_path: Path, empty_db: Path):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    result = frontline("info", "--db", str(empty_db), "--password-file", str(secret), password=None)
    assert result.returncode == 0, result.stderr


def test_no_password_and_no_terminal(empty_db: Path):
    result = frontline("info", "--db", str(empty_db), password=None, stdin="")
    assert_clean_failure(result, 1, "需要密码")


def test_usage_errors_exit_2_in_chinese(tmp_path: Path):
    result = frontline("info")
    assert_clean_failure(result, 2, "缺少必需的参数：--db")
    result = frontline("demo", "--db", str(tmp_path / "y.db"), "--cadres", "many")
    assert_clean_failure(result, 2, "无效的值")


def test_missing_and_damaged_files(tmp_path: Path, empty_db: Path):
    assert_clean_failure(frontline("info", "--db", str(tmp_path / "nope.db")), 1, "找不到数据库文件")
    Path(f"{empty_db}.keys").write_text("garbage")
    assert_clean_failure(frontline("info", "--db", str(empty_db)), 1, "已损坏")


def test_verify_fails_on_a_damaged_page(demo_db: Path):
    data = bytearray(demo_db.read_bytes())
    data[len(data) // 2] ^= 0x55
    demo_db.write_bytes(bytes(data))
    result = frontline("verify", "--db", str(demo_db))
    assert result.returncode == 1
    assert "[失败] SQLCipher 页面认证" in result.stdout
    assert "Traceback" not in result.stderr
    assert "ERROR CORE" not in result.stderr  # SQLCipher's own log goes to the log folder


def test_a_page_damaged_after_opening_is_a_refusal_not_a_crash(demo_db: Path):
    # Pages far from the schema are read only by the query that needs them: the damage
    # shows mid-query, after the database opened fine.
    data = bytearray(demo_db.read_bytes())
    # From a sixth of the file on (past the schema, the accounts and the database meta), one
    # byte in every third page: the roster's pages are among them whatever else the demo holds.
    for offset in range(len(data) // 6, len(data), 4096 * 3):
        data[offset] ^= 0x55
    demo_db.write_bytes(bytes(data))
    result = frontline("list", "--db", str(demo_db))
    assert_clean_failure(result, 1, "已损坏")
    assert "内部错误" not in result.stderr and "ERROR CORE" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_passwd_changes_the_password(tmp_path: Path, empty_db: Path):
    new = tmp_path / "new.txt"
    new.write_text("A much better password", encoding="utf-8")
    changed = frontline("passwd", "--db", str(empty_db), "--new-password-file", str(new))
    assert changed.returncode == 0, changed.stderr
    assert_clean_failure(frontline("info", "--db", str(empty_db)), 1, "用户名或密码错误")
    assert frontline("info", "--db", str(empty_db), password="A much better password").returncode == 0


def test_demo_into_an_existing_file_is_refused(empty_db: Path):
    before = empty_db.read_bytes()
    assert_clean_failure(frontline("demo", "--db", str(empty_db), "--cadres", "5"), 1, "已存在")
    assert empty_db.read_bytes() == before
