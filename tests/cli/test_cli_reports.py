"""`frontline report` end to end, as a clerk or a script runs it."""

import io
import json
from pathlib import Path

import pytest
from docx import Document

from desktop.reports import catalog
from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.reports.pdf_helpers import compact, pages


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli-reports") / "small.db"
    made = frontline("demo", "--db", str(db), "--cadres", "6", "--seed", "4", "--photos")
    assert made.returncode == 0, made.stderr
    return db


def cadres(db: Path) -> list[dict]:
    return json.loads(frontline("list", "--db", str(db), "--json").stdout)


def test_help_lists_every_kind_with_its_chinese_name():
    shown = frontline("report", "--help", password=None)
    assert shown.returncode == 0
    for kind in catalog.KINDS.values():
        assert kind.key in shown.stdout and kind.name in shown.stdout


def test_adform_pdf_and_word(small_db: Path, tmp_path: Path):
    someone = cadres(small_db)[0]
    out = tmp_path / "表.pdf"
    made = frontline("report", "adform", "--db", str(small_db), "--cadre", str(someone["id"]), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "报表编号" in made.stdout and "SHA-256" in made.stdout
    assert len(pages(out.read_bytes())) == 2 and someone["name"] in compact(out.read_bytes())
    word = tmp_path / "表.docx"
    made = frontline("report", "adform", "--db", str(small_db), "--cadre", str(someone["id"]), "--out", str(word),
                     "--format", "docx")
    assert made.returncode == 0, made.stderr
    cells = "".join(c.text for t in Document(io.BytesIO(word.read_bytes())).tables for r in t.rows for c in r.cells)
    assert someone["name"] in cells


@pytest.mark.parametrize("kind", ["comprehensive", "annual-register"])
def test_cadre_reports(small_db: Path, tmp_path: Path, kind: str):
    someone = cadres(small_db)[1]
    out = tmp_path / f"{kind}.pdf"
    made = frontline("report", kind, "--db", str(small_db), "--cadre", str(someone["id"]), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert someone["name"] in compact(out.read_bytes())


def test_briefing_from_a_body_file(small_db: Path, tmp_path: Path):
    body = tmp_path / "正文.txt"
    body.write_text("一、主要做法\n（一）坚持问题导向。考核组深入一线。\n具体事例。\n", encoding="utf-8")
    out = tmp_path / "专报.pdf"
    made = frontline("report", "briefing", "--db", str(small_db), "--category", "问题类",
                     "--title", "关于某项目进度的专报", "--body-file", str(body), "--issue", "第5期", "--out", str(out))
    assert made.returncode == 0, made.stderr
    text = compact(out.read_bytes())
    for expected in ("一线考核专报", "（问题类）", "第5期", "关于某项目进度的专报", "一、主要做法", "坚持问题导向"):
        assert expected in text
    missing = frontline("report", "briefing", "--db", str(small_db), "--category", "问题类", "--title", "x",
                        "--out", str(out))
    assert_clean_failure(missing, 1, "--body-file")


def test_batch_into_a_folder_and_merged(small_db: Path, tmp_path: Path):
    folder = tmp_path / "输出"
    made = frontline("report", "adform", "--db", str(small_db), "--all", "--out", str(folder), "--workers", "2")
    assert made.returncode == 0, made.stderr
    assert len(list(folder.glob("*.pdf"))) == 6
    merged = tmp_path / "全部.pdf"
    made = frontline("report", "adform", "--db", str(small_db), "--all", "--merge", "--out", str(merged))
    assert made.returncode == 0, made.stderr
    assert len(pages(merged.read_bytes())) == 12


@pytest.mark.parametrize("kind", ["comprehensive", "annual-register"])
def test_batch_files_are_named_by_the_cadre(small_db: Path, tmp_path: Path, kind: str):
    # The comprehensive report's content has no name of its own: its files were named 276_….
    made = frontline("report", kind, "--db", str(small_db), "--all", "--out", str(tmp_path), "--workers", "1")
    assert made.returncode == 0, made.stderr
    everyone = cadres(small_db)
    written = sorted(f.name for f in tmp_path.glob("*.pdf"))
    assert len(written) == len(everyone)
    for person in everyone:
        assert any(name.startswith(f"{person['name']}_{catalog.KINDS[kind].name}_") for name in written), written


def test_the_scorecard_needs_its_quarter_before_the_password(tmp_path: Path):
    result = frontline("report", "scorecard", "--db", str(tmp_path / "any.db"), "--unit", "1",
                       "--out", str(tmp_path / "x.pdf"))
    assert_clean_failure(result, 1, "--set 编号 --year 年份 --quarter 1-4")
    assert catalog.KINDS["scorecard"].name in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_bad_inputs_give_clear_messages_and_no_file(small_db: Path, tmp_path: Path):
    out = tmp_path / "x.pdf"
    result = frontline("report", "adform", "--db", str(small_db), "--cadre", "4242", "--out", str(out))
    assert_clean_failure(result, 1, "干部档案 4242 不存在")
    result = frontline("report", "adform", "--db", str(small_db), "--cadre", "1",
                       "--out", str(tmp_path / "没有这个文件夹" / "x.pdf"))
    assert_clean_failure(result, 1, "不存在")
    result = frontline("report", "adform", "--db", str(small_db), "--out", str(out))
    assert_clean_failure(result, 1, "需要指定干部")
    result = frontline("report", "nonsense", "--db", str(small_db), "--out", str(out))
    assert_clean_failure(result, 2, "无效的选择")
    result = frontline("report", "annual-register", "--db", str(small_db), "--cadre", "1", "--out", str(out),
                       "--format", "docx")
    assert_clean_failure(result, 1, "只能保存为 PDF")
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_campaign_reports_from_a_demo_database(small_db: Path, tmp_path: Path):
    listed = frontline("report-campaigns", "--db", str(small_db))
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()[1:]]
    emergency = next(r[0] for r in rows if r[1] == "应急")
    other = next(r[0] for r in rows if r[1] == "沉浸式")
    for kind, campaign in (("stage", other), ("emergency", emergency)):
        out = tmp_path / f"{kind}.pdf"
        made = frontline("report", kind, "--db", str(small_db), "--campaign", campaign, "--out", str(out))
        assert made.returncode == 0, made.stderr
        assert catalog.KINDS[kind].name[-4:] in compact(out.read_bytes())
    made = frontline("report", "democratic-tally", "--db", str(small_db), "--all", "--campaign", other,
                     "--merge", "--out", str(tmp_path / "测评.pdf"))
    assert made.returncode == 0, made.stderr
    assert "民主测评结果统计表" in compact((tmp_path / "测评.pdf").read_bytes())
