"""`frontline report-fonts`: which font serves which role on this PC, and what stands in."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_runner import frontline


def test_report_fonts_names_each_roles_font_where_it_comes_from_and_its_stand_ins(empty_db: Path):
    result = frontline("report-fonts", "--db", str(empty_db))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("：", 1)[0] for line in lines[:5]] == ["仿宋", "宋体", "黑体", "楷体", "小标宋"]
    for line in lines[:5]:
        assert any(f"，{source}，" in line for source in ("系统", "设置的文件夹", "开源字体")), line
    # A role without a font of its own family says so, and what stands in for it.
    for line in lines[:5]:
        if "（代用" in line:
            role = line.split("：", 1)[0]
            assert any(note.startswith(f"未找到{role}字体，以") for note in lines[5:]), result.stdout
