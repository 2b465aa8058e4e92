"""One clerk of bench_server.py: reads the roster and edits cadre files for a fixed time.

Run in a process of its own (the office server: every clerk's own program) or as one of
several threads in one process (the embedded file: one program at a time may open it, so
four clerks there are four sessions of that one program). Each edit opens a file, looks at
the roster as a clerk would before saving, and appends a token of its own ("2.17": clerk 2's
17th edit) to the file's 备注, then saves with the version it opened: a save refused as a
conflict (another clerk saved the file in between) is counted, not retried. What the clerk
believes it saved is returned so bench_server.py can look for every token in the database:
a token missing there is a lost update.
"""

from __future__ import annotations

import os
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

SURNAMES = ("王", "李", "张", "刘", "陈", "w", "l", "zh", "")
READ_SHARE = 0.7
# FRONTLINE_BENCH_BLIND=1: save without the version the file was opened with, as a program
# without conflict detection would; the lost-update count must then be above zero.
BLIND = os.environ.get("FRONTLINE_BENCH_BLIND") == "1"
SCREEN = 40


@dataclass
class Tally:
    reads: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)  # tokens of the edits it believes saved
    save_seconds: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"reads": self.reads, "conflicts": self.conflicts, "errors": self.errors,
                "saved": self.saved, "save_seconds": self.save_seconds}


def _read(ws: Any, rng: random.Random) -> None:
    from desktop.services.cadres import queries
    from desktop.services.cadres.roster_filter import RosterFilter

    found = queries.roster_ids(ws, RosterFilter(text=rng.choice(SURNAMES)))
    queries.roster_rows(ws, found.ids[:SCREEN])


def _edit(ws: Any, rng: random.Random, cadre_id: int, token: str, tally: Tally) -> None:
    from desktop.services.cadres import cadre_files, queries
    from desktop.services.cadres.conflicts import EditConflict

    file = queries.file_for_editing(ws, cadre_id)
    if BLIND:
        file.version = None  # the check that a lost-update count catches a missing version check
    _read(ws, rng)  # the clerk looks something up before saving: others may save meanwhile
    file.fields["notes"] = f"{file.fields.get('notes') or ''} {token}".strip()
    started = time.perf_counter()
    try:
        cadre_files.save(ws, file, cadre_id)
    except EditConflict:
        tally.conflicts += 1
        return
    tally.save_seconds.append(time.perf_counter() - started)
    tally.saved.append(token)


def _warm_up(ws: Any, rng: random.Random, cadre_id: int) -> None:
    """What a first read and a first save load once (queries compiled, the pinyin dictionary),
    before the clock starts, on a file no clerk edits afterwards."""
    from desktop.services.cadres import cadre_files, queries

    _read(ws, rng)
    cadre_files.save(ws, queries.file_for_editing(ws, cadre_id), cadre_id)


def work(ws: Any, clerk: int, hot: list[int], warm: int, seconds: float, ready: Any, start: Any) -> Tally:
    """The clerk's loop: warm up, say so on `ready`, wait for `start` (an Event), then work
    for `seconds`."""
    from desktop.errors import FrontlineError

    rng = random.Random(clerk)
    tally = Tally()
    _warm_up(ws, rng, warm)
    ready.put(clerk)
    start.wait()
    deadline = time.monotonic() + seconds
    edits = 0
    while time.monotonic() < deadline:
        try:
            if rng.random() < READ_SHARE:
                _read(ws, rng)
                tally.reads += 1
            else:
                edits += 1
                _edit(ws, rng, rng.choice(hot), f"{clerk}.{edits}", tally)
        except FrontlineError as exc:  # a refusal the clerk would see (a locked file, a lost server)
            tally.errors.append(str(exc)[:120])
    return tally


def clerk_process(location: str, password: str, clerk: int, hot: list[int], warm: list[int], seconds: float,
                  ready: Any, start: Any, results: Any) -> None:
    """A clerk's own program on the office server."""
    from desktop.services.workspace import Workspace

    ws = Workspace.open(location, "admin", password)
    try:
        results.put((clerk, work(ws, clerk, hot, warm[clerk - 1], seconds, ready, start).as_dict()))
    finally:
        ws.close()


def clerks_in_one_program(location: str, password: str, clerks: int, hot: list[int], warm: list[int], seconds: float,
                          ready: Any, start: Any, results: Any) -> None:
    """Several clerks' sessions in one program (the embedded file admits one program)."""
    from desktop.services.workspace import Workspace

    spaces = [Workspace.open(location, "admin", password) for _ in range(clerks)]

    def one(n: int) -> None:
        try:
            tally = work(spaces[n - 1], n, hot, warm[n - 1], seconds, ready, start)
        except Exception as exc:  # said in the figures rather than lost with the thread
            tally = Tally(errors=[f"{type(exc).__name__}: {exc}"[:120]])
        results.put((n, tally.as_dict()))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(1, clerks + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for ws in spaces:
        ws.close()
