"""Online backups of an encrypted database, taken with SQLite's backup API.

The copy is encrypted with the same key, so the key slot file is copied beside it and the
backup opens with the same passwords. Used before every migration and by `frontline backup`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from desktop.errors import StorageError
from desktop.store.atomic import storage_message
from desktop.store.keyslots import slots_path


def _keyed(path: Path, key: bytes, salt: bytes = b"") -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
    return conn


def backup_path(db_path: Path, label: str, when: dt.datetime | None = None) -> Path:
    when = when or dt.datetime.now()
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix or '.db'}")


def backup_database(db_path: Path, key: bytes, target: Path) -> Path:
    """Copy `db_path` to `target` (plus its key file); the target must not exist."""
    if target.exists():
        raise StorageError(f"备份文件 {target} 已存在")
    tmp = target.with_name(f".{target.name}.partial")
    try:
        src = _keyed(db_path, key)
        # An exchange package has no key slot file: its salt says how its key is derived
        # (store/package_file.py), so its copy must keep the same salt to open again.
        package = not slots_path(db_path).exists()
        with open(db_path, "rb") as fh:
            salt = fh.read(16) if package else b""
        dst = _keyed(tmp, key, salt)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        if slots_path(db_path).exists():  # an exchange package has no key slot file
            shutil.copy2(slots_path(db_path), slots_path(target))
    except OSError as exc:
        raise StorageError(storage_message(exc, target)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return target
