"""`frontline report scorecard` and `report notice` print the quarter's rankings from the
recorded indicator values (the hand-worked scenario of tests/services/indicators)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber

from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD
from tests.services.indicators import indicator_scenario


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return frontline(*args)


def _text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages).replace(" ", "")


def test_scorecard_and_notice_of_a_quarter(empty_db: Path, tmp_path: Path):
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        sc = indicator_scenario.build(ws)
    finally:
        ws.close()
    db = ("--db", str(empty_db))
    quarter = ("--set", str(sc.set_id), "--year", "2026", "--quarter", "1")
    out = tmp_path / "成绩单.pdf"
    made = run("report", "scorecard", *db, *quarter, "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "已生成" in made.stdout and out.exists()
    text = _text(out)
    assert "2026年第1季度" in text and "成绩单" in text
    # Ranked as worked by hand: 东区 and 西区 tie at 110, then 南区 35, 市发展改革委 15, 市住建局 0.
    table = text[text.index("综合排名"):]
    order = [table.index(name) for name in ("东区", "南区", "市发展改革委", "市住建局")]
    assert order == sorted(order)
    assert "110" in text and "35" in text

    notice = tmp_path / "晾晒.pdf"
    made = run("report", "notice", *db, *quarter, "--unit", str(sc.c), "--out", str(notice))
    assert made.returncode == 0, made.stderr
    with pdfplumber.open(notice) as doc:
        assert len(doc.pages) == 1
    assert "南区" in _text(notice)


def test_scorecard_refusals_are_one_line_and_make_no_file(empty_db: Path, tmp_path: Path):
    out = tmp_path / "x.pdf"
    db = ("--db", str(empty_db))
    missing = run("report", "scorecard", *db, "--year", "2026", "--quarter", "1", "--out", str(out))
    assert missing.returncode == 1 and "--set" in missing.stderr and "Traceback" not in missing.stderr
    bad = run("report", "scorecard", *db, "--set", "1", "--year", "2026", "--quarter", "5", "--out", str(out))
    assert bad.returncode == 1 and "季度应为 1 至 4" in bad.stderr
    unknown = run("report", "scorecard", *db, "--set", "999", "--year", "2026", "--quarter", "1", "--out", str(out))
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1, unknown.stderr
    no_unit = run("report", "notice", *db, "--set", "1", "--year", "2026", "--quarter", "1", "--out", str(out))
    assert no_unit.returncode == 1 and "--unit" in no_unit.stderr
    assert not out.exists()
