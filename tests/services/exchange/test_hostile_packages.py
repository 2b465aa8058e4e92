"""Exchange packages a doctored laptop sends back (the package password is known, the rows
are not to be trusted): refused as damaged before the merge plans anything, nothing written.
Found by the fuzz run's package-content kind (bench/fuzz_inputs.py)."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.interchange.errors import FileRefused
from desktop.models import Campaign
from desktop.services.exchange.packages import export as package_export
from desktop.services.exchange.packages import file as package_file
from desktop.services.exchange.packages.apply import PackageImport
from desktop.services.exchange.packages.export import MANIFEST, decode_manifest
from desktop.services.workspace import Workspace
from tests.conftest import data_digest

PASSWORD = "field-team-2024"


@pytest.fixture
def package(demo_ws: Workspace, tmp_path: Path) -> Path:
    with demo_ws.read("test.inspect") as s:
        active = next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
    out = tmp_path / "p.flpkg"
    package_export.export(demo_ws, active, out, PASSWORD)
    return out


def _doctor(package: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    key = package_file.unlock(package, PASSWORD)
    conn = sqlcipher.connect(str(package))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for sql, params in statements:
            conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()
    package_file.settle(package, key)


def _refused(demo_ws: Workspace, package: Path, *words: str) -> None:
    before = data_digest(demo_ws)
    with pytest.raises(FileRefused) as refused, PackageImport(package, PASSWORD) as job:
        job.preview(demo_ws)
    assert all(w in str(refused.value) for w in words), str(refused.value)
    assert data_digest(demo_ws) == before


@pytest.mark.parametrize("sql, params, words", [
    ("UPDATE family_member SET birth = ? WHERE rowid = (SELECT min(rowid) FROM family_member)", ("\x18junk",),
     ("家庭成员", "已损坏")),  # a partial date that is not one
    ("UPDATE family_member SET name = ? WHERE rowid = (SELECT min(rowid) FROM family_member)", (b"\x00\xff",),
     ("家庭成员", "类型不对")),  # a picture where a name belongs
    ("UPDATE cadre SET updated_at = ? WHERE rowid = (SELECT min(rowid) FROM cadre)", ("yesterday",),
     ("干部档案", "已损坏")),  # a timestamp that is not one
    ("UPDATE campaign SET rater_weights = ? WHERE rowid = (SELECT min(rowid) FROM campaign)", ("{not json",),
     ("考核", "已损坏")),
    ("UPDATE campaign_cadre SET cadre_id = ? WHERE rowid = (SELECT min(rowid) FROM campaign_cadre)", (10**9,),
     ("被考核干部", "不存在的记录")),  # a link to nothing
    ("UPDATE campaign_unit SET unit_id = ? WHERE rowid = (SELECT min(rowid) FROM campaign_unit)", ("abc",),
     ("考核单位", "类型不对")),
])
def test_rows_that_the_schema_does_not_allow_are_refused_before_the_merge(
        demo_ws: Workspace, package: Path, sql: str, params: tuple[object, ...], words: tuple[str, ...]):
    _doctor(package, ("PRAGMA foreign_keys = OFF", ()), (sql, params))
    _refused(demo_ws, package, "p.flpkg", *words)


@pytest.mark.parametrize("manifest", [
    {"zlib": base64.b64encode(zlib.compress(b"[" * 100_000 + b"]" * 100_000)).decode()},  # nested too deep
    {"zlib": base64.b64encode(b"not zlib at all").decode()},
    {"zlib": base64.b64encode(zlib.compress(json.dumps({"package_id": 5, "base": []}).encode())).decode()},
    {"zlib": base64.b64encode(zlib.compress(json.dumps({"package_id": "x", "base": {"cadre": [1]}}).encode()))
     .decode()},
    [1, 2, 3],
])
def test_a_damaged_or_doctored_manifest_is_refused(demo_ws: Workspace, package: Path, manifest: object):
    _doctor(package, ("UPDATE setting SET value = ? WHERE key = ?", (json.dumps(manifest), MANIFEST)))
    _refused(demo_ws, package, "导出清单")


def test_a_manifest_that_would_inflate_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(package_export, "MAX_MANIFEST_BYTES", 1000)
    packed = {"zlib": base64.b64encode(zlib.compress(b" " * 100_000)).decode()}
    with pytest.raises(ValueError, match="too large"):
        decode_manifest(packed)


def test_a_record_that_collides_with_the_office_on_commit_is_refused_whole(demo_ws: Workspace, package: Path):
    """A record given a new uid on the laptop (same cadre, same year) looks new to the merge,
    and only the database's unique constraint notices the clash: the import is refused whole."""
    _doctor(package, ("UPDATE annual_result SET uid = '0123456789abcdef0123456789abcdef' WHERE rowid = "
                      "(SELECT min(rowid) FROM annual_result)", ()))
    before = data_digest(demo_ws)
    with PackageImport(package, PASSWORD) as job:
        plan = job.preview(demo_ws)
        plan.prefer("laptop")
        assert any(c.action == "add" and c.kind.table == "annual_result" for c in plan.changes)
        with pytest.raises(FrontlineError, match=r"年度考核结果与办公室数据库中已有的记录重复或冲突.*没有写入任何数据"):
            job.commit(demo_ws, plan)
    assert data_digest(demo_ws) == before
