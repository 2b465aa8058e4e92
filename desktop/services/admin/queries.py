"""What the window and the command line may read about administration: accounts, point rules,
the automatic backups in their folder, the database itself; and the two reads of the main
window's frame, the talk drafts offered at start-up and the name of a cadre it opens.

Each function passes the permission hook by opening its session with `ws.read(...)`, named
for what the screen shows: "account.read", "ledger.read" (the point rules), "backup.read",
"database.read", "fieldwork.read" (drafts), "cadre.read". They return plain values (frozen
rows), never ORM objects: the caller holds no session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.services.admin import accounts, backups
from desktop.services.admin.accounts import AccountRow
from desktop.services.admin.info import schema_version
from desktop.services.cadres import roster
from desktop.services.campaigns import fieldwork
from desktop.services.ledger import ledger
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path

# --- accounts and point rules -----------------------------------------------------------------


def account_rows(ws: Workspace) -> list[AccountRow]:
    """Every account, by name, with the cadre file each is linked to."""
    with ws.read("account.read") as s:
        return accounts.listing(s)


@dataclass(frozen=True)
class RuleRow:
    id: int
    dimension: str
    behaviour: str
    positive: bool
    points: int  # the default
    min_points: int
    max_points: int
    active: bool


def point_rules(ws: Workspace, include_inactive: bool = False) -> list[RuleRow]:
    """The point rules by dimension, additions first."""
    with ws.read("ledger.read") as s:
        return [RuleRow(r.id, r.dimension, r.behaviour, r.positive, r.points, r.min_points, r.max_points, r.active)
                for r in ledger.rules(s, include_inactive)]


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


# --- the main window's frame ------------------------------------------------------------------


@dataclass(frozen=True)
class DraftRow:
    id: int
    kind: str
    title: str
    updated_at: dt.datetime
    target_id: int | None
    payload: dict[str, Any] = field(default_factory=dict)


def _draft_rows(ws: Workspace, kind: str | None) -> list[DraftRow]:
    with ws.read("fieldwork.read") as s:
        return [DraftRow(d.id, d.kind, d.title, d.updated_at, d.target_id, dict(d.payload or {}))
                for d in fieldwork.drafts(s, ws.actor.username, kind)]


def talk_drafts(ws: Workspace) -> list[DraftRow]:
    """The acting account's unfinished talk records, newest first."""
    return _draft_rows(ws, "talk")


def draft(ws: Workspace, draft_id: int) -> DraftRow | None:
    """One of the acting account's drafts (None if it is gone or someone else's)."""
    return next((d for d in _draft_rows(ws, None) if d.id == draft_id), None)


def cadre_names(ws: Workspace, cadre_ids: Sequence[int]) -> list[str]:
    """The names of `cadre_ids`, in the same order; unknown ids are left out."""
    with ws.read("cadre.read") as s:
        return [r.text("name") for r in roster.rows_for(s, list(cadre_ids))]
