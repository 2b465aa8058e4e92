"""Every released schema still opens: copied, backed up, migrated, verified (electrum keeps
a file of every old format and tests the upgrade from each; so do we)."""

import shutil
from pathlib import Path

import pytest

from desktop.services import info, verify
from desktop.services.workspace import Workspace
from desktop.store import migrate
from tests.conftest import PASSWORD

SAMPLES = sorted((Path(__file__).parent.parent / "data").glob("schema-*.db"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_old_database_opens_migrates_and_verifies(sample: Path, tmp_path: Path):
    db = tmp_path / sample.name
    shutil.copy2(sample, db)
    shutil.copy2(f"{sample}.keys", f"{db}.keys")
    ws = Workspace.open(db, "admin", PASSWORD)
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
