"""The roster query workload on the encrypted store and on plain SQLite, side by side.

The same demo database is exported to an unencrypted copy with sqlcipher_export(); both are
queried with the same filters (initials, full pinyin, characters, no filter), each fetching
the ids and the first screen of rows as the window does. Printed: p50/p95 per store and the
ratio encrypted / plain, which is what encryption costs.
"""

from __future__ import annotations

import random

from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from bench.common import OUT, PASSWORD, cadres_default, demo_database, ms, percentiles, timed
from desktop.models.search_keys import name_keys
from desktop.services.cadres import roster
from desktop.services.workspace import Workspace

SCREEN = 40


def _plain_copy(ws: Workspace) -> str:
    target = OUT / f"{ws.db.path.stem}-plain.sqlite"
    if not target.exists():
        raw = ws.db.engine.raw_connection()  # autocommit: export and detach outside a transaction
        try:
            cur = raw.cursor()
            cur.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
            cur.execute("SELECT sqlcipher_export('plaintext')").fetchall()
            cur.execute("DETACH DATABASE plaintext")
        finally:
            raw.close()
    return str(target)


def _queries(ws: Workspace, count: int, seed: int = 7) -> list[str]:
    with ws.read("bench.inspect") as s:
        names = [n for (n,) in s.execute(text("SELECT name FROM cadre ORDER BY random() LIMIT :n"), {"n": count})]
    rng = random.Random(seed)
    out = []
    for name in names:
        full, initials = name_keys(name)
        out.append(rng.choice([initials.split()[0], full.split()[0][:5], name[:1], name, ""]))
    return out


def _run(session: Session, queries: list[str]) -> list[float]:
    samples = []
    for q in queries:
        def one(q: str = q) -> None:
            ids = roster.matching_ids(session, roster.RosterFilter(q))
            roster.rows_for(session, ids[:SCREEN])
        samples.append(timed(one))
    return samples


def main() -> None:
    n = cadres_default()
    path = demo_database(n)
    ws = Workspace.open(path, "admin", PASSWORD)
    plain_path = _plain_copy(ws)
    plain = create_engine(f"sqlite:///{plain_path}")

    @event.listens_for(plain, "connect")
    def _pragmas(conn, _rec):  # type: ignore[no-untyped-def]
        # The same settings as the encrypted store, so the ratio is what encryption costs.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -65536")

    queries = _queries(ws, 200)
    with ws.read("bench.inspect") as enc_session, Session(plain) as plain_session:
        _run(enc_session, queries[:10])  # warm both caches alike
        _run(plain_session, queries[:10])
        enc = _run(enc_session, queries)
        clear = _run(plain_session, queries)
    ws.close()
    plain.dispose()
    e50, e95 = percentiles(enc)
    p50, p95 = percentiles(clear)
    print(f"roster workload at {n} cadres ({len(queries)} filters, ids + first {SCREEN} rows):")
    print(f"  SQLCipher   p50 {ms(e50)}  p95 {ms(e95)}  total {sum(enc):.2f} s")
    print(f"  plain SQLite p50 {ms(p50)}  p95 {ms(p95)}  total {sum(clear):.2f} s")
    print(f"  ratio encrypted/plain: p50 {e50 / p50:.2f}x, total {sum(enc) / sum(clear):.2f}x")


if __name__ == "__main__":
    main()
