"""`frontline report-file`: a district reports by file, the city registers it and receives."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.cli_runner import frontline

REPORT = {"FRONTLINE_REPORT_PASSWORD": "district-2026"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return frontline(*args, env=REPORT)


def test_a_district_reports_and_the_city_registers_and_receives(demo_db: Path, empty_db: Path, tmp_path: Path):
    out = tmp_path / "集贤区-2025.flrpt"
    key = run("report-file", "key", "--db", str(demo_db))
    assert key.returncode == 0, key.stderr
    fingerprint = key.stdout.split("：", 1)[1].strip()
    exported = run("report-file", "export", "--db", str(demo_db), "--unit", "集贤区", "--years", "2025",
                   "--kinds", "files,annual", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert f"已生成上报文件 {out}：集贤区，2025年，16 名干部" in exported.stdout
    assert f"签名指纹：{fingerprint}" in exported.stdout

    # The city first refuses the file: nobody registered the district.
    refused = run("report-file", "import", str(out), "--db", str(empty_db))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"未登记的报送单位“集贤区”（签名指纹 {fingerprint}）" in refused.stderr
    shown = run("report-file", "trust", str(out), "--db", str(empty_db))
    assert shown.returncode == 1 and f"签名指纹 {fingerprint}" in shown.stdout and "--fingerprint" in shown.stderr
    wrong = run("report-file", "trust", str(out), "--db", str(empty_db), "--fingerprint", "1234 5678")
    assert wrong.returncode == 1 and "输入的指纹与文件中的签名密钥不符" in wrong.stderr
    typed = fingerprint.replace(" ", "").lower()  # read out on the phone, typed without spaces
    trusted = run("report-file", "trust", str(out), "--db", str(empty_db), "--fingerprint", typed)
    assert trusted.returncode == 0 and "已登记报送单位“集贤区”" in trusted.stdout
    listed = json.loads(run("report-file", "districts", "--db", str(empty_db), "--json").stdout)
    assert [(d["name"], d["fingerprint"]) for d in listed] == [("集贤区", fingerprint)]

    dry = run("report-file", "import", str(out), "--db", str(empty_db), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "上报文件：集贤区，2025年，干部档案、年度考核结果" in dry.stdout and "试运行" in dry.stdout
    assert "新增 " in dry.stdout and "干部档案：" in dry.stdout
    assert json.loads(run("info", "--db", str(empty_db), "--json").stdout)["counts"]["cadres"] == 0

    real = run("report-file", "import", str(out), "--db", str(empty_db))
    assert real.returncode == 0, real.stderr
    assert "已接收“集贤区”的上报文件：新增" in real.stdout
    counts = json.loads(run("info", "--db", str(empty_db), "--json").stdout)["counts"]
    assert counts["cadres"] == 16 and counts["annual_results"] > 0
    names = run("list", "--db", str(empty_db), "--json")
    assert len(json.loads(names.stdout)) == 16

    wrong_command = run("import", str(out), "--db", str(empty_db))
    assert wrong_command.returncode == 1
    assert "是上报文件：请用 frontline report-file import 接收" in wrong_command.stderr
    again = run("report-file", "import", str(out), "--db", str(empty_db))
    assert again.returncode == 0 and "没有需要导入的变化" in again.stdout

    damaged = tmp_path / "改过.flrpt"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    tampered = run("report-file", "import", str(damaged), "--db", str(empty_db))
    assert tampered.returncode == 1
    assert tampered.stderr.strip().endswith(
        "在报送之后被改动过或已损坏（签名不符），没有导入任何数据。请报送单位重新导出")

    bad_years = run("report-file", "export", "--db", str(demo_db), "--years", "去年", "--out", str(tmp_path / "x"))
    assert bad_years.returncode == 1 and "如 2025 或 2024-2026" in bad_years.stderr


def test_the_city_chooses_where_the_district_units_go_with_under(demo_db: Path, empty_db: Path, tmp_path: Path):
    from sqlalchemy import select

    from desktop.models import Unit
    from desktop.services.units import units
    from desktop.services.workspace import Workspace
    from tests.conftest import PASSWORD

    city = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        top = units.create(city, "海滨市", None)
        units.create(city, "办公室", units.create(city, "市委", top))
        units.create(city, "办公室", units.create(city, "各区县", top))
    finally:
        city.close()
    out = tmp_path / "集贤区.flrpt"
    assert run("report-file", "export", "--db", str(demo_db), "--unit", "集贤区", "--years", "2025",
               "--kinds", "files", "--out", str(out)).returncode == 0
    fingerprint = run("report-file", "key", "--db", str(demo_db)).stdout.split("：", 1)[1].strip()
    assert run("report-file", "trust", str(out), "--db", str(empty_db), "--fingerprint", fingerprint).returncode == 0

    dry = run("report-file", "import", str(out), "--db", str(empty_db), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert ("说明：上报文件中本级没有的顶层单位（集贤区）将作为本级单位树的顶层单位，与“海滨市”并列"
            "（本级没有与报送单位“集贤区”名称相符的单位，也没有上次的选择）") in dry.stdout
    for bad, said in (("区县", "本级没有名称、代码或路径为“区县”的单位，没有导入任何数据"),
                      ("办公室", "本级有 2 个单位与“办公室”相符：“海滨市 / 市委 / 办公室”、“海滨市 / 各区县 / 办公室”，"
                                 "没有导入任何数据。请写出完整路径或机构代码")):
        refused = run("report-file", "import", str(out), "--db", str(empty_db), "--under", bad)
        assert refused.returncode == 1 and said in refused.stderr and "Traceback" not in refused.stderr
    assert json.loads(run("info", "--db", str(empty_db), "--json").stdout)["counts"]["cadres"] == 0

    real = run("report-file", "import", str(out), "--db", str(empty_db), "--under", "各区县")
    assert real.returncode == 0, real.stderr
    assert "说明：上报文件中本级没有的顶层单位（集贤区）将放在“海滨市 / 各区县”之下" in real.stdout
    assert "已接收“集贤区”的上报文件：新增" in real.stdout
    city = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        with city.read("test.inspect") as s:
            assert list(s.scalars(select(Unit.name).where(Unit.parent_id.is_(None)))) == ["海滨市"]
            parent = s.scalar(select(Unit.parent_id).where(Unit.name == "集贤区"))
            assert s.scalar(select(Unit.name).where(Unit.id == parent)) == "各区县"
    finally:
        city.close()
    again = run("report-file", "import", str(out), "--db", str(empty_db), "--top-level")
    assert again.returncode == 0 and "没有需要导入的变化" in again.stdout
