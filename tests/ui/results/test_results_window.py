"""工作实绩 from the keyboard: a target verified with a fact and an evidence file, a refusal
that keeps the 核验 dialog open, a task list imported from a spreadsheet (a bad file imports
nothing and names its rows), a problem raised from a visit and followed up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.campaigns.fieldwork import TalkInput, VisitInput
from desktop.services.results import queries, targets
from desktop.services.results.targets import TargetInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.results.problem_dialogs import ProblemDialog, StatusDialog
from desktop.ui.results.target_import_dialog import TargetImportDialog
from desktop.ui.results.verify_dialog import VerifyDialog
from tests.services.assessment_helpers import cadre, campaign
from tests.services.results.task_files import fill_tasks
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, FileAnswers, WhenShown, press, type_text
from tests.ui.model_checks import column
from tests.ui.results.results_helpers import active


def _task_list(ws: Workspace) -> dict[str, int]:
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    drc = units.create(ws, "市发展和改革局", None)
    invest = targets.create(ws, TargetInput("固定资产投资", cadre_id=zhang, campaign_id=cid, indicator="投资额",
                                            target_value=100, measure="亿元", hard=True, source_department="发改",
                                            deadline=dt.date(2026, 12, 31)))
    report = targets.create(ws, TargetInput("完成营商环境评估", unit_id=drc, campaign_id=cid,
                                            deadline=dt.date(2020, 6, 30)))
    return {"zhang": zhang, "c": cid, "drc": drc, "invest": invest, "report": report}


def _open_targets(window: MainWindow, cid: int):
    window.show_section(window.section_index(window.results))
    tab = window.results.targets
    window.results.setCurrentWidget(tab)
    assert tab.picker.set_campaign(cid)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 1))
    return tab


def _verify_line(qtbot, window: MainWindow, tab, fill) -> None:
    """Enter on the current line of the task list opens 核验; `fill` works the dialog."""
    shown = WhenShown(VerifyDialog, fill)
    active(window)
    tab.view.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    shown.check()


def test_a_target_verified_with_a_fact_and_evidence(qtbot, window: MainWindow, monkeypatch, tmp_path: Path):
    ws = window.ws
    ids = _task_list(ws)
    tab = _open_targets(window, ids["c"])
    assert column(tab.model, 1) == ["固定资产投资", "完成营商环境评估"]
    assert column(tab.model, 3)[0] == "100亿元" and column(tab.model, 5) == ["是", ""]
    assert column(tab.model, 9) == ["未检验", "未检验（逾期）"]  # the second's deadline has passed
    sheet = tmp_path / "统计局11月快报.pdf"
    sheet.write_bytes(b"%PDF-1.4 statistics")
    files = FileAnswers(monkeypatch, [sheet])
    seen: list[str] = []

    def fill(d: VerifyDialog) -> None:
        active(d)
        type_text(qtbot, "120")  # focus starts on 完成值
        seen.append(d.result_label.text())
        press(qtbot, Qt.Key.Key_Tab)  # to 核实的事实
        type_text(qtbot, "统计局快报：完成120亿元")
        alt(qtbot, Qt.Key.Key_A, d.add_button)  # 添加(&A)…
        assert d.evidence_paths() == [sheet]
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(VerifyDialog, fill)
    press(qtbot, Qt.Key.Key_Return)  # Enter on the line: 核验
    shown.check()
    assert seen == ["完成（按目标 100亿元 自动判定）"]  # computed while typing
    assert files.asked[0].title == "添加佐证材料"
    [done] = queries.implementation(ws, campaign_id=ids["c"])
    assert (done.target.id, done.target.result, done.target.achieved_value) == (ids["invest"], "met", 120)
    assert done.fact == "统计局快报：完成120亿元" and [e.filename for e in done.evidence] == ["统计局11月快报.pdf"]
    assert done.verified_by and done.verified_on == dt.date.today()
    assert column(tab.model, 9)[0] == "完成" and column(tab.model, 8)[0] == "120"  # the tab reloaded
    assert window.statusBar().currentMessage() == "已核验第 1 项任务：完成，列入落实清单"

    # Verified again to correct the value: the saved evidence (in the database, not on this
    # disk any more) stays listed and is kept, unless the clerk removes it.
    sheet.unlink()

    def correct(d: VerifyDialog) -> None:
        active(d)
        seen.append(d.earlier.text())
        assert d.fact.toPlainText() == "统计局快报：完成120亿元" and d.evidence_paths() == []
        assert [d.evidence.item(i).text() for i in range(d.evidence.count())] == ["统计局11月快报.pdf（已保存）"]
        d.achieved.selectAll()
        type_text(qtbot, "125")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _verify_line(qtbot, window, tab, correct)
    assert "原有的佐证材料仍在列表中，不需要的请移除" in seen[-1] and "核验为“完成”" in seen[-1]
    [again] = queries.implementation(ws, campaign_id=ids["c"])
    assert again.target.achieved_value == 125 and [e.filename for e in again.evidence] == ["统计局11月快报.pdf"]
    assert again.evidence[0].id == done.evidence[0].id  # the same stored file, not a copy made anew

    def drop(d: VerifyDialog) -> None:
        active(d)
        d.evidence.setCurrentRow(0)
        d.remove_evidence()
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _verify_line(qtbot, window, tab, drop)
    [last] = queries.implementation(ws, campaign_id=ids["c"])
    assert last.evidence == () and last.fact == "统计局快报：完成120亿元"


def test_ctrl_0_opens_the_section(qtbot, window: MainWindow):
    active(window)
    press(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.results
    assert window.nav.currentItem().text() == "工作实绩  Ctrl+0"


def test_a_verification_without_fact_or_evidence_keeps_the_dialog_open(qtbot, window: MainWindow, monkeypatch):
    ws = window.ws
    ids = _task_list(ws)
    tab = _open_targets(window, ids["c"])
    tab.view.setCurrentIndex(tab.model.index(1, 1))  # not numeric: the result is chosen
    answers = Answers(monkeypatch)
    states: list[bool] = []

    def fill(d: VerifyDialog) -> None:
        active(d)
        assert d.result_choice.isVisibleTo(d) and not d.result_label.isVisibleTo(d)
        d.result_choice.setFocus()
        press(qtbot, Qt.Key.Key_Down)  # （请选择） → 完成
        assert d.result_choice.currentData() == "met"
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # no fact, no file
        states.append(d.isVisible())
        d.fact.setFocus()
        type_text(qtbot, "现场查看评估报告")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        states.append(d.isVisible())

    shown = WhenShown(VerifyDialog, fill)
    press(qtbot, Qt.Key.Key_Return)
    shown.check()
    assert states == [True, False]
    assert len(answers.asked) == 1 and "检验须有依据" in answers.asked[0]
    [done] = queries.implementation(ws, campaign_id=ids["c"])
    assert (done.target.id, done.target.result, done.fact) == (ids["report"], "met", "现场查看评估报告")


def test_a_numeric_target_without_a_value_is_refused_in_the_dialog(qtbot, window: MainWindow, monkeypatch):
    ids = _task_list(window.ws)
    _open_targets(window, ids["c"])
    answers = Answers(monkeypatch)

    def fill(d: VerifyDialog) -> None:
        active(d)
        type_text(qtbot, "abc")
        assert d.result_label.text() == "完成值应为数字"
        press(qtbot, Qt.Key.Key_Return)  # Enter in 完成值 saves: refused
        assert d.isVisible()
        d.reject()

    shown = WhenShown(VerifyDialog, fill)
    press(qtbot, Qt.Key.Key_Return)
    shown.check()
    assert answers.asked == ["完成值应为数字，而不是“abc”"]
    assert queries.implementation(window.ws) == []



def test_a_task_list_imported_from_the_tab_all_or_nothing(qtbot, window: MainWindow, monkeypatch, tmp_path: Path):
    ws = window.ws
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    units.create(ws, "市发展和改革局", None)
    template = tmp_path / "任务清单导入模板.xlsx"
    tab = _open_targets(window, cid)
    files = FileAnswers(monkeypatch, template)
    alt(qtbot, Qt.Key.Key_M, tab.template_button)  # 下载模板(&M)…
    assert template.exists() and files.asked[0].name == "任务清单导入模板.xlsx"
    good_rows = [["张三", None, None, "固定资产投资", "投资额", 100, "亿元", None, "2026.12.31", "是", "发改", None],
                 [None, None, "市发展和改革局", "完成营商环境评估", None, None, None, None, None, None, None, None]]
    bad = fill_tasks(template, [*good_rows, [None, None, "不存在的局", "招商引资", None, -5, "亿元", None, None, None,
                                        None, None]], tmp_path / "有错的任务清单.xlsx")
    good = fill_tasks(template, good_rows, tmp_path / "任务清单.xlsx")
    FileAnswers(monkeypatch, bad, good)
    seen: dict[str, object] = {}

    def refuse(d: TargetImportDialog) -> None:
        active(d)
        qtbot.waitUntil(lambda: d.plan is not None)  # read in a worker
        seen["summary"] = d.summary.text()
        seen["where"] = column(d.model, 0)
        seen["column"] = column(d.model, 1)
        seen["why"] = column(d.model, 3)
        seen["enabled"] = d.import_button.isEnabled()
        press(qtbot, Qt.Key.Key_Return)  # nothing to import: Enter does nothing
        assert d.isVisible()
        press(qtbot, Qt.Key.Key_Escape)

    shown = WhenShown(TargetImportDialog, refuse)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)  # 导入(&I)…
    shown.check()
    assert seen["enabled"] is False and "有 1 行不能导入" in str(seen["summary"])
    assert set(seen["where"]) == {"第4行"}  # type: ignore[arg-type]
    assert any("责任单位" in c for c in seen["column"])  # type: ignore[union-attr]
    assert any("找不到这个单位" in w for w in seen["why"])  # type: ignore[union-attr]
    assert any("不能为负数" in w for w in seen["why"])  # type: ignore[union-attr]
    assert queries.targets(ws, campaign_id=cid) == []  # nothing imported

    def accept(d: TargetImportDialog) -> None:
        active(d)
        qtbot.waitUntil(lambda: d.plan is not None)
        assert column(d.model, 2) == ["固定资产投资", "完成营商环境评估"] and d.import_button.isEnabled()
        press(qtbot, Qt.Key.Key_Return)

    shown = WhenShown(TargetImportDialog, accept)
    active(window)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)
    shown.check()
    assert [(t.duty, t.subject, t.hard) for t in queries.targets(ws, campaign_id=cid)] == [
        ("固定资产投资", "张三", True), ("完成营商环境评估", "市发展和改革局", False)]
    assert column(tab.model, 1) == ["固定资产投资", "完成营商环境评估"]
    assert window.statusBar().currentMessage() == "已导入任务清单 2 条"


def test_a_problem_raised_from_a_visit_and_followed_up(qtbot, window: MainWindow, monkeypatch):
    ws = window.ws
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    port = units.create(ws, "海港区住房和城乡建设局", None)
    bay = units.create(ws, "海港区自然资源局", None)
    visit = fieldwork.save_visit(ws, VisitInput(date=dt.date(2026, 8, 3), place="安置房工地", unit_ids=[port, bay],
                                                campaign_id=cid))
    window.show_section(window.section_index(window.fieldwork))
    page = window.fieldwork
    page.tabs.setCurrentIndex(1)
    page.visit_view.setFocus()
    page.visit_view.setCurrentIndex(page.visits.index(0, 0))

    def fill(d: ProblemDialog) -> None:
        active(d)
        assert d.unit.isVisibleTo(d) and d.unit.count() == 3  # the visit's two units, or none
        type_text(qtbot, "规划调整迟迟未批")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "用地指标")
        d.unit.setFocus()
        press(qtbot, Qt.Key.Key_End)  # the last unit
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(ProblemDialog, fill)
    alt(qtbot, Qt.Key.Key_P, page.visit_problem)  # 提出问题(&P)…
    shown.check()
    [p] = queries.problems(ws, 2026, 3)
    assert (p.problem, p.bottleneck, p.visit_id, p.campaign_id) == ("规划调整迟迟未批", "用地指标", visit, cid)
    assert p.unit in ("海港区住房和城乡建设局", "海港区自然资源局") and p.unit_id in (port, bay)
    assert p.origin == "走访 2026-08-03 安置房工地"
    assert window.statusBar().currentMessage() == f"已列入问题清单：第 {p.id} 号问题"

    # The problem list shows it in its quarter; 修改状态 (Enter) refuses 已解决 without a follow-up.
    window.show_section(window.section_index(window.results))
    tab = window.results.problems
    window.results.setCurrentWidget(tab)
    tab.show_period(2026, 3)
    assert column(tab.model, 3) == ["规划调整迟迟未批"] and column(tab.model, 10) == ["走访 2026-08-03 安置房工地"]
    active(window)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 3))
    answers = Answers(monkeypatch)

    def follow(d: StatusDialog) -> None:
        active(d)
        press(qtbot, Qt.Key.Key_End)  # 状态: 已解决
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert d.isVisible() and answers.asked == ["标为已解决时请写明整改情况"]
        d.follow_up.setFocus()
        type_text(qtbot, "规划已报批")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(StatusDialog, follow)
    press(qtbot, Qt.Key.Key_Return)
    shown.check()
    assert column(tab.model, 9) == ["已解决"] and column(tab.model, 8) == ["规划已报批"]


def test_a_problem_raised_from_a_talk_takes_its_cadre(qtbot, window: MainWindow):
    ws = window.ws
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    talk = fieldwork.save_talk(ws, TalkInput(interviewers=["王五"], interviewee_cadre_id=zhang, campaign_id=cid,
                                             start_at=dt.datetime(2026, 5, 20, 9, 30), content="谈征迁进度"))
    window.show_section(window.section_index(window.fieldwork))
    page = window.fieldwork
    page.talk_view.setFocus()
    page.talk_view.setCurrentIndex(page.talks.index(0, 0))

    def fill(d: ProblemDialog) -> None:
        active(d)
        assert not d.unit.isVisibleTo(d) and not d.year.isVisibleTo(d)  # all from the talk
        type_text(qtbot, "征迁补偿标准不统一")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(ProblemDialog, fill)
    alt(qtbot, Qt.Key.Key_P, page.talk_problem)
    shown.check()
    [p] = queries.problems(ws, 2026, 2)
    assert (p.problem, p.talk_id, p.cadre, p.campaign_id) == ("征迁补偿标准不统一", talk, "张三", cid)


def test_a_problem_typed_in_needs_a_unit_or_a_cadre(qtbot, window: MainWindow, monkeypatch):
    ws = window.ws
    units.create(ws, "市发展和改革局", None)
    window.show_section(window.section_index(window.results))
    tab = window.results.problems
    window.results.setCurrentWidget(tab)
    tab.show_period(2026, 2)
    answers = Answers(monkeypatch)

    def fill(d: ProblemDialog) -> None:
        active(d)
        assert (d.year.value(), d.quarter.currentData()) == (2026, 2)  # the period on screen
        type_text(qtbot, "项目审批慢")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert d.isVisible() and answers.asked == ["请指定问题所在的单位或涉及的干部"]
        d.unit.setFocus()
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(ProblemDialog, fill)
    active(window)
    alt(qtbot, Qt.Key.Key_A, tab.add_button)  # 新增问题(&A)…
    shown.check()
    assert column(tab.model, 3) == ["项目审批慢"] and column(tab.model, 2) == ["市发展和改革局"]
    assert column(tab.model, 9) == ["待反馈"]


def test_imported_lines_are_brought_into_view(qtbot, window: MainWindow, monkeypatch, tmp_path: Path):
    """A long task list: the lines just imported come last, and the first of them is selected
    and scrolled to, not left below the fold."""
    ws = window.ws
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    for n in range(40):
        targets.create(ws, TargetInput(f"原有任务{n + 1}", cadre_id=zhang, campaign_id=cid))
    template = tmp_path / "模板.xlsx"
    tab = _open_targets(window, cid)
    FileAnswers(monkeypatch, template)
    alt(qtbot, Qt.Key.Key_M, tab.template_button)
    good = fill_tasks(template, [["张三", None, None, "新建学位", None, 2000, "个", None, None, None, None, None]],
                 tmp_path / "新任务.xlsx")
    FileAnswers(monkeypatch, good)

    def accept(d: TargetImportDialog) -> None:
        active(d)
        qtbot.waitUntil(lambda: d.plan is not None)
        press(qtbot, Qt.Key.Key_Return)

    shown = WhenShown(TargetImportDialog, accept)
    active(window)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)
    shown.check()
    current = tab.view.currentIndex()
    assert current.row() == 40 and current.data() == "新建学位"
    assert tab.view.viewport().rect().intersects(tab.view.visualRect(current))


def test_ctrl_tab_goes_from_tab_to_tab_out_of_a_list(qtbot, window: MainWindow):
    """Ctrl+Tab in the task list (which has lines) goes to the next tab, not to the next cell;
    Ctrl+Shift+Tab back; Tab leaves the list for the next field."""
    ids = _task_list(window.ws)
    tab = _open_targets(window, ids["c"])
    section = window.results
    active(window)
    tab.view.setFocus()
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert section.currentWidget() is section.implementation
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert section.currentWidget() is tab
    tab.view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert not tab.view.hasFocus() and tab.view.currentIndex().column() == 1
    tab.view.setFocus()
    for page in (section.implementation, section.problems, section.completion, section.indicators):
        press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert section.currentWidget() is page


def test_the_campaign_chosen_in_one_list_is_shown_in_the_other(qtbot, window: MainWindow):
    """任务清单 and 落实清单 show the same campaign: chosen in one (Alt+K, arrows), the other follows."""
    ids = _task_list(window.ws)
    other = campaigns.create(window.ws, CampaignInput(name="城市更新专项考核", kind="专项"))
    section = window.results
    tab = _open_targets(window, ids["c"])
    active(window)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # 一线考核(&K)
    assert tab.picker.combo.hasFocus()
    press(qtbot, Qt.Key.Key_Down if tab.picker.combo.currentIndex() == 0 else Qt.Key.Key_Up)  # the other one
    assert tab.picker.campaign_id() == other and tab.model.rowCount() == 0
    assert section.implementation.picker.campaign_id() == other
    section.setCurrentWidget(section.implementation)
    active(window)
    section.implementation.view.setFocus()
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    combo = section.implementation.picker.combo
    assert combo.hasFocus()
    press(qtbot, Qt.Key.Key_Down if combo.currentIndex() == 0 else Qt.Key.Key_Up)
    assert section.implementation.picker.campaign_id() == ids["c"] == tab.picker.campaign_id()
    assert column(tab.model, 1) == ["固定资产投资", "完成营商环境评估"]
