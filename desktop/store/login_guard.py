"""Failed logins, the lock after five of them, and each account's last login — kept in the
database's own key file (store/keyslots.py, its ``logins`` record).

Why the key file: the count must follow the database, not the path it is opened by or the
home folder of whoever opens it (a copy on a stick, a second Windows account, a renamed file
would each start afresh). The key file travels with the database, and every opening reads it.

What "lock" means here:

- Every attempt is counted *before* its password is tried, in one read-modify-write of the
  key file under its lock (KeySlots.update_logins): parallel attempts, from threads or
  programs, are each counted, and a program killed while Argon2 runs has still used its try.
  A correct password takes its own count back and clears the rest.
- The attempt that brings the count to MAX_FAILURES (5) locks the database for LOCK_SECONDS
  (10 minutes) unless it turns out to be right. While locked every attempt, with any account
  or the recovery key, is refused without trying the password (LoginLocked, with the time
  left), and is not counted. After the lock the count stays at 5: the next wrong password
  locks it again for the same time; a right one clears it.
- A time in the future (a clock set back, a doctored file) never locks for longer than
  LOCK_SECONDS from now.

The count is per database, across accounts: guessing spread over several account names is
still guessing at this database. Each account also keeps when it last logged in and how many
attempts under its name failed since; the window shows that after login (LastLogin).

An exchange package has no key file: the same guard keeps its record in the state folder,
under the package's own identity (store/package_guard.py).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from desktop.errors import LoginLocked
from desktop.store.keyslots import KeySlots

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_SECONDS = 10 * 60
_COUNT_CEILING = 1_000_000  # a count read from the file is believed up to here


T = TypeVar("T")


class LoginHolder(Protocol):
    """Where a ``logins`` record is kept: a database's key file (KeySlots), or a package's
    entry in the state folder (store/package_guard.py)."""

    path: Path
    logins: dict[str, Any]

    def has_user(self, username: str) -> bool: ...


@dataclass(frozen=True)
class LastLogin:
    """The account's previous successful login (None: this is its first one recorded) and
    the attempts under its name that failed since then."""

    at: float | None
    failed: int


def _count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return max(0, min(value, _COUNT_CEILING))
    return 0


def _moment(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return 0.0


@dataclass
class _Record:
    """The ``logins`` record of a key file, read leniently: a value that makes no sense
    counts as nothing (logged) rather than refusing every login."""

    failures: int
    locked_until: float
    accounts: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, slots: LoginHolder) -> _Record:
        raw = slots.logins
        accounts = raw.get("accounts")
        record = cls(_count(raw.get("failures")), _moment(raw.get("locked_until")),
                     {k: dict(v) for k, v in accounts.items() if isinstance(v, dict)}
                     if isinstance(accounts, dict) else {})
        if raw and record.to_json() != raw:
            log.warning("%s: parts of the login record did not make sense and were ignored", slots.path)
        return record

    def account(self, username: str) -> dict[str, Any]:
        entry = self.accounts.setdefault(username, {})
        entry["last"] = _moment(entry.get("last")) or None
        entry["failed"] = _count(entry.get("failed"))
        return entry

    def to_json(self) -> dict[str, Any]:
        return {"failures": self.failures, "locked_until": self.locked_until, "accounts": self.accounts}

    def store(self, slots: LoginHolder) -> None:
        # Only accounts that still have a slot: a name typed at random leaves no trace.
        self.accounts = {k: v for k, v in self.accounts.items() if slots.has_user(k)}
        slots.logins = self.to_json()


class LoginGuard:
    WHAT = "数据库"  # what a lock refuses to open, in its message

    def __init__(self, db_path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.db_path = Path(db_path)
        self.clock = clock

    def _remaining(self, record: _Record) -> float:
        return max(0.0, min(float(LOCK_SECONDS), record.locked_until - self.clock()))

    def _load(self) -> LoginHolder:
        return KeySlots.load(self.db_path)

    def _update(self, change: Callable[[LoginHolder], T]) -> T:
        """Read, change and write the record back in one step under a lock."""
        return KeySlots.update_logins(self.db_path, change)

    def wait_remaining(self) -> float:
        """Seconds until the database may be tried again (0: not locked)."""
        return self._remaining(_Record.of(self._load()))

    def failures(self) -> int:
        return _Record.of(self._load()).failures

    def begin(self, username: str) -> None:
        """Count an attempt before its password is tried; LoginLocked while locked."""

        def change(slots: LoginHolder) -> None:
            record = _Record.of(slots)
            remaining = self._remaining(record)
            if remaining > 0:
                raise LoginLocked(remaining, record.failures, self.WHAT)
            record.failures = min(record.failures + 1, _COUNT_CEILING)
            if record.failures >= MAX_FAILURES:
                record.locked_until = self.clock() + LOCK_SECONDS
            if slots.has_user(username):
                entry = record.account(username)
                entry["failed"] += 1
            record.store(slots)

        self._update(change)

    def succeeded(self, username: str, *, login: bool = True) -> LastLogin:
        """The attempt counted by `begin` was right: clear the count and the lock, note the
        login; return the account's previous login and the failures under its name since.
        `login=False` (unlocking the idle window): the account's last login stays as it was."""

        def change(slots: LoginHolder) -> LastLogin:
            record = _Record.of(slots)
            record.failures, record.locked_until = 0, 0.0
            entry = record.account(username)
            previous = LastLogin(entry["last"], max(0, entry["failed"] - 1))
            if login:
                entry["last"], entry["failed"] = self.clock(), 0
            else:
                entry["failed"] = previous.failed
            record.store(slots)
            return previous

        return self._update(change)
