"""Issue 4 from the window: a campaign planned, a visit, a talk, ledger entries with facts, a
reversal, closing (refused while sheets are pending, then done), progress and timeline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.evaluation import sheets, templates
from desktop.services.ledger import ledger
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import CampaignDialog, TeamDialog, UnitsDialog, VisitDialog
from desktop.ui.ledger.ledger_dialogs import EntryDialog, ReverseDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.services.assessment_helpers import cadre
from tests.ui.helpers import Answers, WhenShown, press, type_text


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:
    w = MainWindow(ws, Settings())
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def test_campaign_from_plan_to_close(qtbot, window: MainWindow, monkeypatch):
    ws = window.ws
    answers = Answers(monkeypatch)
    hq = units.create(ws, "东部新城片区指挥部", None)
    zhang, li = cadre(ws, "张三"), cadre(ws, "李四")
    from desktop.services.cadres import cadre_files

    for cid in (zhang, li):
        cadre_files.save(ws, cadre_files.CadreFile(records={"posts": [{"unit_id": hq, "title": "副指挥长"}]}), cid)

    # Plan: a new 沉浸式 campaign, typed in its dialog.
    window.show_section(window.section_index(window.campaigns))

    def fill_campaign(d: CampaignDialog) -> None:
        d.name.setFocus()
        type_text(qtbot, "东部新城片区建设沉浸式一线考核")
        d.kind.setCurrentText("沉浸式")
        d.follows.set_value("东部新城片区指挥部")
        d.accept()

    shown = WhenShown(CampaignDialog, fill_campaign)
    window.campaigns.list.new_campaign()
    shown.check()
    page = window.campaigns.currentWidget()
    cid = page.campaign_id
    with ws.read("test.inspect") as s:
        c = campaigns.get(s, cid)
    assert (c.name, c.kind, c.status, c.follows_unit_id) == ("东部新城片区建设沉浸式一线考核", "沉浸式", "draft", hq)

    # The people assessed: everyone in the headquarters, found by its pinyin initials.
    other = units.create(ws, "市住房和建设局", None)

    def pick_units(d: UnitsDialog) -> None:
        d.pick.setFocus()
        type_text(qtbot, "dbxc")
        press(qtbot, Qt.Key.Key_Return)
        assert "新增考核对象 2 人" in d.message.text()
        d.with_cadres.setChecked(False)
        d.pick.setFocus()
        type_text(qtbot, "szfh")
        press(qtbot, Qt.Key.Key_Return)
        assert [d.list.item(i).text() for i in range(d.list.count())] == ["东部新城片区指挥部", "市住房和建设局"]
        d.list.setCurrentRow(1)  # chosen by mistake: removed again
        d.remove()
        assert d.list.count() == 1
        d.reject()

    shown = WhenShown(UnitsDialog, pick_units)
    page.add_by_unit()
    shown.check()
    with ws.read("test.inspect") as s:
        assert campaigns.unit_ids(s, cid) == [hq] and other != hq
    assert sorted(r.name for r in page.people.rows) == ["张三", "李四"]
    page.activate()
    assert page.status == "active"

    # A visit, typed in its dialog.
    def fill_visit(d: VisitDialog) -> None:
        d.place.setFocus()
        type_text(qtbot, "安置房工地")
        d.unannounced.setChecked(True)
        d.unit_pick.setFocus()
        type_text(qtbot, "dbxc")
        press(qtbot, Qt.Key.Key_Return)  # adds the unit, and does not save the dialog yet
        assert d.isVisible() and d.unit_ids() == [hq]
        d.findings.setFocus()
        type_text(qtbot, "进度滞后约两周")
        d.accept()

    shown = WhenShown(VisitDialog, fill_visit)
    page.edit_visit(None)
    shown.check()
    assert [(v.place, v.unannounced_text) for v in page.visits.rows] == [("安置房工地", "是")]

    # A talk, typed in talk mode and saved.
    page._open_talk(None)
    (talk,) = window.talk_windows
    talk.interviewee.choose(zhang, "张三")
    talk.focus_button.toggle()
    assert talk.isFullScreen() and not talk.meta.isVisible()
    talk.content.setFocus()
    type_text(qtbot, "谈了征拆进展")
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # a stock phrase
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert talk.talk_id is not None
    with ws.read("test.inspect") as s:
        saved = fieldwork.load_talk(s, talk.talk_id)
    assert saved.content.startswith("谈了征拆进展谈话人说明了") and saved.campaign_id == cid
    talk.close()

    # Ledger entries with facts: one positive, one negative, then the negative reversed.
    def fill_entry(positive: bool, fact: str):
        def fill(d: EntryDialog) -> None:
            d.dimension.setCurrentText("政治担当")
            (d.plus if positive else d.minus).setChecked(True)
            d.accept()  # refused: no fact yet
            assert "具体事实：必填" in d.problem.text()
            d.fact.setFocus()
            type_text(qtbot, fact)
            d.accept()
        return fill

    page.people_view.setCurrentIndex(page.people.index(
        next(i for i, r in enumerate(page.people.rows) if r.name == "张三"), 0))
    shown = WhenShown(EntryDialog, fill_entry(True, "台风夜带队转移群众"))
    page.add_entry()
    shown.check()
    shown = WhenShown(EntryDialog, fill_entry(False, "防汛值守期间脱岗"))
    page.add_entry()
    shown.check()
    assert [r.signed for r in page.entries.rows] == ["+8", "-10"]
    minus = page.entries.rows[1].id

    def fill_reason(d: ReverseDialog) -> None:
        d.reason.setFocus()
        type_text(qtbot, "经复核不属实")
        d.accept()

    shown = WhenShown(ReverseDialog, fill_reason)
    page.entries_view.setCurrentIndex(page.entries.index(1, 0))  # the -10, reversed from the campaign's own tab
    page.reverse_entry()
    shown.check()
    assert [r.signed for r in page.entries.rows] == ["+8", "-10", "+10（冲正）"]
    assert page.entries.rows[2].reverses_id == minus

    # Closing is refused while a sheet is pending, and says which.
    with ws.read("test.inspect") as s:
        template_id = templates.current(s, "政治素质评议").id
    sheets.plan(ws, cid, template_id, {"上级": ["王书记"]}, [zhang])
    answers.answer = QMessageBox.StandardButton.Yes
    page.close_campaign()
    assert "张三：上级（王书记）" in answers.asked[-1]
    with ws.read("test.inspect") as s:
        (pending,) = [r.id for r in sheets.sheets_of(s, cid)]
        items = templates.get(s, template_id).items
    sheets.fill(ws, pending, {i.id: ("" if i.scale["type"] == "flag" else "好", "") for i in items})
    page.close_campaign()
    assert page.status == "closed" and not page.edit_b.isEnabled()
    assert "全部记录已冻结" in page.summary.text()
    assert "考核对象</td><td><b>2</b> 人" in page.progress.text()
    assert "已谈话</td><td><b>1</b> 人" in page.progress.text()
    # Sheets per rater category, with the total: every one of them complete now.
    rows = [(r.category, r.complete, r.missing, r.rate) for r in page.sheet_progress.rows]
    assert rows[-1][0] == "合计" and all(missing == 0 for _c, _d, missing, _r in rows)
    assert rows[-1][3] == "100%"

    # The cadre's ledger timeline, from the 积分 section.
    window.show_section(window.section_index(window.ledger))
    window.ledger.show_cadre(zhang, "张三")
    assert [(r.kind, r.points, r.running) for r in window.ledger.model.rows] == [
        ("加分", 8, 8), ("扣分", -10, -2), ("冲正", 10, 8)]
    assert window.ledger.scores["合计"].text() == "合计\n+8"


def test_frozen_campaign_refuses_from_the_window(qtbot, window: MainWindow, monkeypatch):
    answers = Answers(monkeypatch)
    ws = window.ws
    a = cadre(ws, "张三")
    cid = campaigns.create(ws, campaigns.CampaignInput(name="点穴式考核", kind="点穴式"))
    campaigns.add_cadres(ws, cid, [a])
    campaigns.activate(ws, cid)
    campaigns.close(ws, cid)
    page = window.campaigns.open_campaign(cid)
    page.edit_visit(None)
    assert "记录已冻结" in answers.asked[-1]
    # Nothing on the page adds to a closed campaign's records (a ledger entry from here
    # would otherwise be recorded with no campaign at all).
    assert page.record_buttons and not any(b.isEnabled() for b in page.record_buttons)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("补录走访", True))
    page.reopen()
    assert page.status == "active"
    entry_count = len(page.entries.rows)
    d = EntryDialog(ws, cadre=(a, "张三"), campaign_id=cid)
    d.fact.setPlainText("重新开启后补录的事实")
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    assert len(page.entries.rows) == entry_count + 1
    with ws.read("test.inspect") as s:
        # The first rule offered (政治忠诚, 加分) with its default points.
        assert ledger.cadre_ledger(s, a).total == 5


def test_talk_phrases_are_kept_and_inserted(qtbot, ws: Workspace):
    from desktop.ui.campaigns.talk_window import TalkWindow

    talk = TalkWindow(ws)
    qtbot.addWidget(talk)
    talk.content.setPlainText("群众反映强烈")
    talk.content.selectAll()
    talk.content.setFocus()
    talk.add_snippet()
    assert talk.snippets[-1] == "群众反映强烈"
    again = TalkWindow(ws)
    qtbot.addWidget(again)
    assert again.snippets == talk.snippets  # stored in the database, shared
    again.content.setFocus()
    again.insert_snippet(len(again.snippets) - 1)
    assert again.content.toPlainText() == "群众反映强烈"
    for w in (talk, again):
        w.saved_payload = w.data().to_json()  # nothing to ask about on close


def test_a_closed_campaigns_visit_and_talk_open_read_only(qtbot, window: MainWindow, monkeypatch):
    import datetime as dt

    from desktop.ui.campaigns.talk_window import TalkWindow

    Answers(monkeypatch)
    ws = window.ws
    a = cadre(ws, "张三")
    cid = campaigns.create(ws, campaigns.CampaignInput(name="点穴式考核", kind="点穴式"))
    campaigns.add_cadres(ws, cid, [a])
    campaigns.activate(ws, cid)
    vid = fieldwork.save_visit(ws, fieldwork.VisitInput(date=dt.date.today(), place="安置房工地",
                                                        findings="进度滞后", campaign_id=cid))
    tid = fieldwork.save_talk(ws, fieldwork.TalkInput(interviewers=["王组长"], interviewee_cadre_id=a,
                                                      interviewee_name="张三", start_at=dt.datetime(2026, 3, 1, 9),
                                                      content="谈了工作进展", campaign_id=cid))
    campaigns.close(ws, cid)
    page = window.campaigns.open_campaign(cid)

    def look(d: VisitDialog) -> None:
        assert "只读" in d.windowTitle() and d.seen.isReadOnly() and d.findings.toPlainText() == "进度滞后"
        d.reject()

    shown = WhenShown(VisitDialog, look)
    page.edit_visit(vid)
    shown.check()

    talk = TalkWindow(ws, talk_id=tid)
    qtbot.addWidget(talk)
    assert talk.content.isReadOnly() and not talk.save_button.isEnabled()
    assert "已冻结" in talk.saved_label.text()
    talk.content.setFocus()
    type_text(qtbot, "x")
    qtbot.wait(1500)  # longer than the autosave delay: no draft appears
    with ws.read("test.inspect") as s:
        assert fieldwork.drafts(s, ws.actor.username) == []
    assert talk.content.toPlainText() == "谈了工作进展"


def test_the_talk_clock_starts_on_opening_and_stops_at_the_end_time(qtbot, ws: Workspace):
    import datetime as dt

    from desktop.ui.campaigns.talk_window import TalkWindow

    talk = TalkWindow(ws)
    qtbot.addWidget(talk)
    assert talk.elapsed.text() in ("已谈 00:00:00", "已谈 00:00:01")
    start = talk.data().start_at
    qtbot.keyClicks(talk.end, f"{start + dt.timedelta(minutes=45):%Y%m%d %H%M}")  # typed, as a clerk does
    talk._tick()
    assert talk.elapsed.text() == "谈话时长 00:45:00"
    talk.saved_payload = talk.data().to_json()  # nothing to ask about on close


def test_drafts_put_off_at_start_are_reachable_from_the_menu(qtbot, window: MainWindow, monkeypatch):
    from desktop.ui.campaigns.drafts_dialog import DraftsDialog

    answers = Answers(monkeypatch)
    window.show_drafts()
    assert answers.asked == ["没有未完成的谈话草稿。"]
    fieldwork.save_draft(window.ws, "talk", fieldwork.TalkInput(content="半截记录").to_json(), "谈话", None, None)
    dialog = window.show_drafts()
    assert isinstance(dialog, DraftsDialog) and dialog.isVisible()
    dialog.reject()


def test_the_team_is_picked_from_the_staff_by_pinyin(qtbot, ws: Workspace):
    from desktop.services.admin import accounts

    accounts.add_account(ws, "wangwei", "Wang password", display_name="王伟")
    cid = campaigns.create(ws, campaigns.CampaignInput(name="点穴式考核", kind="点穴式"))
    d = TeamDialog(ws, cid)
    qtbot.addWidget(d)
    d.show()
    d.table.cellWidget(0, 0).setFocus()
    type_text(qtbot, "ww")
    d._row("借调的李干事", "成员")  # someone from outside the department, typed
    d.accept()
    with ws.read("test.inspect") as s:
        members = [(m.name, m.role, m.account_id is not None) for m in campaigns.get(s, cid).members]
    assert members == [("王伟", "组长", True), ("借调的李干事", "成员", False)]


def test_sheet_progress_rows_follow_the_rater_order_and_add_up():
    from desktop.ui.campaigns.campaign_page import sheet_progress_rows

    rows = sheet_progress_rows({"下级": 3, "上级": 2}, {"下级": 1, "同级": 4})
    assert [(r.category, r.complete, r.missing, r.total, r.rate) for r in rows] == [
        ("上级", 2, 0, 2, "100%"), ("同级", 0, 4, 4, "0%"), ("下级", 3, 1, 4, "75%"), ("合计", 5, 5, 10, "50%")]
    assert sheet_progress_rows({}, {}) == []
