"""The program's one date field, typed as clerks type dates: 2026-12-01, 2026.12.01, 20261201,
2026.12 where a month is enough; Ctrl+A and Backspace empty it, Tab leaves it, text that is
not a date is kept as typed and refused on saving (it was "（未填）0261201" in QDateEdit)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import CampaignDialog, VisitDialog
from desktop.ui.campaigns.talk_window import TalkWindow
from desktop.ui.widgets.date_edit import DateEdit, DateInputError, DateTimeEdit
from tests.ui.helpers import Answers, type_text


def _form(qtbot, edit: QLineEdit) -> tuple[QWidget, QLineEdit]:
    """The field with a neighbour to Tab to, shown and focused."""
    form, after = QWidget(), QLineEdit()
    layout = QVBoxLayout(form)
    layout.addWidget(edit)
    layout.addWidget(after)
    qtbot.addWidget(form)
    with qtbot.waitExposed(form):
        form.show()
    form.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    return form, after


@pytest.mark.parametrize("typed", ["2026-12-01", "2026.12.01", "20261201", "2026年12月1日", "2026/12/1"])
def test_a_day_typed_any_usual_way_reads_the_same(qtbot, typed: str):
    edit = DateEdit(day=True)
    _kept, after = _form(qtbot, edit)
    type_text(qtbot, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)  # Tab leaves the field
    assert edit.text() == "2026-12-01" and edit.date() == dt.date(2026, 12, 1)
    assert edit.styleSheet() == ""


def test_a_month_is_enough_where_a_month_is_asked_for_and_refused_where_a_day_is(qtbot):
    month = DateEdit()
    _kept_month = _form(qtbot, month)  # the form owns the field: kept alive
    qtbot.keyClicks(month, "202612")
    month.normalize()
    assert month.text() == "2026.12" and month.partial() is not None and month.partial().day is None
    day = DateEdit(day=True, label="开始日期")
    _kept_day = _form(qtbot, day)  # the form owns the field: kept alive
    qtbot.keyClicks(day, "2026.12")
    assert "开始日期须精确到日" in (day.problem() or "") and "b00020" in day.styleSheet()
    with pytest.raises(DateInputError, match="须精确到日"):
        day.date()
    day.normalize()
    assert day.text() == "2026.12"  # kept as typed, not turned into a day nobody entered


def test_ctrl_a_and_backspace_empty_the_field(qtbot):
    edit = DateEdit(day=True)
    _kept_edit = _form(qtbot, edit)  # the form owns the field: kept alive
    edit.set_date(dt.date(2026, 5, 4))
    assert edit.text() == "2026-05-04"
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "" and edit.date() is None and edit.problem() is None


@pytest.mark.parametrize("typed, problem", [("2026-13-01", "月份 13 无效"), ("2026.02.30", "没有30日"),
                                            ("明天", "明天")])
def test_text_that_is_not_a_date_is_kept_and_refused(qtbot, typed: str, problem: str):
    edit = DateEdit(day=True, label="走访日期")
    _kept_edit = _form(qtbot, edit)  # the form owns the field: kept alive
    type_text(qtbot, typed)
    edit.normalize()
    assert edit.text() == typed and problem in edit.toolTip()
    with pytest.raises(DateInputError, match="走访日期"):
        edit.date()


def test_a_time_of_day_with_or_without_its_date(qtbot):
    edit = DateTimeEdit()
    _kept_edit = _form(qtbot, edit)  # the form owns the field: kept alive
    qtbot.keyClicks(edit, "20261201 1430")
    edit.normalize()
    assert edit.text() == "2026-12-01 14:30" and edit.date_time() == dt.datetime(2026, 12, 1, 14, 30)
    edit.clear()
    qtbot.keyClicks(edit, "9:05")
    assert edit.date_time() == dt.datetime.combine(dt.date.today(), dt.time(9, 5))
    edit.clear()
    qtbot.keyClicks(edit, "2026-12-01 25:00")
    assert "不是有效的时刻" in (edit.problem() or "")


def test_a_campaign_dialog_takes_typed_dates_and_refuses_a_bad_one(qtbot, ws: Workspace):
    dialog = CampaignDialog(ws)
    qtbot.addWidget(dialog)
    dialog.name.setText("城区道路塌陷处置应急考核")
    dialog.start.setFocus()
    qtbot.keyClicks(dialog.start, "2026.12")
    dialog.accept()
    assert "开始日期须精确到日" in dialog.problem.text() and dialog.campaign_id is None
    dialog.start.clear()
    qtbot.keyClicks(dialog.start, "20261201")
    dialog.accept()
    assert dialog.campaign_id is not None
    with ws.read("test.inspect") as s:
        assert campaigns.get(s, dialog.campaign_id).start == dt.date(2026, 12, 1)


def test_a_visit_with_a_bad_date_is_not_saved(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    dialog = VisitDialog(ws, None)
    qtbot.addWidget(dialog)
    dialog.place.setText("安置房工地")
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "2026-02-30")
    dialog.accept()
    assert dialog.visit_id is None and any("走访日期" in a for a in answers.asked)
    with ws.read("test.inspect") as s:
        assert fieldwork.visits(s, None) == []


def test_a_talk_with_a_mistyped_time_is_refused_and_its_text_kept(qtbot, ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    talk = TalkWindow(ws)
    qtbot.addWidget(talk)
    talk.interviewee.setText("张三")
    talk.content.setPlainText("谈了工作进展")
    talk.show()
    talk.activateWindow()
    talk.end.setFocus()
    qtbot.waitUntil(talk.end.hasFocus)
    type_text(qtbot, "2026-12-01 3点")
    assert not talk.save()
    assert talk.talk_id is None and any("结束时间" in a for a in answers.asked)
    assert talk.end.text() == "2026-12-01 3点"
    talk.end.clear()
    assert talk.save() and talk.talk_id is not None
