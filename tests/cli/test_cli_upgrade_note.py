"""The first start of a newer program on an older database: backed up, upgraded, and said."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.cli_runner import frontline
from tests.conftest import copy_sample, sample_password


def test_opening_an_older_database_says_it_was_backed_up_before_the_upgrade(tmp_path: Path):
    db = copy_sample("schema-0007.db", tmp_path)
    first = frontline("info", "--db", str(db), password=sample_password(db))
    assert first.returncode == 0, first.stderr
    said = re.search(r"数据库 schema-0007\.db 已从结构版本 0007 升级到 (\d{4})；升级前已备份为 (\S+?)（", first.stderr)
    assert said is not None, first.stderr
    assert f"结构版本：{said.group(1)}" in first.stdout
    backup = Path(said.group(2))
    assert backup.parent == tmp_path and backup.is_file() and Path(f"{backup}.keys").is_file()
    # The backup is the old database, opening with the same password (and upgraded in turn).
    again = frontline("info", "--db", str(backup), password=sample_password(db))
    assert again.returncode == 0 and "已从结构版本 0007 升级" in again.stderr
    # Once upgraded, nothing more to say.
    second = frontline("info", "--db", str(db), password=sample_password(db))
    assert second.returncode == 0 and "升级" not in second.stderr
