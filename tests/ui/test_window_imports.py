"""What the window carries (issue 17 P6, P1b): opened on the roster, a cadre file opened and
closed, it has imported no report library (reportlab, Pillow, pypdf, python-docx), no
spreadsheet library and no pinyin dictionary — those are imported when a report, an import
or export, or a saved name needs them (each of those paths is exercised by its own tests).
A fresh interpreter, since this test process has long imported everything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD

HEAVY = ("pypdf", "docx", "openpyxl", "fontTools", "reportlab", "PIL", "pypinyin")

SCRIPT = """
import sys
from PySide6.QtCore import QEvent
from desktop.ui.app import application
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings

app = application()
ws = Workspace.open(sys.argv[1], "admin", sys.argv[2])
window = MainWindow(ws, Settings())
window.show()
window.go_to_section(window.section_index(window.cadres))
app.processEvents()
cadres = window.cadres
editor = cadres.open_cadre(cadres.roster.model.cadre_id(0))
app.processEvents()
assert editor is not None and editor.form is not None
cadres.close_tab(cadres.indexOf(editor))
app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})))
window.shut_down()
"""


def test_the_window_on_its_roster_imports_no_report_spreadsheet_or_pinyin_library(demo_db: Path, tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTLINE_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(demo_db), PASSWORD], env=env, capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    imported = set(done.stdout.split())
    assert "desktop" in imported and "PySide6" in imported
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))
