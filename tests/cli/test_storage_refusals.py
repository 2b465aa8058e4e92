"""A full disk and read-only media, for real: a tiny tmpfs filled to the brim and a tmpfs
mounted read-only (root only; elsewhere a folder without write permission stands in for the
read-only case, and the full-disk tests are skipped). Every command that writes refuses with
one Chinese line, no traceback, and the data as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import PASSWORD, ROOT, tmpfs


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD, "FRONTLINE_NEW_PASSWORD": "Another-pass-1",
           "FRONTLINE_PACKAGE_PASSWORD": "package-pass-1"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1, done.stderr
    assert len(lines) == 1 and lines[0].startswith("frontline："), done.stderr  # one line, no traceback
    assert all(w in lines[0] for w in words), lines[0]


def _fill(folder: Path, leave_kib: int = 24) -> None:
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(folder / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave_kib * 1024))


@pytest.fixture
def full_disk(tmp_path: Path, empty_db: Path) -> Iterator[Path]:
    if not ROOT:
        pytest.skip("mounting a tmpfs needs root")
    with tmpfs(tmp_path / "full", "3m") as folder:
        shutil.copy2(empty_db, folder / "x.db")
        shutil.copy2(f"{empty_db}.keys", folder / "x.db.keys")
        _fill(folder)
        yield folder


def _active_campaign(db: Path) -> int:
    from sqlalchemy import select

    from desktop.models import Campaign
    from desktop.services.workspace import Workspace

    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            return next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
    finally:
        ws.close()


def _roster(path: Path, rows: int = 400) -> Path:
    wb = Workbook()
    wb.active.append(["姓名", "性别", "出生年月"])
    for i in range(rows):
        wb.active.append([f"张{i:03d}号", "男", "1980.01"])
    wb.save(path)
    return path


def test_a_disk_that_fills_up_during_an_import_refuses_and_keeps_the_data(tmp_path: Path, empty_db: Path):
    if not ROOT:
        pytest.skip("mounting a tmpfs needs root")
    with tmpfs(tmp_path / "full", "4m") as folder:
        shutil.copy2(empty_db, folder / "x.db")
        shutil.copy2(f"{empty_db}.keys", folder / "x.db.keys")
        _fill(folder, leave_kib=400)  # room to open the database, not for 3,000 new cadres
        db = str(folder / "x.db")
        before = run("info", "--db", db, "--json").stdout
        refused(run("import", str(_roster(tmp_path / "r.xlsx", 3000)), "--db", db), "磁盘空间不足", "数据没有改动")
        assert run("info", "--db", db, "--json").stdout == before


def test_a_full_disk_refuses_every_writing_command_clearly(full_disk: Path, demo_db: Path, tmp_path: Path):
    db = str(full_disk / "x.db")
    slots = json.loads((full_disk / "x.db.keys").read_text())["slots"]
    refused(run("import", str(_roster(tmp_path / "r.xlsx")), "--db", db), "磁盘空间不足", "x.db")
    refused(run("passwd", "--db", db), "磁盘空间不足")
    # The password is the old one (the login record beside the slots may have counted the logins).
    assert json.loads((full_disk / "x.db.keys").read_text())["slots"] == slots
    demo = ("--db", str(demo_db))
    refused(run("init", "--db", str(full_disk / "new.db")), "磁盘空间不足")
    refused(run("backup", *demo, "--out", str(full_disk / "b.db")), "磁盘空间不足")
    for kind in ("ledger", "statistics", "tallies", "campaigns"):
        refused(run("export", kind, *demo, "--out", str(full_disk / f"{kind}.xlsx")), "磁盘空间不足", f"{kind}.xlsx")
    refused(run("export", "roster", *demo, "--columns", "name,sex,birth,unit,post,citizen_id",
                "--out", str(full_disk / "r.xlsx")), "磁盘空间不足")
    refused(run("template", "roster", *demo, "--out", str(full_disk / "t.xlsx")), "磁盘空间不足")
    refused(run("export", "lrmx", *demo, "--all", "--out", str(full_disk / "forms")), "磁盘空间不足")
    refused(run("report", "adform", *demo, "--cadre", "1", "--out", str(full_disk / "a.pdf")), "磁盘空间不足")
    refused(run("package", "export", *demo, "--campaign", str(_active_campaign(demo_db)),
                "--out", str(full_disk / "p.flpkg")), "磁盘空间不足")
    # No partial exports, no folder of half the forms (SQLite may leave its -wal and -shm beside x.db).
    left = sorted(p.name for p in full_disk.iterdir() if p.name not in ("x.db-wal", "x.db-shm"))
    assert left == ["filler", "x.db", "x.db.keys"], left


def test_a_read_only_database_says_read_only_not_damaged(read_only: Path):
    db = str(read_only / "x.db")
    for command in (("info",), ("verify",), ("list", "--limit", "3")):
        done = run(*command, "--db", db)
        refused(done, "只读", "x.db")
        assert "损坏" not in done.stderr


def test_output_on_read_only_media_says_read_only(read_only: Path, demo_db: Path):
    demo = ("--db", str(demo_db))
    refused(run("export", "roster", *demo, "--out", str(read_only / "r.xlsx")), "只读")
    refused(run("export", "ledger", *demo, "--out", str(read_only / "l.xlsx")), "只读")
    refused(run("export", "lrmx", *demo, "--all", "--out", str(read_only / "forms")), "只读")
    refused(run("template", "annual", *demo, "--out", str(read_only / "t.xlsx")), "只读")
    refused(run("report", "adform", *demo, "--cadre", "1", "--out", str(read_only / "a.pdf")), "只读")
    refused(run("backup", *demo, "--out", str(read_only / "b.db")), "只读")
    refused(run("init", "--db", str(read_only / "new.db")), "只读")
