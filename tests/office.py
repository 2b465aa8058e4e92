"""LibreOffice for tests that need files made the way clerks make them: a workbook typed in
Calc, a template filled in and saved there, a Word copy converted to PDF as a reader sees it.

One headless office is started per test session (its start-up takes seconds) and every
request is sent to it through tests/office_uno.py, run by the system Python that carries
LibreOffice's `uno` module. Where LibreOffice is missing the tests that need it are skipped
with the reason; `make test` installs it (scripts/system-packages.sh).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

HELPER = Path(__file__).with_name("office_uno.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def missing() -> str:
    """Why LibreOffice cannot be driven here ("" when it can)."""
    if shutil.which("soffice") is None:
        return "LibreOffice（soffice）未安装：apt-get install libreoffice-calc libreoffice-writer python3-uno"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        return "系统 Python 没有 LibreOffice 的 uno 模块：apt-get install python3-uno"
    return ""


class Office:
    """A headless LibreOffice this test session started (and ends, by its process id)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.starts = 0
        self._start()

    def _start(self) -> None:
        self.starts += 1
        # Unique per process and per start: parallel test workers each start their own
        # office, and a restarted one must not meet its dead predecessor's pipe.
        self.pipe = f"frontline-tests-{os.getpid()}-{id(self)}-{self.starts}"
        profile = self.folder / "profile"
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={self.pipe};urp;"],
            # `soffice` is a launcher that waits for soffice.bin: a group of their own lets
            # the office be stopped (or killed, in a test) whole, launcher and program.
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def run(self, jobs: list[dict[str, Any]], *, retry: bool = True) -> None:
        if retry and self.process.poll() is not None and jobs[0]["op"] != "quit":
            self._start()  # it died between requests: the helper would wait a minute for its pipe
        done = subprocess.run([SYSTEM_PYTHON, str(HELPER), self.pipe], input=json.dumps(jobs), text=True,
                              capture_output=True, timeout=120)
        if done.returncode == 0:
            return
        finished = done.stdout.count("done")
        if finished == len(jobs):
            return
        office_died = self.process.poll() is not None
        if retry and jobs[0]["op"] != "quit" and (office_died or done.returncode < 0):
            # LibreOffice (or its bridge) crashing on a loaded machine is the office's fault,
            # not the document's: start it again once and go on after the last finished job.
            self._stop()
            self._start()
            self.run(jobs[finished:], retry=False)
            return
        raise RuntimeError(
            f"LibreOffice job failed (exit {done.returncode}, {finished} of {len(jobs)} jobs done, "
            f"office {'exited ' + str(self.process.returncode) if office_died else 'running'}): "
            f"{done.stderr[-2000:]}")

    def type_workbook(self, out: Path, cells: list[tuple[str, str]], *, template: Path | None = None,
                      sheet: str | None = None) -> Path:
        """Type `cells` ([("A1", "姓名"), …]) into a new workbook or a copy of `template`, save as xlsx."""
        self.run([{"op": "calc", "out": str(out), "src": str(template) if template else None, "sheet": sheet,
                   "type": [list(c) for c in cells]}])
        return out

    def to_pdf(self, *docs: Path) -> list[Path]:
        """Each document converted to PDF beside itself, in one request."""
        outs = [d.with_suffix(".pdf") for d in docs]
        self.run([{"op": "convert", "src": str(d), "out": str(o)} for d, o in zip(docs, outs, strict=True)])
        return outs

    def close(self) -> None:
        try:
            self.run([{"op": "quit"}])
            self.process.wait(timeout=30)
        except (RuntimeError, subprocess.TimeoutExpired):
            self._stop()

    def kill(self) -> None:
        """What a crash does: the office gone at once, launcher and program."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def _stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


def rows(table: list[list[str]]) -> list[tuple[str, str]]:
    """Cells of a table typed from A1, row by row (empty strings are not typed)."""
    out = []
    for r, values in enumerate(table, start=1):
        for c, value in enumerate(values):
            if value:
                out.append((f"{chr(ord('A') + c)}{r}", value))
    return out
