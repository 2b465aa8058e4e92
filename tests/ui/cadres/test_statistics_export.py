"""干部统计 → 导出 Excel writes what the page shows and, like every export, leaves its trace."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import AuditEntry
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.ui.cadres.statistics_page import StatisticsPage
from tests.ui.helpers import FileAnswers, press


def test_the_exported_figures_leave_an_audit_entry(qtbot, demo_ws: Workspace, monkeypatch, tmp_path: Path):
    page = StatisticsPage(demo_ws, RosterFilter)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.result is not None, timeout=10000)
    assert page.summary.text().startswith("共 300 人")
    page.activateWindow()  # Alt+letter belongs to the active window (offscreen does not activate)
    files = FileAnswers(monkeypatch, tmp_path / "统计")
    with qtbot.waitSignal(page.export_button.clicked, timeout=2000):
        press(qtbot, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    assert files.asked[0].name == "干部统计.xlsx"
    out = tmp_path / "统计.xlsx"
    with demo_ws.read("test.inspect") as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (entry.action, entry.actor, entry.after["records"]) == ("export.statistics", "admin", 300)
    book = openpyxl.load_workbook(out, read_only=True)
    rows = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    women = dict(page.result.dimension("sex").counts)["女"]
    assert ("性别", "女", women) in [r[:3] for r in rows]
    assert entry.after["files"] == [{"file": str(out), "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}]
