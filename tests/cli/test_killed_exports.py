"""A batch or folder export killed midway: no worker process lingers, and at the next start
no file it wrote is left unlogged (reading sensitive data leaves a trace, or no file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import frontline
from tests.conftest import PASSWORD


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_report_batch_leaves_no_worker_and_no_unlogged_file(demo_db: Path, tmp_path: Path, qtbot):
    out = tmp_path / "pdfs"
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD}
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "report", "adform", "--db", str(demo_db), "--all",
                             "--out", str(out), "--workers", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    qtbot.waitUntil(lambda: out.is_dir() and any(out.glob("*.pdf")), timeout=90_000)
    workers = _children(proc.pid)
    assert any(out.glob("*.pdf")), "the batch wrote nothing before the kill: the test proves nothing"
    assert workers
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    qtbot.waitUntil(lambda: not any(_alive(w) for w in workers), timeout=20_000)
    assert not any(_alive(w) for w in workers), "worker processes outlived the killed batch"
    assert frontline("info", "--db", str(demo_db)).returncode == 0  # the next start
    assert sorted(p.name for p in out.iterdir()) == []


def test_exporting_forms_to_the_same_folder_twice_replaces_them(demo_db: Path, tmp_path: Path):
    out = tmp_path / "forms"
    for _ in range(2):
        made = frontline("export", "lrmx", "--db", str(demo_db), "--all", "--out", str(out))
        assert made.returncode == 0, made.stderr
    names = [p.name for p in out.iterdir()]
    assert len(names) == 300 and all(n.endswith(".lrmx") for n in names)
