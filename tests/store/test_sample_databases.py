"""Every released schema still opens: copied, backed up, migrated, verified (electrum keeps
a file of every old format and tests the upgrade from each; so do we)."""

from pathlib import Path

import pytest

from desktop.services.admin import info, verify
from desktop.services.workspace import Workspace
from desktop.store import migrate
from tests.conftest import SAMPLE_PASSWORD as PASSWORD
from tests.conftest import copy_sample, sample_password

SAMPLES = sorted((Path(__file__).parent.parent / "data").glob("schema-*.db"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_old_database_opens_migrates_and_verifies(sample: Path, tmp_path: Path):
    db = copy_sample(sample.name, tmp_path)
    ws = Workspace.open(db, "admin", sample_password(sample))
    try:
        assert ws.db.schema_version() == migrate.head_revision()
        released = sample.stem.removeprefix("schema-")
        assert bool(ws.db.backups) == (released != migrate.head_revision())
        assert info.counts(ws)["cadres"] == 12
        assert all(c.ok for c in verify.run_all(ws)), verify.run_all(ws)
    finally:
        ws.close()


def test_there_is_a_sample_of_the_newest_schema():
    assert f"schema-{migrate.head_revision()}" in [p.stem for p in SAMPLES]


def _legacy_anchor(db: Path, seq_offset: int) -> Path:
    """The anchor the programs before schema 0004 kept: filed by salt, MAC over seq:hash."""
    import hashlib
    import hmac
    import json
    import os

    import sqlcipher3.dbapi2 as sqlcipher
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from desktop.store.keyslots import KeySlots

    slots = KeySlots.load(db)
    key, _ = slots.unlock("admin", PASSWORD)
    conn = sqlcipher.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    seq, link = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    seq += seq_offset
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"frontline audit anchor").derive(key)
    doc = {"seq": seq, "hash": link, "mac": hmac.new(mac_key, f"{seq}:{link}".encode(), hashlib.sha256).hexdigest()}
    path = Path(os.environ["FRONTLINE_HOME"]) / "state" / "anchors" / f"{slots.database_salt}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("seq_offset, alarm", [(0, False), (5, True)], ids=["in-step", "rolled-back-before"])
def test_the_old_anchor_is_carried_over_the_keyed_chain_upgrade(tmp_path: Path, seq_offset: int, alarm: bool):
    db = copy_sample("schema-0003.db", tmp_path)
    legacy = _legacy_anchor(db, seq_offset)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        assert not legacy.exists()
        assert ws.db.chain_state.alarm is alarm, ws.db.chain_state
        assert ws.db.chain_state.status == ("rollback" if alarm else "ok")
    finally:
        ws.close()
