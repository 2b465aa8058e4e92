"""Issue 16's last test: a clerk's round done without the mouse in the real window, on the demo
database — roster → file → campaign → visit → talk → sheet → ballots → ledger → report → print.

Each step is what the clerk presses, and what the clerk then sees; the details of each screen
are the business of that screen's own tests (tests/ui/cadres, campaigns, evaluation, ledger,
reports)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop.services.cadres import cadre_files
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.campaigns.campaign_dialogs import VisitDialog
from desktop.ui.campaigns.campaign_page import CampaignPage
from desktop.ui.main_window import MainWindow
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


def button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible())


def back_to(qtbot, top: QWidget) -> None:
    """The window made active again once a dialog has closed, as a window manager does (the
    offscreen platform does not): its focused widget has the keyboard again."""
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def test_a_clerks_round_by_keyboard(qtbot, window: MainWindow, tmp_path, monkeypatch):
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
    for _ in range(40):
        if focused() is mobile:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is mobile
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
    rows = window.campaigns.list.model.rows
    press(qtbot, Qt.Key.Key_Home)
    for _ in range(len(rows)):
        if rows[view.currentIndex().row()].name == CAMPAIGN:
            break
        press(qtbot, Qt.Key.Key_Down)
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
        for _ in range(10):
            if focused() is d.findings:
                break
            press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.findings
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
    print(focused(), focused().parent())
