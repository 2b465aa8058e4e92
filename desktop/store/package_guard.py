"""Wrong package passwords: the database's rule (store/login_guard.py: each attempt counted
before it is tried, five failures lock for ten minutes, a right password clears), kept where
a package can keep it.

Not in the package itself: a package is one file (it travels alone, on a stick that may be
read-only), nothing can be written into it without its key, and all 16 clear bytes of its
header already describe it (packages/file.py). Not beside it either: a file next to it is
left behind when the package alone is copied, which is how packages move. So the record
lives in the state folder of whoever opens it, keyed by the package's identity — its header,
which carries 8 random bytes chosen at export — not by its path: a copy or a renamed package
on the same machine shares its count; a different home folder starts afresh, which is what a
single file allows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import paths, safe_read
from desktop.store import lock
from desktop.store.atomic import write_atomic
from desktop.store.login_guard import LoginGuard, LoginHolder, T

STATE_FILE = "package-logins.json"


class _Entry:
    """A package's ``logins`` record, as LoginGuard reads a key file's (no accounts: a
    package has one password)."""

    def __init__(self, path: Path, logins: dict[str, Any]) -> None:
        self.path = path
        self.logins = logins

    def has_user(self, username: str) -> bool:
        return False


class PackageGuard(LoginGuard):
    WHAT = "数据包"

    def __init__(self, package: Path, *, clock: Callable[[], float] | None = None,
                 state_file: Path | None = None) -> None:
        super().__init__(package, **({"clock": clock} if clock is not None else {}))
        self.identity = lock.header(package).hex()
        self.state_file = state_file or paths.state_dir() / STATE_FILE

    def _all(self) -> dict[str, Any]:
        data = safe_read.read_state(self.state_file)
        return data if isinstance(data, dict) else {}

    def _load(self) -> LoginHolder:
        entry = self._all().get(self.identity)
        return _Entry(self.state_file, entry if isinstance(entry, dict) else {})

    def _update(self, change: Callable[[LoginHolder], T]) -> T:
        with lock.exclusive(self.state_file.with_name(f".{self.state_file.name}.lock")):
            everything = self._all()
            entry = _Entry(self.state_file, dict(everything.get(self.identity) or {})
                           if isinstance(everything.get(self.identity), dict) else {})
            result = change(entry)
            if entry.logins.get("failures"):
                everything[self.identity] = entry.logins
            else:
                everything.pop(self.identity, None)  # a right password leaves no trace
            write_atomic(self.state_file, json.dumps(everything).encode())
        return result
