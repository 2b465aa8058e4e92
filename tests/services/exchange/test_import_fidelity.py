"""Spreadsheets as clerks make them: typed in LibreOffice Calc (tests/office.py), the import
template filled in and saved there, and rows with several things wrong at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl import Workbook

from desktop.models import Cadre, idcard
from desktop.models.dates import PartialDate
from desktop.services.cadres import cadre_files
from desktop.services.exchange import imports
from desktop.services.workspace import Workspace
from tests.office import rows

ROSTER = ["姓名", "性别", "出生年月", "参加工作时间", "任现职时间", "单位", "职务"]


def _stored(ws: Workspace) -> dict[str, Cadre]:
    with ws.read("test.inspect") as s:
        return {c.name: cadre_files.load(s, c.id) for c in s.query(Cadre)}


def test_a_roster_typed_in_libreoffice_stores_months_as_typed(office, ws: Workspace, tmp_path: Path):
    path = office.type_workbook(tmp_path / "花名册.xlsx", rows([
        ROSTER,
        ["王明", "男", "1975.10", "1997.10", "2008.10", "海滨市财政局", "局长"],
        ["李红", "女", "1980.01", "2002.01", "2008.01", "海滨市统计局", "副局长"],
        ["赵强", "男", "1978.12", "2000.12", "2008.12", "海滨市审计局", "局长"],
    ]))
    typed = openpyxl.load_workbook(path).active
    assert (typed["C2"].value, typed["E2"].data_type) == (1975.1, "n")  # Calc kept 1975.10 as the number 1975.1
    plan = imports.preview(ws, path)
    assert (len(plan.adds), plan.rejects) == (3, [])
    [wang] = [detail for _a, name, _w, detail in plan.preview_rows() if name == "王明"]
    assert "C列“出生年月”：单元格中的数字 1975.1 按 1975.10 读取" in wang  # the preview says which reading
    assert "E列“任现职时间”：单元格中的数字 2008.1 按 2008.10 读取" in wang
    imports.commit(ws, plan)
    stored = _stored(ws)
    assert (stored["王明"].birth, stored["王明"].work_started, stored["王明"].posts[0].start) == (
        PartialDate(1975, 10), PartialDate(1997, 10), PartialDate(2008, 10))
    assert (stored["李红"].birth, stored["李红"].posts[0].start) == (PartialDate(1980, 1), PartialDate(2008, 1))
    assert (stored["赵强"].birth, stored["赵强"].posts[0].start) == (PartialDate(1978, 12), PartialDate(2008, 12))


def test_numbers_that_are_no_month_are_rejected_with_row_column_and_reason(office, ws: Workspace, tmp_path: Path):
    path = office.type_workbook(tmp_path / "r.xlsx", rows([
        ROSTER,
        ["钱一", "男", "1975.13", "", "", "", ""],
        ["孙二", "女", "1980.123", "", "", "", ""],
        ["周三", "男", "1979", "", "", "", ""],
    ]))
    plan = imports.preview(ws, path)
    found = {(r.where.row, r.column, r.value): r.reason for r in plan.rejects}
    assert set(found) == {(2, "C列“出生年月”", "1975.13"), (3, "C列“出生年月”", "1980.123"),
                          (4, "C列“出生年月”", "1979")}
    assert "月份 13 无效" in found[(2, "C列“出生年月”", "1975.13")]
    assert "只能有两位" in found[(3, "C列“出生年月”", "1980.123")]
    assert "缺少月份" in found[(4, "C列“出生年月”", "1979")]


def test_ids_libreoffice_turned_into_numbers_are_rejected_row_by_row(office, ws: Workspace, tmp_path: Path):
    ids = [idcard.make("350203", dt.date(1975, 10, 3), 15 + i, "男") for i in range(3)]
    path = office.type_workbook(tmp_path / "ids.xlsx", rows([
        ["姓名", "性别", "出生年月", "身份证号"],
        *[[f"干部{i}", "男", "1975.10", number] for i, number in enumerate(ids)],
    ]))
    assert isinstance(openpyxl.load_workbook(path).active["D2"].value, float)  # 15 digits kept by Calc
    plan = imports.preview(ws, path)
    assert sorted((r.where.row, r.column) for r in plan.rejects) == [(2, "D列“身份证号”"), (3, "D列“身份证号”"),
                                                                     (4, "D列“身份证号”")]
    assert all("身份证号被存成了数字" in r.reason for r in plan.rejects)


def test_the_template_filled_and_saved_in_libreoffice_keeps_ids_and_dates_as_text(
        office, ws: Workspace, tmp_path: Path):
    template = tmp_path / "模板.xlsx"
    imports.write_template(ws, "roster", template)
    headers = [c.value for c in openpyxl.load_workbook(template)["干部名册"][1]]

    def at(header: str) -> str:
        return f"{chr(ord('A') + headers.index(header))}3"  # row 2 is the example row

    number = idcard.make("350203", dt.date(1975, 10, 3), 21, "男")
    filled = office.type_workbook(tmp_path / "填好.xlsx", [
        (at("姓名"), "王明"), (at("性别"), "男"), (at("出生年月"), "1975.10"), (at("参加工作时间"), "1997.10"),
        (at("任现职时间"), "2008.10"), (at("身份证号"), number)], template=template, sheet="干部名册")
    sheet = openpyxl.load_workbook(filled)["干部名册"]
    assert [sheet[at(h)].value for h in ("出生年月", "参加工作时间", "任现职时间", "身份证号")] == [
        "1975.10", "1997.10", "2008.10", number]  # text, as typed
    plan = imports.preview(ws, filled)
    assert (len(plan.adds), plan.rejects) == (1, [])
    imports.commit(ws, plan)
    wang = _stored(ws)["王明"]
    assert (wang.birth, wang.work_started, wang.citizen_id) == (PartialDate(1975, 10), PartialDate(1997, 10), number)


def _sheet(tmp_path: Path, *table: list[object]) -> Path:
    wb = Workbook()
    for row in table:
        wb.active.append(row)
    wb.save(tmp_path / "s.xlsx")
    return tmp_path / "s.xlsx"


def test_a_row_without_a_name_reports_every_problem(ws: Workspace, tmp_path: Path):
    path = _sheet(tmp_path, ["姓名", "性别", "出生年月", "身份证号"],
                  [None, "男", "1981.13", "110105194912310021"])  # no name, no month 13, wrong check digit
    plan = imports.preview(ws, path)
    assert [(r.where.row, r.column, r.reason.split("（")[0]) for r in plan.rejects] == [
        (2, "A列“姓名”", "姓名为空"), (2, "C列“出生年月”", "月份 13 无效"),
        (2, "D列“身份证号”", "身份证号：身份证号校验位错误")]


def test_a_birth_month_that_disagrees_with_a_valid_id_is_the_birth_column_s_problem(ws: Workspace,
                                                                                      tmp_path: Path):
    path = _sheet(tmp_path, ["姓名", "性别", "出生年月", "身份证号"],
                  ["张三", "女", "1950.12", "11010519491231002X"],  # the ID is right: 1949.12
                  ["李四", "女", "1949.12", "110105194912310021"])  # the ID's check digit is wrong
    plan = imports.preview(ws, path)
    found = {r.where.row: (r.column, r.value, r.reason) for r in plan.rejects}
    assert found[2][:2] == ("C列“出生年月”", "1950.12") and "与身份证号不一致（身份证为 1949.12" in found[2][2]
    assert found[3][:2] == ("D列“身份证号”", "110105194912310021") and "校验位错误" in found[3][2]
