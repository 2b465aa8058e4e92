"""A database being created appears whole or not at all, even under kill -9."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from desktop.services.admin.accounts import create_database
from desktop.store import creation
from tests.cli.test_cli import frontline
from tests.conftest import PASSWORD


def _start_demo(db: Path, cadres: int) -> subprocess.Popen[str]:
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD}
    return subprocess.Popen([sys.executable, "-m", "desktop", "demo", "--db", str(db), "--cadres", str(cadres)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _writing(folder: Path, name: str) -> bool:
    """The demo is building its hidden database: its key file is written and the database
    has its first pages."""
    return any(p.stat().st_size > 0 and Path(f"{p}.keys").exists()
               for p in folder.glob(f".{name}.creating-*[0-9]"))


def test_a_demo_killed_midway_leaves_nothing_that_blocks_the_name(tmp_path: Path, qtbot):
    db = tmp_path / "demo.db"
    proc = _start_demo(db, 20000)
    # Wait until it is writing rows into its hidden file, then kill it hard.
    qtbot.waitUntil(lambda: _writing(tmp_path, "demo.db"), timeout=60_000)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert "恢复密钥" not in out  # killed before the key was shown: the database must not exist
    assert not db.exists() and not Path(f"{db}.keys").exists()
    again = frontline("init", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert frontline("verify", "--db", str(db)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if "demo" in p.name) == ["demo.db", "demo.db.keys"]


def test_a_kill_between_the_two_renames_is_finished_on_next_use(tmp_path: Path):
    """The key file took its name, the database did not: it was complete, so it is kept."""
    db = tmp_path / "office.db"
    ws, _ = create_database(db, "admin", PASSWORD)
    ws.close()
    hidden = creation.pending_path(db).with_name(".office.db.creating-999999")
    os.replace(db, hidden)  # as if killed after renaming the key file
    assert frontline("info", "--db", str(db)).returncode == 0
    assert db.exists() and not hidden.exists()


def test_an_init_killed_before_the_key_file_was_renamed_is_cleared(tmp_path: Path):
    db = tmp_path / "office.db"
    ws, _ = create_database(db, "admin", PASSWORD)
    ws.close()
    hidden = tmp_path / ".office.db.creating-999999"
    os.replace(db, hidden)
    os.replace(f"{db}.keys", f"{hidden}.keys")
    made = frontline("init", "--db", str(db))
    assert made.returncode == 0, made.stderr
    assert not hidden.exists() and not Path(f"{hidden}.keys").exists()


def test_a_killed_demo_s_hidden_files_are_cleared_at_the_next_start(tmp_path: Path, qtbot):
    db = tmp_path / "big.db"
    proc = _start_demo(db, 20000)
    qtbot.waitUntil(lambda: _writing(tmp_path, "big.db"), timeout=60_000)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert list(tmp_path.glob(".big.db.creating-*"))
    other = tmp_path / "other.db"
    assert frontline("init", "--db", str(other)).returncode == 0  # any start of the program
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".big.db")]


def test_absurd_demo_sizes_are_refused_before_anything_is_made(tmp_path: Path):
    made = frontline("demo", "--db", str(tmp_path / "x.db"), "--cadres", "100000000")
    assert made.returncode == 1 and "1,000,000" in made.stderr
    assert not list(tmp_path.glob("*x.db*"))


_KILLED_AT_FIRST_FILE = """
import os, signal, sys
from desktop.store import migrate, scratch
from desktop.store.database import Database
scratch.setup()
# The earliest moment there is anything to clear: the key file and the empty database exist.
migrate.upgrade = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
Database.create(sys.argv[1], "admin", sys.argv[2])
"""


def test_a_creation_killed_at_its_first_file_is_cleared_at_the_next_start(tmp_path: Path):
    db = tmp_path / "early.db"
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT_FIRST_FILE, str(db), PASSWORD],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert [p for p in tmp_path.glob(".early.db.creating-*")]
    assert frontline("init", "--db", str(tmp_path / "other.db")).returncode == 0  # any start
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".early.db")]
