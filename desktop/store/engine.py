"""SQLAlchemy engines: SQLCipher for the local encrypted database.

We use the `sqlite+pysqlite` dialect with sqlcipher3's DB-API module and send the raw key in
a connect listener. (The `sqlite+pysqlcipher` dialect forces a single-thread pool and wants
the password in the URL; neither suits a desktop program with worker threads.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

from desktop import paths
from desktop.store import private_files

WRITE = {"begin_mode": "IMMEDIATE"}


def _cipher_log_target() -> str:
    # SQLCipher reports a failed page HMAC on stderr by default, dozens of lines in the
    # middle of our one-line messages. Its log goes to the log folder instead, where
    # support can read it; it holds page numbers and error codes, never data.
    try:
        return str(paths.log_dir() / "sqlcipher.log").replace("'", "''")
    except OSError:
        return "off"


def sqlcipher_engine(path: Path | str, key: bytes) -> Engine:
    # Pooled connections move between the window's thread and workers (one at a time), so
    # pysqlite's same-thread check is switched off; the pool ensures exclusive use.
    engine = create_engine(
        f"sqlite+pysqlite:///{path}", module=sqlcipher, pool_size=4, max_overflow=4,
        connect_args={"check_same_thread": False},
    )
    hex_key = key.hex()
    log_target = _cipher_log_target()

    @event.listens_for(engine, "do_connect")
    def _private(_dialect: Any, _record: Any, _cargs: Any, _cparams: Any) -> None:
        private_files.prepare(path)  # 0600 before SQLite makes the file (and so its -wal, -shm)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA cipher_log = '{log_target}'")  # process-wide; allowed before the key
        # The key must be the first statement on a connection.
        cur.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        # Reading the schema is the first thing that touches an encrypted page: a wrong key
        # or a damaged file fails here with "file is not a database".
        cur.execute("SELECT count(*) FROM sqlite_master")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        # Sorting and temporary tables stay in memory so that no plaintext reaches a temp file.
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA busy_timeout = 10000")
        # Every page read from disk costs a decryption; a larger cache keeps the roster's
        # working set (its covering index, a few MiB) decrypted in memory. 16 MiB per
        # connection, allocated only as used: at 100,000 cadres 64 MiB bought nothing in
        # keystroke latency and cost 150 MiB of resident memory (bench_window).
        cur.execute("PRAGMA cache_size = -16384")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front (BEGIN IMMEDIATE) so that two writers queue instead
        # of one failing half-way with "database is locked".
        mode = conn.get_execution_options().get("begin_mode", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def sqlcipher_version() -> str:
    conn = sqlcipher.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def sqlite_version() -> str:
    return str(sqlcipher.sqlite_version)
