"""Key slots, in the manner of LUKS: the database key wrapped once per account.

The database is encrypted with 32 random bytes. Each account's slot holds those bytes
encrypted (AES-256-GCM) under a key derived from the account's password (Argon2id); one
more slot does the same for the recovery key. Changing a password rewrites one slot and
never re-encrypts the database.

The slot file sits beside the database (``x.db.keys``) and carries a SHA-256 checksum of its
own content, so that a damaged file is told apart from a wrong password: a flipped bit
fails the checksum, whereas a wrong password passes it and fails the AEAD check.

The file also keeps the database's login record (``logins``: failed attempts, a lock, each
account's last login; store/login_guard.py reads and writes it), so that it travels with the
database rather than staying behind in one user's home folder. Every write of the file is a
read-modify-write under ``x.db.keys.lock`` (store/lock.py `exclusive`): a slot change keeps
the login record on disk, a login record update keeps the slots, and parallel login attempts
are all counted. Writes are atomic (store/atomic.py): a kill leaves the old file or the new.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop import safe_read
from desktop.errors import DamagedKeyFile, DatabaseNotFound, FileRefused, WrongPassword
from desktop.store import lock, recovery
from desktop.store.atomic import write_atomic
from desktop.store.kdf import KEY_LEN, SALT_LEN, KdfParams, calibrate, derive

FORMAT = "frontline-keyslots"
VERSION = 1
RECOVERY_SLOT = "recovery"
NONCE_LEN = 12
MAX_FILE_BYTES = 1 << 20  # a slot is ~300 bytes; a thousand accounts fit many times over
T = TypeVar("T")


def slots_path(db_path: Path | str) -> Path:
    return Path(f"{db_path}.keys")


def _lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _user_slot(username: str) -> str:
    return f"user:{username}"


@dataclass
class Slot:
    slot_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def aad(self) -> bytes:
        # Binds the wrapped key to this slot: a slot copied under another name fails to open.
        return f"{FORMAT}:{VERSION}:{self.slot_id}".encode()

    @classmethod
    def seal(cls, slot_id: str, secret: str, master_key: bytes, params: KdfParams) -> Slot:
        salt = secrets.token_bytes(SALT_LEN)
        nonce = secrets.token_bytes(NONCE_LEN)
        slot = cls(slot_id, params, salt, nonce, b"")
        kek = derive(secret, salt, params)
        slot.wrapped = AESGCM(kek).encrypt(nonce, master_key, slot.aad())
        return slot

    def open(self, secret: str) -> bytes:
        kek = derive(secret, self.salt, self.kdf)
        try:
            key = AESGCM(kek).decrypt(self.nonce, self.wrapped, self.aad())
        except InvalidTag:
            raise WrongPassword() from None
        if len(key) != KEY_LEN:
            raise DamagedKeyFile("密钥文件已损坏：密钥长度不正确")
        return key

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.slot_id,
            "kdf": {**self.kdf.to_json(), "salt": _b64(self.salt)},
            "cipher": "aes-256-gcm",
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        if data.get("cipher") != "aes-256-gcm":
            raise ValueError("unknown cipher")
        slot = cls(
            str(data["id"]),
            KdfParams.from_json(data["kdf"]),
            _unb64(data["kdf"]["salt"]),
            _unb64(data["nonce"]),
            _unb64(data["wrapped_key"]),
        )
        if len(slot.salt) != SALT_LEN or len(slot.nonce) != NONCE_LEN:
            raise ValueError("bad salt or nonce length")
        return slot


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


class KeySlots:
    """The slot file of one database."""

    def __init__(self, path: Path, slots: dict[str, Slot], database_salt: str = "",
                 logins: dict[str, Any] | None = None) -> None:
        self.path = path
        self.slots = slots
        # The first 16 bytes of an SQLCipher file are its random salt, stored in clear; keeping
        # a copy here tells "this key file belongs to another database" apart from damage.
        self.database_salt = database_salt
        # The login record, as stored; only store/login_guard.py interprets it.
        self.logins: dict[str, Any] = logins if logins is not None else {}

    # --- creating -------------------------------------------------------------------------

    @classmethod
    def create(cls, db_path: Path, username: str, password: str,
               params: KdfParams | None = None) -> tuple[KeySlots, bytes, str]:
        """New random database key, a slot for the first account and a recovery slot."""
        params = params or calibrate()
        master_key = secrets.token_bytes(KEY_LEN)
        code = recovery.generate()
        slots = {
            _user_slot(username): Slot.seal(_user_slot(username), password, master_key, params),
            RECOVERY_SLOT: Slot.seal(RECOVERY_SLOT, code, master_key, params),
        }
        return cls(slots_path(db_path), slots), master_key, code

    # --- reading and writing --------------------------------------------------------------

    @classmethod
    def load(cls, db_path: Path) -> KeySlots:
        return cls._load_file(slots_path(db_path))

    @classmethod
    def _load_file(cls, path: Path) -> KeySlots:
        if not path.exists():
            raise DatabaseNotFound(f"找不到密钥文件 {path.name}：它应与数据库放在同一文件夹")
        try:
            # Bounded, and never a named pipe or a device: the file sits in a folder anyone may fill.
            raw = safe_read.read_limited(path, MAX_FILE_BYTES)
        except FileRefused as exc:
            raise DamagedKeyFile(f"无法读取密钥文件：{exc}") from None
        try:
            doc = safe_read.parse_json(raw)
            if doc.get("format") != FORMAT:
                raise ValueError("not a key slot file")
            if int(doc.get("version", 0)) > VERSION:
                raise DamagedKeyFile(f"密钥文件 {path.name} 由更新版本的程序创建，请升级程序")
            body = {k: v for k, v in doc.items() if k != "checksum"}
            if doc.get("checksum") != _checksum(body):
                raise ValueError("checksum mismatch")
            slots = {s.slot_id: s for s in (Slot.from_json(d) for d in doc["slots"])}
            logins = doc.get("logins", {})
            return cls(path, slots, str(doc.get("database_salt", "")), logins if isinstance(logins, dict) else {})
        except DamagedKeyFile:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, UnicodeDecodeError):
            raise DamagedKeyFile(f"密钥文件 {path.name} 已损坏，无法读取。请用备份的密钥文件替换它") from None

    def save(self) -> None:
        """Write these slots, keeping the login record as it is on disk now (another thread
        or program may have counted a login attempt since this copy was loaded)."""
        with lock.exclusive(_lock_path(self.path)):
            # A damaged file being replaced: this copy's record is the best there is.
            if self.path.exists():
                with contextlib.suppress(DamagedKeyFile):
                    self.logins = KeySlots._load_file(self.path).logins
            self._write()

    def _write(self) -> None:
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "database_salt": self.database_salt,
            "slots": [s.to_json() for s in self.slots.values()],
        }
        if self.logins:
            body["logins"] = self.logins
        body["checksum"] = _checksum(body)
        data = json.dumps(body, indent=2, ensure_ascii=True).encode("ascii") + b"\n"
        write_atomic(self.path, data)

    @classmethod
    def update_logins(cls, db_path: Path, change: Callable[[KeySlots], T]) -> T:
        """Read the key file, let `change` alter its `logins` record, write it back: one
        step under the key file's lock, so that parallel attempts are all counted."""
        path = slots_path(db_path)
        with lock.exclusive(_lock_path(path)):
            current = cls.load(db_path)
            result = change(current)
            current._write()
        return result

    # --- unlocking ------------------------------------------------------------------------

    def unlock(self, username: str, secret: str) -> tuple[bytes, bool]:
        """Return (database key, opened with the recovery key?).

        The recovery key is accepted in place of any account's password; a wrong secret
        raises WrongPassword whichever slot was tried.
        """
        slot = self.slots.get(_user_slot(username))
        if slot is not None:
            try:
                return slot.open(secret), False
            except WrongPassword:
                pass
        code = recovery.normalize(secret)
        if code is not None and RECOVERY_SLOT in self.slots:
            return self.slots[RECOVERY_SLOT].open(code), True
        raise WrongPassword()

    def has_user(self, username: str) -> bool:
        return _user_slot(username) in self.slots

    def usernames(self) -> list[str]:
        return sorted(s.split(":", 1)[1] for s in self.slots if s.startswith("user:"))

    # --- changing (each rewrites one slot) ------------------------------------------------

    def set_password(self, username: str, password: str, master_key: bytes,
                     params: KdfParams | None = None) -> None:
        sid = _user_slot(username)
        self.slots[sid] = Slot.seal(sid, password, master_key, params or calibrate())

    def remove_user(self, username: str) -> None:
        self.slots.pop(_user_slot(username), None)

    def new_recovery_key(self, master_key: bytes, params: KdfParams | None = None) -> str:
        code = recovery.generate()
        self.slots[RECOVERY_SLOT] = Slot.seal(RECOVERY_SLOT, code, master_key, params or calibrate())
        return code


def read_database_salt(db_path: Path) -> str:
    try:
        with open(db_path, "rb") as fh:
            return fh.read(16).hex()
    except OSError:
        return ""


def remove_files(db_path: Path) -> None:
    """Remove a database that could not be finished, with its sidecar files."""
    for suffix in ("", "-wal", "-shm", "-journal", ".keys", ".keys.lock"):
        with contextlib.suppress(FileNotFoundError):  # not `exists()` first: another cleanup may win the race
            os.unlink(f"{db_path}{suffix}")
