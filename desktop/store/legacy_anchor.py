"""Carrying this PC's audit anchor over the upgrade to the keyed chain (schema 0004).

The programs of schemas 0001-0003 filed the anchor under the database's salt and anchored plain SHA-256
links. Before the upgrade the old anchor is compared with the old chain; after it, the
anchor is written in the new form at the same position, with the entry's new link when the
old one matched, and with a link that can never match when it did not (a database rolled
back or edited before the upgrade must still raise the alarm after it).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from desktop.models.meta import UID
from desktop.store.anchor import Anchor, AnchorStore, file_id, read_legacy

NEVER_MATCHES = "x" * 64


@dataclass(frozen=True)
class LegacyAnchor:
    file: Path
    seq: int
    matched: bool


def before_upgrade(engine: Engine, database_salt: str, db_key: bytes) -> LegacyAnchor | None:
    with engine.connect() as conn:
        if inspect(conn).has_table("database_meta") or not inspect(conn).has_table("audit_entry"):
            return None
        file, anchor = read_legacy(database_salt, db_key)
        if anchor is None:
            return None
        head = conn.execute(text("SELECT max(id) FROM audit_entry")).scalar() or 0
        link = conn.execute(text("SELECT hash FROM audit_entry WHERE id = :id"), {"id": anchor.seq}).scalar()
    return LegacyAnchor(file, anchor.seq, anchor.seq <= head and link == anchor.hash)


def after_upgrade(engine: Engine, legacy: LegacyAnchor | None, db_path: Path, db_key: bytes) -> None:
    if legacy is None:
        return
    with engine.connect() as conn:
        uid = conn.execute(text("SELECT value FROM database_meta WHERE key = :k"), {"k": UID}).scalar()
        link = conn.execute(text("SELECT hash FROM audit_entry WHERE id = :id"), {"id": legacy.seq}).scalar()
    if not uid:
        return
    new_link = str(link) if legacy.matched and link else NEVER_MATCHES
    AnchorStore(str(uid), db_key).write(Anchor(legacy.seq, new_link, file_id(db_path)))
    with contextlib.suppress(OSError):
        os.unlink(legacy.file)
