"""A growing delay after repeated wrong passwords, remembered between runs.

The count lives in the user's state folder, keyed by the database's absolute path, so that
restarting the program does not reset it. Three attempts are free; after that each failure
doubles the wait, up to a minute. A correct password clears the count.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.store.atomic import write_atomic

FREE_ATTEMPTS = 3
MAX_DELAY = 60.0


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
        try:
            data = json.loads(self.state_file.read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _entry(self) -> tuple[int, float]:
        entry = self._read().get(self.key) or {}
        return int(entry.get("failures", 0)), float(entry.get("last", 0.0))

    def wait_remaining(self) -> float:
        """Seconds to wait before the next attempt is allowed (0 if none)."""
        failures, last = self._entry()
        return max(0.0, last + delay_after(failures) - self.clock())

    def failures(self) -> int:
        return self._entry()[0]

    def record_failure(self) -> None:
        data = self._read()
        failures, _ = self._entry()
        data[self.key] = {"failures": failures + 1, "last": self.clock()}
        self._write(data)

    def record_success(self) -> None:
        data = self._read()
        if data.pop(self.key, None) is not None:
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        # Losing this file is harmless (the delay resets), so a write failure is not fatal.
        with contextlib.suppress(Exception):
            write_atomic(self.state_file, json.dumps(data).encode())
