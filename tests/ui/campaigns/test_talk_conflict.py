"""A talk record open in the talk window while another clerk saves it: Ctrl+S shows both versions
side by side, the clerk keeps what they typed where they choose, and nothing of either is lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt

from desktop.services.campaigns import fieldwork, queries
from desktop.services.campaigns.fieldwork import TalkInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.talk_window import TalkWindow
from desktop.ui.common.conflict_dialog import ConflictDialog
from tests.services.assessment_helpers import cadre
from tests.ui.helpers import WhenShown, conflict_rows, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _open_talk(qtbot, ws: Workspace) -> tuple[int, TalkWindow]:
    zhang = cadre(ws, "张三")
    talk_id = fieldwork.save_talk(ws, TalkInput(
        interviewers=["王组长"], interviewee_cadre_id=zhang, start_at=dt.datetime(2026, 5, 1, 9, 30),
        content="介绍了抢险经过。", conclusion="表现突出。"))
    window = TalkWindow(ws, talk_id=talk_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return talk_id, window


def _type_at_end(qtbot, window: TalkWindow, text: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.conclusion.setFocus()
    qtbot.waitUntil(window.conclusion.hasFocus, timeout=3000)
    window.conclusion.moveCursor(window.conclusion.textCursor().MoveOperation.End)
    type_text(qtbot, text)


def test_a_talk_saved_elsewhere_meanwhile_is_shown_beside_the_clerks_typing(qtbot, ws: Workspace):
    talk_id, window = _open_talk(qtbot, ws)
    other = queries.talk_for_editing(ws, talk_id)  # another clerk adds to the content and saves
    fieldwork.save_talk(ws, replace(other, content="介绍了抢险经过，补充了夜间值守情况。"), talk_id)
    _type_at_end(qtbot, window, "建议重点培养。")
    shown: list[list[tuple[str, str, str, bool]]] = []

    def choose(dialog: ConflictDialog) -> None:
        dialog.grab().save("/tmp/talk_conflict_dialog.png")
        table = dialog.table
        shown.append(conflict_rows(dialog))
        assert dialog.windowTitle() == "谈话记录已被他人修改"
        assert "谈话记录「张三」在您打开之后已由 admin" in dialog.intro.text()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isActiveWindow() and table.hasFocus(), timeout=3000)
        qtbot.keyClick(table, Qt.Key.Key_S, CTRL)  # as ticked: my conclusion, their content

    driver = WhenShown(ConflictDialog, choose)
    qtbot.keyClick(window.conclusion, Qt.Key.Key_S, CTRL)
    driver.check()
    assert shown == [[("谈话内容", "介绍了抢险经过。", "介绍了抢险经过，补充了夜间值守情况。", False),
                      ("结论", "表现突出。建议重点培养。", "表现突出。", True)]]
    saved = queries.talk_for_editing(ws, talk_id)
    assert (saved.content, saved.conclusion, saved.version) == (
        "介绍了抢险经过，补充了夜间值守情况。", "表现突出。建议重点培养。", 3)
    # The window now shows what is stored (the other clerk's content too), with nothing unsaved.
    assert window.content.toPlainText() == "介绍了抢险经过，补充了夜间值守情况。"
    assert not window.dirty() and window.opened.version == 3


def test_going_back_from_the_conflict_keeps_the_typing_in_the_window_and_its_draft(qtbot, ws: Workspace):
    talk_id, window = _open_talk(qtbot, ws)
    fieldwork.save_talk(ws, replace(queries.talk_for_editing(ws, talk_id), content="办公室改过。"), talk_id)
    _type_at_end(qtbot, window, "补记一句。")

    def back(dialog: ConflictDialog) -> None:
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.table.hasFocus(), timeout=3000)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)

    driver = WhenShown(ConflictDialog, back)
    qtbot.keyClick(window.conclusion, Qt.Key.Key_S, CTRL)
    driver.check()
    assert queries.talk_for_editing(ws, talk_id).conclusion == "表现突出。"  # nothing of the window's written
    assert window.conclusion.toPlainText() == "表现突出。补记一句。" and window.dirty()
    with ws.read("test.inspect") as s:
        (draft,) = fieldwork.drafts(s, "admin", "talk")
        restored = TalkInput.from_json(draft.payload)
    assert (restored.conclusion, restored.version) == ("表现突出。补记一句。", 1)
    window.saved_payload = window.data().to_json()  # nothing to ask about on close


def test_a_visit_saved_elsewhere_meanwhile_shows_both_versions_and_keeps_the_choice(qtbot, ws: Workspace):
    from desktop.services.campaigns.fieldwork import VisitInput
    from desktop.ui.campaigns.campaign_dialogs import VisitDialog
    from tests.ui.helpers import focus_in

    visit_id = fieldwork.save_visit(ws, VisitInput(date=dt.date(2026, 6, 2), place="塌陷现场"))
    dialog = VisitDialog(ws, None, visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    fieldwork.save_visit(ws, replace(queries.visit_for_editing(ws, visit_id), findings="排水设施老化。"), visit_id)
    focus_in(qtbot, dialog, dialog.place)
    type_text(qtbot, "东侧")
    rows: list[tuple[str, str, str, bool]] = []

    def choose(conflict: ConflictDialog) -> None:
        table = conflict.table
        rows.extend(conflict_rows(conflict))
        conflict.activateWindow()
        qtbot.waitUntil(lambda: conflict.isActiveWindow() and table.hasFocus(), timeout=3000)
        qtbot.keyClick(table, Qt.Key.Key_Return, CTRL)

    driver = WhenShown(ConflictDialog, choose)
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
    driver.check()
    assert rows == [("走访地点", "塌陷现场东侧", "塌陷现场", True), ("发现问题", "（空）", "排水设施老化。", False)]
    saved = queries.visit_for_editing(ws, visit_id)
    assert (saved.place, saved.findings) == ("塌陷现场东侧", "排水设施老化。")
    assert not dialog.isVisible()
