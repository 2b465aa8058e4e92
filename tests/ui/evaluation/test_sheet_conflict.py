"""A sheet open in 填写测评表 while another clerk saves it: Ctrl+S (or keeping a draft on closing)
shows both versions item by item, the clerk keeps their own answer where they choose, and Esc
goes back to the sheet with nothing saved and nothing typed lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.evaluation import sheets, templates
from desktop.services.evaluation.templates import ItemSpec, SectionSpec, TemplateSpec
from desktop.services.workspace import Workspace
from desktop.ui.common.conflict_dialog import ConflictDialog
from tests.services.assessment_helpers import cadre, campaign
from tests.ui.evaluation.test_sheet_fill import _open
from tests.ui.helpers import Answers, WhenShown, conflict_rows, press

CTRL = Qt.KeyboardModifier.ControlModifier
ITEMS = ("政治站位和大局意识", "急难险重任务中的担当作为", "廉洁自律")


@pytest.fixture
def sheet(ws: Workspace) -> tuple[int, list[int]]:
    """A three-item sheet of 张三 by 同级 王五, still empty."""
    spec = TemplateSpec("一线表现测评表", "其他", sections=[SectionSpec("一线表现", items=[
        ItemSpec(ITEMS[0], Decimal(40)), ItemSpec(ITEMS[1], Decimal(30)), ItemSpec(ITEMS[2], Decimal(30))])])
    tid = templates.save(ws, spec, publish=True)
    zhang = cadre(ws, "张三")
    sid = sheets.new_sheet(ws, tid, zhang, "同级", "王五", campaign(ws, zhang))
    with ws.read("test.inspect") as s:
        return sid, [i.id for i in templates.get(s, tid).items]


def _rate(qtbot, digits: str) -> None:
    for digit in digits:
        press(qtbot, getattr(Qt.Key, f"Key_{digit}"))


def _stored(ws: Workspace, sheet_id: int) -> tuple[str, list[tuple[str, str]]]:
    with ws.read("test.inspect") as s:
        sheet = sheets.get(s, sheet_id)
        return sheet.status, [(a.value, a.fact) for a in sheet.answers]


def _keys_in(qtbot, dialog: ConflictDialog, *keys: tuple[Qt.Key, Qt.KeyboardModifier]) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.table.hasFocus(), timeout=3000)
    for key, modifier in keys:
        qtbot.keyClick(dialog.table, key, modifier)


NONE = Qt.KeyboardModifier.NoModifier


def test_a_sheet_filled_elsewhere_meanwhile_is_shown_item_by_item_and_the_choice_saved(qtbot, ws, sheet):
    sid, (a, b, c) = sheet
    dialog = _open(qtbot, ws, sid)
    sheets.fill(ws, sid, {a: ("好", ""), b: ("一般", "汛期值守两次脱岗"), c: ("好", "")}, 1)  # another clerk
    _rate(qtbot, "211")  # 较好, 好, 好
    shown: list[list[tuple[str, str, str, bool]]] = []

    def choose(conflict: ConflictDialog) -> None:
        shown.append(conflict_rows(conflict))
        assert conflict.windowTitle() == "测评表已被他人修改"
        assert "测评表「张三 · 同级 王五」在您打开之后已由 admin" in conflict.intro.text()
        # The second item: keep the other clerk's 一般 and its fact.
        _keys_in(qtbot, conflict, (Qt.Key.Key_Down, NONE), (Qt.Key.Key_Space, NONE), (Qt.Key.Key_S, CTRL))

    driver = WhenShown(ConflictDialog, choose)
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    assert shown == [[(ITEMS[0], "较好", "好", True), (ITEMS[1], "好", "一般；具体事实：汛期值守两次脱岗", True)]]
    assert _stored(ws, sid) == ("complete", [("较好", ""), ("一般", "汛期值守两次脱岗"), ("好", "")])
    assert dialog.saved and not dialog.isVisible()


def test_going_back_from_the_conflict_keeps_the_ratings_and_saves_nothing(qtbot, ws, sheet):
    sid, (a, b, c) = sheet
    dialog = _open(qtbot, ws, sid)
    theirs = {a: ("好", ""), b: ("好", ""), c: ("好", "")}
    sheets.fill(ws, sid, theirs, 1)
    _rate(qtbot, "122")  # 好, 较好, 较好

    driver = WhenShown(ConflictDialog, lambda conflict: _keys_in(qtbot, conflict, (Qt.Key.Key_Escape, NONE)))
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    assert _stored(ws, sid) == ("complete", [("好", ""), ("好", ""), ("好", "")])
    assert dialog.isVisible() and not dialog.saved
    assert [dialog.form.value(i) for i in (a, b, c)] == ["好", "较好", "较好"] and dialog.form.dirty
    assert dialog.status.text() == "未保存：已返回填写，录入的内容都还在。"
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table, timeout=3000)

    # Saving again asks again; as ticked (what the clerk changed), the clerk's ratings are kept.
    rows: list[list[tuple[str, str, str, bool]]] = []

    def keep_mine(conflict: ConflictDialog) -> None:
        rows.append(conflict_rows(conflict))
        _keys_in(qtbot, conflict, (Qt.Key.Key_Return, CTRL))

    driver = WhenShown(ConflictDialog, keep_mine)
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    assert rows == [[(ITEMS[1], "较好", "好", True), (ITEMS[2], "较好", "好", True)]]
    assert _stored(ws, sid) == ("complete", [("好", ""), ("较好", ""), ("较好", "")])
    assert not dialog.isVisible()


def test_a_draft_kept_on_closing_over_another_draft_shows_both(qtbot, ws, sheet, monkeypatch):
    answers = Answers(monkeypatch)
    answers.choice = "留作草稿"
    sid, (_a, b, _c) = sheet
    dialog = _open(qtbot, ws, sid)
    assert sheets.keep_draft(ws, sid, {b: ("较好", "")}, 1) == 1  # the rater's laptop kept a draft
    _rate(qtbot, "1")  # 好 on the first item
    shown: list[list[tuple[str, str, str, bool]]] = []

    def choose(conflict: ConflictDialog) -> None:
        shown.append(conflict_rows(conflict))
        _keys_in(qtbot, conflict, (Qt.Key.Key_S, CTRL))

    driver = WhenShown(ConflictDialog, choose)
    press(qtbot, Qt.Key.Key_Escape)  # closing asks; 留作草稿
    driver.check()
    assert shown == [[(ITEMS[0], "好", "（空）", True), (ITEMS[1], "（空）", "较好", False)]]
    assert _stored(ws, sid) == ("pending", [("好", ""), ("较好", "")])
    assert not dialog.isVisible()
