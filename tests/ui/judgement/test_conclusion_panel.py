"""The conclusion panel by keyboard: write, cite two ledger entries and a talk, save, sign as
a leader, see the version locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.judgement import queries
from desktop.services.workspace import Workspace
from desktop.ui.judgement.conclusion_page import ConclusionPage
from tests.services.judgement.judgement_helpers import as_role, cited_cadre
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, focus_in, press, type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _cite(qtbot, filter_text: str) -> None:
    press(qtbot, Qt.Key.Key_S, ALT)  # 查找事实
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, filter_text)
    press(qtbot, Qt.Key.Key_Return)


def _open_page(qtbot, ws: Workspace, cadre_id: int) -> ConclusionPage:
    page = ConclusionPage(ws)
    qtbot.addWidget(page)
    focus_in(qtbot, page, page.cadre)
    page.show_cadre(cadre_id, "")
    qtbot.waitUntil(lambda: page.panel.cadre_id == cadre_id)
    return page


def test_write_cite_save_sign_and_see_it_locked(qtbot, demo_ws: Workspace, monkeypatch):
    answers = Answers(monkeypatch)
    cadre_id, (e1, e2), talk = cited_cadre(demo_ws)
    talk_fact = next(f for f in queries.citable_facts(demo_ws, cadre_id) if (f.kind, f.ref_id) == ("talk", talk))
    page = _open_page(qtbot, demo_ws, cadre_id)
    panel = page.panel

    press(qtbot, Qt.Key.Key_Y, ALT)
    assert QApplication.focusWidget() is panel.editors["strengths"]
    type_text(qtbot, "政治立场坚定。敢于担当！")
    _cite(qtbot, f"第{e1}号积分记录")
    _cite(qtbot, f"第{e2}号积分记录")
    press(qtbot, Qt.Key.Key_B, ALT)
    type_text(qtbot, "协调能力有待提高。")
    _cite(qtbot, f"谈话 {talk_fact.date.isoformat()} {talk_fact.text[:8]}")
    assert [panel.cite_list.item(i).text().split("：")[0] for i in range(panel.cite_list.count())] == \
        ["主要优点第2句", "主要优点第2句", "不足和问题第1句"]
    press(qtbot, Qt.Key.Key_S, CTRL)
    view = queries.latest(demo_ws, cadre_id)
    assert view is not None and view.version == 1 and not view.signed
    assert [(c.cite.part, c.cite.sentence, c.cite.kind, c.cite.ref_id) for c in view.cites] == [
        ("strengths", 1, "point_entry", e1), ("strengths", 1, "point_entry", e2), ("weaknesses", 0, "talk", talk)]
    assert panel.versions.item(0).text().startswith("第1版　草稿")
    # The preview links the notes: Tab reaches the first link, Enter shows its fact.
    panel.preview.setFocus()
    qtbot.waitUntil(panel.preview.hasFocus)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    assert panel.fact_view.text().startswith(f"[1] 第{e1}号积分记录")

    page.hide()  # the leader works at another PC: one window active at a time
    leader_page = ConclusionPage(as_role(demo_ws, "wangld", "leader"))
    qtbot.addWidget(leader_page)
    lead = leader_page.panel
    focus_in(qtbot, leader_page, leader_page.cadre)
    leader_page.show_cadre(cadre_id, "")
    assert all(e.isReadOnly() for e in lead.editors.values())  # a leader reads and signs, does not write
    answers.choice = "签发"
    alt(qtbot, Qt.Key.Key_G, lead.sign_button)
    assert "签发第1版后，该版本锁定" in answers.asked[-1]
    assert "第1版已由wangld于" in lead.state.text() and "已锁定，不能修改" in lead.state.text()
    assert lead.versions.item(0).text().startswith("第1版　已签发（wangld，")
    assert not lead.sign_button.isEnabled()
    # Back at the clerk's: locked, 修订 starts version 2.
    leader_page.hide()
    focus_in(qtbot, page, panel.versions)
    assert "已锁定" in panel.state.text() and all(e.isReadOnly() for e in panel.editors.values())
    alt(qtbot, Qt.Key.Key_W, panel.revise_button)
    assert not panel.editors["strengths"].isReadOnly() and "起草第2版" in panel.state.text()
    page.resize(1280, 720)
    page.grab().save("/tmp/conclusion-panel.png")


def test_a_draft_saved_elsewhere_while_writing_is_shown_beside_the_clerks_text(qtbot, demo_ws: Workspace):
    from desktop.services.judgement import analyses
    from desktop.services.judgement.analyses import Opened
    from desktop.ui.common.conflict_dialog import ConflictDialog
    from tests.ui.helpers import WhenShown

    cadre_id, _entries, _talk = cited_cadre(demo_ws)
    analyses.save_draft(demo_ws, cadre_id, {"strengths": "政治立场坚定。"})
    page = _open_page(qtbot, demo_ws, cadre_id)
    panel = page.panel
    press(qtbot, Qt.Key.Key_B, ALT)
    type_text(qtbot, "协调能力有待提高。")
    draft = queries.latest(demo_ws, cadre_id)
    assert draft is not None
    analyses.save_draft(as_role(demo_ws, "zhaoyi", "clerk"), cadre_id,  # another clerk, at another PC
                        {**draft.texts, "recommendation": "建议交流任职。"}, opened=Opened(draft.id, draft.row_version))
    rows: list[tuple[str, bool]] = []

    def keep(dialog: ConflictDialog) -> None:
        rows.extend((dialog.table.item(r, 0).text(), dialog.table.item(r, 0).checkState() == Qt.CheckState.Checked)
                    for r in range(dialog.table.rowCount()))
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.table.hasFocus(), timeout=3000)
        qtbot.keyClick(dialog.table, Qt.Key.Key_S, CTRL)

    driver = WhenShown(ConflictDialog, keep)
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    assert rows == [("不足和问题", True), ("使用建议", False)]
    saved = queries.latest(demo_ws, cadre_id)
    assert saved is not None and saved.texts == {
        "strengths": "政治立场坚定。", "weaknesses": "协调能力有待提高。", "recommendation": "建议交流任职。"}
    assert panel.editors["recommendation"].toPlainText() == "建议交流任职。" and not panel.dirty
