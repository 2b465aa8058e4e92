"""The audit chain under attack: 17 ways to tamper with it, each detected, each also followed
by a normal write (which must not bury it).

The attacker here has the database key (an insider who unlocked a slot) and edits the
database with SQLCipher directly, or puts an older copy of the file in place. What they do
not have is this PC's anchor key derivation applied correctly to forge links and anchor.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from desktop.models.audit import GENESIS_HASH
from desktop.services.admin import settings, verify
from desktop.services.workspace import Workspace
from desktop.store.chain_guard import AuditTampered
from tests.conftest import PASSWORD

WRITES = 8


def _write(ws: Workspace, n: int) -> None:
    settings.put(ws, f"test.value{n}", n)


def _prepared(db: Path) -> bytes:
    """A chain with a handful of entries and this PC's anchor on its head; returns the key."""
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        for n in range(WRITES):
            _write(ws, n)
        return ws.db.key
    finally:
        ws.close()


def _copy(db: Path, to: Path) -> Path:
    """A byte-identical copy of the file and its key file, as a clerk's file manager makes."""
    shutil.copyfile(db, to)
    shutil.copyfile(f"{db}.keys", f"{to}.keys")
    return to


def _sql(db: Path, key: bytes) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _rows(conn: sqlcipher.Connection) -> list[tuple]:
    return conn.execute("SELECT id, at, actor, op_id, action, entity, entity_id, cadre_id, before, after, "
                        "prev_hash, hash FROM audit_entry ORDER BY id").fetchall()


def _last(conn: sqlcipher.Connection) -> int:
    return int(conn.execute("SELECT max(id) FROM audit_entry").fetchone()[0])


def _relink(conn: sqlcipher.Connection, link: Callable[[str, dict], str]) -> None:
    """Recompute every link from the first entry with `link(prev, payload)`."""
    prev = GENESIS_HASH
    for row in _rows(conn):
        payload = {"id": row[0], "at": row[1].replace(" ", "T") + "+00:00", "actor": row[2], "op_id": row[3],
                   "action": row[4], "entity": row[5], "entity_id": row[6], "cadre_id": row[7],
                   "before": json.loads(row[8]) if row[8] else None, "after": json.loads(row[9]) if row[9] else None}
        new = link(prev, payload)
        conn.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row[0]))
        prev = new


def _canonical(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class Case:
    name: str
    tamper: Callable[[Path, bytes, Path], None]  # (db, key, older copy)
    # The anchor is affected: opening must raise the alarm and a write must be refused.
    refuse: bool


def _sql_case(statement: Callable[[sqlcipher.Connection], None]) -> Callable[[Path, bytes, Path], None]:
    def run(db: Path, key: bytes, _older: Path) -> None:
        conn = _sql(db, key)
        try:
            statement(conn)
        finally:
            conn.close()
    return run


def _edit(where: Callable[[sqlcipher.Connection], int]) -> Callable[[sqlcipher.Connection], None]:
    return lambda c: c.execute("UPDATE audit_entry SET actor = 'mallory' WHERE id = ?", (where(c),))


def _delete(where: Callable[[sqlcipher.Connection], int]) -> Callable[[sqlcipher.Connection], None]:
    return lambda c: c.execute("DELETE FROM audit_entry WHERE id = ?", (where(c),))


def _middle(c: sqlcipher.Connection) -> int:
    return _last(c) // 2


def _rehash_sha(c: sqlcipher.Connection) -> None:
    _edit(_middle)(c)
    _relink(c, lambda prev, p: hashlib.sha256((prev + _canonical(p)).encode()).hexdigest())


def _rehash_guessed_key(c: sqlcipher.Connection) -> None:
    import hmac

    _edit(_middle)(c)
    _relink(c, lambda prev, p: hmac.new(b"guess" * 6, (prev + _canonical(p)).encode(), hashlib.sha256).hexdigest())


def _swap_contents(c: sqlcipher.Connection) -> None:
    m = _middle(c)
    a = c.execute("SELECT action, entity, after FROM audit_entry WHERE id = ?", (m,)).fetchone()
    b = c.execute("SELECT action, entity, after FROM audit_entry WHERE id = ?", (m + 1,)).fetchone()
    c.execute("UPDATE audit_entry SET action = ?, entity = ?, after = ? WHERE id = ?", (*b, m))
    c.execute("UPDATE audit_entry SET action = ?, entity = ?, after = ? WHERE id = ?", (*a, m + 1))


def _swap_rows(c: sqlcipher.Connection) -> None:
    m = _middle(c)
    c.execute("UPDATE audit_entry SET id = -1 WHERE id = ?", (m,))
    c.execute("UPDATE audit_entry SET id = ? WHERE id = ?", (m, m + 1))
    c.execute("UPDATE audit_entry SET id = ? WHERE id = -1", (m + 1,))


def _forge_append(c: sqlcipher.Connection) -> None:
    last = _last(c)
    head = c.execute("SELECT hash FROM audit_entry WHERE id = ?", (last,)).fetchone()[0]
    c.execute("INSERT INTO audit_entry (id, at, actor, op_id, action, entity, prev_hash, hash) "
              "VALUES (?, '2026-01-01 00:00:00.000000', 'mallory', 'x', 'cadre.update', 'cadre', ?, ?)",
              (last + 1, head, "f" * 64))


def _rollback_in_place(db: Path, _key: bytes, older: Path) -> None:
    shutil.copyfile(older, db)  # cp over the file: same name, same inode, older content
    shutil.copyfile(f"{older}.keys", f"{db}.keys")


def _rollback_by_rename(db: Path, _key: bytes, older: Path) -> None:
    db.unlink()
    os.replace(older, db)
    os.replace(f"{older}.keys", f"{db}.keys")


def _anchor_file(home: Path) -> Path:
    (anchor,) = (home / "state" / "anchors").glob("*.json")
    return anchor


def _anchor_edit(db: Path, _key: bytes, _older: Path) -> None:
    anchor = _anchor_file(Path(os.environ["FRONTLINE_HOME"]))
    doc = json.loads(anchor.read_text())
    doc["seq"] -= 1
    anchor.write_text(json.dumps(doc))


def _anchor_swapped(db: Path, _key: bytes, older: Path) -> None:
    """The anchor replaced by one that authenticates, but for another database."""
    anchor = _anchor_file(Path(os.environ["FRONTLINE_HOME"]))
    doc = json.loads(anchor.read_text())
    doc["mac"] = hashlib.sha256(b"other").hexdigest()
    anchor.write_text(json.dumps(doc))


def _anchor_deleted(db: Path, _key: bytes, older: Path) -> None:
    """An older copy put back and the anchor that would tell removed with it."""
    _rollback_in_place(db, _key, older)
    _anchor_file(Path(os.environ["FRONTLINE_HOME"])).unlink()


def _state_wiped(db: Path, _key: bytes, older: Path) -> None:
    _rollback_in_place(db, _key, older)
    shutil.rmtree(Path(os.environ["FRONTLINE_HOME"]) / "state")


CASES = [
    Case("edit-first", _sql_case(_edit(lambda c: 1)), False),
    Case("edit-middle", _sql_case(_edit(_middle)), False),
    Case("edit-last", _sql_case(_edit(_last)), True),
    Case("rehash-sha256", _sql_case(_rehash_sha), True),
    Case("rehash-guessed-key", _sql_case(_rehash_guessed_key), True),
    Case("delete-first", _sql_case(_delete(lambda c: 1)), False),
    Case("delete-middle", _sql_case(_delete(_middle)), False),
    Case("delete-last", _sql_case(_delete(_last)), True),
    Case("swap-contents", _sql_case(_swap_contents), False),
    Case("swap-rows", _sql_case(_swap_rows), False),
    Case("forged-append", _sql_case(_forge_append), True),
    Case("truncate-tail", _sql_case(lambda c: c.execute("DELETE FROM audit_entry WHERE id > ?", (_middle(c),))),
         True),
    Case("truncate-all", _sql_case(lambda c: c.execute("DELETE FROM audit_entry")), True),
    Case("rollback-in-place", _rollback_in_place, True),
    Case("rollback-by-rename", _rollback_by_rename, True),
    Case("anchor-edited", _anchor_edit, True),
    Case("anchor-forged", _anchor_swapped, True),
    Case("rollback-anchor-deleted", _anchor_deleted, True),
    Case("rollback-state-wiped", _state_wiped, True),
]


def test_there_are_at_least_seventeen_cases():
    assert len({c.name for c in CASES}) == len(CASES) >= 17


def _chain_check(ws: Workspace) -> verify.Check:
    (check,) = [c for c in verify.run_all(ws) if c.name == "审计链"]
    return check


@pytest.mark.parametrize("then_write", [False, True], ids=["detected", "then-write"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tampering_is_detected(empty_db: Path, tmp_path: Path, case: Case, then_write: bool):
    key = _prepared(empty_db)
    older = _copy(empty_db, tmp_path / "older.db")
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    for n in range(3):  # the original moves on after the older copy was taken
        _write(ws, 100 + n)
    ws.close()

    case.tamper(empty_db, key, older)

    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        if case.refuse:
            assert ws.db.chain_state.alarm, ws.db.chain_state
        if then_write:
            if case.refuse:
                with pytest.raises(AuditTampered, match="拒绝写入"):
                    _write(ws, 999)
            else:
                _write(ws, 999)
        check = _chain_check(ws)
        assert not check.ok, f"{case.name}: {check}"
    finally:
        ws.close()


def test_an_untouched_chain_passes_and_moves_its_anchor(empty_db: Path):
    _prepared(empty_db)
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.status == "ok"
        _write(ws, 1000)
        assert _chain_check(ws).ok
    finally:
        ws.close()


def test_a_byte_identical_copy_gets_its_own_identity_when_written(empty_db: Path, tmp_path: Path):
    """Writing to a copy never raises a false alarm on the original."""
    _prepared(empty_db)
    copy = _copy(empty_db, tmp_path / "copy.db")
    ws = Workspace.open(copy, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.status == "copy"
        for n in range(3):
            _write(ws, 200 + n)
        assert ws.db.chain_state.status == "ok"
        assert _chain_check(ws).ok
    finally:
        ws.close()
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.status == "ok", ws.db.chain_state
        _write(ws, 300)
        assert _chain_check(ws).ok
    finally:
        ws.close()
    ws = Workspace.open(copy, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.status == "ok"
    finally:
        ws.close()


def test_a_moved_database_is_still_checked(empty_db: Path, tmp_path: Path):
    _prepared(empty_db)
    older = _copy(empty_db, tmp_path / "older.db")
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    _write(ws, 500)
    ws.close()
    # The original is gone; the older copy under another name is no longer "a copy".
    empty_db.unlink()
    ws = Workspace.open(older, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.status == "rollback"
    finally:
        ws.close()


def test_reanchor_accepts_the_database_as_it_is_when_its_chain_holds(empty_db: Path, tmp_path: Path):
    """A wiped state folder rings the alarm; a clerk who checked can re-anchor (logged)."""
    from desktop.services.admin.verify import reanchor

    _prepared(empty_db)
    shutil.rmtree(Path(os.environ["FRONTLINE_HOME"]) / "state")
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.alarm and "锚点" in ws.db.chain_state.message
        before = reanchor(ws)
        assert "锚点" in before
        assert ws.db.chain_state.status == "ok"
        _write(ws, 77)
        assert _chain_check(ws).ok
        with ws.read("test.inspect") as s:
            from sqlalchemy import select

            from desktop.models import AuditEntry

            assert "audit.reanchor" in s.scalars(select(AuditEntry.action)).all()
    finally:
        ws.close()


def test_reanchor_is_refused_on_a_broken_chain(empty_db: Path):
    from desktop.errors import FrontlineError
    from desktop.services.admin.verify import reanchor

    key = _prepared(empty_db)
    _sql_case(_edit(_middle))(empty_db, key, empty_db)
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        with pytest.raises(FrontlineError, match="不能重新建立锚点"):
            reanchor(ws)
    finally:
        ws.close()
