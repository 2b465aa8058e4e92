"""No workbook the program writes contains a formula: text that looks like one (a cadre named
"=1+1", a fact starting with "-", a campaign called "+cmd|' /C calc'!A0") is written as text
and reads back exactly as typed; numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.interchange import xlsx_text
from desktop.models import Cadre, Campaign, CodeItem, TemplateItem
from desktop.services.campaigns import campaigns
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD

HOSTILE = ["=1+1", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0", "\t=制表符开头", "\r=回车开头", "#N/A",
           '=HYPERLINK("http://example.invalid","点我")']
CODE = "=民族(自定义)"
TODAY = dt.date.today()


def _cli(*args: str) -> None:
    result = frontline(*args, password=os.environ.get("FRONTLINE_PASSWORD"))
    assert result.returncode in (0, 1), result.stderr


def _hostile_database(ws: Workspace) -> None:
    """Every cadre, campaign, ballot item and one code get names that look like formulas."""
    def op(ctx: OpContext) -> None:
        s = ctx.session
        for i, cadre in enumerate(s.scalars(select(Cadre).order_by(Cadre.id))):
            cadre.name = HOSTILE[i % len(HOSTILE)]
            if i % 7 == 0:
                cadre.ethnicity = CODE
        for i, campaign in enumerate(s.scalars(select(Campaign).order_by(Campaign.id))):
            campaign.name = f"{HOSTILE[i % len(HOSTILE)]}（{i}）"
        for i, item in enumerate(s.scalars(select(TemplateItem).order_by(TemplateItem.id))):
            item.text = f"{HOSTILE[i % len(HOSTILE)]}·{i}"
        s.add(CodeItem(table_name="ethnicity", code="X1", name=CODE, sort_order=1))
        s.add(CodeItem(table_name="annual_grade", code="X1", name="+等次(自定义)", sort_order=99))

    ws.run("test.hostile", op)
    with ws.read("test.inspect") as s:
        campaign = next(c for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        cadre_id = sorted(campaigns.assessed_ids(s, campaign.id))[0]
    ledger.add(ws, EntryInput(cadre_id, TODAY, "政治担当", False, 3, "一线考核", "-2+3 扣分的事实",
                              campaign_id=campaign.id))


def _cells(path: Path) -> list[openpyxl.cell.Cell]:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def exports(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("FRONTLINE_PASSWORD", PASSWORD)
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        _hostile_database(ws)
    finally:
        ws.close()
    out: dict[str, Path] = {}
    db = ("--db", str(demo_db))
    for kind in ("roster", "statistics", "ledger", "tallies", "ballots", "campaigns"):
        out[kind] = tmp_path / f"{kind}.xlsx"
        _cli("export", kind, *db, "--out", str(out[kind]))
    out["progress"] = tmp_path / "progress.xlsx"
    _cli("export", "campaigns", *db, "--campaign", "1", "--out", str(out["progress"]))
    for kind in ("roster", "annual", "ledger", "ballots"):
        out[f"template-{kind}"] = tmp_path / f"template-{kind}.xlsx"
        _cli("template", kind, *db, "--out", str(out[f"template-{kind}"]))
    # An import whose rejected values look like formulas: the error report repeats them.
    source = tmp_path / "bad.xlsx"
    wb = Workbook()
    for r, values in enumerate([["姓名", "性别", "出生年月"], *[[name, "男", name] for name in HOSTILE]], 1):
        for c, value in enumerate(values, 1):
            xlsx_text.put(wb.active, r, c, value)
    wb.save(source)
    out["errors"] = tmp_path / "errors.xlsx"
    _cli("import", str(source), *db, "--report", str(out["errors"]))
    return out


def test_no_exported_workbook_has_a_formula_and_text_reads_back_as_typed(exports: dict[str, Path]):
    assert all(p.exists() for p in exports.values()), [k for k, p in exports.items() if not p.exists()]
    every_name = {"roster", "errors"}  # the others list the cadres a campaign concerns
    some_names = {"ledger", "tallies", "ballots", "progress"}
    for kind, path in exports.items():
        cells = _cells(path)
        formulas = [(c.coordinate, c.value) for c in cells if c.data_type in ("f", "e")]
        assert not formulas, (kind, formulas[:5])
        texts = {c.value for c in cells if isinstance(c.value, str)}
        risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(xlsx_text.FORMULA_STARTS)]
        assert risky, f"{kind}: no formula-like text was exported, the test proves nothing"
        assert all(c.data_type == "s" and c.quotePrefix for c in risky), kind
        if kind in every_name:
            assert set(HOSTILE) <= texts, (kind, set(HOSTILE) - texts)
        if kind in some_names:
            assert len(set(HOSTILE) & texts) >= 3, (kind, set(HOSTILE) & texts)
    assert CODE in {c.value for c in _cells(exports["statistics"])}
    assert CODE in {c.value for c in _cells(exports["template-roster"])}  # the 民族 dropdown's list


def test_numbers_stay_numbers_and_a_negative_one_is_not_text(exports: dict[str, Path]):
    cells = _cells(exports["ledger"])
    negative = [c for c in cells if isinstance(c.value, (int, float)) and c.value < 0]
    assert negative and all(c.data_type == "n" for c in negative)
    assert "-2+3 扣分的事实" in {c.value for c in cells}
    stats = _cells(exports["statistics"])
    assert any(c.data_type == "n" and isinstance(c.value, (int, float)) and c.value > 0 for c in stats)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_text_as_typed(exports: dict[str, Path], tmp_path: Path):
    """What a clerk sees: LibreOffice opens the roster and shows every name as typed."""
    profile = tmp_path / "lo-profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
                           "--outdir", str(tmp_path), str(exports["roster"])],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader((tmp_path / "roster.csv").read_text("utf-8").splitlines()))
    shown = {row[0] for row in rows if row}
    # A formula would show its result (2, 1, Err:…) instead; the text must be as typed.
    for name in HOSTILE:
        if not name.startswith(("\t", "\r")):  # a CSV line cannot hold a bare CR; tabs are checked below
            assert name in shown, (name, sorted(shown)[:20])
    assert "\t=制表符开头" in shown
