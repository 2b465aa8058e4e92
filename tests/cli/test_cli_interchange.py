"""`frontline import` / `export` / `template` run as a user runs them."""

import json
import subprocess
from pathlib import Path

import openpyxl

from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return frontline(*args)


def test_export_edit_import_round_trip(demo_db: Path, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    done = run("export", "roster", "--db", str(demo_db), "--format", "xlsx", "--out", str(out),
               "--columns", "姓名,sex,birth,ethnicity,unit", "--filter", "zh")
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[3]] == ["姓名", "性别", "出生年月", "民族", "单位", "档案标识"]
    sheet["D4"] = "藏族"
    sheet.parent.save(out)
    dry = run("import", str(out), "--db", str(demo_db), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "修改 1 人" in dry.stdout and "→ 藏族" in dry.stdout and "没有写入" in dry.stdout
    real = run("import", str(out), "--db", str(demo_db))
    assert real.returncode == 0 and "修改 1 人" in real.stdout
    again = run("import", str(out), "--db", str(demo_db))
    assert "没有需要导入的变化" in again.stdout


def test_rejected_rows_exit_1_and_write_nothing(demo_db: Path, tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "出生年月"])
    wb.active.append(["新来的", "男", "1990.13"])
    wb.save(tmp_path / "bad.xlsx")
    before = json.loads(run("info", "--db", str(demo_db), "--json").stdout)["counts"]
    result = run("import", str(tmp_path / "bad.xlsx"), "--db", str(demo_db), "--report", str(tmp_path / "e.xlsx"))
    assert result.returncode == 1
    assert "C列“出生年月”" in result.stdout and "月份 13 无效" in result.stdout
    assert "没有写入任何数据" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "e.xlsx").exists()
    assert json.loads(run("info", "--db", str(demo_db), "--json").stdout)["counts"] == before


def test_lrmx_export_and_import_into_another_database(demo_db: Path, empty_db: Path, tmp_path: Path):
    zipped = tmp_path / "all.zip"
    assert run("export", "lrmx", "--db", str(demo_db), "--all", "--out", str(zipped)).returncode == 0
    one = tmp_path / "one.lrmx"
    assert run("export", "lrmx", "--db", str(demo_db), "--cadre", "3", "--out", str(one)).returncode == 0
    assert one.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    imported = run("import", str(zipped), "--db", str(empty_db))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "新增 300 人" in imported.stdout
    counts = json.loads(run("info", "--db", str(empty_db), "--json").stdout)["counts"]
    assert counts["cadres"] == 300


def test_assessment_exports_and_bad_files_refuse_clearly(demo_db: Path, tmp_path: Path):
    # every kind is read back in tests/services/exchange/test_assessment_exchange.py
    for kind in ("ledger", "campaigns"):
        out = tmp_path / f"{kind}.xlsx"
        result = run("export", kind, "--db", str(demo_db), "--format", "xlsx", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert out.exists() and "已导出" in result.stdout
    result = run("export", "ledger", "--db", str(demo_db), "--out", str(tmp_path / "x.xlsx"), "--campaign", "999")
    assert result.returncode == 1 and "该考核不存在" in result.stderr and "Traceback" not in result.stderr
    result = run("template", "ballots", "--db", str(demo_db), "--out", str(tmp_path / "t.xlsx"))
    assert result.returncode == 0 and "填写说明" in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames
    result = run("import", str(tmp_path / "ledger.xlsx"), "--db", str(demo_db))
    assert result.returncode == 0 and "没有需要导入的变化" in result.stdout and "已有 37 条" in result.stdout
    (tmp_path / "x.lrmx").write_bytes(b'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Person/>')
    result = run("import", str(tmp_path / "x.lrmx"), "--db", str(demo_db))
    assert result.returncode == 1 and "实体" in result.stdout
    result = run("template", "roster", "--db", str(demo_db), "--out", str(tmp_path / "t.xlsx"))
    assert result.returncode == 0 and "填写说明" in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames


def test_package_export_conflict_exit_1_then_prefer_laptop(demo_db: Path, tmp_path: Path):
    from sqlalchemy import select

    from desktop.models import Campaign, Talk
    from desktop.services.campaigns import fieldwork
    from desktop.services.workspace import Workspace

    secret = tmp_path / "package-password"
    secret.write_text("field-team-2024\n", encoding="utf-8")
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    with ws.read("test.inspect") as s:
        campaign = next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
    ws.close()
    package = tmp_path / "p.flpkg"
    done = run("package", "export", "--db", str(demo_db), "--campaign", str(campaign), "--out", str(package),
               "--package-password-file", str(secret))
    assert done.returncode == 0 and "已导出外出考核数据包" in done.stdout, done.stderr

    def edit(path: Path, password: str, text: str, uid: str = "") -> str:
        w = Workspace.open(path, "admin", password)
        try:
            with w.read("test.inspect") as s:
                talk = s.scalars(select(Talk).where(Talk.uid == uid) if uid else select(Talk).order_by(Talk.id)).first()
                data = fieldwork.load_talk(s, talk.id)
            data.conclusion = text
            fieldwork.save_talk(w, data, talk.id)
            return talk.uid
        finally:
            w.close()

    uid = edit(package, "field-team-2024", "笔记本上的结论")
    edit(demo_db, PASSWORD, "办公室的结论", uid)
    before = json.loads(run("info", "--db", str(demo_db), "--json").stdout)["counts"]
    # Plain `import` recognises the package by its content and merges it like `package import`.
    listed = run("import", str(package), "--db", str(demo_db), "--package-password-file", str(secret))
    assert listed.returncode == 1 and "没有写入任何数据" in listed.stderr and "Traceback" not in listed.stderr
    assert "冲突" in listed.stdout and "办公室“办公室的结论” | 笔记本“笔记本上的结论”" in listed.stdout
    assert json.loads(run("info", "--db", str(demo_db), "--json").stdout)["counts"] == before
    wrong = tmp_path / "wrong"
    wrong.write_text("nope-nope-nope\n", encoding="utf-8")
    refused = run("package", "import", str(package), "--db", str(demo_db), "--package-password-file", str(wrong))
    assert refused.returncode == 1 and "数据包密码错误" in refused.stderr
    dry = run("package", "import", str(package), "--db", str(demo_db), "--package-password-file", str(secret),
              "--prefer", "laptop", "--dry-run")
    assert dry.returncode == 0 and "没有写入" in dry.stdout
    merged = run("package", "import", str(package), "--db", str(demo_db), "--package-password-file", str(secret),
                 "--prefer", "laptop")
    assert merged.returncode == 0 and "更新 1 条" in merged.stdout, merged.stdout + merged.stderr
    again = run("package", "import", str(package), "--db", str(demo_db), "--package-password-file", str(secret))
    assert again.returncode == 0 and "没有需要导入的变化" in again.stdout
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    with ws.read("test.inspect") as s:
        assert s.scalar(select(Talk.conclusion).where(Talk.uid == uid)) == "笔记本上的结论"
    ws.close()


def test_a_date_cell_out_of_range_prints_one_line_not_a_library_warning(empty_db: Path, tmp_path: Path):
    """Found by the fuzz run: openpyxl warned on stderr about a date serial of 1e400."""
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "出生年月"])
    wb.active.append(["张三", "男", 1e300])
    wb.active["C2"].number_format = "yyyy.mm"
    wb.save(tmp_path / "r.xlsx")
    import zipfile

    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"<v>1e+300</v>", b"<v>1e400</v>")
    with zipfile.ZipFile(tmp_path / "inf.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = run("import", str(tmp_path / "inf.xlsx"), "--db", str(empty_db))
    assert result.returncode == 1 and "Warning" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
