"""`frontline report` for campaigns and tallies, end to end, on the hand-worked scenario."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.reports.pdf_helpers import compact, prose, table_rows
from tests.services.reports.report_scenario import Scenario


@pytest.fixture
def built(scenario_db: tuple[Path, Scenario]) -> tuple[Path, Scenario]:
    return scenario_db


def test_campaign_reports_pdf_and_word(built: tuple[Path, Scenario], tmp_path: Path):
    db, sc = built
    listed = frontline("report-campaigns", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    assert "东部新城片区建设一线考核" in listed.stdout and "城区道路塌陷处置" in listed.stdout
    out = tmp_path / "阶段.pdf"
    made = frontline("report", "stage", "--db", str(db), "--campaign", str(sc.campaign), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "关于东部新城片区建设一线考核的阶段性报告" in made.stdout and "报表编号" in made.stdout
    pdf = out.read_bytes()
    assert "尚有1份评议表未完成（下级1份）" in prose(pdf)
    assert ["1", "张三", "海滨市财政局预算科科长", "2/2", "50.00%", "93.63"] in table_rows(pdf)
    word = tmp_path / "专项.docx"
    made = frontline("report", "special", "--db", str(db), "--campaign", str(sc.campaign), "--out", str(word),
                     "--format", "docx")
    assert made.returncode == 0, made.stderr
    doc = Document(io.BytesIO(word.read_bytes()))
    # A title too long for one line carries a line break where the PDF breaks it.
    assert any(p.text.split("\n") == ["关于东部新城片区建设一线考核", "的专项报告"] for p in doc.paragraphs)
    emergency = tmp_path / "应急.pdf"
    made = frontline("report", "emergency", "--db", str(db), "--campaign", str(sc.emergency), "--out", str(emergency))
    assert made.returncode == 0, made.stderr
    assert "连夜组织周边群众转移" in compact(emergency.read_bytes())


def test_bad_campaign_inputs_are_refused_with_no_file(built: tuple[Path, Scenario], tmp_path: Path):
    db, sc = built
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.pdf"
    result = frontline("report", "emergency", "--db", str(db), "--campaign", str(sc.campaign), "--out", str(out))
    assert_clean_failure(result, 1, "是沉浸式考核，不是应急考核")
    result = frontline("report", "stage", "--db", str(db), "--campaign", "999", "--out", str(out))
    assert_clean_failure(result, 1, "考核活动 999 不存在")
    result = frontline("report", "adform", "--db", str(db), "--cadre", str(sc.zhang), "--campaign", "1",
                       "--out", str(out))
    assert_clean_failure(result, 1, "不能使用 --campaign")
    result = frontline("report", "democratic-tally", "--db", str(db), "--cadre", str(sc.li), "--out", str(out))
    assert_clean_failure(result, 1, "李四没有民主测评记录")
    result = frontline("report", "special", "--db", str(db), "--campaign", "1", "--format", "docx",
                       "--out", str(folder / "没有这个文件夹" / "x.docx"))
    assert_clean_failure(result, 1, "不存在")
    assert not list(folder.iterdir())  # no file, no temporary file


def test_a_missing_campaign_is_told_before_the_password_is_asked(tmp_path: Path):
    result = frontline("report", "stage", "--db", str(tmp_path / "nothing.db"), "--out", str(tmp_path / "x.pdf"),
                       password=None)
    assert_clean_failure(result, 1, "需要指定考核活动（--campaign 编号）")


def test_democratic_tally_per_cadre_per_unit_and_batch(built: tuple[Path, Scenario], tmp_path: Path):
    db, sc = built
    out = tmp_path / "张三.pdf"
    made = frontline("report", "democratic-tally", "--db", str(db), "--cadre", str(sc.zhang),
                     "--campaign", str(sc.campaign), "--out", str(out))
    assert made.returncode == 0, made.stderr
    rows = table_rows(out.read_bytes())
    assert ["下级", "6", "5", "83.33", "3", "60.00", "1", "20.00", "0", "0.00", "0", "0.00", "1", "20.00",
            "95.00"] in rows
    assert "综合得分：70.00分" in compact(out.read_bytes())
    unit = tmp_path / "单位.pdf"
    made = frontline("report", "democratic-tally", "--db", str(db), "--unit", str(sc.unit), "--out", str(unit))
    assert made.returncode == 0, made.stderr
    assert any(r[:2] == ["1", "张三"] and r[-1] == "70.00" for r in table_rows(unit.read_bytes()))
    folder = tmp_path / "批量"
    made = frontline("report", "democratic-tally", "--db", str(db), "--all", "--out", str(folder))
    assert made.returncode == 0, made.stderr
    assert "已生成 1 份民主测评结果统计表" in made.stdout
    assert "另有 1 名干部没有民主测评记录" in made.stdout
    assert [p.name.split("_")[0] for p in folder.glob("*.pdf")] == ["张三"]
