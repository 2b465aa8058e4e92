"""工作台 by keyboard: Ctrl+` shows it (the window opens on it), ↓ and Enter open the screen that
finishes each piece of work; the list follows changes; an empty day says so."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from desktop.models import Problem
from desktop.services.campaigns import fieldwork
from desktop.services.grading import rounds
from desktop.services.grading.rounds import RoundInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.talk_window import DROP
from desktop.ui.home.home_page import EMPTY_DAY, HomePage, TodayModel
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.services.grading import grading_scenario
from tests.services.home.home_helpers import build
from tests.ui.helpers import Answers, press
from tests.ui.model_checks import check, column, headers, shown

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:
    w = MainWindow(ws, Settings())
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def _age_problems(ws: Workspace) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    ws.run("test.age", lambda ctx: ctx.session.execute(update(Problem).values(raised_at=old)))


def _home(qtbot, window: MainWindow) -> HomePage:
    press(qtbot, Qt.Key.Key_QuoteLeft, CTRL)
    assert window.pages.currentWidget() is window.home
    assert window.nav.currentItem().text() == "工作台  Ctrl+`"
    home = window.home
    qtbot.waitUntil(lambda: not home.stale)  # read once painted
    assert QApplication.focusWidget() is (home.view if home.model.rowCount() else home)
    return home


def _open_row(qtbot, window: MainWindow, title_start: str) -> None:
    """From the top of the list, ↓ to the row whose text starts so, then Enter."""
    home = _home(qtbot, window)
    titles = column(home.model, 2)
    wanted = next(i for i, t in enumerate(titles) if t.startswith(title_start))
    press(qtbot, Qt.Key.Key_Home, CTRL)  # the first row
    for _ in range(wanted):
        press(qtbot, Qt.Key.Key_Down)
    assert home.view.currentIndex().row() == wanted
    press(qtbot, Qt.Key.Key_Return)


def test_the_model_lists_the_work(qtbot, qtmodeltester, ws: Workspace):
    page = shown(qtbot, HomePage(ws))
    qtbot.waitUntil(lambda: not page.stale)  # read once painted
    model = page.model
    assert isinstance(model, TodayModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0 and page.body.currentWidget() is page.empty and page.empty.text() == EMPTY_DAY
    build(ws)  # the page is on screen: it reloads on the change
    assert headers(model) == ["类别", "数量", "待办事项"]
    assert column(model, 0) == ["谈话草稿", "测评表未填", "测评票未录完", "考核待结束", "任务逾期"]
    assert column(model, 1) == ["1", "4", "3", "1", "1"]
    assert page.body.currentWidget() is page.view and "待办 5 项" in page.heading.text()


def test_the_window_opens_on_it_and_the_roster_keeps_ctrl_1(qtbot, window: MainWindow):
    assert window.sections[0] == ("工作台", window.home)
    assert window.pages.currentWidget() is window.home
    assert window.home.empty.isVisible() and "今天没有待办的工作" in window.home.empty.text()
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.pages.currentWidget() is window.cadres
    _home(qtbot, window)
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert window.nav.currentItem().text() == "工作实绩  Ctrl+0"


def test_a_hidden_page_reloads_only_when_shown_again(qtbot, window: MainWindow):
    press(qtbot, Qt.Key.Key_1, CTRL)
    build(window.ws)
    assert window.home.stale and window.home.model.rowCount() == 0  # nothing read while hidden
    _home(qtbot, window)
    assert window.home.model.rowCount() == 5 and not window.home.stale


def test_enter_opens_the_screen_that_finishes_each_piece_of_work(qtbot, window: MainWindow, monkeypatch):
    ids = build(window.ws)
    _age_problems(window.ws)
    graded = grading_scenario.build(window.ws)
    round_id = rounds.create_round(window.ws, RoundInput(graded.unit_id, grading_scenario.YEAR))
    rounds.propose(window.ws, round_id)
    rounds.start_notice(window.ws, round_id, dt.date.today() - dt.timedelta(days=14))  # over: to sign off

    _open_row(qtbot, window, "城区道路塌陷处置应急考核：4 份测评表未填")
    assessment = window.assessment
    assert window.pages.currentWidget() is assessment
    assert assessment.campaign_id() == ids["road"] and assessment.tabs.currentWidget() is assessment.sheets

    _open_row(qtbot, window, "防汛抢险一线考核：1 批测评票")
    assert window.pages.currentWidget() is assessment
    assert assessment.campaign_id() == ids["flood"] and assessment.tabs.currentWidget() is assessment.ballots

    _open_row(qtbot, window, "春耕生产一线考核：已于")
    assert window.pages.currentWidget() is window.campaigns
    assert window.campaigns.current_campaign_id() == ids["ended"]

    _open_row(qtbot, window, "城区道路塌陷处置应急考核：1 项任务已过期限")
    assert window.pages.currentWidget() is window.results
    assert window.results.currentWidget() is window.results.targets
    assert window.results.targets.campaign_id() == ids["road"]

    _open_row(qtbot, window, f"{dt.date.today().year}年第1季度问题清单")
    assert window.results.currentWidget() is window.results.problems
    assert window.results.problems.period() == (dt.date.today().year, 1)
    assert "排水不畅" in column(window.results.problems.model, 3)

    _open_row(qtbot, window, f"{grading_scenario.YEAR}年度 海滨市审计局 公务员定等公示已于")
    assert window.pages.currentWidget() is window.judgement
    assert window.judgement.currentWidget() is window.grading and window.grading.current_round() == round_id

    _open_row(qtbot, window, "谈话记录草稿“与张伟谈话”")
    assert [w.draft_id for w in window.talk_windows] == [ids["draft"]]
    answers = Answers(monkeypatch)
    answers.choice = DROP
    window.talk_windows[0].close()
    assert answers.asked == ["谈话记录有未保存的内容。"]
    with qtbot.waitActive(window):
        window.activateWindow()  # as the window manager does when the talk window goes
    _home(qtbot, window)  # the discarded draft has left the list
    assert column(window.home.model, 0) == ["测评表未填", "测评票未录完", "考核待结束", "任务逾期", "问题待反馈",
                                               "公示期届满"]


def test_a_new_draft_appears_while_the_page_is_on_screen(qtbot, window: MainWindow):
    assert window.home.model.rowCount() == 0
    fieldwork.save_draft(window.ws, "talk", {}, "与王芳谈话")
    assert column(window.home.model, 0) == ["谈话草稿"] and window.home.view.isVisible()


def test_work_finished_elsewhere_is_said_and_the_list_read_again(qtbot, window: MainWindow):
    ids = build(window.ws)
    home = _home(qtbot, window)
    assert column(home.model, 0)[0] == "谈话草稿"
    before = list(home.model.rows)
    fieldwork.discard_draft(window.ws, ids["draft"])  # as another window would
    home.model.set_rows(before)  # a list read a moment before the draft went
    home.view.setCurrentIndex(home.model.index(0, 0))
    press(qtbot, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "这项工作已经处理完或已不存在，工作台已刷新。"
    assert window.talk_windows == [] and window.pages.currentWidget() is home
    assert "谈话草稿" not in column(home.model, 0)


def test_a_clerk_who_goes_elsewhere_before_the_first_paint_waits_for_no_query(qtbot, ws: Workspace):
    build(ws)
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    window.go_to_section(window.section_index(window.cadres))  # Ctrl+1 at once (issue 17 P1b)
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert window.home.stale and window.home.model.rowCount() == 0
    window.go_to_section(window.section_index(window.home))
    qtbot.waitUntil(lambda: not window.home.stale)
    assert window.home.model.rowCount() == 5


def test_a_repaint_leaves_the_keys_where_the_clerk_put_them(qtbot, window: MainWindow):
    home = _home(qtbot, window)
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    home.repaint()
    QApplication.processEvents()
    assert QApplication.focusWidget() is window.nav
