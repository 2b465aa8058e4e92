"""The merge screen, driven from the keyboard; the assessment export actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import Campaign, Talk
from desktop.services.campaigns import fieldwork
from desktop.services.exchange.packages import export as package_export
from desktop.services.workspace import Workspace
from desktop.ui.exchange.package_merge_dialog import PackageMergeDialog
from desktop.ui.exchange.package_merge_model import ChangesModel, FieldsModel
from tests.conftest import data_digest

PACKAGE_PASSWORD = "field-team-2024"


def _campaign(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")


def _edit_talk(ws: Workspace, uid: str, conclusion: str) -> None:
    with ws.read("test.inspect") as s:
        talk_id = s.scalar(select(Talk.id).where(Talk.uid == uid))
        data = fieldwork.load_talk(s, talk_id)
    data.conclusion = conclusion
    fieldwork.save_talk(ws, data, talk_id)


def _conflicting_package(ws: Workspace, tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "p.flpkg"
    campaign = _campaign(ws)
    package_export.export(ws, campaign, out, PACKAGE_PASSWORD)
    laptop = Workspace.open(out, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            uid = s.scalars(select(Talk.uid).order_by(Talk.id)).first()
        _edit_talk(laptop, uid, "笔记本上的结论")
        fieldwork.save_talk(laptop, fieldwork.TalkInput(interviewers=["王建国"], interviewee_name="李四",
                                                        start_at=dt.datetime(2024, 5, 8, 9, 30), content="现场记录",
                                                        campaign_id=campaign))
    finally:
        laptop.close()
    _edit_talk(ws, uid, "办公室的结论")
    return out, uid


def test_merge_screen_resolves_a_conflict_from_the_keyboard(qtbot, demo_ws: Workspace, tmp_path: Path):
    package, uid = _conflicting_package(demo_ws, tmp_path)
    dialog = PackageMergeDialog(demo_ws, path=str(package))
    qtbot.addWidget(dialog)
    dialog.show()
    merged = []
    dialog.package_did_merge.connect(merged.append)
    qtbot.keyClicks(dialog.password_edit, PACKAGE_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert "冲突 1 条" in dialog.summary.text() and "未决定 1 处" in dialog.summary.text()
    assert dialog.changes.data(dialog.changes.index(0, 0)) == "冲突"
    assert dialog.changes.data(dialog.changes.index(0, 2)) == "未决定"
    rows = [tuple(dialog.fields.data(dialog.fields.index(r, c)) for c in range(4))
            for r in range(dialog.fields.rowCount())]
    assert ("结论", "办公室的结论", "笔记本上的结论", "未决定") in rows
    assert not dialog.commit_button.isEnabled()
    dialog.grab().save(str(tmp_path / "merge.png"))
    qtbot.waitUntil(dialog.changes_view.hasFocus, timeout=2000)
    qtbot.keyClick(dialog.changes_view, Qt.Key.Key_O)  # keep the office's record …
    assert dialog.changes.data(dialog.changes.index(0, 2)) == "保留办公室"
    dialog.fields_view.setFocus()
    dialog.fields_view.selectRow(0)
    qtbot.keyClick(dialog.fields_view, Qt.Key.Key_L)  # … but take the laptop's conclusion
    assert dialog.changes.data(dialog.changes.index(0, 2)) == "采用笔记本"
    assert dialog.commit_button.isEnabled()
    qtbot.keyClick(dialog.commit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(merged), timeout=20000)
    assert (merged[0].added, merged[0].updated) == (1, 1)
    with demo_ws.read("test.inspect") as s:
        assert s.scalar(select(Talk.conclusion).where(Talk.uid == uid)) == "笔记本上的结论"


def test_wrong_package_password_is_shown_and_nothing_changes(qtbot, demo_ws: Workspace, tmp_path: Path,
                                                             monkeypatch):
    package, _uid = _conflicting_package(demo_ws, tmp_path)
    before = data_digest(demo_ws)
    shown = []
    monkeypatch.setattr("desktop.ui.exchange.package_merge_dialog.show_error",
                        lambda _p, exc, _t: shown.append(str(exc)))
    dialog = PackageMergeDialog(demo_ws, path=str(package))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "数据包密码错误" in shown[0] and "数据包密码错误" in dialog.summary.text()
    assert not dialog.commit_button.isEnabled()
    assert data_digest(demo_ws) == before


def test_merge_models_are_proper_item_models(qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    from desktop.services.exchange.packages.apply import PackageImport

    package, _uid = _conflicting_package(demo_ws, tmp_path)
    with PackageImport(package, PACKAGE_PASSWORD) as job:
        plan = job.preview(demo_ws)
    changes = ChangesModel()
    changes.set_plan(plan)
    qtmodeltester.check(changes)
    fields = FieldsModel()
    for change in plan.changes:
        fields.set_change(change)
        qtmodeltester.check(fields)


def test_assessment_export_action_writes_the_campaign_ledger(qtbot, demo_ws: Workspace, tmp_path: Path):
    from PySide6.QtWidgets import QMainWindow

    from desktop.ui.exchange.assessment_exchange import export_assessment

    window = QMainWindow()
    qtbot.addWidget(window)
    window.ws = demo_ws  # type: ignore[attr-defined]
    out = tmp_path / "ledger.xlsx"
    export_assessment(window, "ledger", _campaign(demo_ws), str(out))
    qtbot.waitUntil(lambda: "已导出积分记录" in window.statusBar().currentMessage(), timeout=20000)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A1"].value == "政治表现积分记录" and "考核：" in sheet["A2"].value
