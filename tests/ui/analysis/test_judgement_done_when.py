"""Issue 14's "Done when", in the real window on the demo database, by keyboard: a cadre's
analysis with its radar chart, three cadres compared, a conclusion citing two ledger entries and
a talk, signed off; annual grades proposed for a unit and stopped at the quota, a grade changed,
the notice run, the grades finalised and the filing bundle written and printed; a promotion recommendation
recorded with its evidence. Each screen's own tests (tests/ui/analysis, judgement, grading,
results_use) go into the details; this one walks the whole story in one window."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.models import AnnualResult, Cadre
from desktop.reports.assessment import score_text
from desktop.services.grading import queries as grading_queries
from desktop.services.judgement import queries as judgement_queries
from desktop.services.results_use import queries as use_queries
from desktop.ui.analysis.compare_dialog import CompareDialog
from desktop.ui.grading.grading_dialogs import GradeDialog, NoticeDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.results_use.use_dialog import UseDialog
from tests.services.judgement.judgement_helpers import cited_cadre
from tests.ui.admin.backup_helpers import alt
from tests.ui.analysis.test_analysis_page import _pick
from tests.ui.helpers import Answers, FileAnswers, WhenShown, press, type_text
from tests.ui.results.results_helpers import active

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _cite(qtbot, filter_text: str) -> None:
    press(qtbot, Qt.Key.Key_S, ALT)  # 查找事实: filter, Enter cites into the sentence being written
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, filter_text)
    press(qtbot, Qt.Key.Key_Return)


def _chosen(dialog: CompareDialog) -> list[str]:
    return [dialog.chosen.item(i).text() for i in range(dialog.chosen.count())]


def test_the_done_when_of_issue_14_in_the_window(qtbot, window: MainWindow, tmp_path: Path, monkeypatch):
    ws = window.ws
    answers = Answers(monkeypatch)
    cadre_id, (e1, e2), talk = cited_cadre(ws)
    with ws.read("test.inspect") as s:
        name = s.scalar(select(Cadre.name).where(Cadre.id == cadre_id))
        others = list(s.scalars(select(Cadre.name).where(Cadre.id.in_((7, 9)))))
    section, page = window.judgement, window.analysis
    assert page is not None and section.conclusion is not None and section.uses is not None

    # 1. The analysis with its radar chart.
    window.show_section(window.section_index(section))
    press(qtbot, Qt.Key.Key_C, ALT)
    _pick(qtbot, name)
    qtbot.waitUntil(lambda: page.profile is not None and page.profile.summary.id == cadre_id)
    # The radar's five axes carry the dimension scores the profile read (as the report prints them).
    assert [d.name for d in page.profile.dimensions] == ["政治忠诚", "政治定力", "政治担当", "政治能力", "政治自律"]
    scores = "，".join(f"{d.name} {score_text(d.sheet_score)}" for d in page.profile.dimensions)
    assert page.radar.describe() == f"{name}：{scores}"

    # 2. Three cadres compared.
    with qtbot.waitSignal(page.compare_button.clicked):
        press(qtbot, Qt.Key.Key_B, ALT)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CompareDialog) and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.picker)
    for other in others:
        dialog.picker.setFocus()
        _pick(qtbot, other)
        qtbot.waitUntil(lambda other=other: other in _chosen(dialog))
    assert len(dialog.ids) == 3 and dialog.model.columnCount() == 4
    dialog.close()
    with qtbot.waitActive(window):
        window.activateWindow()

    # 3. The conclusion on the same cadre (Ctrl+Tab), citing two ledger entries and a talk.
    section.setFocus()
    press(qtbot, Qt.Key.Key_Tab, CTRL)
    conclusion = section.conclusion
    assert section.currentWidget() is conclusion
    panel = conclusion.panel
    qtbot.waitUntil(lambda: panel.cadre_id == cadre_id)
    talk_fact = next(f for f in judgement_queries.citable_facts(ws, cadre_id) if (f.kind, f.ref_id) == ("talk", talk))
    press(qtbot, Qt.Key.Key_Y, ALT)  # 主要优点
    type_text(qtbot, "在重大项目一线敢于担当。")
    _cite(qtbot, f"第{e1}号积分记录")
    _cite(qtbot, f"第{e2}号积分记录")
    press(qtbot, Qt.Key.Key_J, ALT)  # 使用建议
    type_text(qtbot, "建议列入提拔考察人选。")
    _cite(qtbot, f"谈话 {talk_fact.date.isoformat()} {talk_fact.text[:8]}")
    press(qtbot, Qt.Key.Key_S, CTRL)
    saved = judgement_queries.latest(ws, cadre_id)
    assert saved is not None and not saved.signed
    assert sorted((c.cite.kind, c.cite.ref_id) for c in saved.cites) == sorted(
        [("point_entry", e1), ("point_entry", e2), ("talk", talk)])
    answers.choice = "签发"
    alt(qtbot, Qt.Key.Key_G, panel.sign_button)  # the admin account may sign, as a leader does
    signed = judgement_queries.latest(ws, cadre_id)
    assert signed is not None and signed.signed and all(e.isReadOnly() for e in panel.editors.values())

    # 4. Annual grades for a unit: stopped at the quota, a grade changed, the notice, sign-off, filing.
    grading = window.grading
    assert grading is not None
    section.setCurrentWidget(grading)
    draft = next(r for r in grading_queries.round_rows(ws) if r.state == "draft")
    grading.reload(select=draft.id)
    alt(qtbot, Qt.Key.Key_P, grading.propose_button)
    assert "超出名额" in grading.count.text()
    alt(qtbot, Qt.Key.Key_G, grading.notice_button)
    assert "超出名额" in answers.asked[-1]  # refused, with the reason
    grading.table.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down)  # the second 优秀

    def lower(d: GradeDialog) -> None:
        active(d)
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "名额有限，按得分排序")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    shown = WhenShown(GradeDialog, lower)
    press(qtbot, Qt.Key.Key_F2)
    shown.check()
    assert "未超出名额" in grading.count.text()
    start = dt.date.today() - dt.timedelta(days=14)

    def notice(d: NoticeDialog) -> None:
        active(d)
        d.start.selectAll()
        type_text(qtbot, start.isoformat())
        press(qtbot, Qt.Key.Key_Return, CTRL)

    shown = WhenShown(NoticeDialog, notice)
    alt(qtbot, Qt.Key.Key_G, grading.notice_button)
    shown.check()
    alt(qtbot, Qt.Key.Key_S, grading.finalise_button)
    assert "已定等" in grading.rounds.currentText()
    finished = grading_queries.round_view(ws, draft.id)
    best = next(p for p in finished.proposals if p.grade == "优秀")
    with ws.read("test.inspect") as s:
        assert s.scalar(select(AnnualResult.grade).where(AnnualResult.cadre_id == best.cadre_id,
                                                          AnnualResult.year == finished.row.year)) == "优秀"
    out = tmp_path / "备案.zip"
    FileAnswers(monkeypatch, out)
    alt(qtbot, Qt.Key.Key_E, grading.filing_button)
    qtbot.waitUntil(lambda: grading.status.text().startswith("已生成备案材料"), timeout=30000)
    assert len(zipfile.ZipFile(out).namelist()) == 3  # the filing report, one register sheet, the roster
    alt(qtbot, Qt.Key.Key_I, grading.print_button)  # 打印备案材料: one numbered report, previewed
    qtbot.waitUntil(lambda: grading.task is None and bool(grading.previews), timeout=30000)
    preview = grading.previews[-1]
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == preview.made.pages  # the report, then the 优秀's register sheet
    preview.close()
    with qtbot.waitActive(window):
        window.activateWindow()

    # 5. A promotion recommendation linked to its evidence.
    uses = section.uses
    section.setCurrentWidget(uses)

    def record(d: UseDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.kind.hasFocus)  # 提拔 is the first kind
        press(qtbot, Qt.Key.Key_C, ALT)
        type_text(qtbot, name)
        popup = d.cadre.completer().popup()
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: d.cadre.cadre_id == cadre_id)
        press(qtbot, Qt.Key.Key_T, ALT)
        type_text(qtbot, "推荐提拔为区发改局局长")
        press(qtbot, Qt.Key.Key_S, ALT)
        press(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, f"第{e1}号积分记录")
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Return, CTRL)

    shown = WhenShown(UseDialog, record)
    alt(qtbot, Qt.Key.Key_A, uses.add_button)
    shown.check()
    row = next(r for r in uses.model.rows if r.title == "推荐提拔为区发改局局长")
    assert (row.kind_label, row.subject, row.evidence) == ("提拔", name, 1)
    assert [f.ref_id for f in use_queries.use(ws, row.id).evidence if f] == [e1]
