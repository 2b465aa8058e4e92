"""The 测评 section: a campaign's sheets planned and opened from the list, ballot batches
created, and the tally checked against figures worked out by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.campaigns import campaigns
from desktop.services.evaluation import sheets
from desktop.services.workspace import Workspace
from desktop.ui.evaluation.assessment_page import AssessmentPage, CampaignAssessment
from desktop.ui.evaluation.ballot_entry import BallotEntryDialog
from desktop.ui.evaluation.ballots_page import BatchDialog
from desktop.ui.evaluation.sheet_fill import SheetFillDialog
from desktop.ui.evaluation.sheet_plan import PlanDialog
from tests.services.assessment_helpers import answers_all, cadre, campaign, template
from tests.ui.helpers import Answers, press, type_text


def when_modal(qtbot, kind: type, act: Callable[[QWidget], None]) -> None:
    """Run `act` on the next modal dialog of `kind` once it is up (exec() blocks the test)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isActiveWindow():
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


@pytest.fixture
def page(qtbot, ws: Workspace) -> AssessmentPage:
    p = AssessmentPage(ws)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    qtbot.waitExposed(p)
    qtbot.waitUntil(p.isActiveWindow)
    return p


def test_plan_sheets_and_fill_one_from_the_list(qtbot, ws, page, monkeypatch):
    Answers(monkeypatch)
    a, b = cadre(ws, "张三"), cadre(ws, "李四")
    cid = campaign(ws, a, b)
    assert page.show_campaign(cid)
    assert page.tabs.currentWidget() is page.sheets
    assert page.sheets.summary.text().startswith("本次考核还没有测评表")

    def plan(dialog: PlanDialog) -> None:
        assert dialog.template.currentText() == "干部政治素质评议表（第1版）"
        type_text(qtbot, "分管领导")  # 上级 has the cursor
        dialog.raters["同级"].setFocus()
        type_text(qtbot, "2")
        assert dialog.preview.text() == "每名干部 3 张，共 6 张（2 名干部）。"
        press(qtbot, Qt.Key.Key_Return)

    when_modal(qtbot, PlanDialog, plan)
    page.sheets.plan_button.click()
    assert page.sheets.summary.text().startswith("已生成 6 张待填写的测评表。")
    assert page.sheets.model.rowCount() == 6

    page.activateWindow()  # back from the dialog (the offscreen platform does not do it)
    qtbot.waitUntil(page.isActiveWindow)
    page.sheets.view.setFocus()
    page.sheets.view.selectRow(0)
    first = page.sheets.current()

    def fill(dialog: SheetFillDialog) -> None:
        for _ in range(30):
            press(qtbot, Qt.Key.Key_2)  # 较好 throughout
        for _ in range(10):
            press(qtbot, Qt.Key.Key_0)
        press(qtbot, Qt.Key.Key_2)
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    when_modal(qtbot, SheetFillDialog, fill)
    press(qtbot, Qt.Key.Key_Return)
    rows = {r.id: r for r in page.sheets.model.rows}
    assert (rows[first.id].state, rows[first.id].score) == ("已完成", 80.0)
    assert page.sheets.summary.text() == "共 6 张：已完成 1 张，待填写 5 张。"
    # The next sheet to fill is under the cursor.
    assert page.sheets.current().state == "待填写"

    page.sheets.state.setCurrentText("已完成")
    assert [r.id for r in page.sheets.model.rows] == [first.id]


def test_a_batch_created_and_keyed_from_the_ballots_tab(qtbot, ws, page, monkeypatch):
    Answers(monkeypatch)
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    assert page.show_ballots(cid)

    def create(dialog: BatchDialog) -> None:
        type_text(qtbot, "张三")
        dialog.issued.setValue(12)
        dialog.accept()

    def key(dialog: BallotEntryDialog) -> None:
        for _ in range(11):
            press(qtbot, Qt.Key.Key_1)
        dialog.close()

    when_modal(qtbot, BatchDialog, create)
    when_modal(qtbot, BallotEntryDialog, key)
    page.ballots.new_button.click()
    row = page.ballots.model.rows[0]
    assert (row.cadre, row.category, row.issued, row.entered, row.state) == ("张三", "下级", 12, 1, "还差 11 张")


@pytest.fixture
def rated(ws: Workspace) -> tuple[int, int, int]:
    """张三: 上级 all 好 (100); 同级 较好 (80) and 一般 (60), one 同级 sheet not in;
    下级 on paper, 4 issued, 3 back: all 好 (100), all 差 (30), only the overall grade 好.
    李四: 上级 较好 only. Category weights 上级 50, 同级 30, 下级 20."""
    a, b = cadre(ws, "张三"), cadre(ws, "李四")
    cid = campaign(ws, a, b, weights={"上级": 50, "同级": 30, "下级": 20})
    t = template(ws, "民主测评")
    for who, category, rater, grade in ((a, "上级", "分管领导", "好"), (a, "同级", "甲", "较好"),
                                        (a, "同级", "乙", "一般"), (b, "上级", "分管领导", "较好")):
        sheets.fill(ws, sheets.new_sheet(ws, t.id, who, category, rater, cid), answers_all(t, grade, "事例"))
    sheets.new_sheet(ws, t.id, a, "同级", "未交者", cid)
    batch = sheets.create_batch(ws, t.id, a, "下级", issued=4, campaign_id=cid)
    with ws.read("test.inspect") as s:
        items = sheets.ballot_items(s, batch)
    sheets.add_ballot(ws, batch, {i.id: "好" for i in items})
    sheets.add_ballot(ws, batch, {i.id: "差" for i in items})
    sheets.add_ballot(ws, batch, {items[-1].id: "好"})
    return cid, a, b


def _cells(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_tally_against_hand_computed_figures(qtbot, ws, page, rated):
    cid, _a, b = rated
    with qtbot.waitSignal(page.tally.tally_did_load):  # tallied in a worker thread
        assert page.show_tally(cid)
    # 张三: 上级 100; 同级 (80 + 60) / 2 = 70; 下级 (100 + 30) / 2 = 65 (the third ballot rates
    # only the overall grade, which carries no weight, so it has no score);
    # weighted (50 × 100 + 30 × 70 + 20 × 65) / 100 = 84. 李四: only 上级 → 80.
    table = _cells(page.tally.model)
    assert [row[:2] + row[4:7] + row[9:] for row in table] == [
        ["1", "张三", "100", "70", "65", "84", "6/8", "75%", "1"],
        ["2", "李四", "80", "—", "—", "80", "1/1", "100%", "0"],
    ]
    page.tally.view.selectRow(0)
    assert page.tally.detail_title.text() == "张三　领导干部民主测评表（德能勤绩廉）（第1版）　加权得分 84　收回 6/8"
    assert _cells(page.tally.categories) == [
        # 类别, 权重, 发出, 收回, 参评率, 平均分, 好, 较好, 一般, 差, 弃权 (the overall grade)
        ["上级", "50%", "1", "1", "100%", "100", "1（100%）", "0（0%）", "0（0%）", "0（0%）", "0（0%）"],
        ["同级", "30%", "3", "2", "66.7%", "70", "0（0%）", "1（50%）", "1（50%）", "0（0%）", "0（0%）"],
        ["下级", "20%", "4", "3", "75%", "65", "2（66.7%）", "0（0%）", "0（0%）", "1（33.3%）", "0（0%）"],
        ["合计（加权）", "", "8", "6", "75%", "84", "3（50%）", "1（16.7%）", "1（16.7%）", "1（16.7%）", "0（0%）"],
    ]
    items = _cells(page.tally.items)
    # The first item: 好 from 上级 and one ballot, 较好, 一般, 差 once each; the third ballot left it blank.
    assert items[0][1:] == ["5", "2（40%）", "1（20%）", "1（20%）", "1（20%）"]
    assert items[-1][:2] == ["11. 总体评价", "6"]
    assert [page.tally.missing.item(i).text() for i in range(page.tally.missing.count())] == ["同级：未交者"]
    assert page.tally.detail_tabs.tabText(2) == "未交测评表（1）"

    page.tally.select_cadre(b)
    assert page.tally.detail_title.text().startswith("李四")
    with qtbot.waitSignal(page.open_cadre_requested) as opened:
        page.tally.view.setFocus()
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == [b]


def test_the_page_follows_changes(qtbot, ws, page, rated):
    cid, _a, _b = rated
    with qtbot.waitSignal(page.tally.tally_did_load):
        page.show_tally(cid)
    with ws.read("test.inspect") as s:
        pending = next(r for r in sheets.sheets_of(s, cid) if r.status != "complete")
    with qtbot.waitSignal(page.tally.tally_did_load):
        sheets.fill(ws, pending.id, answers_all(template(ws, "民主测评"), "好", ""))
    page.tally.view.selectRow(0)
    # 同级 now (80 + 60 + 100) / 3 = 80 → (5000 + 2400 + 1300) / 100 = 87.
    assert page.tally.model.rows[0].weighted == 87


def test_tally_models(qtbot, qtmodeltester, ws, page, rated):
    cid, _a, _b = rated
    with qtbot.waitSignal(page.tally.tally_did_load):
        page.show_tally(cid)
    for model in (page.tally.model, page.tally.categories, page.tally.items, page.sheets.model,
                  page.ballots.model, page.templates.model):
        qtmodeltester.check(model)


def test_one_campaign_embedded_follows_its_state(qtbot, ws):
    """As the campaign page shows it: one campaign's tabs, read-only once it is closed."""
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    t = template(ws, "民主测评")
    sid = sheets.new_sheet(ws, t.id, a, "上级", "分管领导", cid)
    tabs = CampaignAssessment(ws, cid)
    qtbot.addWidget(tabs)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert tabs.sheets.summary.text() == "共 1 张：已完成 0 张，待填写 1 张。"
    assert tabs.sheets.plan_button.isEnabled()
    sheets.fill(ws, sid, answers_all(t, "好"))
    assert tabs.sheets.model.rows[0].score == 100.0
    campaigns.close(ws, cid)
    assert tabs.closed and not tabs.sheets.plan_button.isEnabled()
    with qtbot.waitSignal(tabs.tally.tally_did_load):
        tabs.setCurrentWidget(tabs.tally)
    assert tabs.tally.model.rows[0].weighted == 100
