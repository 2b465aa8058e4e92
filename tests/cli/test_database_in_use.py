"""One program per database: the sequence that once lost a saved phone number, replayed.

With the window open on a database, a file dialog of the window sniffed the database's
files (dropping SQLite's POSIX locks: they are per process and go with any closed
descriptor), `frontline info` then opened and closed the database from another process,
deleted the window's -wal and -shm, and the window's next save was lost at a kill -9.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from desktop.models import Cadre
from desktop.services.workspace import Workspace
from desktop.store import lock
from tests.cli.test_cli import assert_clean_failure, frontline
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


class Holder:
    """The window's stand-in, in a process of its own (tests/cli/holder.py)."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.cli.holder", str(db)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     env={**os.environ})
        assert self.read() == "ready"

    def read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def send(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.read()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.close()

    def close(self) -> None:
        self.proc.wait(timeout=30)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def _phone(db: Path) -> str:
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            return s.scalar(select(Cadre.phone).order_by(Cadre.id).limit(1)) or ""
    finally:
        ws.close()


def test_the_sequence_that_lost_a_saved_phone_number_no_longer_can(demo_db: Path):
    holder = Holder(demo_db)
    try:
        assert holder.send("phone 13800000001") == "saved"
        assert holder.send("sniff") == "sniffed"
        other = frontline("info", "--db", str(demo_db))
        assert_clean_failure(other, 1, "正在被另一个一线考核程序使用")
        assert f"进程 {holder.proc.pid}" in other.stderr
        assert Path(f"{demo_db}-wal").exists() and Path(f"{demo_db}-shm").exists()
        assert holder.send("phone 13800000002") == "saved"
    finally:
        holder.kill()
    checked = frontline("verify", "--db", str(demo_db))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert _phone(demo_db) == "13800000002"


def test_a_killed_holder_leaves_the_database_free(demo_db: Path):
    holder = Holder(demo_db)
    holder.kill()
    assert frontline("info", "--db", str(demo_db)).returncode == 0


def test_closing_frees_the_database_and_removes_the_lock_file(demo_db: Path):
    holder = Holder(demo_db)
    holder.send("quit")
    holder.close()
    assert not lock.lock_path(demo_db).exists()
    assert frontline("info", "--db", str(demo_db)).returncode == 0


def test_one_process_may_open_the_same_database_twice(demo_db: Path):
    first = Workspace.open(demo_db, "admin", PASSWORD)
    second = Workspace.open(demo_db, "admin", PASSWORD)
    second.close()
    # Still held by the first: another program is refused.
    assert_clean_failure(frontline("info", "--db", str(demo_db)), 1, "正在被另一个一线考核程序使用")
    first.close()
    assert frontline("info", "--db", str(demo_db)).returncode == 0


def test_the_program_reads_no_database_file_outside_sqlite_while_open(demo_db: Path, monkeypatch):
    """Python-level opens of the database's own files while it is open would drop SQLite's
    locks; the header the program needs is read once, before SQLite opens the file."""
    opened: list[str] = []
    watched = {os.path.realpath(f"{demo_db}{s}") for s in ("", "-wal", "-shm")}

    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            name = os.path.realpath(os.fsdecode(args[0]))
            if name in watched:
                opened.append(name)

    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        sys.addaudithook(hook)
        from desktop.services.admin.backups import make_backup
        from desktop.services.admin.verify import run_all

        make_backup(ws, demo_db.with_name("copy.db"))
        assert all(c.ok for c in run_all(ws))
        again = Workspace.open(demo_db, "admin", PASSWORD)
        again.close()
    finally:
        ws.close()
        watched.clear()  # audit hooks cannot be removed; this one goes quiet
    assert opened == []


def test_a_symbolic_link_to_the_database_is_the_same_database(demo_db: Path, tmp_path: Path):
    link_dir = tmp_path / "sub"
    link_dir.mkdir()
    link = link_dir / "link.db"
    link.symlink_to(demo_db)
    Path(f"{link}.keys").symlink_to(f"{demo_db}.keys")
    holder = Holder(demo_db)
    try:
        assert_clean_failure(frontline("info", "--db", str(link)), 1, "正在被另一个一线考核程序使用")
    finally:
        holder.kill()
    added = frontline("account-add", "--db", str(link), "--name", "clerk1",
                      env={"FRONTLINE_NEW_PASSWORD": "clerk-password-1"})
    assert added.returncode == 0, added.stderr
    assert Path(f"{link}.keys").is_symlink()  # the slot went into the database's own key file
    assert frontline("info", "--db", str(demo_db), "--user", "clerk1", password="clerk-password-1").returncode == 0
