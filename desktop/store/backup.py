"""Online backups of an encrypted database, taken with SQLite's backup API.

The copy is encrypted with the same key under a salt of its own (SQLCipher picks one for
every new file), so its key file is the original's slots with the copy's salt: the backup
opens with the same passwords and the same recovery key, and is recognised as a database of
its own. An exchange package has no key file; its salt says how its key is derived
(services/exchange/packages/file.py), so its copy keeps the same salt.

A backup is written under a hidden name and renamed into place when complete, then checked
by opening it: every page authenticated, SQLite's integrity check, the key file matching.

With a `progress` callback the copy goes a megabyte at a time, reporting each step; the
callback may raise to cancel (nothing is left behind). All steps read one snapshot, so the
window writing meanwhile neither restarts the copy nor makes it inconsistent.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from desktop.errors import DamagedDatabase, FrontlineError, StorageError
from desktop.store import creation, lock, private_files, scratch
from desktop.store.atomic import fsync_dir, storage_message
from desktop.store.keyslots import KeySlots, remove_files, slots_path
from desktop.store.sql_errors import SQLITE_FULL, SQLITE_READONLY

SQLITE_CANTOPEN = 14
ERRSTR = {"database or disk is full": SQLITE_FULL, "attempt to write a readonly database": SQLITE_READONLY,
          "unable to open database file": SQLITE_CANTOPEN}


def _keyed(path: Path, key: bytes, salt: bytes = b"") -> sqlcipher.Connection:
    private_files.prepare(path)  # a backup is as private as the database
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
    return conn


def backup_path(db_path: Path, label: str, when: dt.datetime | None = None) -> Path:
    when = when or dt.datetime.now()
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix or '.db'}")


# Pages per step of a copy with progress: 1 MiB at SQLCipher's 4 KiB pages.
STEP_PAGES = 256

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


def _copy(src: sqlcipher.Connection, dst: sqlcipher.Connection, progress: Progress | None) -> None:
    if progress is None:
        src.backup(dst)
        return
    # A step that finds the source changed by another connection starts the copy over; a
    # read transaction held across the steps pins one snapshot (WAL), so it never does.
    src.execute("BEGIN")
    src.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        src.backup(dst, pages=STEP_PAGES,
                   progress=lambda _status, remaining, total: progress(total - remaining, total))
    finally:
        src.rollback()


def backup_database(db_path: Path, key: bytes, target: Path, slots: KeySlots | None,
                    progress: Progress | None = None) -> Path:
    """Copy `db_path` to `target` with its key file (`slots`; None for an exchange package).
    The target must not exist. Returns the target once it has been opened and checked."""
    target = Path(target)
    if target.exists() or slots_path(target).exists():
        raise StorageError(f"备份文件 {target} 已存在")
    if not target.parent.is_dir():
        raise StorageError(f"文件夹 {target.parent} 不存在")
    tmp = target.with_name(f".{target.name}.partial")
    remove_files(tmp)
    with scratch.pending(tmp):  # a kill midway leaves nothing at the next start
        _write_copy(db_path, key, tmp, target, slots, progress)
    check_backup(target, key, package=slots is None)
    return target


def _write_copy(db_path: Path, key: bytes, tmp: Path, target: Path, slots: KeySlots | None,
                progress: Progress | None) -> None:
    try:
        src = _keyed(db_path, key)
        # A package's copy keeps its salt; the header is the lock's copy (store/lock.py).
        salt = lock.header(db_path) if slots is None else b""
        dst = _keyed(tmp, key, salt)
        try:
            _copy(src, dst, progress)
            copy_salt = str(dst.execute("PRAGMA cipher_salt").fetchone()[0])
        finally:
            dst.close()
            src.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if slots is not None:
            KeySlots(slots_path(tmp), dict(slots.slots), copy_salt).save()
            creation.promote(tmp, target)
        else:
            os.replace(tmp, target)
            fsync_dir(target.parent)
    except OSError as exc:
        raise StorageError(storage_message(exc, target)) from exc
    except sqlcipher.Error as exc:
        remove_files(tmp)
        raise StorageError(_sqlite_message(exc, target)) from exc
    finally:
        remove_files(tmp)


def _sqlite_message(exc: sqlcipher.Error, target: Path) -> str:
    """SQLite's English for a copy that could not be written, as storage_message says it.
    (A failed backup step carries no error code, only sqlite3_errstr's fixed text.)"""
    code = (getattr(exc, "sqlite_errorcode", None) or ERRSTR.get(str(exc), 0)) & 0xFF
    if code == SQLITE_FULL:
        return storage_message(OSError(errno.ENOSPC, "full"), target)
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN) and not os.access(target.parent, os.W_OK):
        return storage_message(OSError(errno.EROFS, "read-only"), target)
    return f"无法备份到 {target}：{exc}"


def check_backup(path: Path, key: bytes, *, package: bool = False) -> None:
    """Open a backup as the program will: key file, every page, SQLite's own check."""
    problem = backup_problem(path, key, package=package)
    if problem:
        # A copy that does not open is no backup: it must not sit in a rotation as one.
        remove_files(path)
        raise DamagedDatabase(f"备份 {path.name} 写入后无法正确打开（{problem}），请换一个位置或磁盘重试")


def backup_problem(path: Path, key: bytes, *, package: bool = False) -> str:
    """What is wrong with a backup opened with `key` (key file, pages, SQLite's check), or ""."""
    problem = ""
    try:
        if not package:
            copy_slots = KeySlots.load(path)
            with open(path, "rb") as fh:
                if fh.read(16).hex() != copy_slots.database_salt:
                    problem = "密钥文件与备份不匹配"
        if not problem:
            conn = _keyed(path, key)
            try:
                pages = conn.execute("PRAGMA cipher_integrity_check").fetchall()
                result = conn.execute("PRAGMA integrity_check").fetchall()
            finally:
                conn.close()
            if pages or result != [("ok",)]:
                problem = "页面校验未通过"
    except (OSError, sqlcipher.Error, FrontlineError) as exc:
        problem = str(exc)
    return problem
