"""Wrong package passwords follow the database's rule (store/package_guard.py): five failures
lock the package for ten minutes, a right password clears the count; the count follows the
package's identity, not its path (a renamed copy shares it), and is counted before trying,
so parallel attempts are all counted."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from desktop.errors import LoginLocked, WrongPassword
from desktop.services.exchange.packages import file as package_file
from desktop.store.database import Database
from desktop.store.kdf import KdfParams
from desktop.store.login_guard import LOCK_SECONDS, MAX_FAILURES
from desktop.store.package_guard import PackageGuard

PASSWORD = "Package-pass1"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _try(package: Path, password: str, guard: PackageGuard) -> str:
    try:
        Database.open(package, "admin", password, packages=package_file, package_guard=guard).close()
    except WrongPassword:
        return "wrong"
    except LoginLocked:
        return "locked"
    except Exception:  # an empty test package fails later, past its password
        return "opened"
    return "opened"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / "p.flpkg"
    package_file.create(path, PASSWORD, KdfParams(1, 8, 1))
    return path


def test_five_wrong_package_passwords_lock_it_for_ten_minutes(package: Path, tmp_path: Path):
    clock, state = Clock(), tmp_path / "state.json"

    def guard(path: Path = package) -> PackageGuard:
        return PackageGuard(path, clock=clock, state_file=state)

    assert [_try(package, "Wrong-pass1", guard()) for _ in range(MAX_FAILURES)] == ["wrong"] * 5
    with pytest.raises(LoginLocked, match="连续 5 次数据包密码错误，数据包已锁定：请在 10 分 0 秒后重试"):
        Database.open(package, "admin", PASSWORD, packages=package_file, package_guard=guard())
    copy = tmp_path / "改名的副本.flpkg"
    shutil.copy2(package, copy)
    assert _try(copy, PASSWORD, guard(copy)) == "locked"  # the same package under another name
    other = tmp_path / "other.flpkg"
    package_file.create(other, PASSWORD, KdfParams(1, 8, 1))
    assert _try(other, PASSWORD, guard(other)) == "opened"  # another package is not locked
    clock.now += LOCK_SECONDS
    assert _try(package, PASSWORD, guard()) == "opened"
    assert guard().failures() == 0 and guard(copy).failures() == 0
    assert "failures" not in state.read_text()  # a right password leaves no trace


def test_parallel_wrong_package_passwords_are_all_counted(package: Path, tmp_path: Path):
    state = tmp_path / "state.json"
    results: list[str] = []

    def attempt() -> None:
        results.append(_try(package, "Wrong-pass1", PackageGuard(package, state_file=state)))

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["wrong"] * 4
    assert PackageGuard(package, state_file=state).failures() == 4
