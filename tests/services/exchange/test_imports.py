"""Importing spreadsheets and forms through the services: preview, commit, round trips and
hostile files (each refused with a clear message and the database unchanged)."""

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from desktop.errors import FrontlineError
from desktop.interchange import safety
from desktop.interchange.errors import FileRefused
from desktop.models.dates import PartialDate
from desktop.services.cadres import cadre_files
from desktop.services.cadres.roster_columns import COLUMNS
from desktop.services.exchange import imports, lrmx_export, roster_export
from desktop.services.workspace import Workspace
from tests.conftest import data_digest

ALL_KEYS = [c.key for c in COLUMNS]


def _roster_values(ws: Workspace) -> list[tuple]:
    from desktop.services.cadres import roster

    with ws.read("test.inspect") as s:
        ids = roster.matching_ids(s, roster.RosterFilter())
        rows = roster.rows_for(s, ids, today=dt.date(2025, 1, 1))
    return sorted(tuple(r.values[k] for k in ALL_KEYS if k != "age") for r in rows)


def test_roster_xlsx_round_trip_into_the_same_and_an_empty_database(demo_ws: Workspace, ws: Workspace,
                                                                    tmp_path: Path):
    out = tmp_path / "花名册.xlsx"
    assert roster_export.export_roster(demo_ws, out, keys=ALL_KEYS) == 300
    again = imports.preview(demo_ws, out)
    assert (len(again.adds), len(again.updates), len(again.unchanged), again.rejects) == (0, 0, 300, [])

    plan = imports.preview(ws, out)
    assert (len(plan.adds), plan.rejects) == (300, [])
    imports.commit(ws, plan)
    assert _roster_values(ws) == _roster_values(demo_ws)


def test_edited_roster_shows_exactly_the_changed_fields(demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "roster.xlsx"
    roster_export.export_roster(demo_ws, out, keys=["name", "sex", "birth", "ethnicity", "unit", "post",
                                                    "citizen_id"])
    wb = openpyxl.load_workbook(out)
    sheet = wb.active
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
    assert sheet["C4"].is_date and sheet["C4"].number_format == "yyyy.mm"
    assert sheet["G4"].data_type == "s" and len(sheet["G4"].value) == 18
    name, old_ethnicity = sheet["A4"].value, sheet["D4"].value
    sheet["D4"] = "回族" if old_ethnicity != "回族" else "汉族"
    sheet["F5"] = "调研员"
    wb.save(out)
    plan = imports.preview(demo_ws, out)
    assert len(plan.updates) == 2 and len(plan.unchanged) == 298
    first = next(r for r in plan.updates if r.name == name)
    assert [str(c) for c in first.changes] == [f"民族：{old_ethnicity} → {sheet['D4'].value}"]
    assert plan.updates[1].changes[0].label == "现任职务·职务"
    result = imports.commit(demo_ws, plan)
    assert len(result.updated) == 2
    with demo_ws.read("test.inspect") as s:
        assert cadre_files.load(s, first.cadre_id).ethnicity == sheet["D4"].value


def quirky_workbook(path: Path) -> Path:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "2024年花名册"
    sheet.append(["海滨市某局干部花名册（2024年）"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "姓 名", "性别", "出生日期", "民族", "公民身份号码", "工作单位", "现任职务", "学历", "年龄"])
    sheet.append([1, "张　三", "女", "1949.12", "汉", "11010519491231002x", "海滨市财政局 ", "局长", "本科", 75])
    sheet.append([2, "李 四", "男", dt.datetime(1980, 5, 1), "汉族", None, "海滨市税务局", "科长", "大学", None])
    sheet.cell(4, 4).number_format = "mmm-yy"
    sheet.append([3, "王五", "男", "１９８１年１０月", "回", None, "海滨市税务局", "科员", None, None])
    sheet.append([4, "赵六", "男", 29646, "汉族", None, "海滨市税务局", "科员", None, None])  # a serial: 1981-03
    sheet.append([])
    sheet.append([None, "制表人：某某"])
    wb.save(path)
    return path


def test_real_world_quirks_are_read(ws: Workspace, tmp_path: Path):
    plan = imports.preview(ws, quirky_workbook(tmp_path / "q.xlsx"))
    assert plan.rejects == []
    assert [r.name for r in plan.adds] == ["张三", "李四", "王五", "赵六"]
    assert any("年龄" in n for n in plan.source.notes)
    imports.commit(ws, plan)
    with ws.read("test.inspect") as s:
        from desktop.models import Cadre

        zhang = cadre_files.load(s, s.query(Cadre.id).filter_by(name="张三").scalar())
        assert (zhang.citizen_id, zhang.ethnicity, zhang.birth) == ("11010519491231002X", "汉族", PartialDate(1949, 12))
        assert [(p.unit_name, p.title) for p in zhang.posts] == [("海滨市财政局", "局长")]
        assert [s_.education for s_ in zhang.studies] == ["大学"]
        assert s.query(Cadre).filter_by(name="李四").one().birth == PartialDate(1980, 5)
        assert s.query(Cadre).filter_by(name="王五").one().birth == PartialDate(1981, 10)
        assert s.query(Cadre).filter_by(name="赵六").one().birth == PartialDate(1981, 3)


def test_one_bad_row_writes_nothing(demo_ws: Workspace, tmp_path: Path):
    path = quirky_workbook(tmp_path / "q.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["D5"] = "1981.13"
    wb.save(path)
    before = data_digest(demo_ws)
    plan = imports.preview(demo_ws, path)
    [reject] = plan.rejects
    assert (reject.where.row, reject.column, reject.value) == (5, "D列“出生日期”", "1981.13")
    assert "月份 13 无效" in reject.reason
    with pytest.raises(FrontlineError, match="没有写入"):
        imports.commit(demo_ws, plan)
    report = tmp_path / "errors.xlsx"
    imports.write_error_report(demo_ws, plan, report)
    rows = list(openpyxl.load_workbook(report).active.iter_rows(min_row=4, values_only=True))
    assert rows == [("q.xlsx", "2024年花名册", 5, "D列“出生日期”", "1981.13", reject.reason)]
    assert data_digest(demo_ws) == before


def test_validation_uses_the_cadre_file_rules(ws: Workspace, tmp_path: Path):
    wb = Workbook()
    wb.active.append(["姓名", "性别", "出生年月", "身份证号"])
    wb.active.append(["张三", "男", "1949.12", "11010519491231002X"])  # the ID says 女
    wb.active.append(["李四", None, "1980.01", None])  # 性别 required for a new cadre
    wb.save(tmp_path / "v.xlsx")
    plan = imports.preview(ws, tmp_path / "v.xlsx")
    reasons = {(r.where.row, r.column): r.reason for r in plan.rejects}
    assert "性别：与身份证号不一致" in reasons[(2, "B列“性别”")]  # the ID passes its checksum
    assert "性别：必填" in reasons[(3, "B列“性别”")]


def test_a_sheet_without_units_imports_its_posts_with_a_warning(ws: Workspace, tmp_path: Path):
    wb = Workbook()
    wb.active.append(["姓名", "性别", "出生年月", "现任职务"])
    wb.active.append(["李四", "男", "1980.01", "局长"])
    wb.save(tmp_path / "p.xlsx")
    plan = imports.preview(ws, tmp_path / "p.xlsx")
    assert (len(plan.adds), plan.rejects) == (1, [])
    assert "任职第1条：单位必填（导入后请补填）" in plan.adds[0].warnings


def test_duplicate_rows_and_ambiguous_names(demo_ws: Workspace, tmp_path: Path):
    with demo_ws.read("test.inspect") as s:
        c = cadre_files.load(s, 1)
        name, birth, number = c.name, c.birth, c.citizen_id
    wb = Workbook()
    wb.active.append(["姓名", "出生年月", "身份证号", "民族"])
    wb.active.append([name, birth.dotted(), number, "满族"])
    wb.active.append([name, birth.dotted(), number, "回族"])
    wb.save(tmp_path / "d.xlsx")
    plan = imports.preview(demo_ws, tmp_path / "d.xlsx")
    assert len(plan.updates) == 1 and plan.updates[0].match == "身份证号相同"
    assert "是同一名干部" in plan.rejects[0].reason


def test_changes_since_the_preview_refuse_the_commit(demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    roster_export.export_roster(demo_ws, out, keys=["name", "birth", "ethnicity"])
    wb = openpyxl.load_workbook(out)
    wb.active["C4"] = "藏族"
    wb.save(out)
    plan = imports.preview(demo_ws, out)
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"ethnicity": "壮族"}), plan.updates[0].cadre_id)
    before = data_digest(demo_ws)
    with pytest.raises(FrontlineError, match="重新预览"):
        imports.commit(demo_ws, plan)
    assert data_digest(demo_ws) == before


def test_a_change_outside_the_file_since_the_preview_is_checked_and_the_import_goes_ahead(
        demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    roster_export.export_roster(demo_ws, out, keys=["name", "birth", "ethnicity"])
    wb = openpyxl.load_workbook(out)
    wb.active["C4"] = "藏族"
    wb.save(out)
    plan = imports.preview(demo_ws, out)
    target = plan.updates[0].cadre_id
    other = next(row.cadre_id for row in plan.unchanged if row.cadre_id != target)
    assert target is not None and other is not None
    # A column the file does not have: planned again at the commit, the import is the same.
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"mobile": "13800000000"}), other)
    result = imports.commit(demo_ws, plan)
    assert result.updated == [target] and result.added == []
    with demo_ws.read("test.inspect") as s:
        assert cadre_files.load(s, target).ethnicity == "藏族"
        assert cadre_files.load(s, other).mobile == "13800000000"


def test_annual_results_long_and_wide(demo_ws: Workspace, tmp_path: Path):
    with demo_ws.read("test.inspect") as s:
        a, b = cadre_files.load(s, 1), cadre_files.load(s, 2)
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "年度", "考核等次"])
    wb.active.append([a.name, a.citizen_id, 2030, "优秀"])
    wide = wb.create_sheet("宽表")
    wide.append(["姓名", "身份证号", "2030年度", "2031年度考核结果"])
    wide.append([b.name, b.citizen_id, "称职", "优秀"])
    wb.save(tmp_path / "a.xlsx")
    plan = imports.preview(demo_ws, tmp_path / "a.xlsx")
    assert plan.source.kind == "annual" and plan.rejects == []
    added = "年度考核·新增：（空） → "
    assert {r.name: [str(c) for c in r.changes] for r in plan.updates} == {
        a.name: [added + "2030年 优秀"], b.name: [added + "2030年 称职", added + "2031年 优秀"]}
    imports.commit(demo_ws, plan)
    with demo_ws.read("test.inspect") as s:
        results = cadre_files.load(s, 2).annual_results
        assert [(r.year, r.grade) for r in results][-2:] == [(2030, "称职"), (2031, "优秀")]


def test_the_annual_template_filled_in_imports(demo_ws: Workspace, tmp_path: Path):
    with demo_ws.read("test.inspect") as s:
        a = cadre_files.load(s, 1)
    old = a.annual_results[-1]
    better = "优秀" if old.grade != "优秀" else "称职"
    imports.write_template(demo_ws, "annual", tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    sheet = wb["年度考核结果"]
    head = [c.value for c in sheet[1]]
    assert head[:2] == ["干部姓名", "身份证号"] and "年度" in head and "考核等次" in head
    for number, (year, grade) in enumerate(((old.year, better), (2030, "称职")), start=2):  # over the example
        row = {"干部姓名": a.name, "身份证号": a.citizen_id, "干部出生年月": None, "年度": year, "考核等次": grade}
        for col, h in enumerate(head, start=1):
            sheet.cell(number, col).value = row.get(h)
    wb.save(tmp_path / "a.xlsx")
    plan = imports.preview(demo_ws, tmp_path / "a.xlsx")
    assert plan.source.kind == "annual" and plan.rejects == []
    assert [str(c) for c in plan.updates[0].changes] == [
        f"年度考核（{old.year}年）·考核等次：{old.grade} → {better}", "年度考核·新增：（空） → 2030年 称职"]


def test_annual_results_for_unknown_people_are_rejected(ws: Workspace, tmp_path: Path):
    wb = Workbook()
    wb.active.append(["姓名", "年度", "考核结果"])
    wb.active.append(["查无此人", 2024, "优秀"])
    wb.save(tmp_path / "a.xlsx")
    plan = imports.preview(ws, tmp_path / "a.xlsx")
    assert "数据库中没有这名干部" in plan.rejects[0].reason


def test_templates_have_instructions_dropdowns_and_an_example(ws: Workspace, tmp_path: Path):
    imports.write_template(ws, "roster", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames[:2] == ["填写说明", "干部名册"]
    assert wb["代码表"].sheet_state == "hidden"
    main = wb["干部名册"]
    assert [c.value for c in main[1]][:3] == ["姓名", "性别", "出生年月"]
    formulas = {dv.formula1 for dv in main.data_validations.dataValidation}
    assert any("代码表" in f for f in formulas)
    ethnic = [c.value for c in wb["代码表"]["B"]]
    assert "汉族" in ethnic and len(ethnic) > 50
    notes = wb["填写说明"]
    assert "空白单元格不会清除" in "".join(str(c.value) for c in notes["A"])
    # Long notes wrap inside an A4-wide column and get the row height they need, so a
    # printed instructions sheet shows every line instead of lines over each other.
    longest = max(notes["A"][2:], key=lambda c: len(str(c.value or "")))
    assert longest.alignment.wrap_text and notes.column_dimensions["A"].width <= 80
    assert notes.row_dimensions[longest.row].height >= 30
    # Imported unchanged, the example row is recognised and nothing is added.
    with pytest.raises(FrontlineError, match="只有模板的示例行"):
        imports.preview(ws, tmp_path / "t.xlsx")
    # Typed over (a new name on the example's values), it is a valid cadre, not an example.
    wb["干部名册"]["A2"] = "张三丰"
    for sheet in wb.sheetnames[2:]:
        if sheet != "代码表" and wb[sheet]["A2"].value == "张三":
            wb[sheet]["A2"] = "张三丰"
    wb.save(tmp_path / "t2.xlsx")
    plan = imports.preview(ws, tmp_path / "t2.xlsx")
    assert plan.rejects == [] and [r.name for r in plan.adds] == ["张三丰"]
    imports.write_template(ws, "annual", tmp_path / "a.xlsx")
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == ["填写说明", "年度考核结果", "代码表"]


# --- LRMX ----------------------------------------------------------------------------------------

def test_lrmx_round_trip_reproduces_every_field(demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    ids = lrmx_export.all_ids(demo_ws)[:60]
    first = tmp_path / "first.zip"
    lrmx_export.export(demo_ws, ids, first, today=dt.date(2025, 1, 1))
    assert imports.preview(demo_ws, first).unchanged and not imports.preview(demo_ws, first).updates
    plan = imports.preview(ws, first)
    assert (len(plan.adds), plan.rejects) == (60, [])
    imports.commit(ws, plan)
    second = tmp_path / "second.zip"
    # 填表人 is whoever exports: the same clerk on both sides, so every byte must agree.
    ws.actor = dataclasses.replace(ws.actor, display_name=demo_ws.actor.display_name)
    lrmx_export.export(ws, lrmx_export.all_ids(ws), second, today=dt.date(2025, 1, 1))
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    fields = ("name", "sex", "birth", "ethnicity", "native_place", "birthplace", "political_status", "party_joined",
              "work_started", "health", "professional_title", "expertise", "citizen_id")
    with demo_ws.read("test.inspect") as s1, ws.read("test.inspect") as s2:
        from desktop.models import Cadre

        theirs = {c.citizen_id: cadre_files.load(s2, c.id) for c in s2.query(Cadre)}
        for cid in ids:
            mine = cadre_files.load(s1, cid)
            copy = theirs[mine.citizen_id]
            assert [getattr(copy, f) for f in fields] == [getattr(mine, f) for f in fields]
            assert [(f.relation, f.name, f.birth, f.work_unit_post) for f in copy.family] == \
                   [(f.relation, f.name, f.birth, f.work_unit_post) for f in mine.family]
            assert [(w.start, w.end, w.description) for w in copy.work_records] == \
                   [(w.start, w.end, w.description) for w in mine.work_records]
            assert [(r.year, r.grade) for r in copy.annual_results] == [(r.year, r.grade) for r in mine.annual_results]


def test_lrmx_folder_with_a_damaged_form(demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    folder = tmp_path / "表"
    lrmx_export.export(demo_ws, lrmx_export.all_ids(demo_ws)[:3], folder)
    (folder / "坏文件.lrmx").write_bytes(b"<Person><XingMing>")
    before = data_digest(ws)
    plan = imports.preview(ws, folder)
    assert len(plan.adds) == 3
    [reject] = plan.rejects
    assert reject.where.source.endswith("坏文件.lrmx") and "截断" in reject.reason
    with pytest.raises(FrontlineError):
        imports.commit(ws, plan)
    assert data_digest(ws) == before


def test_lrmx_update_shows_changed_fields(demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "one.lrmx"
    lrmx_export.export(demo_ws, [7], out)
    text = out.read_text(encoding="utf-8")
    with demo_ws.read("test.inspect") as s:
        c = cadre_files.load(s, 7)
    out.write_text(text.replace(f"<JiGuan>{c.native_place}</JiGuan>", "<JiGuan>浙江宁波</JiGuan>")
                   .replace("<NiRenZhiWu />", "<NiRenZhiWu>海滨市某局局长</NiRenZhiWu>"), encoding="utf-8")
    plan = imports.preview(demo_ws, out)
    [row] = plan.updates
    assert [str(ch) for ch in row.changes] == [f"籍贯：{c.native_place} → 浙江宁波",
                                               "拟任职务：（空） → 海滨市某局局长"]


# --- hostile files -------------------------------------------------------------------------------

def _refused(ws: Workspace, path: Path, message: str) -> None:
    before = data_digest(ws)
    with pytest.raises(FileRefused, match=message):
        imports.preview(ws, path)
    assert data_digest(ws) == before


def test_truncated_zip(demo_ws: Workspace, tmp_path: Path):
    good = tmp_path / "good.zip"
    lrmx_export.export(demo_ws, [1, 2, 3], good)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(demo_ws, cut, "损坏或不完整")
    xlsx = tmp_path / "r.xlsx"
    roster_export.export_roster(demo_ws, xlsx)
    cut_xlsx = tmp_path / "cut.xlsx"
    cut_xlsx.write_bytes(xlsx.read_bytes()[:-200])
    _refused(demo_ws, cut_xlsx, "损坏")


def test_wrong_columns_and_empty_sheets(ws: Workspace, tmp_path: Path):
    wb = Workbook()
    wb.active.append(["产品", "单价", "数量"])
    wb.active.append(["苹果", 3, 5])
    wb.save(tmp_path / "wrong.xlsx")
    _refused(ws, tmp_path / "wrong.xlsx", "没有找到可识别的表头")
    Workbook().save(tmp_path / "empty.xlsx")
    _refused(ws, tmp_path / "empty.xlsx", "空的")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _refused(ws, tmp_path / "old.xls", "另存为")
    (tmp_path / "note.txt").write_text("随便写点什么", encoding="utf-8")
    _refused(ws, tmp_path / "note.txt", "无法识别")


def _huge_sheet(path: Path, rows: int, dimension: bool) -> Path:
    """A real xlsx of `rows` rows written straight into the zip: openpyxl would take minutes."""
    sheet_head = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                  'spreadsheetml/2006/main">' + (f'<dimension ref="A1:B{rows}"/>' if dimension else "")
                  + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
                  '<c r="B1" t="inlineStr"><is><t>性别</t></is></c></row>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                   'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
                   '.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(sheet_head.encode())
            block = []
            for r in range(2, rows + 1):
                block.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>某{r}</t></is></c></row>')
                if len(block) == 20000:
                    fh.write("".join(block).encode())
                    block = []
            fh.write(("".join(block) + "</sheetData></worksheet>").encode())
    return path


@pytest.mark.parametrize("dimension", [True, False])
def test_a_million_row_sheet_is_refused_at_once(ws: Workspace, tmp_path: Path, dimension: bool):
    # Declared or not, the rows are counted on the raw XML before any cell is read.
    _refused(ws, _huge_sheet(tmp_path / "million.xlsx", 1_000_000, dimension=dimension), "超过 200000 行的上限")


def test_a_long_sheet_without_a_dimension_is_stopped_at_the_limit(ws: Workspace, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    # Same limit, smaller numbers: the reader counts rows as it streams when the file does not
    # declare its size, and stops at the limit rather than reading a million rows.
    monkeypatch.setattr(safety, "MAX_SHEET_ROWS", 2000)
    _refused(ws, _huge_sheet(tmp_path / "long.xlsx", 50_000, dimension=False), "超过 2000 行")


def test_zip_bomb_is_refused(ws: Workspace, tmp_path: Path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.lrmx", b"<Person>" + b" " * (50 * 2**20) + b"</Person>")
    _refused(ws, bomb, "恶意构造")


def test_entity_bomb_in_an_lrmx(ws: Workspace, tmp_path: Path):
    from tests.interchange.test_lrmx import BOMB

    (tmp_path / "bomb.lrmx").write_bytes(BOMB)
    before = data_digest(ws)
    plan = imports.preview(ws, tmp_path / "bomb.lrmx")
    assert "实体声明" in plan.rejects[0].reason and not plan.adds
    assert data_digest(ws) == before


def test_cancelled_export_leaves_no_file(demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from desktop.interchange import xlsx_export
    from desktop.interchange.errors import Cancelled

    monkeypatch.setattr(xlsx_export, "PROGRESS_EVERY", 50)
    seen: list[tuple[int, int]] = []
    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(Cancelled):
        roster_export.export_roster(demo_ws, out / "r.xlsx", progress=lambda d, t: seen.append((d, t)),
                                    cancelled=lambda: len(seen) >= 2)
    assert seen[:2] == [(50, 300), (100, 300)]
    assert list(out.iterdir()) == []


def test_imported_posts_join_the_unit_tree(demo_ws: Workspace, tmp_path: Path):
    """A post's printed unit name puts it in the tree (unit filter, statistics, campaigns)."""
    from sqlalchemy import select

    from desktop.models import Post, Unit
    from desktop.services.cadres import roster

    with demo_ws.read("test.inspect") as s:
        finance = s.scalar(select(Unit.id).where(Unit.name == "市财政局"))
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生年月", "单位", "职务"])
    sheet.append(["林晓东", "男", "1980.03", "海滨市财政局", "副局长"])
    sheet.append(["黄丽华", "女", "1983.07", "海滨市财政厅", "科员"])
    path = tmp_path / "新进.xlsx"
    book.save(path)
    plan = imports.preview(demo_ws, path)
    assert plan.rejects == [] and len(plan.adds) == 2
    warned = {row.file.fields["name"]: row.warnings for row in plan.adds}
    assert warned["林晓东"] == []
    assert any("海滨市财政厅" in w and "找不到" in w for w in warned["黄丽华"])
    added = imports.commit(demo_ws, plan).added
    with demo_ws.read("test.inspect") as s:
        units = {c: u for c, u in s.execute(select(Post.cadre_id, Post.unit_id).where(Post.cadre_id.in_(added)))}
        in_finance = roster.matching_ids(s, roster.RosterFilter(unit_ids=(finance,)))
    assert sorted(units.values(), key=str) == sorted([finance, None], key=str)
    assert set(added) & set(in_finance) == {next(c for c, u in units.items() if u == finance)}
