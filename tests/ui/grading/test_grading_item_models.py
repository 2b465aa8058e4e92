"""The proposals table passes pytest-qt's model tester: empty (no round yet), filled after a
proposal, and after a grade changed by hand (its colour and the reason as tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.grading import rounds
from desktop.services.grading.rounds import RoundInput
from desktop.services.workspace import Workspace
from desktop.ui.grading.grading_page import (
    CHANGED_BRUSH,
    EXCELLENT_BRUSH,
    UNDETERMINED_BRUSH,
    GradingPage,
    ProposalsModel,
)
from tests.services.grading.grading_scenario import YEAR, build
from tests.ui.model_checks import check, column, headers, shown


def test_the_proposals(qtbot, qtmodeltester, ws: Workspace):
    s = build(ws)
    page = shown(qtbot, GradingPage(ws))
    model = page.model
    assert isinstance(model, ProposalsModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0 and page.rule.text().startswith("还没有定等")
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)  # the page reloads on the change and shows the new round
    assert headers(model) == ["姓名", "单位及职务", "鉴定得分", "拟定等次", "等次", "一线", "说明"]
    assert column(model, 0) == ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"]
    assert column(model, 2)[:2] == ["100.00", "92.00"] and column(model, 5)[0] == "是"
    brushes = [model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) for r in range(8)]
    assert brushes[0] == EXCELLENT_BRUSH and brushes[7] == UNDETERMINED_BRUSH and brushes[2] is None
    yi = page.view_data.proposals[1]
    rounds.set_grade(ws, yi.id, "称职", "名额给一线干部")
    assert column(model, 4)[1] == "称职"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == CHANGED_BRUSH
    assert model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole) == "由拟定的“优秀”改为“称职”：名额给一线干部"
