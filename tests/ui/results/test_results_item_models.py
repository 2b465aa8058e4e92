"""The 工作实绩 tables pass pytest-qt's model tester (Python port, re-run on every reset): the
task list (empty, filled, after a verification), the import preview (lines, then refusals),
the problem list and the completion table, and on an empty database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.results import problems, targets, verification
from desktop.services.results.problems import ProblemInput
from desktop.services.results.targets import TargetInput
from desktop.services.results.verification import VerificationInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.results.implementation_tab import ImplementationModel
from desktop.ui.results.results_section import ResultsSection
from desktop.ui.results.target_import_dialog import TargetImportDialog
from desktop.ui.results.targets_tab import TargetsModel
from tests.services.assessment_helpers import cadre, campaign
from tests.ui.model_checks import check, column, headers, shown


def _lines(ws: Workspace) -> tuple[int, int, int]:
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    drc = units.create(ws, "市发展和改革局", None)
    first = targets.create(ws, TargetInput("新增规上企业", cadre_id=zhang, campaign_id=cid, target_value=12,
                                           measure="家", hard=True, deadline=dt.date(2020, 1, 31)))
    targets.create(ws, TargetInput("安全生产事故起数", unit_id=drc, campaign_id=cid, target_value=2, measure="起",
                                   lower_is_better=True))
    return cid, first, drc


def test_the_task_list(qtbot, qtmodeltester, ws: Workspace):
    section = shown(qtbot, ResultsSection(ws))
    model = section.targets.model
    assert isinstance(model, TargetsModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0  # no campaign yet
    cid, first, _drc = _lines(ws)  # the tab reloads on the change
    assert section.targets.picker.campaign_id() == cid
    assert headers(model)[:4] == ["序号", "任务", "指标", "目标"]
    assert column(model, 3) == ["12家", "2起（上限）"]
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert {model.index(r, 3).data(Qt.ItemDataRole.TextAlignmentRole) for r in range(2)} == {right}
    assert column(model, 9) == ["未检验（逾期）", "未检验"]
    verification.verify(ws, VerificationInput(first, achieved_value=7, fact="市场监管局名录"))
    assert column(model, 9) == ["部分完成（逾期）", "未检验"] and column(model, 8)[0] == "7"


def test_the_implementation_list(qtbot, qtmodeltester, ws: Workspace):
    section = shown(qtbot, ResultsSection(ws))
    model = section.implementation.model
    assert isinstance(model, ImplementationModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0
    cid, first, drc = _lines(ws)
    percent = targets.create(ws, TargetInput("涉企投诉按期办结", unit_id=drc, campaign_id=cid, target_value=95,
                                             measure="%"))
    for target_id, achieved in ((first, 12), (percent, 96)):
        verification.verify(ws, VerificationInput(target_id, achieved_value=achieved, fact="核实"))
    assert section.implementation.picker.campaign_id() == cid
    assert column(model, 3) == ["12家", "95%"] and column(model, 9) == ["0", "0"]
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert {model.index(r, 3).data(Qt.ItemDataRole.TextAlignmentRole) for r in range(2)} == {right}


def test_the_problem_list(qtbot, qtmodeltester, ws: Workspace):
    section = shown(qtbot, ResultsSection(ws))
    model = section.problems.model
    check(qtbot, qtmodeltester, model)
    drc = units.create(ws, "市发展和改革局", None)
    problems.create(ws, ProblemInput(year=2026, quarter=2, problem="项目审批慢", unit_id=drc, severity="严重"))
    section.problems.show_period(2026, 2)
    assert column(model, 3) == ["项目审批慢"] and column(model, 2) == ["市发展和改革局"]
    section.problems.show_period(2026, 3)
    assert model.rowCount() == 0
    section.problems.quarter.setCurrentIndex(0)  # 全年
    assert model.rowCount() == 1


def test_the_completion_table(qtbot, qtmodeltester, ws: Workspace):
    section = shown(qtbot, ResultsSection(ws))
    model = section.completion.model
    check(qtbot, qtmodeltester, model)
    assert column(model, 0) == ["合计"] and column(model, 1) == ["全部"]
    cid, first, _drc = _lines(ws)
    verification.verify(ws, VerificationInput(first, achieved_value=12, fact="名录"))
    section.completion.choose_campaign(cid)
    rows = {(k, n): (t, m, o, r, h) for k, n, t, m, o, r, h in zip(
        column(model, 0), column(model, 1), column(model, 2), column(model, 3), column(model, 7), column(model, 8),
        column(model, 9), strict=True)}
    assert rows[("合计", "东部新城片区建设一线考核")] == ("2", "1", "0", "50.0%", "1/1")
    assert rows[("考核", "东部新城片区建设一线考核")] == ("2", "1", "0", "50.0%", "1/1")
    assert rows[("干部", "张三")] == ("1", "1", "0", "100.0%", "1/1")
    assert rows[("单位", "市发展和改革局")] == ("1", "0", "0", "0.0%", "0/0")


def _read(qtbot, dialog: TargetImportDialog) -> None:
    """Read the file (in a worker) and wait until it is shown."""
    dialog.read()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.plan is not None)


def test_the_import_preview(qtbot, qtmodeltester, ws: Workspace, tmp_path: Path):
    from desktop.services.results import target_import
    from tests.services.results.task_files import fill_tasks

    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    good = fill_tasks(
        template, [["张三", None, None, "固定资产投资", None, 100, "亿元", None, None, "是", None, None]],
        tmp_path / "好.xlsx")
    bad = fill_tasks(
        template, [["王二麻子", None, None, "固定资产投资", None, "很多", None, None, None, None, None, None]],
        tmp_path / "坏.xlsx")
    dialog = TargetImportDialog(ws, cid, "考核", str(good))
    qtbot.addWidget(dialog)
    check(qtbot, qtmodeltester, dialog.lines_model)
    _read(qtbot, dialog)
    assert column(dialog.model, 1) == ["张三"] and column(dialog.model, 3) == ["100亿元"]
    assert column(dialog.model, 0) == ["第2行"]
    dialog.path_edit.setText(str(bad))
    _read(qtbot, dialog)
    assert dialog.model is dialog.refusals_model and not dialog.import_button.isEnabled()
    assert dialog.lines_model.rowCount() == 0


def test_the_import_refusals(qtbot, qtmodeltester, ws: Workspace, tmp_path: Path):
    from desktop.services.results import target_import
    from tests.services.results.task_files import fill_tasks

    cid = campaign(ws, cadre(ws, "张三"))
    template = tmp_path / "模板.xlsx"
    target_import.write_template(ws, template)
    bad = fill_tasks(
        template, [["王二麻子", None, None, "固定资产投资", None, "很多", None, None, None, None, None, None]],
        tmp_path / "坏.xlsx")
    dialog = TargetImportDialog(ws, cid, "考核", str(bad))
    qtbot.addWidget(dialog)
    check(qtbot, qtmodeltester, dialog.refusals_model)
    _read(qtbot, dialog)
    assert dialog.table.model() is dialog.refusals_model
    assert headers(dialog.model) == ["行", "列", "所填内容", "不能导入的原因"]
    assert set(column(dialog.model, 0)) == {"第2行"} and "很多" in column(dialog.model, 2)
    assert all(column(dialog.model, 3))


def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace):
    section = shown(qtbot, ResultsSection(ws))
    check(qtbot, qtmodeltester, section.targets.model)
    assert section.targets.model.rowCount() == 0
    assert "尚无一线考核" in section.targets.summary.text()
