"""Database, -wal, -shm, key file, backups and packages are created 0600 (owner only), and an
older database with wider permissions is narrowed when opened."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.admin.accounts import create_database
from desktop.services.exchange.packages import file as package_file
from desktop.services.workspace import Workspace
from desktop.store.backup import backup_database
from desktop.store.kdf import KdfParams
from desktop.store.keyslots import slots_path
from tests.conftest import PASSWORD

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows keeps ACLs, not modes")


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    """The usual 022: files would be 0644 unless the program asks for less."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_database_and_its_sidecars_are_private(tmp_path: Path):
    db = tmp_path / "new.db"
    ws, _ = create_database(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            s.execute(__import__("sqlalchemy").text("SELECT count(*) FROM account")).scalar()
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), slots_path(db)]
        assert all(p.exists() for p in files), [p.name for p in files if not p.exists()]
        assert {p.name: oct(mode(p)) for p in files} == {p.name: oct(0o600) for p in files}
    finally:
        ws.close()


# The backup is a copy of the encrypted file and its key file; a server is backed up with pg_dump.
@pytest.mark.file_only
def test_backups_are_private(ws: Workspace, tmp_path: Path):
    target = tmp_path / "copies" / "b.db"
    target.parent.mkdir()
    made = backup_database(ws.db.path, ws.db.key, target, ws.db.slots)
    assert mode(made) == 0o600 and mode(slots_path(made)) == 0o600


def test_a_package_is_private(tmp_path: Path):
    package = tmp_path / "p.flpkg"
    package_file.create(package, "Package-pass1", KdfParams(1, 8, 1))
    assert mode(package) == 0o600


def test_an_older_database_is_narrowed_when_opened(empty_db: Path):
    for p in (empty_db, slots_path(empty_db)):
        os.chmod(p, 0o644)
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        assert mode(empty_db) == 0o600
        assert mode(f"{empty_db}-wal") == 0o600 and mode(f"{empty_db}-shm") == 0o600
        assert mode(slots_path(empty_db)) == 0o600  # rewritten by the login record, atomically 0600
    finally:
        ws.close()
