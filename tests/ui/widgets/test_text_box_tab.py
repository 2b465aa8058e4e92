"""Tab leaves a multi-line field (所见情况, facts, the talk's content) instead of typing a tab
character into it; Ctrl+Tab types one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import VisitDialog
from desktop.ui.campaigns.talk_window import TalkWindow
from tests.ui.helpers import focus_in, type_text


def test_tab_moves_from_seen_to_findings_in_a_visit(qtbot, ws: Workspace):
    dialog = VisitDialog(ws, None)
    qtbot.addWidget(dialog)
    focus_in(qtbot, dialog, dialog.seen)
    type_text(qtbot, "工地停工")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.findings.hasFocus)
    type_text(qtbot, "材料不足")
    assert (dialog.seen.toPlainText(), dialog.findings.toPlainText()) == ("工地停工", "材料不足")
    qtbot.keyClick(dialog.findings, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.findings.hasFocus() and dialog.findings.toPlainText() == "材料不足\t"
    dialog.reject()


def test_tab_moves_through_a_talks_text_fields(qtbot, ws: Workspace):
    talk = TalkWindow(ws)
    qtbot.addWidget(talk)
    focus_in(qtbot, talk, talk.content)
    type_text(qtbot, "谈了工作进展")
    qtbot.keyClick(talk.content, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not talk.content.hasFocus())
    assert talk.content.toPlainText() == "谈了工作进展"
    talk.saved_payload = talk.data().to_json()  # nothing to ask about on close
