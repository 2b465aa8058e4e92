"""A batch or folder export killed midway: no worker process lingers, and at the next start
no file it wrote is left unlogged (reading sensitive data leaves a trace, or no file)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli import frontline
from tests.conftest import PASSWORD


def _stat(pid: int) -> list[str]:
    return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()


def _descendants(pid: int) -> dict[int, str]:
    """Every process below `pid` (a fork server's workers are its grandchildren), with its
    command line."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat(int(entry.name))[1])
            except OSError:
                continue
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                try:
                    found[child] = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = _stat(pid)[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(params=["short temp folder", "deep temp folder"])
def home(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str], str]]:
    """Where the program keeps its state, the environment it starts in, and how its workers
    start. They fork from a fork server whose socket is named in the system's temp folder; a
    name over 107 bytes cannot be made, and then the workers are spawned."""
    short = Path(tempfile.mkdtemp(prefix="fl-", dir="/tmp"))
    try:
        if request.param == "deep temp folder":
            deep = tmp_path / ("很深的文件夹" * 8)
            deep.mkdir()
            yield short, {"TMPDIR": str(deep)}, "multiprocessing.spawn"
        else:
            yield short, {}, "multiprocessing.forkserver"
    finally:
        shutil.rmtree(short, ignore_errors=True)


def test_a_killed_report_batch_leaves_no_worker_and_no_unlogged_file(demo_db: Path, tmp_path: Path, qtbot,
                                                                      home: tuple[Path, dict[str, str], str]):
    out = tmp_path / "pdfs"
    folder, settings, starter = home
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD, "FRONTLINE_HOME": str(folder), **settings}
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "desktop", "report", "adform", "--db", str(demo_db), "--all",
                                 "--out", str(out), "--workers", "2"], env=env,
                                stdout=subprocess.DEVNULL, stderr=stderr)
    qtbot.waitUntil(lambda: (out.is_dir() and any(out.glob("*.pdf"))) or proc.poll() is not None, timeout=90_000)
    assert proc.poll() is None, errors.read_text(encoding="utf-8", errors="replace")
    below = _descendants(proc.pid)
    assert any(out.glob("*.pdf")), "the batch wrote nothing before the kill: the test proves nothing"
    assert any(starter in line for line in below.values()), below
    assert sum("multiprocessing" in line and "resource_tracker" not in line for line in below.values()) >= 2, below
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    qtbot.waitUntil(lambda: not any(_alive(p) for p in below), timeout=20_000)
    assert not any(_alive(p) for p in below), "worker processes outlived the killed batch"
    next_start = frontline("info", "--db", str(demo_db), env={"FRONTLINE_HOME": str(folder)})
    assert next_start.returncode == 0
    assert sorted(p.name for p in out.iterdir()) == []


def test_exporting_forms_to_the_same_folder_twice_replaces_them(demo_db: Path, tmp_path: Path):
    out = tmp_path / "forms"
    for _ in range(2):
        made = frontline("export", "lrmx", "--db", str(demo_db), "--all", "--out", str(out))
        assert made.returncode == 0, made.stderr
    names = [p.name for p in out.iterdir()]
    assert len(names) == 300 and all(n.endswith(".lrmx") for n in names)
