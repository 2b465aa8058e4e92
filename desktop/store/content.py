"""Per-table row counts and a content hash computed the same way on any backend.

`frontline migrate-db` proves a move with them (the file and the server must agree), and the
tests use them to show that a refused change left everything as it was. Rows are read through
the program's own table definitions, so both backends hand back the same Python values
(timestamps in UTC, partial dates, JSON as objects), ordered by primary key, and hashed as
canonical JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, select

from desktop.models import Base
from desktop.models.dates import PartialDate

# Bookkeeping that differs between two copies of the same data by design: the chain's links
# (an HMAC under each database's own key) and the writers that anchored each copy.
LINK_COLUMNS = {"audit_entry": ("prev_hash", "hash"), "audit_head": ("hash",)}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, PartialDate):
        return value.storage()
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, float):
        return repr(value)
    return value


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


def table_digest(conn: Connection, table: Table, skip: Iterable[str] = ()) -> tuple[int, str]:
    """(rows, SHA-256 of the rows in primary-key order) of one table."""
    left_out = set(skip) | set(LINK_COLUMNS.get(table.name, ()))
    columns = [c for c in table.c if c.name not in left_out]
    order = list(table.primary_key.columns) or columns
    h = hashlib.sha256(table.name.encode())
    count = 0
    for row in conn.execute(select(*columns).order_by(*order)):
        h.update(json.dumps([_plain(v) for v in row], ensure_ascii=False, sort_keys=True, default=str).encode())
        count += 1
    return count, h.hexdigest()


def digests(conn: Connection, *, meta_keys: Iterable[str] = ("uid",)) -> dict[str, tuple[int, str]]:
    """table → (rows, hash). database_meta counts only `meta_keys` (a writer's bookkeeping and
    the server's chain key are each copy's own)."""
    out = {}
    for table in tables():
        if table.name == "database_meta":
            rows = sorted((k, v) for k, v in conn.execute(select(table.c.key, table.c.value)) if k in set(meta_keys))
            out[table.name] = (len(rows), hashlib.sha256(json.dumps(rows).encode()).hexdigest())
        else:
            out[table.name] = table_digest(conn, table)
    return out


def overall(found: dict[str, tuple[int, str]]) -> str:
    return hashlib.sha256(json.dumps(sorted(found.items())).encode()).hexdigest()
