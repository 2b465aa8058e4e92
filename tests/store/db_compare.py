"""Content hashes of every table of a database, for comparing a restore with its source."""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

# Tables whose content legitimately differs between a database and its restored copy: the
# restore is itself logged (audit_entry), and the anchor's bookkeeping notes the PC that
# wrote that entry (database_meta).
LOGGED = {"audit_entry", "audit_head", "database_meta"}


def table_hashes(path: Path, key: bytes) -> dict[str, str]:
    """table → SHA-256 of its rows, sorted on every column (every value, typed)."""
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        tables = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for table in tables:
            digest = hashlib.sha256()
            width = len(conn.execute(f'PRAGMA table_info("{table}")').fetchall())
            order = ", ".join(str(i) for i in range(1, width + 1))
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):
                digest.update(repr(row).encode("utf-8"))
            out[table] = digest.hexdigest()
        return out
    finally:
        conn.close()


def audit_prefix(path: Path, key: bytes, upto: int) -> str:
    """Hash of the audit entries 1..upto (a restore adds its own entry after them)."""
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        digest = hashlib.sha256()
        for row in conn.execute("SELECT * FROM audit_entry WHERE id <= ? ORDER BY id", (upto,)):
            digest.update(repr(row).encode("utf-8"))
        return digest.hexdigest()
    finally:
        conn.close()
