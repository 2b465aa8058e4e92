"""The values template and its import (errors per row, all or nothing), and the rankings export:
the cells a clerk sees, and the audit entries of the files written out."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.interchange.errors import FileRefused
from desktop.models import AuditEntry
from desktop.services.indicators import queries, rule_sets, workbooks
from desktop.services.workspace import Workspace
from tests.conftest import data_digest
from tests.services.indicators.indicator_scenario import Scenario, build


@pytest.fixture
def sc(ws: Workspace) -> Scenario:
    return build(ws)


def _sheet_values(path: Path, name: str) -> list[list[object]]:
    wb = load_workbook(path)
    try:
        return [list(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


def _audit(ws: Workspace, action: str, entity: str = "export") -> list[dict[str, object]]:
    with ws.read("test.inspect") as s:
        return [e.after for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action,
                                                                    AuditEntry.entity == entity))]


def test_the_template_has_a_row_per_unit_and_the_values_recorded(ws: Workspace, sc: Scenario, tmp_path: Path):
    out = tmp_path / "模板.xlsx"
    assert workbooks.write_template(ws, sc.set_id, 2026, 1, out) == 5
    rows = _sheet_values(out, "指标数据")
    assert rows[0] == ["编号", "单位", "招商引资", "招商引资·目标", "项目开工", "群众满意度"]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["东区"] == [sc.a, "东区", 120, 100, 10, 100]
    assert by_name["市住建局"] == [sc.e, "市住建局", None, None, None, None]
    notes = [r[0] for r in _sheet_values(out, "填写说明") if r[0]]
    assert "群众满意度：权重 20，人工评分，60 至 100 分" in notes
    [entry] = _audit(ws, "export.template.indicators")
    assert entry["records"] == 5 and entry["files"][0]["file"] == str(out)  # type: ignore[index]


def _fill(path: Path, edits: dict[tuple[int, int], object]) -> None:
    wb = load_workbook(path)
    ws = wb["指标数据"]
    for (row, col), value in edits.items():
        ws.cell(row, col).value = value
    wb.save(path)


def _row_of(path: Path, name: str) -> int:
    return next(i for i, r in enumerate(_sheet_values(path, "指标数据"), start=1) if r[1] == name)


def test_an_import_with_one_bad_row_writes_nothing(ws: Workspace, sc: Scenario, tmp_path: Path):
    path = tmp_path / "q3.xlsx"
    workbooks.write_template(ws, sc.set_id, 2026, 3, path)
    a, c, e = _row_of(path, "东区"), _row_of(path, "南区"), _row_of(path, "市住建局")
    _fill(path, {(a, 3): 90, (a, 4): 100, (a, 5): 7, (a, 6): 95,
                 (c, 3): "一百", (c, 6): 120,
                 (e, 4): 0, (e, 5): "1,5"})
    before = data_digest(ws)
    plan = workbooks.preview(ws, sc.set_id, 2026, 3, path)
    got = sorted((r.where.row, r.column, r.value, r.reason) for r in plan.rejects)
    assert got == sorted([
        (c, "C列“招商引资”", "一百", "应为数字（不要带单位或文字）"),
        (c, "F列“群众满意度”", "120", "“群众满意度”为人工评分，应在 60 至 100 之间（现为 120）"),
        (e, "D列“招商引资·目标”", "0", "“招商引资”的目标值应大于 0（现为 0）"),
    ])
    with pytest.raises(FrontlineError, match="有 3 处数据被拒绝"):
        workbooks.commit(ws, plan)
    assert data_digest(ws) == before
    _fill(path, {(c, 3): 100, (c, 6): 80, (e, 4): 10})
    plan = workbooks.preview(ws, sc.set_id, 2026, 3, path)
    assert plan.rejects == [] and plan.rows == 3
    assert workbooks.commit(ws, plan) == 7
    grid = {r.subject: r for r in queries.value_grid(ws, sc.set_id, 2026, 3).rows}
    assert grid["东区"].values == (90, 7, 95) and grid["东区"].targets == (100, None, None)
    assert grid["市住建局"].values == (None, 15, None) and grid["市住建局"].targets == (10, None, None)
    [entry] = _audit(ws, "indicator_value.record", "import")
    assert entry["source"] == "q3.xlsx" and entry["values"] == 7


def test_rows_are_matched_by_number_and_checked(ws: Workspace, sc: Scenario, tmp_path: Path):
    path = tmp_path / "q1.xlsx"
    workbooks.write_template(ws, sc.set_id, 2026, 1, path)
    a, c = _row_of(path, "东区"), _row_of(path, "南区")
    last = len(_sheet_values(path, "指标数据")) + 1
    _fill(path, {(a, 2): "西区", (last, 1): 999, (last, 2): "北区", (last, 5): 3,
                 (last + 1, 1): sc.c, (last + 1, 5): 4})
    plan = workbooks.preview(ws, sc.set_id, 2026, 1, path)
    got = [(r.where.row, r.column, r.reason) for r in plan.rejects]
    assert got == [(a, "B列“单位”", f"编号 {sc.a} 是“东区”，与表中的名称不符"),
                   (last, "A列“编号”", "编号为 999 的单位不存在"),
                   (last + 1, "", f"与第{c}行是同一个单位")]


def test_a_template_of_another_quarter_or_an_unknown_column_is_refused(ws: Workspace, sc: Scenario,
                                                                      tmp_path: Path):
    path = tmp_path / "q1.xlsx"
    workbooks.write_template(ws, sc.set_id, 2026, 1, path)
    with pytest.raises(FileRefused, match="是为另一个指标体系或季度生成的模板（指标体系 1，2026年第1季度），"
                                          "不能导入“重点任务指标”2026年第2季度"):
        workbooks.preview(ws, sc.set_id, 2026, 2, path)
    _fill(path, {(1, 5): "项目竣工"})
    plan = workbooks.preview(ws, sc.set_id, 2026, 1, path)
    assert [(r.column, r.reason) for r in plan.rejects] == [
        ("E列“项目竣工”", "“项目竣工”不是“重点任务指标”第1版的指标")]
    rule_sets.retire(ws, sc.set_id)
    with pytest.raises(FrontlineError, match="已停用，不能再录入数据"):
        workbooks.write_template(ws, sc.set_id, 2026, 1, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_the_rankings_export(ws: Workspace, sc: Scenario, tmp_path: Path):
    out = tmp_path / "排名.xlsx"
    assert workbooks.export_rankings(ws, sc.set_id, 2026, 2, out) == 5
    wb = load_workbook(out)
    assert wb.sheetnames == ["总排名", "区", "政府部门", "未报情况"]
    wb.close()
    overall = _sheet_values(out, "总排名")
    assert overall[0][0] == "重点任务指标 2026年第2季度 总排名"
    assert overall[2] == ["名次", "单位", "类别", "总分", "招商引资（50）", "项目开工（30）", "群众满意度（20）",
                          "未报项数", "末位", "2026年第1季度", "2026年第2季度"]
    # An indicator not reported says so rather than scoring 0 on paper.
    assert overall[3] == [1, "东区", "区", 50, 50, "未报", "未报", 2, None, 110, 50]
    assert overall[5] == [3, "南区", "区", 0, "未报", "未报", "未报", 3, None, 35, None]
    group = _sheet_values(out, "政府部门")
    assert group[2][:3] == ["名次", "组内名次", "单位"]
    assert [r[:3] for r in group[3:]] == [[3, 1, "市发展改革委"], [3, 1, "市住建局"]]
    lacking = _sheet_values(out, "未报情况")
    assert ["市住建局", "招商引资、项目开工、群众满意度"] in lacking
    [entry] = _audit(ws, "export.rankings")
    assert entry["records"] == 5 and entry["set_id"] == sc.set_id


def test_a_file_that_is_not_a_values_sheet_is_refused(ws: Workspace, sc: Scenario, tmp_path: Path):
    text = tmp_path / "数值.xlsx"
    text.write_text("不是表格", encoding="utf-8")
    with pytest.raises(FileRefused, match=r"数值\.xlsx 不是 Excel 工作簿"):
        workbooks.preview(ws, sc.set_id, 2026, 1, text)
    other = tmp_path / "别的.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "性别"])
    wb.save(other)
    with pytest.raises(FileRefused, match=r"别的\.xlsx 中没有“指标数据”工作表"):
        workbooks.preview(ws, sc.set_id, 2026, 1, other)
