"""Issue 17, P4 and P7: spreadsheet export and import against bare openpyxl, CPU time, interleaved.

P4: the roster export of BENCH_CADRES cadres (default 100,000) × 20 columns through
roster_export.export_roster (query, formatting, styled cells, atomic write) against bare
openpyxl write-only writing the same cells, values already in memory.
P7: the import of BENCH_IMPORT_ROWS rows (default 10,000) of an exported roster, preview
(read, match, diff, validation) and commit into an empty database, against bare openpyxl
read-only reading every cell of the same file. The database is made before the clock starts
(its key derivation is not the import's).

CPU time of this process (the machine is shared: wall time would measure the neighbours);
BENCH_GOAL_RUNS pairs (default 3).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bench.common import PASSWORD, cadres_default, demo_database
from bench.goals import paired, report
from desktop.models.dates import PartialDate
from desktop.services.admin.accounts import create_database
from desktop.services.cadres import roster
from desktop.services.cadres.roster_columns import COLUMNS
from desktop.services.exchange import imports, roster_export
from desktop.services.workspace import Workspace

KEYS = [c.key for c in COLUMNS][:20]


def cpu(fn: Callable[[], object]) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def runs() -> int:
    return int(os.environ.get("BENCH_GOAL_RUNS", "3"))


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


def export_goal(ws: Workspace, tmp: Path, n: int) -> None:
    out, bare = tmp / "roster.xlsx", tmp / "bare.xlsx"
    with ws.read("bench.inspect") as s:
        ids = roster.matching_ids(s, roster.RosterFilter())
        values = [[r.values.get(k) for k in KEYS] for r in roster.rows_for(s, ids)]
    base, mine = paired(lambda: cpu(lambda: _bare_write(bare, values)),
                        lambda: cpu(lambda: roster_export.export_roster(ws, out, keys=KEYS)), runs())
    report("P4", f"roster xlsx export {n} × {len(KEYS)} (CPU)", base, mine, "<= 1.2")


def import_goal(ws: Workspace, tmp: Path, m: int) -> None:
    src = tmp / "import.xlsx"
    with ws.read("bench.inspect") as s:
        ids = roster.matching_ids(s, roster.RosterFilter())[:m]
    roster_export.export_roster(ws, src, keys=[c.key for c in COLUMNS], flt=roster.RosterFilter(ids=tuple(ids)))
    counter = iter(range(1000))
    outcome: list[str] = []

    def ours() -> float:
        target, _ = create_database(tmp / f"target-{next(counter)}.db", "admin", PASSWORD)
        try:
            def both() -> None:
                plan = imports.preview(target, src)
                done = imports.commit(target, plan)
                outcome[:] = [f"{len(done.added)} added, {len(plan.rejects)} rejected"]
            return cpu(both)
        finally:
            target.close()

    base, mine = paired(lambda: cpu(lambda: _bare_read(src)), ours, runs())
    report("P7", f"xlsx import {m} rows, preview + commit (CPU; {outcome[0]})", base, mine, "<= 2.0")


def main() -> None:
    n = cadres_default()
    m = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared)", flush=True)
    ws = Workspace.open(demo_database(n), "admin", PASSWORD)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            import_goal(ws, tmp, m)
            export_goal(ws, tmp, n)
    finally:
        ws.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
