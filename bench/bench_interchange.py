"""Spreadsheet interchange against bare openpyxl, measured in the same run.

1. Roster export: BENCH_CADRES rows (default 100,000) × 20 columns through
   roster_export.export_roster (query, formatting, styled cells, atomic write) against bare
   openpyxl write-only writing the same cells, values already in memory.
2. Import of 10,000 rows (BENCH_IMPORT_ROWS) with validation: preview (read, match, diff,
   domain validation) and commit into an empty database, against bare openpyxl read-only
   reading every cell of the same file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bench.common import PASSWORD, cadres_default, demo_database, timed
from desktop.models.dates import PartialDate
from desktop.services.admin.accounts import create_database
from desktop.services.cadres import roster
from desktop.services.cadres.roster_columns import COLUMNS
from desktop.services.exchange import imports, roster_export
from desktop.services.workspace import Workspace

KEYS = [c.key for c in COLUMNS][:20]


def _bare_write(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append([c.title for c in COLUMNS][:20])
    for values in rows:
        ws.append([dt.datetime(v.year, v.month, v.day or 1) if isinstance(v, PartialDate) else v for v in values])
    wb.save(path)


def _bare_read(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            n += sum(1 for c in row if c.value is not None)
    wb.close()
    return n


def main() -> None:
    n = cadres_default()
    db = demo_database(n)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out, bare = Path(tmp) / "roster.xlsx", Path(tmp) / "bare.xlsx"
            ours = timed(lambda: roster_export.export_roster(ws, out, keys=KEYS))
            with ws.read("bench.inspect") as s:
                ids = roster.matching_ids(s, roster.RosterFilter())
                values = [[r.values.get(k) for k in KEYS] for r in roster.rows_for(s, ids)]
            base = timed(lambda: _bare_write(bare, values))
            print(f"roster export {n} rows × {len(KEYS)} columns: {ours:.1f} s "
                  f"(bare openpyxl write-only {base:.1f} s, ratio {ours / base:.2f}x; "
                  f"{out.stat().st_size / 2**20:.1f} MiB)")

            m = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
            src = Path(tmp) / "import.xlsx"
            roster_export.export_roster(ws, src, keys=[c.key for c in COLUMNS],
                                        flt=roster.RosterFilter(ids=tuple(ids[:m])))
            target, _ = create_database(Path(tmp) / "target.db", "admin", PASSWORD)
            try:
                plans: list[imports.ImportPlan] = []
                preview = timed(lambda: plans.append(imports.preview(target, src)))
                commit = timed(lambda: imports.commit(target, plans[0]))
            finally:
                target.close()
            read = timed(lambda: _bare_read(src))
            plan = plans[0]
            print(f"import {m} rows with validation: preview {preview:.1f} s, commit {commit:.1f} s "
                  f"(bare openpyxl read-only {read:.2f} s; preview ratio {preview / read:.1f}x, "
                  f"preview+commit ratio {(preview + commit) / read:.1f}x; {len(plan.adds)} added, "
                  f"{len(plan.rejects)} rejected)")
    finally:
        ws.close()


if __name__ == "__main__":
    main()
