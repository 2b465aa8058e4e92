"""A new database appears whole or not at all.

`init` and `demo` (and the window's 新建数据库) build the database and its key file under
hidden temporary names beside the target and rename them into place only when everything
is written, after the recovery key has been shown. A process killed midway leaves only the
hidden files, which the next creation or opening of the same name clears away; it never
leaves a file at the target's name that blocks it or half-works.

The two renames (key file first, then the database) are not one atomic step. A kill between
them leaves the key file in place and the complete database under its temporary name; the
next look at that name finishes the rename, because the database was complete (and its
recovery key shown) before the first rename.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desktop.store.atomic import fsync_dir
from desktop.store.keyslots import KeySlots, read_database_salt, remove_files, slots_path

SIDECARS = ("-wal", "-shm", "-journal")
_MARK = ".creating-"


def pending_path(path: Path) -> Path:
    """The hidden name a database is built under (one per process)."""
    return path.with_name(f".{path.name}{_MARK}{os.getpid()}")


def _pending(path: Path) -> list[Path]:
    prefix = f".{path.name}{_MARK}"
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.parent / n for n in names
            if n.startswith(prefix) and n[len(prefix):].isdigit()]


def promote(tmp: Path, path: Path) -> None:
    """Move a complete database and its key file from `tmp` to `path` (key file first)."""
    os.replace(slots_path(tmp), slots_path(path))
    os.replace(tmp, path)
    fsync_dir(path.parent)


def settle_interrupted(path: Path) -> bool:
    """Finish or clear what a killed creation of `path` left behind.

    The caller holds `path`'s lock (store/lock.py), so no creation of it is running now:
    every hidden file of that name is a leftover. True if a database took `path`'s name.
    """
    leftovers = _pending(path)
    if not leftovers:
        return False
    finished = None
    if not path.exists() and slots_path(path).exists():
        try:
            wanted = KeySlots.load(path).database_salt
        except Exception:  # a damaged key file is not ours to judge here
            wanted = ""
        for tmp in leftovers:
            if wanted and read_database_salt(tmp) == wanted and not slots_path(tmp).exists():
                finished = tmp
                break
    if finished is not None:
        # A write-ahead log left beside it holds committed pages: it moves with the file.
        for suffix in SIDECARS:
            with contextlib.suppress(FileNotFoundError):
                os.replace(f"{finished}{suffix}", f"{path}{suffix}")
        os.replace(finished, path)
        fsync_dir(path.parent)
    for tmp in leftovers:
        if tmp != finished:
            remove_files(tmp)
    return finished is not None


def move_database(src: Path, dst: Path) -> None:
    """Rename a closed database with everything beside it (a write-ahead log left by a crash
    holds committed pages; it must travel with its file)."""
    for suffix in SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{src}{suffix}", f"{dst}{suffix}")
    with contextlib.suppress(FileNotFoundError):
        os.replace(slots_path(src), slots_path(dst))
    os.replace(src, dst)
    fsync_dir(dst.parent)
