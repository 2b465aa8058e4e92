"""Issue 13's "Done when", walked by one clerk in the real main window on the demo database,
by keyboard: a task list imported for the running campaign, two problems raised from one of
its visits, the two new targets verified with a fact and an evidence file each, a quarter's
indicator values entered (the departments' spreadsheet imported, the last four units typed
into the grid), the rankings with exactly the bottom three in red, and the 成绩单 printed.

Screenshots of steps 1, 3 and 4 go to /tmp/dw-*.png when FRONTLINE_SCREENSHOTS is set."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from desktop.services.cadres import queries as cadre_queries
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.indicators import queries as indicator_queries
from desktop.services.results import queries
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.results.problem_dialogs import ProblemDialog
from desktop.ui.results.ranking_model import BOTTOM_TEXT
from desktop.ui.results.target_import_dialog import TargetImportDialog
from desktop.ui.results.value_import_dialog import ValueImportDialog
from desktop.ui.results.verify_dialog import VerifyDialog
from desktop.ui.settings import Settings
from tests.reports.pdf_helpers import text as pdf_text
from tests.services.results.task_files import fill_tasks
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import FileAnswers, WhenShown, press, type_text
from tests.ui.model_checks import column
from tests.ui.results.results_helpers import active

TYPED = 4  # units whose values the clerk types into the grid


@pytest.fixture
def demo_window(qtbot, demo_ws: Workspace) -> MainWindow:
    """The main window on a copy of the demo database (this folder's `window` is on an empty one)."""
    w = MainWindow(demo_ws, Settings())
    qtbot.addWidget(w)
    w.resize(1400, 860)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def _shot(widget: QWidget, name: str) -> None:
    if os.environ.get("FRONTLINE_SCREENSHOTS"):
        QApplication.processEvents()
        widget.grab().save(f"/tmp/dw-{name}.png")


def _tab_to(qtbot, tabs: QTabWidget, page: QWidget) -> None:
    """Ctrl+Tab from wherever the focus is in `tabs` until `page` is shown, as a clerk does."""
    active(tabs.window())  # back from a dialog: the window is the active one again
    for _ in range(tabs.count()):
        if tabs.currentWidget() is page:
            break
        assert tabs.isAncestorOf(QApplication.focusWidget()), "the focus is not in the tabs"
        press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is page



def _subjects(ws: Workspace, campaign_id: int) -> tuple[str, str]:
    """A cadre of the campaign's task list whose name is unique, and one of its units."""
    rows = queries.targets(ws, campaign_id=campaign_id)
    name = next(r.cadre for r in rows if r.cadre and len(cadre_queries.cadre_matches(ws, r.cadre)) == 1)
    unit = next(r.unit for r in rows if r.unit)
    return name, unit


def _step_1_import_tasks(qtbot, window: MainWindow, monkeypatch, tmp_path: Path) -> tuple[int, list[int]]:
    active(window)
    press(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # 工作实绩
    assert window.pages.currentWidget() is window.results
    tab = window.results.targets
    assert window.results.currentWidget() is tab  # 任务清单 first
    campaign = tab.picker.current()
    assert campaign is not None and campaign.status == "active"  # the running campaign, newest first
    before = queries.targets(window.ws, campaign_id=campaign.id)
    assert tab.model.rowCount() == len(before) > 0
    name, unit = _subjects(window.ws, campaign.id)
    template = tmp_path / "任务清单导入模板.xlsx"
    files = FileAnswers(monkeypatch, template)
    tab.view.setFocus()
    alt(qtbot, Qt.Key.Key_M, tab.template_button)  # 下载模板(&M)…
    assert files.asked[0].name == "任务清单导入模板.xlsx" and template.exists()
    filled = fill_tasks(template, [
        [name, None, None, "新建中小学学位", "学位数", 2000, "个", None, "2026.12.31", "是", "发改", None],
        [None, None, unit, "招商引资到位资金", "到位资金", 10, "亿元", None, "2026.12.31", "否", "招商", None],
    ], tmp_path / "台风考核任务清单.xlsx")
    FileAnswers(monkeypatch, filled)
    seen: dict[str, object] = {}

    def preview(d: TargetImportDialog) -> None:
        active(d)
        qtbot.waitUntil(lambda: d.plan is not None)  # read in a worker
        seen["lines"] = column(d.model, 2)
        seen["summary"] = d.summary.text()
        press(qtbot, Qt.Key.Key_Return)  # 导入 is the default button
        qtbot.waitUntil(lambda: not d.isVisible())

    shown = WhenShown(TargetImportDialog, preview)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)  # 导入(&I)…
    shown.check()
    assert seen["lines"] == ["新建中小学学位", "招商引资到位资金"]
    assert "将导入 2 条任务" in str(seen["summary"])
    after = queries.targets(window.ws, campaign_id=campaign.id)
    new = [t for t in after if t.id not in {b.id for b in before}]
    assert [(t.duty, t.subject, t.hard, t.target_value) for t in new] == [
        ("新建中小学学位", name, True, 2000), ("招商引资到位资金", unit, False, 10)]
    assert column(tab.model, 1)[-2:] == ["新建中小学学位", "招商引资到位资金"]  # the table shows them
    assert column(tab.model, 9)[-2:] == ["未检验", "未检验"]
    assert window.statusBar().currentMessage() == "已导入任务清单 2 条"
    current = tab.view.currentIndex()  # the first imported line, in view (they come last)
    assert current.data() == "新建中小学学位" and current.row() == len(before)
    assert tab.view.viewport().rect().intersects(tab.view.visualRect(current))
    _shot(window, "1-tasks")
    return campaign.id, [t.id for t in new]


def _step_2_problems_from_a_visit(qtbot, window: MainWindow, campaign_id: int) -> int:
    active(window)
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # 谈话走访
    page = window.fieldwork
    assert window.pages.currentWidget() is page
    page.talk_view.setFocus()
    _tab_to(qtbot, page.tabs, page.visit_view.parentWidget())  # 走访记录
    name = campaign_queries.campaign_name(window.ws, campaign_id)
    at = column(page.visits, 3).index(name)  # the campaign's newest visit
    visit = page.visits.rows[at]
    page.visit_view.setFocus()
    page.visit_view.setCurrentIndex(page.visits.index(at, 0))
    origin = f"走访 {visit.date} {visit.place}"
    for problem, bottleneck in (("安置点物资储备不足", "采购审批慢"), ("排涝泵站值守人员不到位", "")):
        def fill(d: ProblemDialog, problem: str = problem, bottleneck: str = bottleneck) -> None:
            active(d)
            type_text(qtbot, problem)  # focus starts on 问题
            press(qtbot, Qt.Key.Key_Tab)
            type_text(qtbot, bottleneck)
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

        shown = WhenShown(ProblemDialog, fill)
        active(window)
        alt(qtbot, Qt.Key.Key_P, page.visit_problem)  # 提出问题(&P)…
        shown.check()
        assert window.statusBar().currentMessage().startswith("已列入问题清单：第 ")
    quarter = (visit.date.month - 1) // 3 + 1
    raised = [p for p in queries.problems(window.ws, visit.date.year, quarter) if p.visit_id == visit.id]
    assert [(p.problem, p.bottleneck, p.campaign_id, p.origin) for p in raised][-2:] == [
        ("安置点物资储备不足", "采购审批慢", campaign_id, origin), ("排涝泵站值守人员不到位", "", campaign_id, origin)]

    active(window)
    press(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    tab = window.results.problems
    window.results.targets.view.setFocus()
    _tab_to(qtbot, window.results, tab)
    if tab.period() != (visit.date.year, quarter):  # the visit was in an earlier quarter than today's
        tab.show_period(visit.date.year, quarter)
    shown_problems = column(tab.model, 3)
    for problem in ("安置点物资储备不足", "排涝泵站值守人员不到位"):
        row = shown_problems.index(problem)
        assert column(tab.model, 10)[row] == origin and column(tab.model, 9)[row] == "待反馈"
    return visit.id


def _step_3_verify(qtbot, window: MainWindow, monkeypatch, tmp_path: Path, campaign_id: int,
                   target_ids: list[int]) -> None:
    active(window)
    press(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    section = window.results
    tab = section.targets
    active(window)
    section.currentWidget().setFocus()
    _tab_to(qtbot, section, tab)
    assert tab.picker.campaign_id() == campaign_id
    evidence = []
    for name in ("教育局学位统计表.pdf", "招商局到位资金台账.pdf"):
        path = tmp_path / name
        path.write_bytes(b"%PDF-1.4 " + name.encode() + b"\n%%EOF\n")
        evidence.append(path)
    for target_id, achieved, fact, path in ((target_ids[0], "2100", "教育局统计：新增学位2100个", evidence[0]),
                                            (target_ids[1], "6", "招商局台账：到位资金6亿元", evidence[1])):
        FileAnswers(monkeypatch, [path])
        row = next(n for n, r in enumerate(tab.model.rows) if r.id == target_id)
        active(window)
        tab.view.setFocus()
        tab.view.setCurrentIndex(tab.model.index(row, 1))

        def fill(d: VerifyDialog, achieved: str = achieved, fact: str = fact, path: Path = path) -> None:
            active(d)
            type_text(qtbot, achieved)  # focus starts on 完成值
            press(qtbot, Qt.Key.Key_Tab)  # to 核实的事实
            type_text(qtbot, fact)
            alt(qtbot, Qt.Key.Key_A, d.add_button)  # 添加(&A)… a file
            assert d.evidence_paths() == [path]
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

        shown = WhenShown(VerifyDialog, fill)
        press(qtbot, Qt.Key.Key_Return)  # Enter on the line: 核验
        shown.check()
        seq = tab.model.rows[row].seq
        assert window.statusBar().currentMessage().startswith(f"已核验第 {seq} 项任务：")
    states = {r.id: (r.result_label, r.achieved_value) for r in queries.targets(window.ws, campaign_id=campaign_id)}
    assert states[target_ids[0]] == ("完成", 2100) and states[target_ids[1]][1] == 6
    assert states[target_ids[1]][0] in ("部分完成", "未完成")

    # 落实清单: both lines, with their fact and one evidence file each.
    impl = section.implementation
    _tab_to(qtbot, section, impl)
    assert impl.picker.campaign_id() == campaign_id
    done = {r.target.id: r for r in queries.implementation(window.ws, campaign_id=campaign_id)}
    duties = column(impl.model, 1)
    for target_id, name in zip(target_ids, ("教育局学位统计表.pdf", "招商局到位资金台账.pdf"), strict=True):
        row = duties.index(done[target_id].target.duty)
        assert column(impl.model, 9)[row] == "1" and [e.filename for e in done[target_id].evidence] == [name]
        assert column(impl.model, 6)[row] == done[target_id].fact
    impl.view.setCurrentIndex(impl.model.index(duties.index("新建中小学学位"), 1))
    assert column(impl.files, 0) == ["教育局学位统计表.pdf"]

    # 完成情况: the campaign's rates as the service computes them.
    completion = section.completion
    impl.view.setFocus()
    _tab_to(qtbot, section, completion)
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # 统计范围(&G)
    assert completion.campaign.hasFocus()
    while completion.campaign.currentData() != campaign_id:  # 全部考核, then the campaigns newest first
        at = completion.campaign.currentIndex()
        press(qtbot, Qt.Key.Key_Down)
        assert completion.campaign.currentIndex() == at + 1
    report = queries.completion(window.ws, campaign_id)
    total = report.total
    assert column(completion.model, 2)[0] == str(total.all.targets)
    assert column(completion.model, 3)[0] == str(total.all.met)
    assert column(completion.model, 8)[0] == f"{total.all.rate * 100:.1f}%"
    assert column(completion.model, 9)[0] == f"{total.hard.met}/{total.hard.targets}"
    assert f"任务 {total.all.targets} 条" in completion.summary.text()
    _shot(window, "3-completion")
    completion.view.setFocus()
    _tab_to(qtbot, section, impl)
    _shot(window, "3-implementation")


def _step_4_values(qtbot, window: MainWindow, monkeypatch, tmp_path: Path) -> tuple[str, int, int, list[str]]:
    active(window)
    press(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    section = window.results
    tab = section.indicators
    section.currentWidget().setFocus()
    _tab_to(qtbot, section, tab)
    today = dt.date.today()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    period = tab.period()
    assert period is not None and period[1:] == (year, quarter)  # this quarter is shown first
    assert indicator_queries.reporting(window.ws, *period).reported == 0  # nothing reported yet
    assert "报送率 <b>0.0%</b>" in tab.summary.text()

    # The departments' figures for all but the first four units come in a spreadsheet.
    template = tmp_path / "数值模板.xlsx"
    FileAnswers(monkeypatch, template)
    alt(qtbot, Qt.Key.Key_E, tab.template_button)  # 下载模板(&E)…
    wb = openpyxl.load_workbook(template)
    sheet = wb["指标数据"]
    headers = [c.value for c in sheet[1]]
    rng = random.Random(13)
    for r in range(2 + TYPED, sheet.max_row + 1):
        for c, header in enumerate(headers[2:], start=3):
            name = str(header)
            if name.endswith("·目标"):
                value: float = 100
            elif name in ("营商环境评价", "基层党建工作考评"):  # 人工评分, 60 to 100
                value = rng.randint(62, 95)
            else:
                value = rng.randint(40, 95)
            sheet.cell(r, c, value)
    filled = tmp_path / "各部门报送的指标数值.xlsx"
    wb.save(filled)
    FileAnswers(monkeypatch, filled)

    def accept(d: ValueImportDialog) -> None:
        active(d)
        qtbot.waitUntil(lambda: d.plan is not None and d.import_button.isEnabled())
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not d.isVisible())

    shown = WhenShown(ValueImportDialog, accept)
    active(window)
    alt(qtbot, Qt.Key.Key_I, tab.import_button)  # 导入数值(&I)…
    shown.check()
    rep = indicator_queries.reporting(window.ws, *period)
    assert len(rep.not_reported) == TYPED and f"{TYPED} 个单位未报齐" in tab.summary.text()
    rate_before = f"{rep.rate:.1%}"
    assert f"报送率 <b>{rate_before}</b>" in tab.summary.text()

    # The clerk types the last four units' figures into the grid: the first one best on
    # every indicator, the fourth worst, two in between.
    grid = tab.grid_model
    names = column(grid, 0)[:TYPED]
    missing = {m.name for m in rep.not_reported}
    assert set(names) <= missing | {n for n in names}
    columns = [grid.column_of(c) for c in range(2, grid.columnCount())]
    figures = {0: "best", 1: "mid", 2: "mid", 3: "worst"}

    def typed(col: int, kind: str) -> str:
        c = columns[col - 2]
        assert c is not None
        ind = grid.indicators[c.indicator]
        if c.target:
            return "100"
        if ind.rule == "manual":
            low, high = ind.min_value, ind.max_value  # within its range, or refused
            return {"best": f"{high:g}", "mid": f"{(low + high) / 2:g}", "worst": f"{low:g}"}[kind]
        if ind.lower_is_better:
            return {"best": "0", "mid": "5", "worst": "99"}[kind]
        return {"best": "200", "mid": "70", "worst": "1"}[kind]

    active(window)
    tab.grid.setFocus()
    tab.grid.setCurrentIndex(grid.index(0, 2))
    for r in range(TYPED):
        assert tab.grid.currentIndex() == grid.index(r, 2)
        for col in range(2, grid.columnCount()):
            type_text(qtbot, typed(col, figures[r]))
            press(qtbot, Qt.Key.Key_Tab if col + 1 < grid.columnCount() else Qt.Key.Key_Return)
        left = TYPED - r - 1  # the rate above the grid follows each unit typed in
        assert (f"{left} 个单位未报齐" if left else "全部单位已报齐") in tab.summary.text()
        # Enter went down in the last column; Home and two → back to the first indicator.
        press(qtbot, Qt.Key.Key_Home)
        press(qtbot, Qt.Key.Key_Right)
        press(qtbot, Qt.Key.Key_Right)
    given = indicator_queries.value_grid(window.ws, *period)
    for r in range(TYPED):
        assert None not in given.rows[r].values and grid.index(r, 2).data() != ""
    assert "全部单位已报齐" in tab.summary.text() and "报送率 <b>100.0%</b>" in tab.summary.text()

    # The rankings: the best typed unit first, exactly three at the bottom in red.
    ranking = tab.ranking_model
    assert column(ranking, 1)[0] == names[0]
    marks = column(ranking, 5)
    assert marks.count("末位") == 3 and marks[-3:] == ["末位"] * 3
    assert names[3] in column(ranking, 1)[-3:]
    last = ranking.rowCount() - 1
    assert ranking.index(last, 1).data(Qt.ItemDataRole.ForegroundRole) == BOTTOM_TEXT
    assert ranking.index(last - 3, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    service = indicator_queries.rankings(window.ws, *period)
    assert [r.subject for r in service.bottom] == column(ranking, 1)[-3:]
    _shot(window, "4-indicators")
    return names[0], year, quarter, column(ranking, 1)[-3:]


def _step_5_scorecard(qtbot, window: MainWindow, monkeypatch, tmp_path: Path, first: str, year: int,
                      quarter: int) -> None:
    tab = window.results.indicators
    out = tmp_path / "成绩单.pdf"
    files = FileAnswers(monkeypatch, out)
    active(window)
    tab.grid.setFocus()
    alt(qtbot, Qt.Key.Key_P, tab.print_button)  # 打印成绩单(&P)…
    assert files.asked[0].title == "保存成绩单"
    assert files.asked[0].name == f"重点工作考核指标{year}年第{quarter}季度成绩单.pdf"
    text = pdf_text(out.read_bytes()).replace(" ", "").replace("\n", "")
    assert f"{year}年第{quarter}季度" in text and first in text
    assert window.statusBar().currentMessage() == f"已保存成绩单 {out}"
    tab.grid.setFocus()  # Ctrl+Tab from the grid: the next tab (round to 任务清单), not the next cell
    _tab_to(qtbot, window.results, window.results.targets)


def test_the_done_when_of_issue_13_in_the_window(qtbot, demo_window: MainWindow, monkeypatch, tmp_path: Path):
    campaign_id, target_ids = _step_1_import_tasks(qtbot, demo_window, monkeypatch, tmp_path)
    _step_2_problems_from_a_visit(qtbot, demo_window, campaign_id)
    _step_3_verify(qtbot, demo_window, monkeypatch, tmp_path, campaign_id, target_ids)
    first, year, quarter, _bottom = _step_4_values(qtbot, demo_window, monkeypatch, tmp_path)
    _step_5_scorecard(qtbot, demo_window, monkeypatch, tmp_path, first, year, quarter)
