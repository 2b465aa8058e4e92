"""年度考核定等 from the keyboard, on the demo's round that has more 优秀 than its quota: propose,
stopped at the quota, a grade changed with its reason, the notice, an objection, sign-off and the
filing bundle; its part on paper previewed (Alt+I) and printed to a PDF file."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from desktop.models import AuditEntry
from desktop.services.grading import queries
from desktop.services.workspace import Workspace
from desktop.ui.grading.grading_dialogs import GradeDialog, NoticeDialog, ObjectionDialog
from desktop.ui.grading.grading_page import GradingPage
from tests.reports.pdf_helpers import compact, pages
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, FileAnswers, WhenShown, conflict_rows, focus_in, press, type_text
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


def test_alt_i_previews_the_filing_on_paper_and_prints_it(qtbot, demo_ws: Workspace, tmp_path: Path, monkeypatch):
    rows = queries.round_rows(demo_ws)
    signed = next(r for r in rows if r.state == "final")
    draft = next(r for r in rows if r.state == "draft")
    page = GradingPage(demo_ws)
    qtbot.addWidget(page)
    focus_in(qtbot, page, page.rounds)
    answers = Answers(monkeypatch)
    page.rounds.setCurrentIndex(page.rounds.findData(draft.id))
    alt(qtbot, Qt.Key.Key_I, page.print_button)
    qtbot.waitUntil(lambda: page.task is None and page.status.text() == "没有生成备案材料", timeout=30000)
    assert answers.asked[-1] == "还没有公示：优秀等次在公示后才能备案" and page.previews == []

    page.rounds.setCurrentIndex(page.rounds.findData(signed.id))
    excellent = [p.name for p in queries.round_view(demo_ws, signed.id).proposals if p.grade == "优秀"]
    alt(qtbot, Qt.Key.Key_I, page.print_button)
    qtbot.waitUntil(lambda: page.task is None and bool(page.previews), timeout=30000)
    preview = page.previews[-1]
    assert preview.isVisible() and preview.made.kind == "filing"
    sheets = ["".join(p.text.split()).replace("\u3000", "") for p in pages(preview.made.data)]
    assert preview.document.pageCount() == preview.made.pages == len(sheets)
    assert "备案报告" in sheets[0]
    assert sum("公务员年度考核登记表（" in t for t in sheets) == len(excellent)  # each register after the report
    assert f"报表编号 {preview.made.number}" in page.status.text() and preview.made.number in preview.info.text()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert preview.print_to(printer) == preview.made.pages == len(pages(printed.read_bytes()))
    text = compact(printed.read_bytes())
    assert text.index("备案报告") < text.index("公务员年度考核登记表") and all(f"姓名{n}" in text for n in excellent)
    with demo_ws.read("test.inspect") as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "report")))
    assert [e.action for e in entries if e.after.get("number") == preview.made.number] == [
        "report.generate", "report.print"]
    preview.close()


def test_a_page_out_of_sight_reads_again_only_when_shown(qtbot, demo_ws: Workspace, monkeypatch):
    """Every saved cadre file touches grading: a hidden page waits until it is shown."""
    from desktop.services.cadres import cadre_files

    page = GradingPage(demo_ws)
    qtbot.addWidget(page)
    reads: list[int] = []
    shown_reload = page.reload
    monkeypatch.setattr(page, "reload", lambda select=None: (reads.append(1), shown_reload(select)))
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"native_place": "浙江宁波"}), 1)
    assert reads == [] and not page.isVisible()
    page.show()
    qtbot.waitExposed(page)
    assert reads == [1]
    cadre_files.save(demo_ws, cadre_files.CadreFile(fields={"native_place": "福建长乐"}), 1)
    assert reads == [1, 1]  # on screen: at once


def test_an_appraisal_entered_elsewhere_while_the_dialog_is_open_is_shown_not_replaced(qtbot, ws: Workspace):
    from desktop.services.grading import appraisals
    from desktop.services.grading.appraisals import AppraisalInput
    from desktop.ui.common.conflict_dialog import ConflictDialog
    from desktop.ui.grading.grading_dialogs import AppraisalDialog
    from tests.services.grading.grading_scenario import YEAR, build

    cid = build(ws).ids["甲"]
    dialog = AppraisalDialog(ws, cid, "甲", YEAR - 1)
    qtbot.addWidget(dialog)
    dialog.show()
    appraisals.save(ws, AppraisalInput(cid, YEAR - 1, 20, 20, 20, 18, 2, 0, 0))  # another clerk, meanwhile
    focus_in(qtbot, dialog, dialog.comment)
    type_text(qtbot, "敢于担当")
    rows: list[tuple[str, str, str, bool]] = []

    def choose(conflict: ConflictDialog) -> None:
        rows.extend(conflict_rows(conflict))
        active(conflict)
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    driver = WhenShown(ConflictDialog, choose)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    driver.check()
    assert ("主管领导评语", "敢于担当", "（空）", True) in rows and ("好", "0", "18", False) in rows
    saved = queries.appraisal(ws, cid, YEAR - 1)
    assert saved is not None and (saved.good, saved.supervisor_comment) == (18, "敢于担当")
    assert not dialog.isVisible()


def test_an_objection_handled_elsewhere_while_its_dialog_is_open_is_shown_side_by_side(qtbot, ws: Workspace):
    """Enter on the objection opens 处理; another clerk writes a handling meanwhile: Ctrl+Enter
    shows both, Esc goes back with the typing kept and nothing written, Ctrl+S keeps the choice."""
    from desktop.services.grading import rounds
    from desktop.services.grading.rounds import RoundInput
    from desktop.ui.common.conflict_dialog import ConflictDialog
    from tests.services.grading.grading_scenario import YEAR, build

    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    rounds.start_notice(ws, rid, dt.date(2026, 12, 3))
    oid = rounds.record_objection(ws, rid, "反映乙同志年内请假较多", dt.date(2026, 12, 4), cadre_id=s.ids["乙"])
    page = GradingPage(ws)
    qtbot.addWidget(page)
    page.rounds.setCurrentIndex(page.rounds.findData(rid))
    focus_in(qtbot, page, page.objection_table)
    press(qtbot, Qt.Key.Key_Home)
    shown: list[list[tuple[str, str, str, bool]]] = []
    typed_after_going_back: list[str] = []

    def conflict_keys(key: Qt.Key, modifier: Qt.KeyboardModifier):
        def keys(conflict: ConflictDialog) -> None:
            shown.append(conflict_rows(conflict))
            assert conflict.windowTitle() == "公示异议已被他人修改"
            assert "公示异议「反映乙同志年内请假较多」在您打开之后已由 admin" in conflict.intro.text()
            active(conflict)
            qtbot.waitUntil(lambda: conflict.isActiveWindow() and conflict.table.hasFocus(), timeout=3000)
            press(qtbot, key, modifier)
            assert not conflict.isVisible()
        return keys

    def save_answering(key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
        """Ctrl+Enter in the dialog, and `key` in the side-by-side one it opens."""
        conflict = WhenShown(ConflictDialog, conflict_keys(key, modifier))
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        conflict.check()

    def handle(d: ObjectionDialog) -> None:
        active(d)
        assert d.windowTitle() == "处理公示异议" and d.handling.hasFocus()
        rounds.handle_objection(ws, oid, "经核实，请假均经批准", 1)  # another clerk, meanwhile
        type_text(qtbot, "已转纪检组核查")
        save_answering(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)  # 返回编辑
        typed_after_going_back.append(d.handling.text())
        assert d.isVisible() and queries.round_view(ws, rid).objections[0].handling == "经核实，请假均经批准"
        active(d)
        save_answering(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 按所选保存: mine, ticked
        assert not d.isVisible()

    driver = WhenShown(ObjectionDialog, handle)
    press(qtbot, Qt.Key.Key_Return)
    driver.check()
    assert shown == [[("处理情况", "已转纪检组核查", "经核实，请假均经批准", True)]] * 2
    assert typed_after_going_back == ["已转纪检组核查"]
    (saved,) = queries.round_view(ws, rid).objections
    assert (saved.handling, saved.row_version) == ("已转纪检组核查", 3)
    assert column(page.objections, 3) == ["已转纪检组核查"]
