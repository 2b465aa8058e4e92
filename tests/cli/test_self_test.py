"""`frontline self-test`: what a clerk (or the packaging test) runs after installing."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import selftest
from tests.cli.cli_runner import frontline


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_self_test_passes_every_check_and_leaves_the_users_folders_alone(qapp, frontline_home: Path):
    before = _files(frontline_home)
    result = frontline("self-test", password=None)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name, _ in selftest.CHECKS:
        assert any(line.startswith(f"[通过] {name}：") for line in lines), result.stdout
    assert "干部任免审批表" in result.stdout and "花名册 1 人" in result.stdout
    assert lines[-1] == "自检通过：本机可以正常使用一线考核"
    # The temporary database, its audit anchor and the window's settings lived elsewhere.
    assert _files(frontline_home) == before


def test_a_failed_check_is_named_and_the_ones_that_depend_on_it_say_why(qapp, monkeypatch: pytest.MonkeyPatch):
    def no_database(run: selftest.Run) -> str:
        raise selftest.CheckFailed("磁盘已满")

    monkeypatch.setattr(selftest, "CHECKS", tuple((name, no_database if name == "新建加密数据库" else check)
                                                  for name, check in selftest.CHECKS))
    result = frontline("self-test", password=None)
    assert result.returncode == 1
    assert "[通过] 程序资源：" in result.stdout
    assert "[失败] 新建加密数据库：磁盘已满" in result.stdout
    assert "[失败] 添加干部：数据库没有创建成功，无法继续" in result.stdout
    assert "[失败] 打开窗口：数据库没有创建成功，无法继续" in result.stdout
    failed = "新建加密数据库、添加干部、生成 PDF 报表、批量生成报表、导出 Excel 花名册、打开窗口"
    assert result.stderr.strip().endswith(f"自检未通过（{failed}）")
    assert "Traceback" not in result.stdout + result.stderr
