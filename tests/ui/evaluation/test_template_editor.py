"""The template editor as a clerk uses it: keyboard only, the weight total checked live and
on publishing, a published template saved as its next version."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.evaluation import templates
from desktop.services.workspace import Workspace
from desktop.ui.common.edit_keys import redo_keys
from desktop.ui.evaluation.template_editor import TemplateEditor
from desktop.ui.evaluation.template_items_model import Columns, TemplateItemsModel
from desktop.ui.evaluation.templates_page import TemplatesPage
from tests.services.assessment_helpers import template
from tests.ui.helpers import Answers, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(qtbot, ws: Workspace) -> TemplateEditor:
    t = template(ws, "民主测评")
    dialog = TemplateEditor(ws, t.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _cell(editor: TemplateEditor, row: int, col: Columns) -> str:
    return editor.model.data(editor.model.index(row, col))


def _versions(ws: Workspace) -> list[tuple[int, str]]:
    with ws.read("test.inspect") as s:
        return [(r.version, r.state) for r in templates.listing(s, include_retired=True) if r.kind == "民主测评"]


def test_publishing_refuses_weights_that_do_not_total_100(qtbot, editor, ws, monkeypatch):
    answers = Answers(monkeypatch)
    assert editor.total.text() == "权重合计：100 ✓"
    # The first item's weight: 10 → 5, typed into the table.
    editor.select_row(1, Columns.WEIGHT)
    assert QApplication.focusWidget() is editor.table
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert _cell(editor, 1, Columns.WEIGHT) == "5"
    assert _cell(editor, 0, Columns.WEIGHT) == "小计 15"
    assert editor.total.text() == "权重合计：95（应为 100）"
    assert "c0392b" in editor.total.styleSheet()  # red

    press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)  # publish
    assert answers.asked == ["不能发布，请先修正：\n· 各项权重合计应为 100，现为 95"]
    assert _versions(ws) == [(1, "已发布")]  # nothing was saved

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert editor.total.text() == "权重合计：100 ✓" and not editor.form.dirty
    # Redo by every redo key the window offers: Ctrl+Y (as in Word) and the platform's own.
    for keys in redo_keys():
        combination = keys[0]
        press(qtbot, combination.key(), combination.keyboardModifiers())
        assert editor.total.text() == "权重合计：95（应为 100）", keys.toString()
        press(qtbot, Qt.Key.Key_Z, CTRL)
        assert editor.total.text() == "权重合计：100 ✓"


def test_items_by_keyboard_and_a_new_version_on_publish(qtbot, editor, ws, monkeypatch):
    answers = Answers(monkeypatch)
    editor.select_row(2)  # 德, second item
    press(qtbot, Qt.Key.Key_Insert)  # a new item after it, its text being edited
    type_text(qtbot, "对口支援工作成效")
    press(qtbot, Qt.Key.Key_Return)
    assert _cell(editor, 3, Columns.TEXT) == "3. 对口支援工作成效"
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert _cell(editor, 2, Columns.TEXT) == "2. 对口支援工作成效"
    # Give it 5 points, taken from the item below it (now 10 → 5).
    editor.select_row(2, Columns.WEIGHT)
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert editor.total.text() == "权重合计：105（应为 100）"
    editor.select_row(3, Columns.WEIGHT)
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert editor.total.text() == "权重合计：100 ✓"
    # A stray item, removed again.
    press(qtbot, Qt.Key.Key_Insert)
    press(qtbot, Qt.Key.Key_Escape)
    assert "评议项目的内容" in editor.problems.text() or "必填" in editor.problems.text() or editor.problems.text()
    press(qtbot, Qt.Key.Key_Delete)
    assert editor.model.rowCount() == 18 and editor.problems.text() == ""  # 6 sections, 12 items

    press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    assert len(answers.asked) == 1 and "将发布为第 2 版" in answers.asked[0]
    assert "第 1 版及按它填写的测评表保持不变" in answers.asked[0]
    assert _versions(ws) == [(1, "已停用"), (2, "已发布")]
    with ws.read("test.inspect") as s:
        new = templates.current(s, "民主测评")
        assert [i.text for i in new.items][:3] == [
            "政治品质和道德品行", "对口支援工作成效", "贯彻执行党的路线方针政策和上级决策部署"]
        assert [i.weight_centi for i in new.items][:3] == [1000, 500, 500]
    assert not editor.form.dirty and "第 2 版，已发布" in editor.version_label.text()


def test_a_new_template_saved_as_a_draft(qtbot, ws, monkeypatch):
    answers = Answers(monkeypatch)
    dialog = TemplateEditor(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setFocus()
    type_text(qtbot, "专项测评表")
    dialog.table.setFocus()  # a click on the table
    dialog.select_row(1)
    type_text(qtbot, "防汛抢险表现")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.total.text() == "权重合计：0（应为 100）"
    press(qtbot, Qt.Key.Key_S, CTRL)  # a draft may be saved unbalanced
    assert answers.asked == []
    with ws.read("test.inspect") as s:
        row = next(r for r in templates.listing(s) if r.name == "专项测评表")
    assert (row.version, row.state, row.items) == (1, "草稿", 1)


def test_templates_page_lists_states(qtbot, ws):
    page = TemplatesPage(ws)
    qtbot.addWidget(page)
    page.show()
    names = [page.model.value(r, 0) for r in range(page.model.rowCount())]
    assert "干部政治素质评议表" in names
    assert {page.model.value(r, 3) for r in range(page.model.rowCount())} == {"已发布"}


def test_template_items_model(qtmodeltester, ws):
    from tests.ui.evaluation.test_evaluation_state import _democratic

    model = TemplateItemsModel(_democratic(ws))
    qtmodeltester.check(model)
    assert not model.setData(model.index(1, Columns.WEIGHT), "abc")
    assert model.last_error == "“abc”不是数字"
