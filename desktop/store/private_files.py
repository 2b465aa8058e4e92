"""Database files readable by their owner only (0600): the database, its -wal and -shm, the
key file, backups and exchange packages.

SQLite creates a database with 0644 (less the umask) and gives its -wal, -shm and -journal
the database file's own permissions. So the database file is made here, empty (which SQLite
takes for a new database), with 0600 before SQLite first opens it; the sidecars follow. The
key file and every atomic write are 0600 already (store/atomic.py). A database made by an
older version with wider permissions is narrowed the next time it is opened.

On Windows, permissions are ACLs on the folder, which this does not touch.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE = 0o600
SIDECARS = ("-wal", "-shm", "-journal")


def prepare(path: Path | str) -> None:
    """Before SQLite opens `path`: create it empty and private if missing; narrow the
    permissions of it and its sidecars if others may read them."""
    if os.name == "nt":  # pragma: no cover - ACLs, not modes
        return
    path = Path(path)
    # Never opened when it exists: closing any descriptor of an open database would drop
    # SQLite's locks on it (store/lock.py). O_EXCL covers a file made in between.
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE)
        except FileExistsError:
            pass
        except OSError:
            return  # SQLite's own open says what is wrong (a read-only folder, a full disk)
        else:
            os.close(fd)
    for each in (path, *(Path(f"{path}{s}") for s in SIDECARS)):
        narrow(each)


def narrow(path: Path) -> None:
    """0600 for a file of ours that others may read; anything else is left alone."""
    with contextlib.suppress(OSError):
        info = os.stat(path)
        if (stat.S_ISREG(info.st_mode) and info.st_mode & 0o077 and info.st_uid == os.getuid()):
            os.chmod(path, PRIVATE)
