"""Thirty paper ballots keyed as a clerk keys them: one key per grade, the cursor moving on by
itself, Ctrl+Z taking back the last ballot, the running tally against counts done by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.evaluation import sheets
from desktop.services.workspace import Workspace
from desktop.ui.evaluation.ballot_entry import BallotEntryDialog
from desktop.ui.evaluation.ballot_model import BallotModel
from tests.services.assessment_helpers import cadre, campaign, template
from tests.ui.helpers import Answers, press

CTRL = Qt.KeyboardModifier.ControlModifier
GRADES = ["好", "较好", "一般", "差", "空白"]


def ballot_keys(k: int) -> str:
    """Ballot k (0–29), items 1–11 of the 德能勤绩廉 sheet: odd-numbered items (1, 3 … 11, the
    last being the overall grade) cycle 1 2 3 4 with k; even-numbered ones are 好 on the
    first 18 ballots, 较好 on the next 6, 一般 on 3, 差 on 2 and blank on the last."""
    cycle = str(k % 4 + 1)
    fixed = "1" if k < 18 else "2" if k < 24 else "3" if k < 27 else "4" if k < 29 else "0"
    return "".join(cycle if n % 2 else fixed for n in range(1, 12))


@pytest.fixture
def batch(ws: Workspace) -> int:
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    return sheets.create_batch(ws, template(ws, "民主测评").id, a, "下级", issued=30, campaign_id=cid,
                               title="第一党支部")


def _row(dialog: BallotEntryDialog, row: int) -> list[int]:
    model = dialog.model
    return [int(model.data(model.index(row, col))) for col in range(2, model.columnCount())]


def _type(qtbot, keys: str) -> None:
    for ch in keys:
        press(qtbot, getattr(Qt.Key, f"Key_{ch}"))


def test_thirty_ballots_by_keyboard(qtbot, ws, batch, monkeypatch):
    answers = Answers(monkeypatch)
    dialog = BallotEntryDialog(ws, batch)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.table
    assert dialog.counter.text() == "第 1 张（发出 30 张）"
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "好"

    _type(qtbot, "12")  # two items of ballot 1: the cursor follows
    assert dialog.state.position == 2 and dialog.table.currentIndex().row() == 2
    press(qtbot, Qt.Key.Key_Backspace)  # back one item, clearing it
    assert dialog.state.marks == {dialog.state.items[0].id: "好"}
    _type(qtbot, ballot_keys(0)[1:])
    assert dialog.counter.text() == "第 2 张（发出 30 张）" and dialog.message.text() == "已保存第 1 张。"
    for k in range(1, 30):
        _type(qtbot, ballot_keys(k))
    assert dialog.state.entered == 30 and dialog.counter.text() == "已全部录入：30 / 30 张"

    # Ballot 30 was keyed wrongly: take it back.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert dialog.message.text() == "已撤销第 30 张，请从第 30 张重新录入。"
    # Counted by hand over ballots 0–28: k % 4 + 1 is 1 eight times (k = 0, 4 … 28) and 2, 3, 4
    # seven times each (ballot 29, a 2, went); the fixed items lose ballot 29's blank.
    assert _row(dialog, 0) == [8, 7, 7, 7, 0]
    assert _row(dialog, 1) == [18, 6, 3, 2, 0]
    with ws.read("test.inspect") as s:
        assert len(sheets.batch(s, batch).ballots) == 29

    _type(qtbot, "3" * 11)  # ballot 30 again: 一般 throughout
    assert _row(dialog, 0) == [8, 7, 8, 7, 0]
    assert _row(dialog, 1) == [18, 6, 4, 2, 0]
    overall = 10
    assert dialog.state.items[overall].is_overall
    assert _row(dialog, overall) == [8, 7, 8, 7, 0]
    # All items together: six items of 8/7/8/7 and five of 18/6/4/2.
    assert _row(dialog, 11) == [6 * 8 + 5 * 18, 6 * 7 + 5 * 6, 6 * 8 + 5 * 4, 6 * 7 + 5 * 2, 0]
    assert dialog.overall.text() == ("总体评价：好 8 票（26.7%）　较好 7 票（23.3%）　一般 8 票（26.7%）"
                                     "　差 7 票（23.3%）　空白 0 票（0%）")

    # One key more than was issued: refused, with the reason.
    _type(qtbot, "1")
    assert answers.asked == ["已录入 30 张，等于发出的票数 30 张，不能再录入。\n"
                             "如确有多收回的票，请先核对并修改发出票数。"]
    with ws.read("test.inspect") as s:
        result = sheets.cadre_tally(s, sheets.batch(s, batch).cadre_id, sheets.batch(s, batch).template_id)
    down = result.tally.categories["下级"]
    assert (down.responses, down.issued) == (30, 30)
    assert down.overall == {"好": 8, "较好": 7, "一般": 8, "差": 7}


def test_a_partly_keyed_ballot_and_undo_with_nothing_entered(qtbot, ws, batch, monkeypatch):
    answers = Answers(monkeypatch)
    dialog = BallotEntryDialog(ws, batch)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert dialog.message.text() == "还没有录入测评票，无可撤销。"
    _type(qtbot, "9")
    assert dialog.message.text() == "此项只能按 1–4 或 0。" and dialog.state.position == 0
    _type(qtbot, "21")
    press(qtbot, Qt.Key.Key_Return, CTRL)  # the rest left blank
    with ws.read("test.inspect") as s:
        stored = sheets.batch(s, batch).ballots[0].marks
    assert list(stored.values()) == ["较好", "好"] + [""] * 9
    _type(qtbot, "1")
    dialog.close()  # a ballot partly keyed: asked before it is dropped
    assert answers.asked == ["第 2 张尚未录完，关闭后需重新录入这一张。仍要关闭吗？"] and not dialog.isVisible()


def test_ballot_model(qtmodeltester, ws, batch):
    dialog = BallotEntryDialog(ws, batch)
    model: BallotModel = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == 12 and model.columnCount() == 7
    dialog.close()
