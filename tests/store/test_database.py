import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.errors import (
    AlreadyExists,
    DamagedDatabase,
    DamagedKeyFile,
    DatabaseNotFound,
    DatabaseTooNew,
)
from desktop.services.workspace import Workspace
from desktop.store import migrate
from desktop.store.database import Database
from desktop.store.keyslots import slots_path
from tests.conftest import PASSWORD


def _sidecars(db: Path) -> list[Path]:
    return [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]


def test_files_at_rest_hold_no_readable_data(demo_db: Path):
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    with ws.read("test.inspect") as s:
        names = [n for (n,) in s.execute(text("SELECT name FROM cadre LIMIT 50"))]
    # Keep the workspace open so the -wal and -shm files exist while we look at them.
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(demo_db).execute("SELECT * FROM sqlite_master").fetchall()
    for path in _sidecars(demo_db):
        data = path.read_bytes()
        for name in names:
            assert name.encode("utf-8") not in data, f"{name} readable in {path.name}"
        assert "海滨市".encode() not in data
    ws.close()


def test_damaged_database_file_is_not_called_a_wrong_password(empty_db: Path):
    data = bytearray(empty_db.read_bytes())
    data[16:4096] = bytes(4080)  # wipe the first encrypted page, keep the salt
    empty_db.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase, match="已损坏"):
        Database.open(empty_db, "admin", PASSWORD)


def test_key_file_of_another_database_is_detected(empty_db: Path, demo_db: Path):
    shutil.copy2(slots_path(demo_db), slots_path(empty_db))
    with pytest.raises(DamagedKeyFile, match="不匹配"):
        Database.open(empty_db, "admin", PASSWORD)


def test_missing_files(tmp_path: Path):
    with pytest.raises(DatabaseNotFound, match="找不到数据库文件"):
        Database.open(tmp_path / "nothing.db", "admin", PASSWORD)


def test_create_refuses_to_overwrite(empty_db: Path):
    before = empty_db.read_bytes()
    with pytest.raises(AlreadyExists):
        Database.create(empty_db, "admin", PASSWORD)
    assert empty_db.read_bytes() == before


def test_pragmas_for_durability(empty_db: Path):
    db = Database.open(empty_db, "admin", PASSWORD)
    with db.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA cipher_version")).scalar().startswith("4.")
    db.close()


def test_newer_schema_is_refused_with_a_clear_message(empty_db: Path):
    db = Database.open(empty_db, "admin", PASSWORD)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    with pytest.raises(DatabaseTooNew, match=r"9999.*请升级"):
        Database.open(empty_db, "admin", PASSWORD)


def test_older_schema_is_backed_up_then_migrated(empty_db: Path):
    db = Database.open(empty_db, "admin", PASSWORD)
    with db.engine.begin() as conn:
        migrate.downgrade(conn, "base")
    db.close()
    db = Database.open(empty_db, "admin", PASSWORD)
    assert db.schema_version() == migrate.head_revision()
    (backup,) = db.backups
    db.close()
    assert backup.exists() and slots_path(backup).exists()
    # The backup opens with the same key and still has the old (here: empty) schema.
    from desktop.store.engine import sqlcipher_engine

    engine = sqlcipher_engine(backup, db.key)
    with engine.connect() as conn:
        assert migrate.current_revision(conn) is None
    engine.dispose()
