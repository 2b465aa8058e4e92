"""The command line says when the audit chain does not match this PC's anchor, and refuses
to write (reading goes on: the clerk may need the data to recover)."""

import shutil
from pathlib import Path

from tests.cli.test_cli import assert_clean_failure, frontline


def test_a_rolled_back_database_warns_on_every_open_and_refuses_writes(demo_db: Path, tmp_path: Path):
    older = tmp_path / "older.db"
    shutil.copyfile(demo_db, older)
    assert frontline("backup", "--db", str(demo_db), "--out", str(tmp_path / "b.db")).returncode == 0
    shutil.copyfile(older, demo_db)  # an older copy put back in place

    info = frontline("info", "--db", str(demo_db))
    assert info.returncode == 0
    assert "警告：审计链异常" in info.stderr and "旧副本" in info.stderr
    refused = frontline("backup", "--db", str(demo_db), "--out", str(tmp_path / "c.db"))
    assert_clean_failure(refused, 1, "拒绝写入")
    assert not (tmp_path / "c.db").exists()
    checked = frontline("verify", "--db", str(demo_db))
    assert checked.returncode == 1 and "[失败] 审计链" in checked.stdout
