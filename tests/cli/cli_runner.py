"""`frontline …` run inside the test process: the same `main()` as the installed command,
with the same arguments, environment, standard input and exit status, but without starting
a Python interpreter and importing the program again for every command (about 0.7 s each,
most of the command-line tests' time).

The tests whose point is the process itself — a killed program, a database held by another
process, a full disk, the private temp folder, start-up — and tests/cli/test_cli.py keep
launching the real program (tests/cli/test_cli.py `frontline`)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator

from desktop.cli.main import main
from desktop.store import scratch
from tests.conftest import PASSWORD

_TEMP_VARIABLES = ("TMPDIR", "TEMP", "TMP")


@contextlib.contextmanager
def _environment(changes: dict[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in (*changes, *_TEMP_VARIABLES)}
    saved_tempdir = tempfile.tempdir
    # A test before may have made the test process's own private temp folder: the command
    # gets one of its own (as a new process would), and that one is put back afterwards.
    saved_scratch = scratch._current, scratch._alive_fd
    scratch._current, scratch._alive_fd = None, None
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        # The command made its own private temp folder (store/scratch.py), as a process would;
        # it goes when the "process" ends, and the test process's temp settings come back.
        _end_multiprocessing()
        scratch._remove_own()
        scratch._current, scratch._alive_fd = saved_scratch
        tempfile.tempdir = saved_tempdir
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _end_multiprocessing() -> None:
    """What a process's end does to the batch workers' fork server: it stops. A later batch in
    this test process starts a server of its own, with that command's environment."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]


def frontline(*args: str, password: str | None = PASSWORD, env: dict[str, str] | None = None,
              stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    changes: dict[str, str | None] = {"FRONTLINE_PASSWORD": password, **(env or {})}
    out, err = io.StringIO(), io.StringIO()
    with _environment(changes), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            _stdin(stdin or ""):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(["frontline", *args], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved
