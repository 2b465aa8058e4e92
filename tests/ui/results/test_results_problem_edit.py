"""问题清单: a problem's text and fields changed with F2 from the keyboard; an empty problem,
or a solved one whose follow-up is cleared, is refused and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.errors import FrontlineError
from desktop.services.results import problems, queries
from desktop.services.results.problems import ProblemInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.results.problem_dialogs import EditProblemDialog
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, WhenShown, press, type_text
from tests.ui.model_checks import column
from tests.ui.results.results_helpers import active


def _open(window: MainWindow):
    window.show_section(window.section_index(window.results))
    tab = window.results.problems
    window.results.setCurrentWidget(tab)
    tab.show_period(2026, 2)
    active(window)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 3))
    return tab


def test_f2_changes_the_text_and_the_feedback(qtbot, window: MainWindow):
    ws = window.ws
    drc = units.create(ws, "市发展和改革局", None)
    pid = problems.create(ws, ProblemInput(year=2026, quarter=2, problem="项目审批慢", unit_id=drc))
    tab = _open(window)

    def fill(d: EditProblemDialog) -> None:
        active(d)
        assert d.problem.toPlainText() == "项目审批慢"
        press(qtbot, Qt.Key.Key_End)
        type_text(qtbot, "，平均超时15天")
        press(qtbot, Qt.Key.Key_Tab)  # 堵点难点
        type_text(qtbot, "并联审批未落实")
        press(qtbot, Qt.Key.Key_Tab)  # 严重程度
        press(qtbot, Qt.Key.Key_End)  # 严重
        press(qtbot, Qt.Key.Key_Tab)  # 反馈给
        type_text(qtbot, "市政务服务中心")
        d.on.setFocus()
        d.on.selectAll()
        type_text(qtbot, "2026.5.6")  # typed the way clerks write it
        press(qtbot, Qt.Key.Key_Tab)  # 跟进整改
        type_text(qtbot, "已约谈分管负责人")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    shown = WhenShown(EditProblemDialog, fill)
    press(qtbot, Qt.Key.Key_F2)
    shown.check()
    [p] = queries.problems(ws, 2026, 2)
    assert (p.id, p.problem, p.bottleneck, p.severity) == (pid, "项目审批慢，平均超时15天", "并联审批未落实", "严重")
    assert (p.fed_back_to, p.fed_back_on, p.follow_up) == ("市政务服务中心", dt.date(2026, 5, 6), "已约谈分管负责人")
    assert (p.status, p.unit_id, p.year, p.quarter) == ("待反馈", drc, 2026, 2)  # the rest stays
    assert column(tab.model, 3) == ["项目审批慢，平均超时15天"] and column(tab.model, 5) == ["严重"]


def test_an_empty_problem_or_a_solved_one_without_follow_up_is_refused(qtbot, window: MainWindow, monkeypatch):
    ws = window.ws
    drc = units.create(ws, "市发展和改革局", None)
    pid = problems.create(ws, ProblemInput(year=2026, quarter=2, problem="项目审批慢", unit_id=drc))
    problems.set_status(ws, pid, "已解决", follow_up="已推行并联审批")
    tab = _open(window)
    answers = Answers(monkeypatch)
    states: list[bool] = []

    def fill(d: EditProblemDialog) -> None:
        active(d)
        d.problem.selectAll()
        press(qtbot, Qt.Key.Key_Delete)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        states.append(d.isVisible())
        type_text(qtbot, "审批慢")
        d.follow_up.setFocus()
        d.follow_up.selectAll()
        press(qtbot, Qt.Key.Key_Delete)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        states.append(d.isVisible())
        d.reject()

    shown = WhenShown(EditProblemDialog, fill)
    alt(qtbot, Qt.Key.Key_E, tab.edit_button)  # 修改(&E)…
    shown.check()
    assert states == [True, True]
    assert answers.asked == ["问题：必填", "跟进整改：已解决的问题须写明整改情况"]
    [p] = queries.problems(ws, 2026, 2)
    assert (p.problem, p.follow_up, p.status) == ("项目审批慢", "已推行并联审批", "已解决")


def test_the_service_refuses_a_solved_problem_without_follow_up(ws: Workspace):
    drc = units.create(ws, "市发展和改革局", None)
    with pytest.raises(FrontlineError, match="已解决的问题须写明整改情况"):
        problems.create(ws, ProblemInput(year=2026, quarter=2, problem="审批慢", unit_id=drc, status="已解决"))
    assert queries.problems(ws) == []


def test_a_problem_saved_by_another_clerk_while_the_dialog_is_open_is_shown_not_overwritten(
        qtbot, window: MainWindow):
    from desktop.ui.common.conflict_dialog import ConflictDialog

    ws = window.ws
    drc = units.create(ws, "市发展和改革局", None)
    pid = problems.create(ws, ProblemInput(year=2026, quarter=2, problem="项目审批慢", unit_id=drc))
    _open(window)
    rows: list[tuple[str, bool]] = []

    def keep(d: ConflictDialog) -> None:
        active(d)
        rows.extend((d.table.item(r, 0).text(), d.table.item(r, 0).checkState() == Qt.CheckState.Checked)
                    for r in range(d.table.rowCount()))
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def fill(d: EditProblemDialog) -> None:
        active(d)
        problems.set_status(ws, pid, "整改中", follow_up="已约谈分管负责人")  # another clerk, meanwhile
        press(qtbot, Qt.Key.Key_Tab)  # 堵点难点
        type_text(qtbot, "并联审批未落实")
        conflict = WhenShown(ConflictDialog, keep)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        conflict.check()
        assert not d.isVisible()

    shown = WhenShown(EditProblemDialog, fill)
    press(qtbot, Qt.Key.Key_F2)
    shown.check()
    assert rows == [("堵点难点", True), ("跟进整改", False), ("状态", False)]
    [p] = queries.problems(ws, 2026, 2)
    assert (p.bottleneck, p.status, p.follow_up) == ("并联审批未落实", "整改中", "已约谈分管负责人")
