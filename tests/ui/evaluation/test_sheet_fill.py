"""Filling an evaluation sheet by keyboard: number keys rate and move on, low ratings and
ticked negative behaviours need a fact, the score is computed and stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.campaigns import campaigns
from desktop.services.evaluation import sheets
from desktop.services.workspace import Workspace
from desktop.ui.evaluation.sheet_fill import SheetFillDialog
from desktop.ui.evaluation.sheet_model import Columns, SheetModel
from tests.services.assessment_helpers import answers_all, cadre, campaign, template
from tests.ui.helpers import Answers, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def sheet_id(ws: Workspace) -> int:
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    return sheets.new_sheet(ws, template(ws, "政治素质评议").id, a, "同级", "王五", cid)


def _open(qtbot, ws: Workspace, sheet_id: int) -> SheetFillDialog:
    dialog = SheetFillDialog(ws, sheet_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _key(qtbot, digit: str) -> None:
    press(qtbot, getattr(Qt.Key, f"Key_{digit}"))


def test_a_low_rating_is_refused_until_a_fact_is_written(qtbot, ws, sheet_id, monkeypatch):
    answers = Answers(monkeypatch)
    dialog = _open(qtbot, ws, sheet_id)
    assert QApplication.focusWidget() is dialog.table
    assert dialog.current_item().number == 1 and dialog.current_item().section == "政治忠诚"

    # 30 key points: 一般 (3) on the third, 好 (1) on the rest.
    for n in range(1, 31):
        _key(qtbot, "3" if n == 3 else "1")
        if n == 3:
            # A low rating: the fact box is required and has the cursor; Tab leaves it empty.
            assert QApplication.focusWidget() is dialog.fact
            assert dialog.fact_label.text().startswith("具体事实（必填）")
            assert "c0392b" in dialog.fact_label.styleSheet()
            press(qtbot, Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is dialog.table
            assert "尚未写明具体事实" in dialog.status.text()
    # The negative-behaviour list: the second one is ticked (with its fact), the rest are not.
    assert dialog.current_item().section == "负面行为清单"
    for n in range(1, 11):
        _key(qtbot, "1" if n == 2 else "0")
        if n == 2:
            assert QApplication.focusWidget() is dialog.fact
            type_text(qtbot, "汛期抢险任务推给他人")
            press(qtbot, Qt.Key.Key_Tab)
    assert dialog.current_item().text == "政治素质总体评价"
    # Answered 无 reads differently from a line nobody has looked at yet.
    flags = [i for i in dialog.form.items if i.kind == "flag"]
    shown = [dialog.model.data(dialog.model.index(dialog.model.row_of(i.id), Columns.RATING)) for i in flags]
    assert shown[:3] == ["☐ 无", "☑ 有此行为", "☐ 无"]
    untouched = flags[0].id
    dialog.form.set_value(untouched, "")
    assert dialog.model.data(dialog.model.index(dialog.model.row_of(untouched), Columns.RATING)) == "1 有　0 无"
    dialog.form.set_value(untouched, "0")
    _key(qtbot, "2")  # 较好

    # (97 × 100 + 3 × 60) / 100 − 5 for the ticked behaviour = 93.8
    assert dialog.score.text().startswith("得分：93.8　（已评 31/31 项，负面行为 1 项扣 5 分）")
    row = dialog.model.row_of(dialog.form.items[2].id)
    assert dialog.model.data(dialog.model.index(row, Columns.FACT)) == "须写明具体事实"

    press(qtbot, Qt.Key.Key_S, CTRL)
    assert len(answers.asked) == 1
    first = "· 政治忠诚 第3项（对党忠诚老实，如实向组织报告个人）：评价为“一般”须写明具体事实"
    assert answers.asked[0].startswith(f"不能保存，请先修正以下问题：\n{first}")
    assert dialog.isVisible() and not dialog.saved
    # The cursor went to the first problem: the fact box of item 3.
    assert QApplication.focusWidget() is dialog.fact and dialog.current_item().number == 3
    with ws.read("test.inspect") as s:
        assert sheets.get(s, sheet_id).status == "pending"

    type_text(qtbot, "在征迁扫尾中两次未按时上报进度")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert len(answers.asked) == 1 and dialog.saved and not dialog.isVisible()
    with ws.read("test.inspect") as s:
        stored = sheets.get(s, sheet_id)
        assert stored.status == "complete"
        assert sheets.sheet_score(s, sheet_id) == 93.8
        facts = sorted(a.fact for a in stored.answers if a.fact)
    assert facts == ["在征迁扫尾中两次未按时上报进度", "汛期抢险任务推给他人"]


def test_unanswered_items_are_listed_and_closing_asks(qtbot, ws, sheet_id, monkeypatch):
    answers = Answers(monkeypatch, answer=QMessageBox.StandardButton.No)
    dialog = _open(qtbot, ws, sheet_id)
    _key(qtbot, "2")
    _key(qtbot, "9")  # no ninth grade: nothing happens but a hint
    assert dialog.status.text() == "此项可按：1 好　2 较好　3 一般　4 差"
    assert dialog.current_item().number == 2
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "\n· 政治忠诚 第2项（认真学习贯彻党的创新理论，学思用）：未评价\n" in answers.asked[0]
    assert answers.asked[0].endswith("……共 30 个问题")
    assert dialog.current_item().number == 2 and QApplication.focusWidget() is dialog.table
    dialog.close()  # unsaved answers: asked; 取消 keeps the dialog open
    assert dialog.isVisible() and answers.asked[-1].startswith("评价还没有填完保存。把已录入的内容留作草稿")
    answers.choice = "留作草稿"
    press(qtbot, Qt.Key.Key_Escape)  # Esc closes as the × does: the half-filled sheet is kept
    assert not dialog.isVisible()
    with ws.read("test.inspect") as s:
        kept = sheets.get(s, sheet_id)
        assert kept.status == "pending" and [a.value for a in kept.answers] == ["较好"]
    again = _open(qtbot, ws, sheet_id)  # opens with the draft's answers, nothing to ask on closing
    assert again.form.value(again.form.items[0].id) == "较好" and again.score.text().endswith("（已评 1/31 项）")
    asked = len(answers.asked)
    again.close()
    assert not again.isVisible() and len(answers.asked) == asked


def test_a_closed_campaign_opens_its_sheets_read_only(qtbot, ws, sheet_id):
    t = template(ws, "政治素质评议")
    sheets.fill(ws, sheet_id, answers_all(t, "好"))
    with ws.read("test.inspect") as s:
        cid = sheets.get(s, sheet_id).campaign_id
    campaigns.close(ws, cid)
    dialog = _open(qtbot, ws, sheet_id)
    assert dialog.read_only and not dialog.save_button.isEnabled()
    assert dialog.score.text().startswith("得分：100")
    _key(qtbot, "4")
    assert dialog.form.value(dialog.form.items[0].id) == "好"
    dialog.close()
    assert not dialog.isVisible()


def test_sheet_model(qtmodeltester, ws, sheet_id):
    dialog = SheetFillDialog(ws, sheet_id)
    model: SheetModel = dialog.model
    qtmodeltester.check(model)
    dialog.form.set_value(dialog.form.items[0].id, "差")
    assert model.data(model.index(1, Columns.FACT)) == "须写明具体事实"
    dialog.form.mark_saved()
    dialog.close()


def test_a_score_item_is_typed_and_checked(qtbot, ws, monkeypatch):
    from decimal import Decimal

    from desktop.services.evaluation import templates
    from desktop.services.evaluation.templates import ItemSpec, SectionSpec, TemplateSpec

    Answers(monkeypatch)
    spec = TemplateSpec("现场测评表", "其他", sections=[SectionSpec("实绩", items=[
        ItemSpec("项目推进", Decimal(60), {"type": "score", "max": 10}),
        ItemSpec("群众评价", Decimal(40))])])
    tid = templates.save(ws, spec, publish=True)
    sid = sheets.new_sheet(ws, tid, cadre(ws, "张三"), "考核组", "组长")
    dialog = _open(qtbot, ws, sid)
    type_text(qtbot, "12")  # the first key opens the cell's editor
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.status.text() == "分数应在 0 至 10 之间" and dialog.current_item().number == 1
    type_text(qtbot, "8.5")  # typed again over the wrong value
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.current_item().number == 2)  # moved on once the editor closed
    assert dialog.status.text() == ""
    _key(qtbot, "2")
    # 8.5 / 10 → 85 × 60 + 较好 80 × 40 = 83
    assert dialog.score.text().startswith("得分：83　")
    press(qtbot, Qt.Key.Key_S, CTRL)
    with ws.read("test.inspect") as s:
        assert sheets.sheet_score(s, sid) == 83.0
