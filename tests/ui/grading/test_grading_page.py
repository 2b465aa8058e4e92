"""年度考核定等 from the keyboard, on the demo's round that has more 优秀 than its quota: propose,
stopped at the quota, a grade changed with its reason, the notice, an objection, sign-off and the
filing bundle."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.grading import queries
from desktop.services.workspace import Workspace
from desktop.ui.grading.grading_dialogs import GradeDialog, NoticeDialog, ObjectionDialog
from desktop.ui.grading.grading_page import GradingPage
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, FileAnswers, WhenShown, focus_in, press, type_text
from tests.ui.model_checks import column
from tests.ui.results.results_helpers import active


def _dialog(qtbot, kind, fill, key: Qt.Key, button) -> None:
    shown = WhenShown(kind, fill)
    alt(qtbot, key, button)
    shown.check()


def test_grading_a_unit_from_the_keyboard(qtbot, demo_ws: Workspace, tmp_path: Path, monkeypatch):
    draft = next(r for r in queries.round_rows(demo_ws) if r.state == "draft")
    page = GradingPage(demo_ws)
    qtbot.addWidget(page)
    focus_in(qtbot, page, page.rounds)
    answers = Answers(monkeypatch)
    while page.current_round() != draft.id:
        press(qtbot, Qt.Key.Key_Down)

    alt(qtbot, Qt.Key.Key_P, page.propose_button)
    assert page.status.text().startswith(f"已为 {draft.people} 名干部拟定等次")
    assert page.count.text().startswith("优秀 2/1") and "超出名额" in page.count.text()
    alt(qtbot, Qt.Key.Key_G, page.notice_button)  # stopped at the quota
    assert "优秀 2/1 超出名额" in answers.asked[-1]

    second = column(page.model, 0)[1]
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down)

    def grade(d: GradeDialog) -> None:
        active(d)
        press(qtbot, Qt.Key.Key_Down)  # 优秀 → 称职
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "名额有限，按得分排序")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    shown = WhenShown(GradeDialog, grade)
    press(qtbot, Qt.Key.Key_F2)
    shown.check()
    assert dict(zip(column(page.model, 0), column(page.model, 4), strict=True))[second] == "称职"
    assert "未超出名额" in page.count.text() and page.count.styleSheet() == ""

    start = dt.date.today() - dt.timedelta(days=14)

    def notice(d: NoticeDialog) -> None:
        active(d)
        d.start.selectAll()
        type_text(qtbot, start.isoformat())
        assert "期满后才能定等" in d.note.text()
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    _dialog(qtbot, NoticeDialog, notice, Qt.Key.Key_G, page.notice_button)
    assert page.notice.text().startswith(f"公示：{start.isoformat()} 至 ")

    def objection(d: ObjectionDialog) -> None:
        active(d)
        press(qtbot, Qt.Key.Key_Tab)  # 收到日期
        d.on.selectAll()
        type_text(qtbot, (start + dt.timedelta(days=1)).isoformat())
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "反映调整等次的理由不充分")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "经考核委员会复核，维持拟定等次")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not d.isVisible()

    _dialog(qtbot, ObjectionDialog, objection, Qt.Key.Key_Y, page.objection_button)
    assert column(page.objections, 2) == ["反映调整等次的理由不充分"]

    alt(qtbot, Qt.Key.Key_S, page.finalise_button)
    assert "确定签批吗" in answers.asked[-1]
    assert page.status.text().startswith(f"已签批定等：{draft.people} 名干部")
    assert "已定等" in page.rounds.currentText()

    out = tmp_path / "备案.zip"
    files = FileAnswers(monkeypatch, out)
    alt(qtbot, Qt.Key.Key_E, page.filing_button)
    qtbot.waitUntil(lambda: page.status.text().startswith("已生成备案材料"), timeout=30000)
    assert files.asked[0].name.endswith("年度优秀等次备案材料.zip")
    assert len(zipfile.ZipFile(out).namelist()) == 3  # the report, one register, the roster
