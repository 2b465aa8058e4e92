"""The command line meets the login lock like the window: five wrong passwords, then a
one-line refusal (exit 1) at once instead of a ten-minute wait."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.store.keyslots import slots_path
from tests.cli.test_cli import assert_clean_failure, frontline
from tests.conftest import PASSWORD


def test_five_wrong_passwords_lock_the_database_for_the_command_line(empty_db: Path):
    for _ in range(5):
        assert_clean_failure(frontline("info", "--db", str(empty_db), password="Wrong-pass1"), 1, "用户名或密码错误")
    locked = frontline("info", "--db", str(empty_db), password=PASSWORD)
    assert_clean_failure(locked, 1, "连续 5 次登录失败，数据库已锁定：请在 ")
    assert "10 分 0 秒后重试" in locked.stderr or "9 分 5" in locked.stderr  # the lock began a moment ago
    assert len(locked.stderr.strip().splitlines()) == 1
    record = json.loads(slots_path(empty_db).read_text())["logins"]
    assert record["failures"] == 5 and record["locked_until"] > 0
