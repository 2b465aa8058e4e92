"""The results-use page by keyboard: a promotion recorded with two facts as evidence, then the
figure's people list shows the cadre."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import Cadre
from desktop.services.judgement import queries as judgement_queries
from desktop.services.results_use import queries
from desktop.services.workspace import Workspace
from desktop.ui.results_use.results_uses_page import ResultUsesPage
from desktop.ui.results_use.use_dialog import UseDialog
from tests.services.judgement.judgement_helpers import cited_cadre
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import WhenShown, focus_in, press, type_text
from tests.ui.model_checks import column

ALT = Qt.KeyboardModifier.AltModifier


def test_record_a_promotion_with_evidence_and_see_it_in_the_figure(qtbot, demo_ws: Workspace):
    cadre_id, (e1, _e2), talk = cited_cadre(demo_ws)
    facts = {(f.kind, f.ref_id): f for f in judgement_queries.citable_facts(demo_ws, cadre_id)}
    with demo_ws.db.read_session() as s:
        cadre_name = s.scalar(select(Cadre.name).where(Cadre.id == cadre_id))
    page = ResultUsesPage(demo_ws)
    qtbot.addWidget(page)
    focus_in(qtbot, page, page.view)
    before = page.model.rowCount()

    def fill(d: UseDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.kind.hasFocus)  # 类型: 提拔 is first
        press(qtbot, Qt.Key.Key_C, ALT)
        type_text(qtbot, cadre_name)
        popup = d.cadre.completer().popup()  # the list of matches holds the keyboard, as on screen
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: d.cadre.cadre_id is not None)
        assert d.cadre.cadre_id == cadre_id
        press(qtbot, Qt.Key.Key_T, ALT)
        type_text(qtbot, "拟提拔为区发改局局长")
        press(qtbot, Qt.Key.Key_Z, ALT)
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Down)  # 拟办 → 办理中 → 已落实
        assert d.state.currentText() == "已落实"
        for wanted in (f"第{e1}号积分记录", f"谈话 {facts[('talk', talk)].date.isoformat()}"):
            press(qtbot, Qt.Key.Key_S, ALT)
            press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_text(qtbot, wanted)
            press(qtbot, Qt.Key.Key_Return)
        assert d.refs() == [("point_entry", e1), ("talk", talk)]
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(UseDialog, fill)
    alt(qtbot, Qt.Key.Key_A, page.add_button)
    shown.check()
    assert page.model.rowCount() == before + 1
    row = next(r for r in page.model.rows if r.title == "拟提拔为区发改局局长")
    assert (row.kind_label, row.subject, row.state, row.evidence) == ("提拔", cadre_name, "已落实", 2)
    assert [f.ref_id for f in queries.use(demo_ws, row.id).evidence if f] == [e1, talk]
    # The figure's period includes today: the cadre is among the people behind it.
    today = dt.date.today().isoformat()
    assert row.date.isoformat() == today
    assert cadre_name in column(page.people_model, 0)
    assert "新提拔（含晋升职级）干部" in page.figure.text()
    # Enter on the row opens it again, with its evidence.
    page.view.selectRow(page.model.rows.index(row))
    focus_in(qtbot, page, page.view)

    def check(d: UseDialog) -> None:
        assert d.refs() == [("point_entry", e1), ("talk", talk)] and d.title.text() == "拟提拔为区发改局局长"
        d.activateWindow()
        qtbot.waitUntil(d.kind.hasFocus)
        press(qtbot, Qt.Key.Key_Escape)

    again = WhenShown(UseDialog, check)
    press(qtbot, Qt.Key.Key_Return)
    again.check()
    page.resize(1200, 760)
    page.grab().save("/tmp/results-uses-page.png")
