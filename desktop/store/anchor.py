"""The audit chain's head, kept outside the database, and the keys of the chain.

SQLCipher authenticates every page but cannot tell that a whole file was replaced by an
older copy. After each operation the newest audit entry's number and link are written to a
small file in this PC's state folder, filed under the database's identity (its uid, see
models/meta.py) and authenticated with a key derived from the database key. Opening the
database and every write compare the chain with it (store/chain_guard.py).

The anchor also records which file it was written from, so that a copy of a database (a
backup, a file copied to a USB stick) is told apart from the original rolled back in place.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop import paths, safe_read
from desktop.errors import FileRefused
from desktop.store.atomic import write_atomic

CHAIN_INFO = b"frontline audit chain"
ANCHOR_INFO = b"frontline audit anchor v2"
LEGACY_ANCHOR_INFO = b"frontline audit anchor"


def _derive(db_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(db_key)


def chain_key(db_key: bytes) -> bytes:
    """The HMAC key of the audit chain's links."""
    return _derive(db_key, CHAIN_INFO)


def file_id(path: Path | str) -> str:
    """How a database file is named in an anchor: its absolute path, case-folded where the
    file system ignores case."""
    return os.path.normcase(os.path.realpath(path))


def writer_id() -> str:
    """This PC, account and state folder, as the database records its writers.

    A database remembers which writers anchored it (store/chain_guard.py), so an anchor that
    went missing (deleted, a wiped state folder) is an alarm rather than "a new PC". The state
    folder is part of the identity: a portable install, or a test, with a folder of its own is
    a writer of its own."""
    import getpass
    import socket

    try:
        machine = Path("/etc/machine-id").read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        machine = ""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = ""
    raw = "\0".join((socket.gethostname(), user, machine, str(paths.state_dir().resolve())))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


class AnchorForged(Exception):
    """An anchor file exists but fails its authentication: someone edited it."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    path: str = ""  # file_id() of the file the anchor was last advanced from


def _folder(folder: Path | None) -> Path:
    return folder or paths.state_dir() / "anchors"


class AnchorStore:
    """One anchor file per database identity."""

    def __init__(self, uid: str, db_key: bytes, folder: Path | None = None) -> None:
        self.uid = uid
        self.key = _derive(db_key, ANCHOR_INFO)
        self.path = _folder(folder) / f"{uid}.json"

    def _mac(self, seq: int, head: str, path: str) -> str:
        message = json.dumps([self.uid, seq, head, path], ensure_ascii=False).encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def read(self) -> Anchor | None:
        """The stored anchor; None if this PC has none; AnchorForged if it was altered."""
        try:
            # Bounded, never a pipe or a device, no RecursionError on "[[[[…": see safe_read.
            raw = safe_read.read_limited(self.path, safe_read.STATE_FILE_BYTES)
        except FileRefused as exc:
            if not self.path.exists():
                return None
            raise AnchorForged(f"{self.path} 无法读取") from exc
        try:
            doc = safe_read.parse_json(raw)
            seq, head, where = int(doc["seq"]), str(doc["hash"]), str(doc.get("path", ""))
            mac = str(doc["mac"])
        except (FileRefused, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise AnchorForged(f"{self.path} 无法读取") from exc
        # As bytes: compare_digest refuses str with non-ASCII characters (a doctored file).
        if not hmac.compare_digest(mac.encode("utf-8", "replace"), self._mac(seq, head, where).encode("ascii")):
            raise AnchorForged(f"{self.path} 未通过认证")
        return Anchor(seq, head, where)

    def write(self, anchor: Anchor) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"uid": self.uid, "seq": anchor.seq, "hash": anchor.hash, "path": anchor.path,
               "mac": self._mac(anchor.seq, anchor.hash, anchor.path)}
        write_atomic(self.path, json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def read_legacy(database_salt: str, db_key: bytes, folder: Path | None = None) -> tuple[Path, Anchor | None]:
    """The anchor written by the programs before schema 0004 (filed by salt, MAC over seq and hash);
    None if absent or not authentic. Read once, when the database is upgraded."""
    path = _folder(folder) / f"{database_salt or 'unknown'}.json"
    try:
        doc = safe_read.parse_json(safe_read.read_limited(path, safe_read.STATE_FILE_BYTES))
        seq, head = int(doc["seq"]), str(doc["hash"])
    except (FileRefused, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return path, None
    expected = hmac.new(_derive(db_key, LEGACY_ANCHOR_INFO), f"{seq}:{head}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(str(doc.get("mac", "")).encode("utf-8", "replace"), expected.encode("ascii")):
        return path, None
    return path, Anchor(seq, head)
