"""Key slot files and package headers written by an attacker: refused as damaged before any
Argon2 derivation, never a hang, never an internal error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop.errors import DamagedKeyFile
from desktop.services.exchange.packages import file as package_file
from desktop.store import kdf
from desktop.store.keyslots import _checksum, slots_path
from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD


def _cli(*args: str) -> tuple[int, str]:
    result = frontline(*args, password=os.environ.get("FRONTLINE_PASSWORD"))
    return result.returncode, result.stderr


@pytest.fixture
def no_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any Argon2 derivation fails the test: the refusal must come before it."""
    def refuse(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("derived a key from hostile parameters")

    monkeypatch.setattr(kdf, "hash_secret_raw", refuse)


def _rewrite_kdf(db: Path, **changes: object) -> None:
    """The key file with every slot's parameters changed and the checksum made valid again,
    as an attacker who can write the folder would do."""
    path = slots_path(db)
    doc = json.loads(path.read_text())
    for slot in doc["slots"]:
        slot["kdf"].update(changes)
    body = {k: v for k, v in doc.items() if k != "checksum"}
    doc["checksum"] = _checksum(body)
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("changes", [
    {"memory_kib": 4 * 2**20},  # 4 GiB
    {"memory_kib": 2**40},
    {"time_cost": 21},
    {"time_cost": 10**9},
    {"parallelism": 9},
    {"parallelism": 0},
    {"memory_kib": 8, "parallelism": 4},  # below Argon2's 8 KiB per lane
    {"time_cost": "3"},
    {"memory_kib": 1.5},
    {"parallelism": True},
    {"memory_kib": None},
])
def test_out_of_range_argon2_parameters_in_a_key_file_are_refused_before_deriving(
        empty_db: Path, no_derivation: None, monkeypatch: pytest.MonkeyPatch, changes: dict[str, object]):
    _rewrite_kdf(empty_db, **changes)
    monkeypatch.setenv("FRONTLINE_PASSWORD", PASSWORD)
    code, err = _cli("info", "--db", str(empty_db))
    assert code == 1 and "密钥文件" in err and "已损坏" in err, err


def test_the_bounds_are_those_of_the_issue():
    assert kdf.KdfParams(20, 2**20, 8).within_bounds()
    assert not kdf.KdfParams(21, 2**20, 8).within_bounds()
    assert not kdf.KdfParams(20, 2**20 + 1, 8).within_bounds()
    assert not kdf.KdfParams(20, 2**20, 9).within_bounds()
    assert kdf.calibrate(60_000).within_bounds()  # a slow target still makes a slot we can open


@pytest.mark.parametrize("junk", [
    b"[" * 100_000,
    b'{"format": "frontline-keyslots", "slots": ' + b"[" * 500 + b"]" * 500 + b"}",
    b"\xff\xfe\x00\x00",
    b'{"format": "frontline-keyslots", "version": "' + b"9" * 5000 + b'"}',
    b"[]",
])
def test_junk_key_files_are_damaged_not_internal_errors(empty_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                       junk: bytes):
    slots_path(empty_db).write_bytes(junk)
    monkeypatch.setenv("FRONTLINE_PASSWORD", PASSWORD)
    code, err = _cli("info", "--db", str(empty_db))
    assert code == 1 and "密钥文件" in err and "已损坏" in err, err


@pytest.mark.timeout(20)
def test_a_named_pipe_or_a_device_as_the_key_file_is_refused_without_reading(empty_db: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FRONTLINE_PASSWORD", PASSWORD)
    keys = slots_path(empty_db)
    keys.unlink()
    os.mkfifo(keys)  # opening it for reading would block until a writer came
    code, err = _cli("info", "--db", str(empty_db))
    assert code == 1 and "命名管道" in err and keys.name in err, err
    keys.unlink()
    keys.symlink_to("/dev/zero")  # reading it would never end
    code, err = _cli("info", "--db", str(empty_db))
    assert code == 1 and "设备文件" in err, err


def test_package_header_with_out_of_range_parameters_is_damaged_before_deriving(tmp_path: Path, no_derivation):
    path = tmp_path / "x.flpkg"
    for time_cost, log_memory, parallelism in ((1, 22, 1), (1, 31, 1), (21, 10, 1), (1, 10, 9), (0, 10, 1),
                                                 (1, 3, 4)):
        header = package_file.MAGIC + bytes([package_file.VERSION, time_cost, log_memory, parallelism])
        path.write_bytes(header + bytes(10) + os.urandom(4096))
        assert package_file.is_package(path)
        with pytest.raises(package_file.DamagedPackage, match="文件头已损坏"):
            package_file.unlock(path, "whatever")


def test_package_header_refusal_reaches_the_command_line(empty_db: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "x.flpkg"
    path.write_bytes(package_file.MAGIC + bytes([package_file.VERSION, 1, 22, 1]) + bytes(10) + os.urandom(4096))
    monkeypatch.setenv("FRONTLINE_PASSWORD", PASSWORD)
    monkeypatch.setenv("FRONTLINE_PACKAGE_PASSWORD", "pw")
    code, err = _cli("package", "import", str(path), "--db", str(empty_db))
    assert code == 1 and "文件头已损坏" in err, err
    code, err = _cli("info", "--db", str(path))  # opened as a laptop database
    assert code == 1 and "文件头已损坏" in err, err


def test_key_file_loading_still_refuses_a_damaged_checksum(empty_db: Path):
    from desktop.store.keyslots import KeySlots

    path = slots_path(empty_db)
    path.write_text(path.read_text().replace('"time_cost": ', '"time_cost": 1', 1))
    with pytest.raises(DamagedKeyFile):
        KeySlots.load(empty_db)


def anchor_file(db: Path) -> Path:
    """This PC's anchor of `db`, made by a first write (filed under the database's uid)."""
    from desktop import paths
    from desktop.services.admin import settings
    from desktop.services.workspace import Workspace

    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        settings.put(ws, "test.anchor", 1)
        with ws.read("test.inspect") as s:
            uid = ws.db.chain.current_uid(s)
    finally:
        ws.close()
    return paths.state_dir() / "anchors" / f"{uid}.json"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("junk", ["pipe", "device", "deep", "not-json", "wrong-types", "non-ascii-mac"])
def test_a_junk_audit_anchor_is_reported_never_a_crash_or_a_hang(empty_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 junk: str):
    """An anchor nobody can read may hide a rollback: `verify` says so (exit 1), clearly."""
    monkeypatch.setenv("FRONTLINE_PASSWORD", PASSWORD)
    anchor = anchor_file(empty_db)
    anchor.unlink()
    if junk == "pipe":
        os.mkfifo(anchor)
    elif junk == "device":
        anchor.symlink_to("/dev/zero")
    else:
        anchor.write_bytes({"deep": b"[" * 100_000, "not-json": b"\xff\xfe{", "wrong-types": b'{"seq": [], "hash": 1}',
                            "non-ascii-mac": '{"seq": 1, "hash": "ab", "mac": "签名"}'.encode()}[junk])
    code, err = _cli("verify", "--db", str(empty_db))
    assert code == 1, err
    assert "锚点文件被改动过" in err or "审计链" in err
