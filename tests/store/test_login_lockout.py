"""Five failed logins lock the database for ten minutes; the count lives in the database's key
file, survives a copy to another folder or home, and counts parallel attempts each."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.errors import LoginLocked, WrongPassword
from desktop.store.database import Database
from desktop.store.keyslots import KeySlots, slots_path
from desktop.store.login_guard import LOCK_SECONDS, MAX_FAILURES, LoginGuard
from tests.conftest import PASSWORD

ROOT = Path(__file__).parent.parent.parent


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _try(db: Path, password: str, guard: LoginGuard, username: str = "admin") -> str:
    try:
        Database.open(db, username, password, guard=guard).close()
    except WrongPassword:
        return "wrong"
    except LoginLocked:
        return "locked"
    return "opened"


def test_five_failures_lock_the_database_for_ten_minutes(empty_db: Path):
    clock = Clock()
    guard = LoginGuard(empty_db, clock=clock)
    assert [_try(empty_db, "Wrong-pass1", guard) for _ in range(MAX_FAILURES)] == ["wrong"] * 5
    with pytest.raises(LoginLocked, match="连续 5 次登录失败，数据库已锁定：请在 10 分 0 秒后重试"):
        Database.open(empty_db, "admin", PASSWORD, guard=guard)
    clock.now += LOCK_SECONDS - 61.5
    with pytest.raises(LoginLocked, match="请在 1 分 2 秒后重试"):
        Database.open(empty_db, "admin", PASSWORD, guard=guard)
    assert guard.failures() == 5  # refused attempts are not tried, so not counted
    clock.now += 61.5
    # After the lock, one more wrong password locks it again at once …
    assert _try(empty_db, "Wrong-pass1", guard) == "wrong"
    assert _try(empty_db, PASSWORD, guard) == "locked"
    clock.now += LOCK_SECONDS
    # … and the right one clears the count.
    assert _try(empty_db, PASSWORD, guard) == "opened"
    assert guard.failures() == 0 and guard.wait_remaining() == 0


def test_the_recovery_key_is_refused_while_locked_too(tmp_path: Path):
    from desktop.services.admin.accounts import create_database

    ws, code = create_database(tmp_path / "r.db", "admin", PASSWORD)
    ws.close()
    guard = LoginGuard(tmp_path / "r.db", clock=Clock())
    for _ in range(MAX_FAILURES):
        _try(tmp_path / "r.db", "Wrong-pass1", guard)
    assert _try(tmp_path / "r.db", code, guard) == "locked"


def test_the_lock_travels_with_the_database_and_its_key_file(empty_db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    for _ in range(MAX_FAILURES):
        _try(empty_db, "Wrong-pass1", LoginGuard(empty_db))
    elsewhere = tmp_path / "stick"
    elsewhere.mkdir()
    copy = elsewhere / "renamed.db"
    shutil.copy2(empty_db, copy)
    shutil.copy2(slots_path(empty_db), slots_path(copy))
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "another-home"))
    with pytest.raises(LoginLocked, match="数据库已锁定"):
        Database.open(copy, "admin", PASSWORD)


def test_a_lock_time_in_the_future_never_locks_for_longer_than_ten_minutes(empty_db: Path):
    def far_future(slots: KeySlots) -> None:
        slots.logins = {"failures": 5, "locked_until": 1e300, "accounts": {}}

    KeySlots.update_logins(empty_db, far_future)
    assert LoginGuard(empty_db).wait_remaining() == LOCK_SECONDS


def test_junk_in_the_login_record_counts_as_nothing(empty_db: Path, caplog: pytest.LogCaptureFixture):
    def junk(slots: KeySlots) -> None:
        slots.logins = {"failures": "many", "locked_until": "tomorrow", "accounts": ["x"]}

    KeySlots.update_logins(empty_db, junk)
    assert _try(empty_db, PASSWORD, LoginGuard(empty_db)) == "opened"
    assert "did not make sense" in caplog.text


def test_parallel_wrong_passwords_in_threads_are_all_counted(empty_db: Path):
    clock = Clock()
    outcomes: list[str] = []
    start = threading.Barrier(10)

    def attempt() -> None:
        start.wait()
        outcomes.append(_try(empty_db, "Wrong-pass1", LoginGuard(empty_db, clock=clock)))

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Exactly five were tried (and counted); the other five met the lock.
    assert sorted(outcomes) == ["locked"] * 5 + ["wrong"] * 5
    assert LoginGuard(empty_db, clock=clock).failures() == 5


COUNTER = """
import sys
from pathlib import Path
from desktop.store.keyslots import KeySlots

def bump(slots):
    slots.logins["bumps"] = slots.logins.get("bumps", 0) + 1
    return slots.logins["bumps"]

db = Path(sys.argv[1])
for _ in range(int(sys.argv[2])):
    print(KeySlots.update_logins(db, bump), flush=True)
"""


def _counter(db: Path, times: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", COUNTER, str(db), str(times)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)


def test_parallel_updates_from_several_programs_lose_no_count(empty_db: Path):
    programs = [_counter(empty_db, 40) for _ in range(4)]
    for p in programs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    assert KeySlots.load(empty_db).logins["bumps"] == 160
    # The slots are intact: the password still opens the database.
    assert _try(empty_db, PASSWORD, LoginGuard(empty_db)) == "opened"


def test_a_killed_writer_leaves_a_valid_key_file(empty_db: Path):
    for rounds in (3, 17, 41):
        writer = _counter(empty_db, 100_000)
        assert writer.stdout is not None
        for _ in range(rounds):  # let it get going, then kill it wherever it is
            writer.stdout.readline()
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=60)
        slots = KeySlots.load(empty_db)  # a damaged file would raise DamagedKeyFile
        assert slots.logins["bumps"] >= rounds
        json.loads(slots_path(empty_db).read_text())
    assert _try(empty_db, PASSWORD, LoginGuard(empty_db)) == "opened"
