"""Refusals say what is wrong with what the clerk gave, in the clerk's terms."""

from pathlib import Path

from tests.cli.test_cli import assert_clean_failure, frontline
from tests.ui.admin.backup_helpers import mounted


def test_a_device_is_no_database(tmp_path: Path):
    assert_clean_failure(frontline("info", "--db", "/dev/zero"), 1, "不是数据库文件")
    assert not Path("/dev/zero.lock").exists()


def test_creating_in_a_read_only_folder_says_so(tmp_path: Path):
    with mounted(tmp_path / "ro", read_only=True) as folder:
        result = frontline("init", "--db", str(folder / "x.db"))
        assert_clean_failure(result, 1, "不能在这里创建数据库")
