import dataclasses
import json
from pathlib import Path

import pytest

from desktop.errors import DamagedKeyFile, DatabaseNotFound, WrongPassword
from desktop.store import recovery
from desktop.store.kdf import KdfParams
from desktop.store.keyslots import KeySlots, slots_path

FAST = KdfParams(1, 8, 1)


@pytest.fixture
def slots(tmp_path: Path) -> tuple[KeySlots, bytes, str, Path]:
    db = tmp_path / "x.db"
    ks, key, code = KeySlots.create(db, "admin", "correct horse", FAST)
    ks.save()
    return ks, key, code, db


def test_password_unwraps_the_database_key(slots):
    _ks, key, _, db = slots
    assert KeySlots.load(db).unlock("admin", "correct horse") == (key, False)


def test_wrong_password_and_unknown_user(slots):
    _, _, _, db = slots
    with pytest.raises(WrongPassword, match="用户名或密码错误"):
        KeySlots.load(db).unlock("admin", "wrong")
    with pytest.raises(WrongPassword):
        KeySlots.load(db).unlock("nobody", "correct horse")


def test_recovery_key_opens_and_is_forgiving_about_typing(slots):
    _, key, code, db = slots
    typed = code.replace("-", " ").lower().replace("0", "o")
    assert KeySlots.load(db).unlock("admin", typed) == (key, True)


def test_recovery_codes_are_grouped_and_validated():
    code = recovery.generate()
    assert len(code.split("-")) == 6 and all(len(g) == 5 for g in code.split("-"))
    assert recovery.normalize("too short") is None


def test_changing_a_password_rewrites_only_that_slot(slots):
    ks, key, code, db = slots
    before = json.loads(slots_path(db).read_text())
    ks.set_password("admin", "new password", key, FAST)
    ks.save()
    after = json.loads(slots_path(db).read_text())
    by_id = lambda doc: {s["id"]: s for s in doc["slots"]}  # noqa: E731
    assert by_id(before)["recovery"] == by_id(after)["recovery"]
    assert by_id(before)["user:admin"] != by_id(after)["user:admin"]
    loaded = KeySlots.load(db)
    with pytest.raises(WrongPassword):
        loaded.unlock("admin", "correct horse")
    assert loaded.unlock("admin", "new password") == (key, False)
    assert loaded.unlock("admin", code) == (key, True)


def test_a_slot_copied_under_another_name_does_not_open(slots):
    ks, key, _, _db = slots
    ks.set_password("clerk", "Clerk password", key, FAST)
    # Someone edits the file so that admin's wrapped key appears as clerk's slot.
    ks.slots["user:clerk"] = dataclasses.replace(ks.slots["user:admin"], slot_id="user:clerk")
    with pytest.raises(WrongPassword):
        ks.unlock("clerk", "correct horse")


def test_flipped_byte_is_damage_not_a_wrong_password(slots):
    _, _, _, db = slots
    path = slots_path(db)
    doc = json.loads(path.read_text())
    wrapped = doc["slots"][0]["wrapped_key"]
    doc["slots"][0]["wrapped_key"] = ("A" if wrapped[0] != "A" else "B") + wrapped[1:]
    path.write_text(json.dumps(doc))
    with pytest.raises(DamagedKeyFile, match="已损坏"):
        KeySlots.load(db)


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe\x00", b'{"format": "frontline-keyslots"}'])
def test_garbage_slot_files_are_reported_as_damaged(slots, content):
    _, _, _, db = slots
    slots_path(db).write_bytes(content)
    with pytest.raises(DamagedKeyFile):
        KeySlots.load(db)


def test_missing_slot_file(tmp_path):
    with pytest.raises(DatabaseNotFound, match="找不到密钥文件"):
        KeySlots.load(tmp_path / "none.db")


def test_slot_file_is_private(slots):
    _, _, _, db = slots
    assert slots_path(db).stat().st_mode & 0o077 == 0
