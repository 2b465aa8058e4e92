"""Four clerks reading and editing at once: the office server against the embedded file.

`BENCH_ONLY=server make bench`. A throw-away PostgreSQL server is started the way the tests
start theirs (tests/pg_server.py: the distribution's initdb, a unix socket in a temporary
folder, fsync off as in the tests) and holds a demo database of BENCH_SERVER_CADRES cadres
(default 500); the embedded side is an encrypted file of the same demo data. Each run copies
a fresh database from a template and lets four clerks work for BENCH_SECONDS (default 10)
seconds — 70 % roster reads, 30 % edits of 20 much-edited files (bench/server_clerk.py).

Configurations, interleaved run by run so a busy machine slows all alike:
- server, 4 processes: four clerks' programs, each with its own connections;
- server, 4 threads: the same four clerks as sessions of one program (like for like with…);
- file, 4 threads: the embedded file admits one program at a time (store/lock.py), so four
  clerks there are four sessions of one program, taking turns at SQLite's write lock.

Printed per configuration, as the median and spread of BENCH_RUNS (default 3) runs:
operations per second, p95 save latency, conflicts (a save refused because another clerk
saved the file since it was opened), and lost updates: edits a clerk believes saved whose
token is missing from the database afterwards (must be 0), and tokens in the database that
no clerk believes saved. The load average is printed before and after.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import PASSWORD, ms, percentiles
from bench.server_clerk import clerk_process, clerks_in_one_program

CLERKS = 4
HOT = 20  # files the clerks edit: few enough that two clerks often edit the same one
TOKEN = re.compile(r"\b(\d+\.\d+)\b")


def _seconds() -> float:
    return float(os.environ.get("BENCH_SECONDS", "10"))


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


@dataclass
class Outcome:
    ops_per_s: float
    saves_per_s: float
    p95_save: float
    conflicts: int
    believed: int
    lost: int
    unexpected: int
    errors: list[str]


def _run_clerks(target: Callable[..., None], arg_sets: list[tuple[Any, ...]], seconds: float) -> dict[int, Any]:
    """Start the processes, wait until every clerk has opened its database, start the clock."""
    ctx = mp.get_context("spawn")
    ready, results, start = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=target, args=(*args, seconds, ready, start, results)) for args in arg_sets]
    for p in procs:
        p.start()
    for _ in range(CLERKS):
        ready.get(timeout=300)
    start.set()
    out = dict(results.get(timeout=seconds + 120) for _ in range(CLERKS))
    for p in procs:
        p.join(timeout=60)
    return out


def _tokens_in(ws: Any, hot: list[int]) -> list[str]:
    from desktop.services.cadres import queries

    found: list[str] = []
    for cid in hot:
        found += TOKEN.findall(str(queries.file_for_editing(ws, cid).fields.get("notes") or ""))
    return found


def _outcome(tallies: dict[int, Any], in_db: list[str], seconds: float) -> Outcome:
    believed = [t for tally in tallies.values() for t in tally["saved"]]
    saves = [s for tally in tallies.values() for s in tally["save_seconds"]]
    reads = sum(tally["reads"] for tally in tallies.values())
    kept = set(in_db)
    return Outcome(
        ops_per_s=(reads + len(saves)) / seconds, saves_per_s=len(saves) / seconds,
        p95_save=percentiles(saves)[1] if saves else float("nan"),
        conflicts=sum(tally["conflicts"] for tally in tallies.values()),
        believed=len(believed), lost=len([t for t in believed if t not in kept]),
        unexpected=len(kept - set(believed)) + (len(in_db) - len(kept)),
        errors=[e for tally in tallies.values() for e in tally["errors"]])


class ServerSide:
    def __init__(self, cadres: int) -> None:
        from desktop.demo.database import create_demo_database
        from tests import pg_server

        self.pg = pg_server.start()
        self.pg.create_database("bench_tpl")
        ws, _, _ = create_demo_database(self.pg.url("bench_tpl", pg_server.ADMIN), "", "", cadres, seed=3)
        self.hot, self.warm = _hot(ws)
        ws.close()
        self.runs = 0

    def fresh(self) -> str:
        from tests import pg_server

        self.runs += 1
        name = f"bench_{self.runs}"
        self.pg.psql(f'CREATE DATABASE "{name}" TEMPLATE "bench_tpl"')
        return self.pg.url(name, pg_server.ADMIN)

    def run(self, processes: bool, seconds: float) -> Outcome:
        from desktop.services.workspace import Workspace

        url = self.fresh()
        if processes:
            clerks = [(url, "", n, self.hot, self.warm) for n in range(1, CLERKS + 1)]
            tallies = _run_clerks(clerk_process, clerks, seconds)
        else:
            tallies = _run_clerks(clerks_in_one_program, [(url, "", CLERKS, self.hot, self.warm)], seconds)
        ws = Workspace.open(url, "admin", "")
        try:
            return _outcome(tallies, _tokens_in(ws, self.hot), seconds)
        finally:
            ws.close()

    def version(self) -> str:
        return self.pg.psql("SHOW server_version").split()[0]

    def stop(self) -> None:
        self.pg.stop()


class FileSide:
    def __init__(self, cadres: int) -> None:
        from desktop.demo.database import create_demo_database

        self.folder = Path(tempfile.mkdtemp(prefix="frontline-bench-server-"))
        self.template = self.folder / "template.db"
        ws, _, _ = create_demo_database(self.template, "admin", PASSWORD, cadres, seed=3)
        self.hot, self.warm = _hot(ws)
        ws.close()
        self.runs = 0

    def run(self, seconds: float) -> Outcome:
        from desktop.services.workspace import Workspace

        self.runs += 1
        path = self.folder / f"run{self.runs}.db"
        shutil.copy2(self.template, path)
        shutil.copy2(f"{self.template}.keys", f"{path}.keys")
        tallies = _run_clerks(clerks_in_one_program, [(str(path), PASSWORD, CLERKS, self.hot, self.warm)], seconds)
        ws = Workspace.open(path, "admin", PASSWORD)
        try:
            return _outcome(tallies, _tokens_in(ws, self.hot), seconds)
        finally:
            ws.close()

    def stop(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _hot(ws: Any) -> tuple[list[int], list[int]]:
    """The files the clerks edit, and one for each clerk to warm up on (nobody edits it after)."""
    from desktop.services.cadres import queries
    from desktop.services.cadres.roster_filter import RosterFilter

    ids = sorted(queries.roster_ids(ws, RosterFilter()).ids)
    return ids[:HOT], ids[HOT:HOT + CLERKS]


def _spread(values: list[float], fmt: Callable[[float], str]) -> str:
    return f"{fmt(statistics.median(values))} (spread {fmt(min(values))}–{fmt(max(values))})"


def _print(label: str, outcomes: list[Outcome]) -> None:
    per_s = lambda v: f"{v:.0f}/s"  # noqa: E731
    lost = sum(o.lost for o in outcomes)
    print(f"   {label}: operations {_spread([o.ops_per_s for o in outcomes], per_s)}, "
          f"saves {_spread([o.saves_per_s for o in outcomes], per_s)}, "
          f"p95 save {_spread([o.p95_save for o in outcomes], ms)}, "
          f"conflicts {sum(o.conflicts for o in outcomes)}, "
          f"lost updates {lost} of {sum(o.believed for o in outcomes)} saves"
          f"{'' if lost == 0 else ' — LOST UPDATES'}, "
          f"unexpected {sum(o.unexpected for o in outcomes)}, {len(outcomes)} runs", flush=True)
    errors = [e for o in outcomes for e in o.errors]
    if errors:
        print(f"     {len(errors)} refusals, e.g. {errors[0]}", flush=True)


def main() -> None:
    from tests import pg_server

    if pg_server.missing():
        print(f"   skipped: {pg_server.missing()}", flush=True)
        return
    cadres = int(os.environ.get("BENCH_SERVER_CADRES", "500"))
    runs = max(3, int(os.environ.get("BENCH_RUNS", "3")))
    seconds = _seconds()
    print(f"   {CLERKS} clerks × {seconds:.0f} s, {cadres} cadres, {HOT} files edited; before: {_load()}", flush=True)
    started = time.perf_counter()
    server = ServerSide(cadres)
    embedded = FileSide(cadres)
    print(f"   set up in {time.perf_counter() - started:.0f} s (PostgreSQL {server.version()})", flush=True)
    got: dict[str, list[Outcome]] = {"server, 4 processes": [], "server, 4 threads": [], "file, 4 threads": []}
    try:
        for _ in range(runs):
            got["file, 4 threads"].append(embedded.run(seconds))
            got["server, 4 processes"].append(server.run(True, seconds))
            got["server, 4 threads"].append(server.run(False, seconds))
    finally:
        server.stop()
        embedded.stop()
    for label, outcomes in got.items():
        _print(label, outcomes)
    ratios = [s.ops_per_s / f.ops_per_s for s, f in zip(got["server, 4 processes"], got["file, 4 threads"],
                                                         strict=True)]
    print(f"   server (4 processes) / file throughput: {statistics.median(ratios):.2f}× "
          f"(spread {min(ratios):.2f}–{max(ratios):.2f}×, paired runs); after: {_load()}", flush=True)
