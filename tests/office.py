"""LibreOffice for tests that need files made the way clerks make them: a workbook typed in
Calc, a template filled in and saved there, a Word copy converted to PDF as a reader sees it.

One headless office is started per test session (its start-up takes seconds) and every
request is sent to it through tests/office_uno.py, run by the system Python that carries
LibreOffice's `uno` module. Where LibreOffice is missing the tests that need it are skipped
with the reason; `make test` installs it (scripts/system-packages.sh).
"""

from __future__ import annotations

import json
import os
import shutil
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
        # Unique per process: parallel test workers each start their own office.
        self.pipe = f"frontline-tests-{os.getpid()}-{id(self)}"
        profile = folder / "profile"
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={self.pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def run(self, jobs: list[dict[str, Any]]) -> None:
        done = subprocess.run([SYSTEM_PYTHON, str(HELPER), self.pipe], input=json.dumps(jobs), text=True,
                              capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"LibreOffice job failed: {done.stderr[-2000:]}")

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
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def rows(table: list[list[str]]) -> list[tuple[str, str]]:
    """Cells of a table typed from A1, row by row (empty strings are not typed)."""
    out = []
    for r, values in enumerate(table, start=1):
        for c, value in enumerate(values):
            if value:
                out.append((f"{chr(ord('A') + c)}{r}", value))
    return out
