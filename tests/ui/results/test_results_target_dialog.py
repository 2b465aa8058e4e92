"""任务清单 edited line by line from the keyboard: a task added (Insert, Ctrl+N in the list)
with every field, bad input refused with the dialog kept open and nothing written, a line
changed with F2, and removed with Delete after a confirmation — a verified line never."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services.results import queries, targets, verification
from desktop.services.results.targets import TargetInput
from desktop.services.results.verification import VerificationInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.results.target_dialog import TargetDialog
from tests.services.assessment_helpers import cadre, campaign
from tests.ui.helpers import Answers, WhenShown, press, type_text
from tests.ui.model_checks import column
from tests.ui.results.results_helpers import active


def _setup(ws: Workspace) -> dict[str, int]:
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    city = units.create(ws, "市政府", None)
    drc = units.create(ws, "市发展和改革局", city)
    return {"zhang": zhang, "c": cid, "drc": drc}


def _open(window: MainWindow, cid: int):
    window.show_section(window.section_index(window.results))
    tab = window.results.targets
    window.results.setCurrentWidget(tab)
    assert tab.picker.set_campaign(cid)
    active(window)
    tab.view.setFocus()
    if tab.model.rowCount():
        tab.view.setCurrentIndex(tab.model.index(0, 1))
    return tab


def test_a_task_added_with_every_field_from_the_keyboard(qtbot, window: MainWindow):
    ids = _setup(window.ws)
    tab = _open(window, ids["c"])
    assert "还没有任务清单" in tab.summary.text() and not tab.delete_button.isEnabled()

    def fill(d: TargetDialog) -> None:
        active(d)
        assert d.windowTitle() == "新增任务"
        type_text(qtbot, "新增规上工业企业")  # focus starts on 任务
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "规上企业数")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "12")
        press(qtbot, Qt.Key.Key_Tab)  # 计量单位
        type_text(qtbot, "家")
        d.hard.setFocus()
        press(qtbot, Qt.Key.Key_Space)
        d.deadline.setFocus()
        type_text(qtbot, "20261231")
        d.source.setFocus()
        type_text(qtbot, "工信")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "分管工业经济")
        press(qtbot, Qt.Key.Key_Tab)  # 责任干部: the only 张三 on file
        type_text(qtbot, "张三")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    shown = WhenShown(TargetDialog, fill)
    press(qtbot, Qt.Key.Key_Insert)
    shown.check()
    [line] = queries.targets(window.ws, campaign_id=ids["c"])
    assert (line.duty, line.indicator, line.target_value, line.measure, line.hard) == (
        "新增规上工业企业", "规上企业数", 12, "家", True)
    assert (line.deadline, line.source_department, line.post_duty) == (dt.date(2026, 12, 31), "工信", "分管工业经济")
    assert (line.cadre_id, line.unit_id, line.seq) == (ids["zhang"], None, 1)
    assert column(tab.model, 1) == ["新增规上工业企业"] and column(tab.model, 3) == ["12家"]
    assert window.statusBar().currentMessage() == "已新增任务"


def test_ctrl_n_in_the_list_adds_a_task_for_a_unit(qtbot, window: MainWindow):
    ids = _setup(window.ws)
    _open(window, ids["c"])

    def fill(d: TargetDialog) -> None:
        active(d)
        type_text(qtbot, "完成营商环境评估")
        d.unit.setFocus()
        type_text(qtbot, "sfzhggj")  # the initials of 市发展和改革局
        press(qtbot, Qt.Key.Key_Tab)  # leaving the field takes the match the list offers
        assert d.unit.value() == "市政府 / 市发展和改革局"
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    shown = WhenShown(TargetDialog, fill)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    shown.check()
    assert window.pages.currentWidget() is window.results  # not the window's 新建干部档案
    [line] = queries.targets(window.ws, campaign_id=ids["c"])
    assert (line.duty, line.unit_id, line.cadre_id, line.target_value) == ("完成营商环境评估", ids["drc"], None, None)


def test_bad_input_is_refused_and_nothing_written(qtbot, window: MainWindow, monkeypatch):
    ids = _setup(window.ws)
    _open(window, ids["c"])
    answers = Answers(monkeypatch)
    states: list[bool] = []

    def save(d: TargetDialog) -> None:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        states.append(d.isVisible())

    def fill(d: TargetDialog) -> None:
        active(d)
        d.cadre.setFocus()
        type_text(qtbot, "张三")
        save(d)  # no duty
        d.duty.setFocus()
        type_text(qtbot, "招商引资")
        d.target_value.setFocus()
        type_text(qtbot, "很多")
        save(d)  # garbage target value
        d.target_value.clear()
        type_text(qtbot, "-5")
        save(d)  # negative
        d.target_value.clear()
        type_text(qtbot, "5")
        d.cadre.clear()
        d.cadre.setFocus()
        type_text(qtbot, "王二麻子")
        save(d)  # no such cadre
        d.cadre.clear()
        d.unit.setFocus()
        type_text(qtbot, "不存在的局")
        save(d)  # no such unit
        d.unit.set_value("")
        save(d)  # no subject at all
        d.reject()

    shown = WhenShown(TargetDialog, fill)
    press(qtbot, Qt.Key.Key_Insert)
    shown.check()
    assert states == [True] * 6
    assert answers.asked[0] == "任务（职责或目标）：必填"
    assert answers.asked[1] == "目标值应为数字，而不是“很多”；没有数值目标的任务请留空"
    assert answers.asked[2] == "目标值：不能为负数（填写的是 -5）"
    assert answers.asked[3].startswith("找不到干部“王二麻子”")
    assert answers.asked[4].startswith("找不到单位“不存在的局”")
    assert answers.asked[5] == "责任对象：须是一名干部或一个单位（只填其中一个）"
    assert queries.targets(window.ws, campaign_id=ids["c"]) == []


def test_f2_changes_the_selected_line(qtbot, window: MainWindow):
    ids = _setup(window.ws)
    line = targets.create(window.ws, TargetInput("固定资产投资", cadre_id=ids["zhang"], campaign_id=ids["c"],
                                                 target_value=100, measure="亿元", source_department="发改"))
    tab = _open(window, ids["c"])

    def fill(d: TargetDialog) -> None:
        active(d)
        assert d.windowTitle() == "修改任务 — 第 1 项" and not d.warning.isVisibleTo(d)
        assert (d.target_value.text(), d.measure.value(), d.cadre.text(), d.source.value()) == (
            "100", "亿元", "张三", "发改")
        d.target_value.setFocus()
        d.target_value.selectAll()
        type_text(qtbot, "120")
        d.cadre.clear()  # from the cadre to the unit
        d.unit.set_value("市政府 / 市发展和改革局")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    shown = WhenShown(TargetDialog, fill)
    press(qtbot, Qt.Key.Key_F2)
    shown.check()
    row = queries.target(window.ws, line)
    assert (row.target_value, row.unit_id, row.cadre_id, row.duty) == (120, ids["drc"], None, "固定资产投资")
    assert column(tab.model, 3) == ["120亿元"] and column(tab.model, 7) == ["市发展和改革局"]


def test_a_verified_line_warns_when_edited(qtbot, window: MainWindow):
    ids = _setup(window.ws)
    line = targets.create(window.ws, TargetInput("固定资产投资", cadre_id=ids["zhang"], campaign_id=ids["c"],
                                                 target_value=100, measure="亿元"))
    verification.verify(window.ws, VerificationInput(line, achieved_value=120, fact="统计局快报"))
    _open(window, ids["c"])
    seen: list[str] = []

    def look(d: TargetDialog) -> None:
        seen.append(d.warning.text() if d.warning.isVisibleTo(d) else "")
        d.reject()

    shown = WhenShown(TargetDialog, look)
    press(qtbot, Qt.Key.Key_F2)
    shown.check()
    assert seen == ["这项任务已核验为“完成”。修改目标值或计量单位不会重新判定结果，如有改动请重新核验。"]


def test_delete_asks_first_and_refuses_a_verified_line(qtbot, window: MainWindow, monkeypatch):
    ids = _setup(window.ws)
    first = targets.create(window.ws, TargetInput("固定资产投资", cadre_id=ids["zhang"], campaign_id=ids["c"],
                                                  target_value=100, measure="亿元"))
    targets.create(window.ws, TargetInput("完成营商环境评估", unit_id=ids["drc"], campaign_id=ids["c"]))
    verification.verify(window.ws, VerificationInput(first, achieved_value=90, fact="统计局快报"))
    tab = _open(window, ids["c"])
    answers = Answers(monkeypatch, QMessageBox.StandardButton.No)

    press(qtbot, Qt.Key.Key_Delete)  # the verified line: told, not asked
    assert answers.asked == ["第 1 项“固定资产投资”已核验为“部分完成”，列入了落实清单，不能删除。\n"
                             "如任务有误，可“修改…”，或按 Enter 重新核验。"]
    tab.view.setCurrentIndex(tab.model.index(1, 1))
    press(qtbot, Qt.Key.Key_Delete)  # answered No: kept
    assert answers.asked[-1] == "删除第 2 项任务“完成营商环境评估”（市发展和改革局）？\n删除后不能撤销。"
    assert len(queries.targets(window.ws, campaign_id=ids["c"])) == 2
    answers.answer = QMessageBox.StandardButton.Yes
    press(qtbot, Qt.Key.Key_Delete)
    assert [t.duty for t in queries.targets(window.ws, campaign_id=ids["c"])] == ["固定资产投资"]
    assert column(tab.model, 1) == ["固定资产投资"]
    assert window.statusBar().currentMessage() == "已删除第 2 项任务"


def test_a_closed_campaigns_list_cannot_be_changed(qtbot, window: MainWindow):
    from desktop.services.campaigns import campaigns

    ids = _setup(window.ws)
    targets.create(window.ws, TargetInput("固定资产投资", cadre_id=ids["zhang"], campaign_id=ids["c"]))
    campaigns.close(window.ws, ids["c"])
    tab = _open(window, ids["c"])
    assert [b.isEnabled() for b in (tab.new_button, tab.edit_button, tab.delete_button)] == [False, False, False]
    for key in (Qt.Key.Key_Insert, Qt.Key.Key_F2, Qt.Key.Key_Delete):
        press(qtbot, key)  # no dialog, no question (the conftest refuses any message box)
    assert [t.duty for t in queries.targets(window.ws, campaign_id=ids["c"])] == ["固定资产投资"]
