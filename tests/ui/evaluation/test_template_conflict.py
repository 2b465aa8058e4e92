"""A template draft open in the editor while another administrator saves it: Ctrl+S shows both
versions side by side, the administrator chooses field by field (the item list as one), the
choice is saved checked again, and Esc goes back to the editor with the typing kept."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt

from desktop.services.evaluation import templates
from desktop.services.evaluation.templates import ItemSpec, SectionSpec, TemplateSpec
from desktop.services.workspace import Workspace
from desktop.ui.common.conflict_dialog import ConflictDialog
from desktop.ui.evaluation.template_editor import TemplateEditor
from desktop.ui.evaluation.template_items_model import Columns
from tests.ui.helpers import WhenShown, conflict_rows, focus_in, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ITEMS_60_40 = ("【实绩】\n1. 抢险组织（权重 60，好100／较好80／一般60／差30，低于 61 分须写事实）\n"
               "2. 群众评价（权重 40，好100／较好80／一般60／差30，低于 61 分须写事实）")
ITEMS_50_50 = ITEMS_60_40.replace("权重 60", "权重 50").replace("权重 40", "权重 50")


def _open_draft(qtbot, ws: Workspace) -> tuple[int, TemplateEditor]:
    draft = templates.save(ws, TemplateSpec("防汛一线测评表", "其他", "按现场表现填写", [SectionSpec("实绩", items=[
        ItemSpec("抢险组织", Decimal(60)), ItemSpec("群众评价", Decimal(40))])]))
    editor = TemplateEditor(ws, draft)
    qtbot.addWidget(editor)
    focus_in(qtbot, editor, editor.name)
    return draft, editor


def _another_administrator_saves(ws: Workspace, draft: int, **changes: object) -> TemplateSpec:
    with ws.read("test.inspect") as s:
        opened = templates.spec_of(templates.get(s, draft))
    changed = replace(opened, **changes)
    templates.save(ws, changed, draft, opened=opened)
    return changed


def _stored(ws: Workspace, draft: int) -> tuple[str, str, str, list[int]]:
    with ws.read("test.inspect") as s:
        t = templates.get(s, draft)
        return t.name, t.kind, t.description, [i.weight_centi for i in t.items]


def _wait_for_table(qtbot, dialog: ConflictDialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.table.hasFocus(), timeout=3000)


def test_a_draft_saved_by_another_administrator_is_shown_beside_the_editor_and_the_choice_saved(qtbot, ws):
    draft, editor = _open_draft(qtbot, ws)
    _another_administrator_saves(ws, draft, description="第一位管理员的说明", sections=[SectionSpec("实绩", items=[
        ItemSpec("抢险组织", Decimal(50)), ItemSpec("群众评价", Decimal(50))])])
    press(qtbot, Qt.Key.Key_End)
    type_text(qtbot, "（修订）")
    shown: list[tuple[str, str, list[tuple[str, str, str, bool]]]] = []

    def again(dialog: ConflictDialog) -> None:
        shown.append((dialog.windowTitle(), dialog.intro.text(), conflict_rows(dialog)))
        _wait_for_table(qtbot, dialog)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return, CTRL)  # as ticked

    second: list[WhenShown] = []

    def choose(dialog: ConflictDialog) -> None:
        shown.append((dialog.windowTitle(), dialog.intro.text(), conflict_rows(dialog)))
        _wait_for_table(qtbot, dialog)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # my item list (60 and 40) after all
        # Yet another administrator saves before this choice is: it is shown again.
        _another_administrator_saves(ws, draft, kind="民主测评")
        second.append(WhenShown(ConflictDialog, again))
        qtbot.keyClick(dialog.table, Qt.Key.Key_S, CTRL)

    driver = WhenShown(ConflictDialog, choose)
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    second[0].check()
    (title, intro, rows), (_, _, rows_again) = shown
    assert title == "评议表模板已被他人修改"
    assert "评议表模板「防汛一线测评表第1版」在您打开之后已由 admin" in intro
    assert rows == [("名称", "防汛一线测评表（修订）", "防汛一线测评表", True),
                    ("说明", "按现场表现填写", "第一位管理员的说明", False),
                    ("评议项目", ITEMS_60_40, ITEMS_50_50, False)]
    assert rows_again == [("名称", "防汛一线测评表（修订）", "防汛一线测评表", True),
                          ("类别", "其他", "民主测评", False),
                          ("评议项目", ITEMS_60_40, ITEMS_50_50, True)]
    assert _stored(ws, draft) == ("防汛一线测评表（修订）", "民主测评", "第一位管理员的说明", [6000, 4000])
    # The editor shows what was saved, nothing unsaved; Ctrl+Z brings back what was typed.
    assert (editor.name.text(), editor.kind.currentText(), editor.description.text()) == (
        "防汛一线测评表（修订）", "民主测评", "第一位管理员的说明")
    assert editor.model.data(editor.model.index(1, Columns.WEIGHT)) == "60"
    assert not editor.form.dirty and editor.problems.text() == "已保存为草稿：第 1 版。"
    focus_in(qtbot, editor, editor.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert (editor.kind.currentText(), editor.description.text()) == ("其他", "按现场表现填写") and editor.form.dirty
    editor.form.mark_saved(draft, 1, False)  # nothing to ask about on close


def test_esc_in_the_side_by_side_dialog_goes_back_to_the_editor_with_the_typing(qtbot, ws):
    draft, editor = _open_draft(qtbot, ws)
    _another_administrator_saves(ws, draft, name="防汛测评表")
    press(qtbot, Qt.Key.Key_End)
    type_text(qtbot, "（修订）")

    def back(dialog: ConflictDialog) -> None:
        _wait_for_table(qtbot, dialog)
        assert conflict_rows(dialog) == [("名称", "防汛一线测评表（修订）", "防汛测评表", True)]
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)

    driver = WhenShown(ConflictDialog, back)
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    assert _stored(ws, draft)[0] == "防汛测评表"  # the other administrator's save stands
    assert editor.name.text() == "防汛一线测评表（修订）" and editor.form.dirty
    assert "（有未保存的修改）" in editor.version_label.text()
    editor.form.mark_saved(draft, 1, False)  # nothing to ask about on close
