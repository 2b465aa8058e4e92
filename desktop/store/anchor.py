"""The audit chain's head, kept outside the database.

SQLCipher authenticates every page but cannot tell that a whole file was replaced by an
older copy. After each operation the newest audit entry's number and hash are written to a
small file in this PC's state folder, authenticated with a key derived from the database
key. `verify` then notices a database that went back in time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop import paths, safe_read
from desktop.errors import FileRefused
from desktop.store.atomic import write_atomic


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


def _mac_key(db_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"frontline audit anchor").derive(db_key)


def _mac(db_key: bytes, seq: int, head: str) -> str:
    return hmac.new(_mac_key(db_key), f"{seq}:{head}".encode(), hashlib.sha256).hexdigest()


class AnchorStore:
    """One anchor file per database, named by the database's salt (unique per file)."""

    def __init__(self, database_salt: str, db_key: bytes, folder: Path | None = None) -> None:
        self.key = db_key
        self.path = (folder or paths.state_dir() / "anchors") / f"{database_salt or 'unknown'}.json"

    def read(self) -> Anchor | None:
        """The stored anchor, or None if this PC has none (or it fails authentication)."""
        try:
            # Bounded, never a pipe or a device, no RecursionError on "[[[[…": see safe_read.
            doc = safe_read.parse_json(safe_read.read_limited(self.path, safe_read.STATE_FILE_BYTES))
            seq, head = int(doc["seq"]), str(doc["hash"])
        except (FileRefused, ValueError, KeyError, TypeError):
            return None
        # As bytes: compare_digest refuses str with non-ASCII characters (a doctored file).
        if not hmac.compare_digest(str(doc.get("mac", "")).encode("utf-8", "replace"),
                                   _mac(self.key, seq, head).encode("ascii")):
            return None
        return Anchor(seq, head)

    def write(self, anchor: Anchor) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"seq": anchor.seq, "hash": anchor.hash, "mac": _mac(self.key, anchor.seq, anchor.hash)}
        write_atomic(self.path, json.dumps(doc).encode())
