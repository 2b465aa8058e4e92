"""`frontline uses …` in one real process per step: add with evidence, a refusal, the follow-up,
the list, the figure and the export."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from sqlalchemy import select

from desktop.models import PointEntry
from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.conftest import PASSWORD
from tests.services.judgement.judgement_helpers import cited_cadre


def test_uses_add_state_list_figure_export(demo_db: Path, tmp_path: Path):
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        cadre_id, (e1, _e2), talk = cited_cadre(ws)
        with ws.db.read_session() as s:
            other = s.scalar(select(PointEntry.id).where(PointEntry.cadre_id != cadre_id))
    finally:
        ws.close()
    db = ["--db", str(demo_db)]
    added = frontline("uses", "add", *db, "--kind", "提拔", "--cadre", str(cadre_id), "--date", "2026-11-30",
                      "--title", "拟提拔为区发改局局长", "--evidence", f"point_entry:{e1}",
                      "--evidence", f"talk:{talk}")
    assert added.returncode == 0, added.stderr
    use_id = int(added.stdout.split("已记录结果运用 ")[1].split("：")[0])
    assert "提拔，拟提拔为区发改局局长（依据的事实 2 条）" in added.stdout
    refused = frontline("uses", "add", *db, "--kind", "promotion", "--cadre", str(cadre_id), "--title", "拟提拔",
                        "--evidence", f"point_entry:{other}")
    assert_clean_failure(refused, 1, f"第{other}号积分记录不是")
    moved = frontline("uses", "state", str(use_id), *db, "--state", "已落实", "--follow-up", "已任职")
    assert moved.returncode == 0 and "办理状态改为：已落实" in moved.stdout, moved.stderr
    listed = json.loads(frontline("uses", "list", *db, "--kind", "promotion", "--state", "已落实", "--json").stdout)
    mine = next(r for r in listed if r["id"] == use_id)
    assert (mine["kind_label"], mine["follow_up"], mine["evidence"]) == ("提拔", "已任职", 2)
    figure = json.loads(frontline("uses", "figure", *db, "--from", "2026-11-30", "--to", "2026-11-30", "--json").stdout)
    person = next(p for p in figure["people"] if p["cadre_id"] == cadre_id)
    assert person["title"] == "拟提拔为区发改局局长" and figure["promoted"] >= 1
    out = tmp_path / "结果运用.xlsx"
    exported = frontline("uses", "export", *db, "--out", str(out), "--kind", "提拔", "--from", "2026-01-01",
                         "--to", "2026-12-31")
    assert exported.returncode == 0, exported.stderr
    rows = list(openpyxl.load_workbook(out)["结果运用"].iter_rows(values_only=True))
    assert any(r[0] == use_id and r[4] == "拟提拔为区发改局局长" for r in rows)
