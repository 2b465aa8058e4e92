"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Temporary file in the same folder, restrictive permissions before any data, fsync, rename,
fsync of the folder. A full disk or a killed process leaves the original untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.errors import StorageError, os_reason
from desktop.store import scratch


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def storage_message(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法写入 {path}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有写入 {path} 的权限"
    if exc.errno == errno.EROFS:
        return f"{path} 所在的磁盘是只读的"
    return f"无法写入 {path}：{os_reason(exc)}"


@contextlib.contextmanager
def atomic_writer(path: Path | str, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces `path`, on error it vanishes."""
    path = Path(path)
    folder = path.parent
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        # Noted in this run's scratch folder: a kill before the rename leaves a partial
        # plaintext file, which the next start removes (store/scratch.py).
        with scratch.pending(Path(tmp_name)):
            os.chmod(tmp_name, mode)
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_name, path)
            tmp_name = None
            fsync_dir(folder)
    except OSError as exc:
        raise StorageError(storage_message(exc, path)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def write_atomic(path: Path | str, data: bytes, mode: int = 0o600) -> None:
    with atomic_writer(path, mode) as fh:
        fh.write(data)
