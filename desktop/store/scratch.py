"""A private scratch folder for each running program, swept at the next start.

Exports pass through plaintext on their way to disk: openpyxl's write-only sheets go to the
system temp folder until the workbook is closed, and an atomic write keeps a partial file
beside its target until the rename. A kill at that moment would leave a clerk's data in clear
in /tmp or on the USB stick. So every program run gets a folder of its own under the state
folder (mode 0700), made the temp folder of this process and of the workers it spawns, and
every partial file beside a target is noted in it. A folder whose program is gone (its lock
is free) is removed at the next start, with the partial files it noted.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop import paths
from desktop.store import lock

log = logging.getLogger(__name__)

ALIVE = ".alive"
PENDING = "pending-"
FILES = "files-"
CREATING = "creating-"
_current: Path | None = None
_alive_fd: int | None = None


def root() -> Path:
    return paths.state_dir() / "tmp"


def current() -> Path | None:
    return _current


def setup() -> Path:
    """Make this process's scratch folder the temp folder (idempotent), after sweeping."""
    global _current, _alive_fd
    if _current is not None and _current.is_dir():
        return _current
    sweep()
    _socket_folder()
    folder = root() / f"{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True, mode=0o700)
    os.chmod(folder, 0o700)
    fd = os.open(folder / ALIVE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    lock.try_lock(fd)
    _current, _alive_fd = folder, fd
    tempfile.tempdir = str(folder)
    # Spawned workers (batch reports) read these when they first ask for a temp folder.
    for name in ("TMPDIR", "TEMP", "TMP"):
        os.environ[name] = str(folder)
    atexit.register(_remove_own)
    return folder


def _socket_folder() -> None:
    """Make multiprocessing's own temp folder now, in the system's temp folder, before this
    run's folder becomes the temp folder. The batch workers' fork server names its socket
    there (reports_batch): a socket's name has at most 107 bytes, which a folder under a
    deep home may not leave, and multiprocessing removes that folder when the program ends,
    after this run's folder is gone — it must not lie inside it. It holds nothing but the
    socket (mode 0700, as mkdtemp makes it)."""
    import multiprocessing
    from multiprocessing import util

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return  # Windows: workers are spawned, no socket
    # A system temp folder that cannot be written: the socket then goes in this run's folder
    # (or, too long a name, the workers are spawned); the program starts all the same.
    with contextlib.suppress(OSError):
        util.get_temp_dir()


def _remove_own() -> None:
    global _current, _alive_fd
    if _current is None:
        return
    folder, fd = _current, _alive_fd
    _current, _alive_fd = None, None
    _clear_pending(folder, creations=False)
    if fd is not None:
        lock.unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
    shutil.rmtree(folder, ignore_errors=True)


def _remove_untraced(entry: Path) -> int:
    """Files an export finished but had not yet logged (store.scratch.note_files), with the
    partial files an atomic write leaves beside them."""
    removed = 0
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for line in entry.read_text("utf-8").splitlines():
            target = Path(line)
            if not line or not target.is_absolute():
                continue
            for path in [target, *target.parent.glob(f".{glob.escape(target.name)}.*.tmp")]:
                if path.is_file():
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed += 1
    return removed


def _settle_creation(entry: Path) -> int:
    """A database a killed run was creating: finished if it was complete, else cleared
    (store/creation.py), under the name's lock so that a run creating it now is left alone."""
    from desktop.errors import FrontlineError
    from desktop.store import creation

    with contextlib.suppress(OSError, UnicodeDecodeError, FrontlineError):
        target = Path(entry.read_text("utf-8").strip())
        if not target.is_absolute():
            return 0
        lock.acquire(target)
        try:
            creation.settle_interrupted(target)
        finally:
            lock.release(target)
        return 1
    return 0


def _clear_pending(folder: Path, *, creations: bool = True) -> int:
    removed = sum(_remove_untraced(entry) for entry in folder.glob(f"{FILES}*"))
    if creations:  # only a gone program's: this one's may still be running in a thread
        removed += sum(_settle_creation(entry) for entry in folder.glob(f"{CREATING}*"))
    for entry in folder.glob(f"{PENDING}*"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            partial = Path(entry.read_text("utf-8"))
            # Only ever a partial file of ours: hidden, named after its target, ".tmp" (an
            # atomic write) or ".partial" (a backup or a package, with SQLite's journal).
            if partial.name.startswith(".") and partial.name.endswith((".tmp", ".partial")):
                for suffix in ("", "-journal", "-wal", "-shm", ".keys", ".keys.lock"):
                    leftover = Path(f"{partial}{suffix}")
                    if leftover.exists():
                        leftover.unlink()
                        removed += 1
    return removed


def _alive(folder: Path) -> bool:
    try:
        fd = os.open(folder / ALIVE, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: leave it alone
    try:
        if lock.try_lock(fd):
            lock.unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def sweep() -> int:
    """Remove what programs that are gone left behind; the number of folders removed."""
    base = root()
    if not base.is_dir():
        return 0
    removed = 0
    for folder in base.iterdir():
        if folder == _current or not folder.is_dir() or _alive(folder):
            continue
        partials = _clear_pending(folder)
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
        log.warning("removed the scratch folder %s left by a program that ended abnormally (%d partial files)",
                    folder, partials)
    return removed


def note(partial: Path) -> Path | None:
    """Note `partial` (a file being written beside its target); returns the note for `forget`."""
    return _write_entry(PENDING, str(Path(partial).resolve()))


def forget(entry: Path | None) -> None:
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.unlink()


def note_creation(target: Path) -> Path | None:
    """Note a database being built under its hidden name (store/creation.py) until it takes
    its name: a killed creation's large hidden files are cleared at the next start."""
    return _write_entry(CREATING, f"{Path(target).resolve()}\n")


def _write_entry(prefix: str, text: str) -> Path | None:
    folder = _current
    if folder is None:
        return None
    entry = folder / f"{prefix}{secrets.token_hex(8)}"
    try:
        entry.write_text(text, "utf-8")
    except OSError:
        return None
    return entry


def note_files(files: list[Path]) -> Path | None:
    """Note files an export is about to write until its audit trace is written (`forget`):
    a kill in between must not leave them, unlogged, at the next start."""
    if not files:
        return None
    return _write_entry(FILES, "".join(f"{Path(f).resolve()}\n" for f in files))


@contextlib.contextmanager
def pending(partial: Path) -> Iterator[None]:
    """Note `partial` until the block ends."""
    entry = note(partial)
    try:
        yield
    finally:
        forget(entry)
