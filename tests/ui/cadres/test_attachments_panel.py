"""The 附件 tab of a cadre file: 另存为 offers the stored name made safe, the copy is the
service's (permission, audit entry), and a refusal is said in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import AuditEntry
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.cadres import attachments
from desktop.services.workspace import Workspace
from desktop.ui.cadres.file_panels import AttachmentsPanel
from tests.ui.helpers import Answers, FileAnswers, press

CADRE = 4


def _panel(qtbot, ws: Workspace, filename: str, data: bytes) -> AttachmentsPanel:
    attachments.add_bytes(ws, CADRE, filename, data)
    panel = AttachmentsPanel(ws)
    qtbot.addWidget(panel)
    panel.set_cadre(CADRE)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()  # Alt+letter belongs to the active window (offscreen does not activate)
    panel.view.setFocus()
    panel.view.selectRow(0)
    return panel


def _alt(qtbot, panel: AttachmentsPanel, key: Qt.Key, label: str) -> None:
    """Alt+letter on a button's mnemonic; Qt clicks it a moment later (animateClick)."""
    button = next(b for b in panel.buttons if b.text() == label)
    with qtbot.waitSignal(button.clicked, timeout=2000):
        press(qtbot, key, Qt.KeyboardModifier.AltModifier)


def _save_copy(qtbot, panel: AttachmentsPanel) -> None:
    _alt(qtbot, panel, Qt.Key.Key_C, "另存为(&C)…")


def _last_export(ws: Workspace) -> AuditEntry | None:
    with ws.read("test.inspect") as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.entity == "export")
                         .order_by(AuditEntry.id.desc()).limit(1)).first()


@pytest.mark.parametrize("stored, offered", [("/etc/passwd", "passwd"), ("../../evil.txt", "evil.txt"),
                                             ("..\\..\\x.doc", "x.doc"), ("C:\\x.doc", "x.doc"),
                                             ("a\x00b\x07.txt", "a_b_.txt")])
def test_save_as_offers_the_stored_name_made_safe(qtbot, demo_ws: Workspace, monkeypatch, tmp_path: Path,
                                                  stored: str, offered: str):
    panel = _panel(qtbot, demo_ws, stored, b"certificate scan")
    assert panel.model.rows[0].filename == stored  # listed as stored
    chosen = tmp_path / "拷贝"
    chosen.mkdir()
    files = FileAnswers(monkeypatch, chosen / offered)
    _save_copy(qtbot, panel)
    (asked,) = files.asked
    assert (asked.title, asked.name) == ("附件另存为", offered)
    assert asked.folder != Path("/etc") and asked.folder.resolve() == Path.home().resolve()
    assert (chosen / offered).read_bytes() == b"certificate scan"
    entry = _last_export(demo_ws)
    assert entry is not None and entry.action == "export.attachment" and entry.cadre_id == CADRE
    assert [f["file"] for f in entry.after["files"]] == [str(chosen / offered)]


def test_a_refused_copy_is_said_and_nothing_is_written(qtbot, demo_ws: Workspace, monkeypatch, tmp_path: Path):
    panel = _panel(qtbot, demo_ws, "述职报告.docx", b"report")
    monkeypatch.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "export.attachment": frozenset()})
    answers = Answers(monkeypatch)
    FileAnswers(monkeypatch, tmp_path / "述职报告.docx")
    _save_copy(qtbot, panel)
    assert answers.asked == ["账户 admin（管理员）无权导出数据（export.attachment）"]
    assert not (tmp_path / "述职报告.docx").exists()
    assert _last_export(demo_ws) is None


def test_a_file_the_window_cannot_show_is_pointed_to_save_as(qtbot, demo_ws: Workspace, monkeypatch):
    panel = _panel(qtbot, demo_ws, "..\\..\\x.doc", b"doc")
    answers = Answers(monkeypatch)
    _alt(qtbot, panel, Qt.Key.Key_P, "预览(&P)")
    assert answers.asked == ["无法在程序内预览 ..\\..\\x.doc，请“另存为”后用相应程序打开。"]
    assert _last_export(demo_ws) is None  # looking is not exporting
