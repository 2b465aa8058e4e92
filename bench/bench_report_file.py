"""Report files between levels (上报 / 接收), against baselines measured in the same run.

A BENCH_CADRES demo database (at most 5,000) reports everything it has (all cadres, every kind,
2021-2026), three times, interleaved with its baselines:
1. the report file export (selection, package database, signature) against an online backup
   of the whole district database (SQLite backup API, same cipher);
2. receiving it into an empty city database (signature check, preview + commit) against the
   export itself;
3. receiving the same file again (a no-op) against the first import.
Medians and the spread (min-max) of the runs are printed.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from bench.common import PASSWORD, cadres_default, demo_database, timed
from desktop.services.admin.accounts import create_database
from desktop.services.exchange.levels import export as report_export
from desktop.services.exchange.levels import receive
from desktop.services.workspace import Workspace
from desktop.store.backup import backup_database

REPORT_PASSWORD = "bench-report"
RUNS = 3


def _spread(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} s ({min(samples):.2f}-{max(samples):.2f})"


def main() -> None:
    n = min(cadres_default(), 5000)
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    times: dict[str, list[float]] = {"backup": [], "export": [], "import": [], "again": []}
    try:
        district_path = folder / "district.db"
        src = demo_database(n)
        shutil.copy2(src, district_path)
        shutil.copy2(f"{src}.keys", f"{district_path}.keys")
        district = Workspace.open(district_path, "admin", PASSWORD)
        scope = report_export.Scope(2021, 2026, frozenset(report_export.KINDS_OFFERED))
        size = 0
        records = 0
        for run in range(RUNS):
            out = folder / f"r{run}.flrpt"
            times["backup"].append(timed(lambda r=run: backup_database(
                district_path, district.db.key, folder / f"backup{r}.db", district.db.slots)))
            made: list[report_export.ReportSummary] = []

            def export(o: Path = out, into: list[report_export.ReportSummary] = made) -> None:
                into.append(report_export.export(district, scope, o, REPORT_PASSWORD))

            times["export"].append(timed(export))
            size, records = out.stat().st_size, sum(made[0].counts.values())
            city, _ = create_database(folder / f"city{run}.db", "admin", PASSWORD)
            receive.trust_file(city, out, receive.read_header(out).fingerprint)

            def merge(o: Path = out, c: Workspace = city) -> None:
                with receive.ReportImport(c, o, REPORT_PASSWORD) as job:
                    job.commit(c, job.preview(c))

            def again(o: Path = out, c: Workspace = city) -> None:
                with receive.ReportImport(c, o, REPORT_PASSWORD) as job:
                    if job.preview(c).changes:
                        print("   (the second import found changes: a bug)")

            times["import"].append(timed(merge))
            times["again"].append(timed(again))
            city.close()
        district.close()
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"   report of {n} cadres, {records} records, {size / 2**20:.1f} MB "
              f"(database {district_path.stat().st_size / 2**20:.1f} MB); {RUNS} runs, median (min-max)")
        print(f"   export {_spread(times['export'])}; whole-database backup {_spread(times['backup'])}; "
              f"ratio {med['export'] / med['backup']:.1f}")
        print(f"   receive into an empty city database {_spread(times['import'])}; ratio to the export "
              f"{med['import'] / med['export']:.1f}")
        print(f"   second receive (no-op) {_spread(times['again'])}; "
              f"ratio to the first {med['again'] / med['import']:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
