"""Issue 16's last test: a clerk's round done without the mouse in the real window, on the demo
database — roster → file → campaign → visit → talk → sheet → ballots → ledger → report → print.

Each step is what the clerk presses, and what the clerk then sees; the details of each screen
are the business of that screen's own tests (tests/ui/cadres, campaigns, evaluation, ledger,
reports)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QWidget

from desktop.services.cadres import cadre_files
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.campaigns.campaign_dialogs import VisitDialog
from desktop.ui.campaigns.campaign_page import CampaignPage
from desktop.ui.evaluation.ballot_entry import BallotEntryDialog
from desktop.ui.evaluation.ballots_page import BatchDialog
from desktop.ui.evaluation.sheet_fill import SheetFillDialog
from desktop.ui.evaluation.sheet_plan import RATER_CATEGORIES, PlanDialog
from desktop.ui.ledger.ledger_dialogs import EntryDialog
from desktop.ui.main_window import MainWindow
from tests.reports.pdf_helpers import pages
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import WhenShown, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CADRE = "周洋浩"  # assessed in the demo's running campaign, not yet talked to
CAMPAIGN = "防御台风“海葵”应急一线考核"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def pick(qtbot, name: str) -> None:
    """Type a name into the focused picker and take the first match from its list."""
    type_text(qtbot, name)
    popup = focused().completer().popup()
    qtbot.waitUntil(popup.isVisible)
    # A shown popup grabs the keyboard; offscreen Qt cannot grab it, so the keys go to the popup.
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()


def tab_to(qtbot, widget: QWidget) -> None:
    """Tab through the fields until `widget` has the cursor, as a clerk does."""
    for _ in range(40):
        if focused() is widget:
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is widget


def down_to(qtbot, view, found) -> None:
    """↓ through a list from its current row until `found(row)` holds."""
    rows = view.model().rows
    for _ in range(len(rows)):
        if found(rows[view.currentIndex().row()]):
            return
        press(qtbot, Qt.Key.Key_Down)
    assert found(rows[view.currentIndex().row()])


def button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible())


def back_to(qtbot, top: QWidget) -> None:
    """The window made active again once a dialog has closed, as a window manager does (the
    offscreen platform does not): its focused widget has the keyboard again."""
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def test_a_clerks_round_by_keyboard(qtbot, window: MainWindow, tmp_path):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # 干部档案 (Ctrl+1): the roster filtered by the name, ↓ into the table, Enter opens the file.
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.pages.currentWidget() is window.cadres
    assert focused() is window.filter_edit
    with qtbot.waitSignal(window.model.roster_did_reload, timeout=5000):
        type_text(qtbot, CADRE)
    assert window.model.rowCount() == 1
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is window.table
    press(qtbot, Qt.Key.Key_Return)
    editor = window.cadres.currentWidget()
    assert isinstance(editor, CadreEditor) and editor.title() == CADRE
    # The cursor is in the file: Tab on to 手机, a new number typed over the old, Ctrl+S saves.
    mobile = editor.basic.fields["mobile"].widget
    assert focused() is editor.basic.fields["name"].widget
    tab_to(qtbot, mobile)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "13905710016")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert window.statusBar().currentMessage().startswith(f"已保存 {CADRE} 的档案")
    cadre_id = editor.form.cadre_id
    with window.ws.read("test.inspect") as s:
        assert cadre_files.load(s, cadre_id).mobile == "13905710016"
    press(qtbot, Qt.Key.Key_W, CTRL)  # closes the file, back to the roster
    assert window.cadres.currentWidget() is window.cadres.roster and focused() is window.table

    # 一线考核 (Ctrl+3): the running campaign opened from the list.
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.pages.currentWidget() is window.campaigns
    view = window.campaigns.list.view
    assert focused() is view
    press(qtbot, Qt.Key.Key_Home, CTRL)
    down_to(qtbot, view, lambda row: row.name == CAMPAIGN)
    press(qtbot, Qt.Key.Key_Return)
    page = window.campaigns.currentWidget()
    assert isinstance(page, CampaignPage) and page.name == CAMPAIGN and page.status == "active"

    # 走访 (Alt+3), 新增走访 (Alt+W): the place typed, Tab on to 发现问题, Ctrl+S saves the visit.
    press(qtbot, Qt.Key.Key_3, ALT)
    visits_before = len(page.visits.rows)

    def fill_visit(d: VisitDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        press(qtbot, Qt.Key.Key_P, ALT)
        assert focused() is d.place
        type_text(qtbot, "海葵台风转移安置点")
        tab_to(qtbot, d.findings)
        type_text(qtbot, "转移名单未及时更新")
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert not d.isVisible()

    shown = WhenShown(VisitDialog, fill_visit)
    alt(qtbot, Qt.Key.Key_W, button(page, "新增走访(&W)…"))
    shown.check()
    assert len(page.visits.rows) == visits_before + 1
    assert any(v.place == "海葵台风转移安置点" and v.findings == "转移名单未及时更新" for v in page.visits.rows)

    # 谈话 (Alt+4), 新建谈话记录 (Alt+K): its own window; the interviewee picked by name, talk
    # mode (F11) puts the cursor in the notes, Ctrl+S saves, Esc closes.
    back_to(qtbot, window)
    press(qtbot, Qt.Key.Key_4, ALT)
    talks_before = len(page.talks.rows)
    alt(qtbot, Qt.Key.Key_K, button(page, "新建谈话记录(&K)"))
    (talk,) = window.talk_windows
    qtbot.waitExposed(talk)
    talk.activateWindow()
    qtbot.waitUntil(talk.isActiveWindow)
    press(qtbot, Qt.Key.Key_W, ALT)
    assert focused() is talk.interviewee
    pick(qtbot, CADRE)
    assert talk.interviewee.chosen_name() == CADRE
    press(qtbot, Qt.Key.Key_F11)
    assert talk.isFullScreen() and focused() is talk.content
    type_text(qtbot, "谈了转移安置中的分工和下一步打算")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert talk.talk_id is not None and talk.saved_label.text().startswith("已保存")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.talk_windows)
    qtbot.waitUntil(lambda: len(page.talks.rows) == talks_before + 1)
    assert any(t.interviewee_name == CADRE for t in page.talks.rows)

    # 测评 (Alt+5): sheets planned for the campaign (安排测评 Alt+P, one rater of the first
    # category, Ctrl+S), the cadre's sheet filled by number keys, Ctrl+S.
    back_to(qtbot, window)
    press(qtbot, Qt.Key.Key_5, ALT)
    sheets_tab = page.tabs.currentWidget().sheets

    def plan(d: PlanDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        assert focused() is d.raters[RATER_CATEGORIES[0]]
        type_text(qtbot, "1")
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert not d.isVisible()

    shown = WhenShown(PlanDialog, plan)
    alt(qtbot, Qt.Key.Key_P, button(page, "安排测评(&P)…"))
    shown.check()
    cadres = len(page.people.rows)
    assert sheets_tab.summary.text().startswith(f"已生成 {cadres} 张待填写的测评表。")
    back_to(qtbot, window)
    assert focused() is sheets_tab.view
    down_to(qtbot, sheets_tab.view, lambda row: row.cadre == CADRE)
    sheet = sheets_tab.model.rows[sheets_tab.view.currentIndex().row()]
    assert sheet.cadre == CADRE and sheet.status != "complete"

    def fill_sheet(d: SheetFillDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        assert focused() is d.table
        for item in d.form.items:  # 好 for every point, 无 for every negative behaviour
            press(qtbot, Qt.Key.Key_0 if item.kind == "flag" else Qt.Key.Key_1)
        assert "已评 " in d.score.text()
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert d.saved and not d.isVisible()

    shown = WhenShown(SheetFillDialog, fill_sheet)
    press(qtbot, Qt.Key.Key_Return)
    shown.check()
    done = next(r for r in sheets_tab.model.rows if r.id == sheet.id)
    assert (done.status, done.score) == ("complete", 100.0)

    # 测评票录入 (Alt+L), 新建批次 (Alt+N): the cadre typed, 发出票数 (Alt+N) 3, Ctrl+S;
    # the three paper ballots keyed one grade a key (the cursor moves on), Esc when done.
    back_to(qtbot, window)
    assert focused() is sheets_tab.view
    press(qtbot, Qt.Key.Key_L, ALT)
    ballots_tab = page.tabs.currentWidget().ballots
    assert ballots_tab.isVisible()

    def new_batch(d: BatchDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        assert focused() is d.cadre
        type_text(qtbot, CADRE)
        popup = d.cadre.completer().popup()
        if popup.isVisible():  # the one match offered: Enter takes it
            qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert d.cadre.currentText().startswith(CADRE), d.cadre.currentText()
        press(qtbot, Qt.Key.Key_N, ALT)
        press(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, "3")
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert not d.isVisible(), d.error.text()

    def key_ballots(d: BallotEntryDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        assert focused() is d.table and d.counter.text() == "第 1 张（发出 3 张）"
        for _ballot in range(3):
            for _item in d.state.items:
                press(qtbot, Qt.Key.Key_1)
        assert d.counter.text() == "已全部录入：3 / 3 张"
        press(qtbot, Qt.Key.Key_Escape)
        assert not d.isVisible()

    batch_shown = WhenShown(BatchDialog, new_batch)
    ballots_shown = WhenShown(BallotEntryDialog, key_ballots)
    alt(qtbot, Qt.Key.Key_N, button(page, "新建批次(&N)…"))
    batch_shown.check()
    ballots_shown.check()
    (batch,) = [r for r in ballots_tab.model.rows if r.cadre == CADRE]
    assert (batch.issued, batch.entered) == (3, 3)

    # 积分: Ctrl+J shows the ledger of the cadre still selected in the roster; 记录积分 (Alt+A),
    # the fact (Alt+F) typed, Ctrl+S: the entry is in the cadre's list and the total moved.
    back_to(qtbot, window)
    press(qtbot, Qt.Key.Key_J, CTRL)
    ledger = window.ledger
    assert window.pages.currentWidget() is ledger and ledger.cadre.text() == CADRE
    entries_before = len(ledger.model.rows)
    total_before = int(ledger.scores["合计"].text().split()[-1])
    points: list[int] = []

    def fill_entry(d: EntryDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        assert d.cadre.chosen_name() == CADRE
        points.append(d.points.value())  # the rule's default, left as it is
        press(qtbot, Qt.Key.Key_F, ALT)
        assert focused() is d.fact
        type_text(qtbot, "台风夜组织转移安置群众一百二十人")
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert not d.isVisible(), d.problem.text()

    shown = WhenShown(EntryDialog, fill_entry)
    alt(qtbot, Qt.Key.Key_A, button(ledger, "记录积分(&A)…"))
    shown.check()
    qtbot.waitUntil(lambda: len(ledger.model.rows) == entries_before + 1)
    assert any(r.fact == "台风夜组织转移安置群众一百二十人" for r in ledger.model.rows)
    assert ledger.scores["合计"].text() == f"合计\n{total_before + points[0]:+d}"

    # 报表: Ctrl+Shift+P makes the 任免审批表 of the cadre selected in the roster and opens the
    # preview; Ctrl+P prints it, here into a PDF file chosen in the print dialog.
    back_to(qtbot, window)
    press(qtbot, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    actions = window.report_actions
    qtbot.waitUntil(lambda: any(p.isVisible() for p in actions.previews), timeout=20000)
    preview = actions.previews[-1]
    assert preview.made.cadre_id == cadre_id and preview.document.pageCount() == 2
    back_to(qtbot, preview)

    printed = tmp_path / "printed.pdf"

    def print_to_file(d: QPrintDialog) -> None:
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        # 打印到文件(PDF), the last printer Qt lists (the only one where CUPS has none): Tab
        # to the printer list, End, then Tab on to its file name.
        printers = next(c for c in d.findChildren(QComboBox) if c.objectName() == "printers")
        if printers.currentIndex() != printers.count() - 1:
            tab_to(qtbot, printers)
            press(qtbot, Qt.Key.Key_End)
        assert printers.currentText() == "打印到文件(PDF)"
        name = next(e for e in d.findChildren(QLineEdit) if e.objectName() == "filename")
        tab_to(qtbot, name)
        press(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, str(printed))
        press(qtbot, Qt.Key.Key_Return)  # 打印(P), the default button
        assert not d.isVisible()

    shown = WhenShown(QPrintDialog, print_to_file)
    press(qtbot, Qt.Key.Key_P, CTRL)
    shown.check()
    assert preview.info.text() == f"已送打印 2 页（报表编号 {preview.made.number}）"
    assert len(pages(printed.read_bytes())) == 2
    assert printed.read_bytes() == preview.made.data  # the report's own vector pages
    back_to(qtbot, preview)
    press(qtbot, Qt.Key.Key_Escape)  # the preview closes: the round is done
    assert not preview.isVisible()
