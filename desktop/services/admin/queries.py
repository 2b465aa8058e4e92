"""What the window and the command line may read about administration: accounts, the automatic
backups in their folder, the database itself. (The point rules page reads
services/ledger/queries.py; the main window's drafts, services/campaigns/queries.py.)

Each function passes the permission hook by opening its session with `ws.read(...)`, named
for what the screen shows: "account.read", "backup.read", "database.read". They return plain values (frozen
rows), never ORM objects: the caller holds no session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.services.admin import accounts, backups, settings
from desktop.services.admin.accounts import AccountRow
from desktop.services.admin.info import schema_version
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path

# --- accounts -----------------------------------------------------------------------------


def account_rows(ws: Workspace) -> list[AccountRow]:
    """Every account, by name, with the cadre file each is linked to."""
    with ws.read("account.read") as s:
        return accounts.listing(s)


def idle_lock_minutes(ws: Workspace) -> int:
    """Minutes without input after which the window locks itself (every role reads it)."""
    with ws.read("session.read") as s:
        value = settings.get(s, settings.IDLE_LOCK_MINUTES, settings.IDLE_LOCK_DEFAULT)
    low, high = settings.IDLE_LOCK_RANGE
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return int(settings.IDLE_LOCK_DEFAULT)


# --- backups and the database -----------------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    """One automatic backup in the folder: when its name says it was made, and its size with
    its key file. Only `stat` is asked of the files: they are never opened to be listed."""

    path: Path
    made: dt.datetime | None
    size: int

    @property
    def time_text(self) -> str:
        return f"{self.made:%Y-%m-%d %H:%M:%S}" if self.made else "—"


def backup_rows(ws: Workspace, folder: Path) -> list[BackupFile]:
    """This database's automatic backups in `folder`, newest first, as a clerk looks for the
    latest. (Their names carry the database's identity, read under "backup.read".)"""
    rows = []
    for path, made in reversed(backups.automatic_backups_made(ws, folder)):
        keys = slots_path(path)
        try:
            size = path.stat().st_size + (keys.stat().st_size if keys.exists() else 0)
        except OSError:  # removed meanwhile (another program's rotation, a stick pulled out)
            continue
        rows.append(BackupFile(path, made, size))
    return rows


@dataclass(frozen=True)
class About:
    path: Path
    schema_version: str


def about(ws: Workspace) -> About:
    """What the About box says of the open database."""
    return About(ws.db.path, schema_version(ws))
