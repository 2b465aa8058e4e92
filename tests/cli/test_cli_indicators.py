"""`frontline indicators`, `values`, `rankings`, `ranking-note`, end to end on the hand-worked
indicator scenario (tests/services/indicators/indicator_scenario.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.conftest import PASSWORD
from tests.services.indicators.indicator_scenario import Scenario, build


@pytest.fixture
def built(empty_db: Path) -> tuple[Path, Scenario]:
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        sc = build(ws)
    finally:
        ws.close()
    return empty_db, sc


def _period(sc: Scenario, quarter: int = 1) -> list[str]:
    return ["--set", str(sc.set_id), "--year", "2026", "--quarter", str(quarter)]


def test_a_rule_set_from_json_refused_then_made_and_activated(empty_db: Path, tmp_path: Path):
    db = str(empty_db)
    spec = tmp_path / "指标.json"
    spec.write_text(json.dumps([{"name": "招商引资", "weight": 60, "rule": "target", "cap": 1.2},
                                {"name": "满意度", "weight": 30, "rule": "manual", "min": 60, "max": 100}],
                               ensure_ascii=False), encoding="utf-8")
    refused = frontline("indicators", "add-set", "--db", db, "--name", "重点任务指标", "--year", "2026",
                        "--subject", "unit", "--from-json", str(spec))
    assert_clean_failure(refused, 1, "各项指标权重合计应为 100，现为 90")
    assert len(refused.stderr.strip().splitlines()) == 1
    spec.write_text(json.dumps([{"name": "招商引资", "weight": 70, "rule": "按目标"},
                                {"name": "满意度", "weight": 30, "rule": "manual"}], ensure_ascii=False),
                    encoding="utf-8")
    made = frontline("indicators", "add-set", "--db", db, "--name", "重点任务指标", "--year", "2026",
                     "--subject", "unit", "--from-json", str(spec))
    assert made.returncode == 0, made.stderr
    assert "已创建指标体系“重点任务指标”（编号 1，2 项指标，草稿）" in made.stdout
    assert frontline("indicators", "activate", "--db", db, "1").returncode == 0
    listed = json.loads(frontline("indicators", "list", "--db", db, "--year", "2026", "--json").stdout)
    assert [(r["name"], r["version"], r["status"], r["weight_total"]) for r in listed] == [
        ("重点任务指标", 1, "active", 100.0)]
    shown = frontline("indicators", "show", "--db", db, "1")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == "重点任务指标（编号 1，2026年，第1版，单位，已启用，已录入 0 个数值）"
    assert shown.stdout.splitlines()[2].split() == ["1", "招商引资", "70", "按目标（封顶", "1）"]
    assert_clean_failure(frontline("indicators", "activate", "--db", db, "7"), 1, "指标体系 7 不存在")
    assert frontline("indicators", "list", "--db", db, "--year", "zz").returncode == 2


def test_rankings_printed_and_as_json(built: tuple[Path, Scenario]):
    db, sc = built
    shown = frontline("rankings", "--db", str(db), *_period(sc))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "重点任务指标（第1版）2026年第1季度 单位排名"
    assert lines[2].split() == ["1", "东区", "区", "110.00"]
    assert lines[4].split() == ["3", "南区", "区", "35.00", "1", "末位"]
    assert lines[6].split() == ["5", "市住建局", "政府部门", "0.00", "3"]  # 未报, not 末位
    assert "报送率：66.7%（10/15 项）" in shown.stdout
    assert "未报齐的单位（3 个）：" in shown.stdout
    assert "  市住建局：全部 3 项" in lines and "  南区：群众满意度" in lines
    grouped = frontline("rankings", "--db", str(db), *_period(sc), "--group")
    assert "政府部门" in grouped.stdout and "组内名次" in grouped.stdout
    data = json.loads(frontline("rankings", "--db", str(db), *_period(sc, 2), "--json").stdout)
    assert [(r["subject"], r["rank"], r["total"], r["bottom"], r["trend"]) for r in data["rows"][:2]] == [
        ("东区", 1, 50.0, False, [110.0, 50.0]), ("西区", 2, 25.0, False, [110.0, 25.0])]
    assert [(r["trend_ranks"], r["reported"]) for r in data["rows"][:2]] == [
        ([1, 1], [True, False, False]), ([1, 2], [True, False, False])]
    assert data["reporting"]["reported"] == 2 and data["quarters"] == ["2026年第1季度", "2026年第2季度"]


def test_values_set_template_import_and_export(built: tuple[Path, Scenario], tmp_path: Path):
    db, sc = built
    refused = frontline("values", "set", "--db", str(db), *_period(sc), "--unit", str(sc.e),
                        "--indicator", "群众满意度", "--value", "101")
    assert_clean_failure(refused, 1, "“群众满意度”为人工评分，应在 60 至 100 之间（现为 101）")
    done = frontline("values", "set", "--db", str(db), *_period(sc), "--unit", str(sc.e),
                     "--indicator", "群众满意度", "--value", "99")
    assert done.returncode == 0, done.stderr
    assert "单位 市住建局 的“群众满意度”：99" in done.stdout  # named, not numbered
    assert_clean_failure(frontline("values", "set", "--db", str(db), *_period(sc), "--unit", str(sc.e),
                                   "--indicator", "植树", "--value", "1"), 1, "中没有指标“植树”")
    template = tmp_path / "q1.xlsx"
    made = frontline("values", "template", "--db", str(db), *_period(sc), "--out", str(template))
    assert made.returncode == 0, made.stderr
    wb = load_workbook(template)
    sheet = wb["指标数据"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "市住建局")
    assert sheet.cell(row, 6).value == 99
    sheet.cell(row, 3).value, sheet.cell(row, 4).value = 80, "目标"
    wb.save(template)
    bad = frontline("values", "import", "--db", str(db), *_period(sc), str(template))
    assert_clean_failure(bad, 1, "有 1 处数据被拒绝，没有写入任何数据")
    assert f"拒绝 q1.xlsx 工作表“指标数据” 第{row}行，D列“招商引资·目标”，内容“目标”：应为数字" in bad.stdout
    sheet.cell(row, 4).value = 100
    wb.save(template)
    good = frontline("values", "import", "--db", str(db), *_period(sc), str(template))
    assert good.returncode == 0, good.stderr
    assert "已导入 5 行，1 个数值有变化" in good.stdout
    out = tmp_path / "排名.xlsx"
    exported = frontline("rankings", "export", "--db", str(db), *_period(sc), "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    overall = load_workbook(out)["总排名"]
    assert [c.value for c in overall[4]][:4] == [1, "东区", "区", 110]
    assert [c.value for c in overall[6]][:4] == [3, "市住建局", "政府部门", 59.5]  # 80/100 × 50 + 39/40 × 20
    assert_clean_failure(frontline("rankings", "export", "--db", str(db), *_period(sc)), 1, "缺少必需的参数：--out")


def test_a_ranking_note(built: tuple[Path, Scenario]):
    db, sc = built
    noted = frontline("ranking-note", "--db", str(db), *_period(sc), "--unit", str(sc.c),
                      "--explanation", "前期手续滞后", "--measures", "倒排工期")
    assert noted.returncode == 0, noted.stderr
    refused = frontline("ranking-note", "--db", str(db), *_period(sc), "--unit", str(sc.a),
                        "--explanation", "无", "--measures", "无")
    assert_clean_failure(refused, 1, "不在末位 3 名之列")
    both = frontline("ranking-note", "--db", str(db), *_period(sc), "--explanation", "无", "--measures", "无")
    assert_clean_failure(both, 1, "请用 --unit 编号（单位指标）或 --cadre 编号（领导干部指标）指定考核对象")
