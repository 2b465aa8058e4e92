"""Typing a talk, the program is killed (SIGKILL, as by a power cut): on the next start the
draft is offered for recovery with the text typed up to the last autosave."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.campaigns import fieldwork
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.drafts_dialog import DraftsDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD
from tests.ui.campaigns.talk_typist import SCRIPT

TYPIST = Path(__file__).with_name("talk_typist.py")


def _read_until_saves(proc: subprocess.Popen[str], saves: int,
                      timeout: float) -> tuple[list[str], threading.Thread]:
    """Read the typist's output until it has autosaved `saves` times. The list keeps filling
    until the process dies and its output ends; join the thread before reading it all."""
    lines: list[str] = []
    done = threading.Event()

    def reader() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if sum(1 for x in lines if x.startswith("SAVED ")) >= saves:
                done.set()
        done.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    assert done.wait(timeout), f"the typist did not autosave in time: {lines}"
    return lines, thread


def test_killed_while_typing_then_recovered(qtbot, empty_db: Path, frontline_home: Path, tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTLINE_HOME": str(frontline_home),
           "PYTHONPATH": str(Path(__file__).parents[3])}
    with open(tmp_path / "typist.err", "w") as errors, subprocess.Popen(
            [sys.executable, str(TYPIST), str(empty_db), PASSWORD], stdout=subprocess.PIPE, stderr=errors,
            text=True, env=env) as proc:
        try:
            lines, reader = _read_until_saves(proc, saves=3, timeout=60)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == -signal.SIGKILL, (tmp_path / "typist.err").read_text()
    reader.join(timeout=10)
    last_saved = json.loads([x for x in lines if x.startswith("SAVED ")][-1][len("SAVED "):])
    assert len(last_saved) > 10

    ws = Workspace.open(empty_db, "admin", PASSWORD)
    with ws.read("test.inspect") as s:
        (draft,) = fieldwork.drafts(s, "admin", "talk")
    kept = draft.payload["content"]
    # Nothing typed before the last autosave is lost; nothing that was never typed appears.
    assert kept.startswith(last_saved) and SCRIPT.startswith(kept)

    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: any(isinstance(w, DraftsDialog) and w.isVisible()
                                for w in window.findChildren(DraftsDialog)), timeout=5000)
    dialog = next(w for w in window.findChildren(DraftsDialog) if w.isVisible())
    assert "与张三谈话" in dialog.list.item(0).text()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    (talk,) = window.talk_windows
    assert talk.content.toPlainText() == kept
    assert talk.draft_id == draft.id
    talk.start.setFocus()
    assert talk.save()
    with ws.read("test.inspect") as s:
        assert fieldwork.drafts(s, "admin") == []
        (saved,) = fieldwork.talks(s)
    assert saved.content == kept and saved.interviewee_name == "张三"
    window.close()
