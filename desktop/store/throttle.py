"""A growing delay after repeated wrong package passwords, remembered between runs.

Only exchange packages use it: they have no key file. A database's attempts are counted,
and the database locked, in its key file (store/login_guard.py).

The count lives in the user's state folder, keyed by the database's absolute path, so that
restarting the program does not reset it. Three attempts are free; after that each failure
doubles the wait, up to a minute. A correct password clears the count.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import paths, safe_read
from desktop.store.atomic import write_atomic

log = logging.getLogger(__name__)
FREE_ATTEMPTS = 3
MAX_DELAY = 60.0
MAX_FAILURES = 10_000


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    failures, last = entry.get("failures", 0), entry.get("last", 0.0)
    return (isinstance(failures, int) and not isinstance(failures, bool) and 0 <= failures <= MAX_FAILURES
            and isinstance(last, (int, float)) and not isinstance(last, bool) and math.isfinite(last))


def delay_after(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_DELAY, 2 ** (failures - FREE_ATTEMPTS)))


class LoginThrottle:
    def __init__(self, db_path: Path, *, clock: Callable[[], float] = time.time,
                 state_file: Path | None = None) -> None:
        self.key = str(Path(db_path).resolve())
        self.clock = clock
        self.state_file = state_file or paths.state_dir() / "login-failures.json"

    def _read(self) -> dict[str, Any]:
        """Every database's entry that makes sense; a damaged file or entry starts afresh
        (logged), since refusing to log in over a junk state file would help nobody."""
        data = safe_read.read_state(self.state_file)
        if data is None:
            return {}
        if not isinstance(data, dict):
            log.warning("%s ignored and reset: not an object", self.state_file)
            return {}
        good = {k: v for k, v in data.items() if _valid(v)}
        if len(good) != len(data):
            log.warning("%s: %d damaged entries ignored", self.state_file, len(data) - len(good))
        return good

    def _entry(self) -> tuple[int, float]:
        entry = self._read().get(self.key) or {}
        return int(entry.get("failures", 0)), float(entry.get("last", 0.0))

    def wait_remaining(self) -> float:
        """Seconds to wait before the next attempt is allowed (0 if none)."""
        failures, last = self._entry()
        delay = delay_after(failures)
        # Never more than the delay itself: a time in the future (a clock set back, or a
        # doctored file) must not lock the database for years.
        return max(0.0, min(delay, last + delay - self.clock()))

    def failures(self) -> int:
        return self._entry()[0]

    def record_failure(self) -> None:
        data = self._read()
        failures, _ = self._entry()
        data[self.key] = {"failures": min(failures + 1, MAX_FAILURES), "last": self.clock()}
        self._write(data)

    def record_success(self) -> None:
        data = self._read()
        if data.pop(self.key, None) is not None:
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        # Losing this file is harmless (the delay resets), so a write failure is not fatal.
        with contextlib.suppress(Exception):
            write_atomic(self.state_file, json.dumps(data).encode())
