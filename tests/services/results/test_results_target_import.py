"""The task-list import: the template's dropdowns, matching cadres and units, and the
all-or-nothing rule (one bad row imports nothing, every bad row is named)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desktop.errors import FrontlineError
from desktop.models.results import SOURCE_DEPARTMENTS
from desktop.services.cadres import cadre_files
from desktop.services.results import queries, target_import
from desktop.services.results.target_import import ImportRefused
from desktop.services.units import units
from desktop.services.workspace import Workspace
from tests.conftest import data_digest
from tests.services.assessment_helpers import cadre, campaign
from tests.services.results.task_files import fill_tasks

HEADERS = ["干部姓名", "身份证号", "责任单位", "任务内容", "指标", "目标值", "计量单位", "目标为上限", "完成时限",
           "硬性指标", "来源部门", "对应岗位职责"]


def _people(ws: Workspace) -> dict[str, int]:
    zhang = cadre(ws, "张三")
    li = cadre_files.save(ws, cadre_files.CadreFile(fields={"name": "李四", "sex": "女", "birth": "1949.12",
                                                            "citizen_id": "11010519491231002X"}))
    other_li = cadre(ws, "李四", birth="1975.06")
    city = units.create(ws, "海滨市人民政府", None)
    drc = units.create(ws, "市发展和改革局", city)
    return {"zhang": zhang, "li": li, "other_li": other_li, "drc": drc, "c": campaign(ws, zhang, li)}


def _fill(template: Path, rows: list[list[object]], out: Path) -> Path:
    assert [c.value for c in openpyxl.load_workbook(template)["任务清单"][1]] == HEADERS
    return fill_tasks(template, rows, out)


def test_the_template_offers_dropdowns(ws: Workspace, tmp_path: Path):
    path = tmp_path / "任务清单模板.xlsx"
    target_import.write_template(ws, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["填写说明", "任务清单"]
    sheet = wb["任务清单"]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists["J2"] == '"是,否"' and lists["H2"] == '"是,否"'  # 硬性指标, 目标为上限
    codes = wb["代码表"]
    columns = {codes.cell(1, c).value: [codes.cell(r, c).value for r in range(2, codes.max_row + 1)]
               for c in range(1, codes.max_column + 1)}
    assert [v for v in columns["results.source"] if v] == list(SOURCE_DEPARTMENTS)
    assert "亿元" in columns["results.measure"]
    assert "来源部门" in lists["K2"] or "代码表" in lists["K2"]
    # The example row left in is skipped, and a file of nothing else is refused.
    with pytest.raises(FrontlineError, match="只有模板的示例行"):
        target_import.preview(ws, path, None)


def test_a_good_file_adds_every_line_matched_to_cadres_and_units(ws: Workspace, tmp_path: Path):
    ids = _people(ws)
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    good = _fill(template, [
        ["张三", None, None, "固定资产投资", "投资额", 100, "亿元", None, "2026.12.31", "是", "发改", "分管经济工作"],
        ["李四", "11010519491231002X", None, "新增规上企业", None, "12", "家", "否", dt.datetime(2026, 9, 30), "否",
         "工信", None],
        [None, None, "海滨市发展和改革局", "安全生产事故起数", None, 2, "起", "是", "2026-12-31", "是", "应急管理",
         None],
        [None, None, "市发展和改革局", "完成营商环境评估", None, None, None, None, None, None, "省发改委", None],
    ], tmp_path / "任务清单.xlsx")
    plan = target_import.preview(ws, good, ids["c"])
    assert plan.rejects == [] and len(plan.lines) == 4
    assert target_import.commit(ws, plan) == 4
    rows = queries.targets(ws, campaign_id=ids["c"])
    assert [(r.subject, r.duty, r.target_value, r.measure, r.deadline, r.hard, r.lower_is_better,
             r.source_department, r.seq) for r in rows] == [
        ("张三", "固定资产投资", 100.0, "亿元", dt.date(2026, 12, 31), True, False, "发改", 1),
        ("李四", "新增规上企业", 12.0, "家", dt.date(2026, 9, 30), False, False, "工信", 2),
        ("市发展和改革局", "安全生产事故起数", 2.0, "起", dt.date(2026, 12, 31), True, True, "应急管理", 3),
        ("市发展和改革局", "完成营商环境评估", None, "", None, False, False, "省发改委", 4),
    ]
    assert rows[1].cadre_id == ids["li"] and rows[2].unit_id == ids["drc"]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(ws: Workspace, tmp_path: Path):
    ids = _people(ws)
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    bad = _fill(template, [
        ["张三", None, None, "固定资产投资", None, 100, "亿元", None, "2026.12.31", "是", "发改", None],  # good
        ["李四", None, None, "新增规上企业", None, -3, "家", None, "2026.12", "是", "工信", None],
        ["张三", None, "海滨市发展和改革局", "  ", None, "很多", None, None, None, "也许", None, None],
        [None, None, "海滨市不存在局", "招商引资", None, 5, "亿元", None, None, None, None, None],
        ["王五", None, None, "招商引资", None, 5, "亿元", None, None, None, None, None],
        [None, None, None, "没有责任对象的任务", None, None, None, None, None, None, None, None],
        ["张三", "11010519491231002X", None, "招商引资", None, 5, "亿元", None, None, None, None, None],
    ], tmp_path / "有错的任务清单.xlsx")
    before = data_digest(ws)
    plan = target_import.preview(ws, bad, ids["c"])
    assert len(plan.lines) == 1 and plan.bad_rows == 6
    said = {(r.where.row, r.column, r.reason) for r in plan.rejects}
    assert (3, "A列“干部姓名”", "数据库中有 2 名干部叫“李四”，请填写身份证号或出生年月以区分") in said
    assert (3, "F列“目标值”", "不能为负数（填写的是 -3）") in said
    assert (3, "I列“完成时限”", "完成时限须精确到日，如 2026.12.31") in said
    assert (4, "C列“责任单位”", "“干部姓名”和“责任单位”只填一个：一条任务只属于一名干部或一个单位") in said
    assert (4, "D列“任务内容”", "必填") in said
    assert (4, "F列“目标值”", "应为数字，而不是“很多”") in said
    assert any(r.where.row == 4 and r.column == "J列“硬性指标”" for r in plan.rejects)
    assert (5, "C列“责任单位”", "数据库中找不到这个单位，或有几个单位都可能是它：请写单位全称") in said
    assert (6, "A列“干部姓名”", "数据库中没有这名干部（请核对姓名、身份证号）") in said
    assert (7, "", "请填写“干部姓名”或“责任单位”：每条任务都要有责任对象") in said
    assert (8, "B列“身份证号”", "此身份证号是李四的，与所填姓名“张三”不符") in said
    with pytest.raises(ImportRefused, match=r"有 6 行不能导入（\d+ 处问题），没有导入任何任务") as refused:
        target_import.import_file(ws, bad, ids["c"])
    assert {r.where.row for r in refused.value.rejects} == {3, 4, 5, 6, 7, 8}
    assert data_digest(ws) == before and queries.targets(ws) == []


def test_a_closed_or_missing_campaign_is_refused_before_the_file_is_read(ws: Workspace, tmp_path: Path):
    from desktop.services.campaigns import campaigns

    ids = _people(ws)
    with pytest.raises(FrontlineError, match="考核活动 999 不存在"):
        target_import.preview(ws, tmp_path / "没有.xlsx", 999)
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    good = _fill(template, [["张三", None, None, "固定资产投资", None, 100, "亿元", None, None, None, None, None]],
                 tmp_path / "任务清单.xlsx")
    plan = target_import.preview(ws, good, ids["c"])
    campaigns.close(ws, ids["c"])  # between the preview and the commit
    with pytest.raises(FrontlineError, match="已结束，记录已冻结"):
        target_import.commit(ws, plan)
    assert queries.targets(ws) == []
    with pytest.raises(FrontlineError, match="已结束，记录已冻结"):
        target_import.preview(ws, tmp_path / "没有.xlsx", ids["c"])
