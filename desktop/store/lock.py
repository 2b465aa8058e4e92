"""One program at a time per database file, and no stray descriptors on it.

SQLite coordinates processes with POSIX advisory (fcntl) locks, and POSIX drops *every* such
lock a process holds on a file as soon as the process closes *any* descriptor of that file.
A file dialog that sniffed `x.db-shm`, or our own code reading `x.db`'s header with `open()`,
silently released the window's locks; a second process then believed it was the last user,
checkpointed and deleted the window's `-wal` and `-shm`, and the window's next save went to a
deleted file and was lost at the next crash.

Two defences, both here:

- A lock file beside the database (``x.db.lock``) held for as long as the database is open,
  with ``flock`` on Linux (a lock of the open file description, untouched by other
  descriptors closing) or ``msvcrt.locking`` on Windows (a lock of the handle). A second
  program is refused with a message naming who holds the file. SQLite on a shared network
  folder is not supported at all, so nothing is lost by being exclusive.
- The first 16 bytes of the database (its SQLCipher salt, which names the database) are read
  once, before SQLite opens the file, and kept with the lock: while this process has the
  database open, nothing reads the file outside SQLite again.

Within one process the lock is counted: tests and the window may open the same file twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import FrontlineError, StorageError, os_reason

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

HEADER_LEN = 16
# On Windows a locked byte range cannot be read by others, so the lock sits far past the
# holder's description at the start of the file, which a refused program reads.
_WIN_LOCK_OFFSET = 1 << 20


class DatabaseInUse(FrontlineError):
    """Another program holds the database."""


def lock_path(db_path: Path | str) -> Path:
    # Beside the real file: a symbolic link to the database must meet the same lock.
    return Path(f"{os.path.realpath(db_path)}.lock")


@dataclass
class _Held:
    fd: int
    path: Path  # the lock file
    header: bytes
    count: int = 1


_held: dict[str, _Held] = {}
_guard = threading.Lock()


def _key(db_path: Path) -> str:
    return os.path.normcase(os.path.realpath(db_path))


def try_lock(fd: int) -> bool:
    """Take the exclusive lock of an open lock file without waiting; False if held elsewhere."""
    try:
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        raise
    return True


def unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _holder_text(path: Path) -> str:
    """Who holds the lock, as the holder wrote it; empty if unreadable."""
    try:
        with open(path, "rb") as fh:
            doc = json.loads(fh.read(4096).split(b"\0", 1)[0].decode("utf-8"))
        since = dt.datetime.fromisoformat(str(doc["since"])).strftime("%Y-%m-%d %H:%M")
        return f"{doc['user']}@{doc['host']}，进程 {int(doc['pid'])}，{since} 起"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _describe(fd: int) -> None:
    doc = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": _user(),
        "since": dt.datetime.now().isoformat(timespec="seconds"),
    }
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


def _open_lock_file(path: Path, db_path: Path, creating: bool) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            if creating:
                raise StorageError(f"文件夹 {db_path.parent} 是只读的（或没有写入权限），"
                                   "不能在这里创建数据库：请选择可写的文件夹") from exc
            raise StorageError(
                f"数据库 {db_path.name} 所在的文件夹是只读的（或没有写入权限），无法打开。"
                "请把数据库和它的 .keys 文件复制到可写的文件夹后再打开"
            ) from exc
        raise StorageError(f"无法打开数据库 {db_path.name} 的锁文件：{os_reason(exc)}") from exc


def read_header(db_path: Path) -> bytes:
    """The first bytes of a database file that no SQLite connection of ours has open."""
    try:
        with open(db_path, "rb") as fh:
            return fh.read(HEADER_LEN)
    except OSError:
        return b""


def _still_named(fd: int, path: Path) -> bool:
    """Whoever held the lock before may have removed the file between our open and our
    lock: then we hold a lock on a name nobody else will open, and must start again (the
    descriptor is then unlocked and closed here)."""
    try:
        if os.path.samestat(os.fstat(fd), os.stat(path)):
            return True
    except OSError:
        pass
    unlock(fd)
    os.close(fd)
    return False


def acquire(db_path: Path | str, *, creating: bool = False) -> None:
    """Take the database for this process (counted); DatabaseInUse if another program has it.
    `creating`: the file is about to be made here (messages say so)."""
    db_path = Path(db_path)
    key = _key(db_path)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return
        path = lock_path(db_path)
        while True:
            fd = _open_lock_file(path, db_path, creating)
            if not try_lock(fd):
                os.close(fd)
                who = _holder_text(path)
                raise DatabaseInUse(
                    f"数据库 {db_path.name} 正在被另一个一线考核程序使用"
                    + (f"（{who}）" if who else "")
                    + "。同一数据库同时只能由一个程序打开，请先关闭那边的程序再试"
                )
            if _still_named(fd, path):
                break
        _describe(fd)
        # Read before any SQLite connection exists in this process: later it would drop
        # SQLite's locks (see the module docstring).
        _held[key] = _Held(fd, path, read_header(db_path))


def release(db_path: Path | str) -> None:
    key = _key(Path(db_path))
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _held[key]
        # Removed while still locked, so no other program can be holding this inode.
        with contextlib.suppress(OSError):
            os.unlink(held.path)
        unlock(held.fd)
        with contextlib.suppress(OSError):
            os.close(held.fd)


def holds(db_path: Path | str) -> bool:
    with _guard:
        return _key(Path(db_path)) in _held


def header(db_path: Path | str) -> bytes:
    """The database's first 16 bytes: from the lock while this process holds it, else read."""
    with _guard:
        held = _held.get(_key(Path(db_path)))
        if held is not None:
            return held.header
    return read_header(Path(db_path))


def refresh_header(db_path: Path | str, data: bytes) -> None:
    """After this process created the file through SQLite: remember its header."""
    with _guard:
        held = _held.get(_key(Path(db_path)))
        if held is not None:
            held.header = data


def _lock_blocking(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for ten seconds, then raises
                return
            except OSError as exc:
                if exc.errno not in (errno.EDEADLK, errno.EACCES):
                    raise
    else:
        fcntl.flock(fd, fcntl.LOCK_EX)


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Wait for and hold `lock_file` for a short read-modify-write (the key file's login
    counts), across processes and threads alike: flock locks an open file description, so
    two threads of one process exclude each other too. The file is removed when done, while
    still locked; whoever was waiting on the removed name notices and starts again."""
    while True:
        fd = _open_lock_file(lock_file, lock_file, False)
        try:
            _lock_blocking(fd)
        except OSError:
            os.close(fd)
            raise
        if _still_named(fd, lock_file):
            break
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_file)
        unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
