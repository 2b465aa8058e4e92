"""A window on the office server shows other clerks' changes without being asked (issue 18:
LISTEN/NOTIFY), gathers a burst into a few refreshes, stops listening when it closes, and
keeps working, saying so, while the server cannot be heard."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.workspace import Workspace
from desktop.ui.common.live_refresh import LOST
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests import pg_server
from tests.ui.helpers import Answers, press, type_text

WAIT_MS = 15000  # a notice that has not come by then is not coming


def _file(name: str) -> CadreFile:
    return CadreFile(fields={"name": name, "sex": "男", "birth": "1980.05"})


def _names(window: MainWindow) -> list[str]:
    model = window.cadres.roster.model
    column = model.keys.index("name")
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def _listening(pg: pg_server.TestServer, database: str) -> str:
    return pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'frontline-listen' "
                   f"AND datname = '{database}'")


@pytest.fixture
def window(qtbot, clerks, monkeypatch) -> Iterator[MainWindow]:
    """wang's window on the roster, listening; closed before the connections are."""
    Answers(monkeypatch)
    w = MainWindow(clerks[1], Settings())
    w.show()
    qtbot.waitExposed(w)
    w.show_section(w.section_index(w.cadres))
    assert w.live.listening
    yield w
    w.close()
    w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _wait_listening(qtbot, pg: pg_server.TestServer, ws: Workspace) -> None:
    qtbot.waitUntil(lambda: _listening(pg, ws.db.address.database) == "1", timeout=WAIT_MS)


def test_a_cadre_another_clerk_adds_or_renames_shows_in_the_roster(qtbot, clerks, window, pg):
    admin, wang = clerks
    _wait_listening(qtbot, pg, wang)
    cid = cadre_files.save(admin, _file("张三"))
    qtbot.waitUntil(lambda: "张三" in _names(window), timeout=WAIT_MS)
    assert window.count_label.text() == "共 1 名干部"

    file = queries.file_for_editing(admin, cid)
    file.fields["name"] = "张三丰"
    cadre_files.save(admin, file, cid)
    qtbot.waitUntil(lambda: _names(window) == ["张三丰"], timeout=WAIT_MS)


def test_a_burst_of_fifty_changes_makes_few_refreshes(qtbot, clerks, window, pg):
    admin, wang = clerks
    _wait_listening(qtbot, pg, wang)
    names = [f"干部{n:02d}" for n in range(50)]
    for name in names:
        cadre_files.save(admin, _file(name))
    # (The roster may show them first by itself: its names, read in the background once the
    # window is up, disagree with the first rows it read, and it reads again.)
    qtbot.waitUntil(lambda: sorted(_names(window)) == names and window.live.refreshes >= 1, timeout=WAIT_MS)
    assert window.live.refreshes <= 5  # not one per change
    assert window.count_label.text() == "共 50 名干部"


def test_the_windows_own_changes_do_not_refresh_it_again(qtbot, clerks, window, pg):
    admin, wang = clerks
    _wait_listening(qtbot, pg, wang)
    mine = cadre_files.save(wang, _file("自己的"))  # as the window's own editor would
    told: list[set[int]] = []
    window.live.refreshed.connect(lambda changes: told.append(changes.ids("cadre")))
    theirs = cadre_files.save(admin, _file("别人的"))
    qtbot.waitUntil(lambda: "别人的" in _names(window), timeout=WAIT_MS)
    assert told == [{theirs}] and mine not in told[0]
    assert window.live.refreshes == 1


def test_closing_the_window_stops_its_listener_and_its_connection(qtbot, clerks, pg, monkeypatch):
    Answers(monkeypatch)
    _admin, wang = clerks
    w = MainWindow(wang, Settings())
    w.show()
    qtbot.waitExposed(w)
    _wait_listening(qtbot, pg, wang)
    assert "frontline-listen" in [t.name for t in threading.enumerate()]
    w.close()
    w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert "frontline-listen" not in [t.name for t in threading.enumerate()]
    # The server ends the connection's backend a moment after the program closed it.
    qtbot.waitUntil(lambda: _listening(pg, wang.db.address.database) == "0", timeout=WAIT_MS)


def test_a_lost_server_is_said_the_window_goes_on_and_catches_up_when_it_is_back(qtbot, clerks, window, pg):
    admin, wang = clerks
    _wait_listening(qtbot, pg, wang)
    database = wang.db.address.database
    label = window.live.label
    assert label.isHidden()
    pg.psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = 'frontline-listen' AND datname = '{database}'")
    qtbot.waitUntil(label.isVisible, timeout=WAIT_MS)
    assert label.text() == LOST
    assert label.toolTip()  # the server's own words, for whoever helps the clerk

    # The window still answers the keyboard, and a change made meanwhile is not lost.
    cid = cadre_files.save(admin, _file("断线时新增"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    press(qtbot, Qt.Key.Key_QuoteLeft, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 0
    window.show_section(window.section_index(window.cadres))
    assert "断线时新增" not in _names(window)

    pg.psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    qtbot.waitUntil(label.isHidden, timeout=2 * WAIT_MS)  # retries wait up to 10 s apart
    assert "已重新连接数据库服务器" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "断线时新增" in _names(window), timeout=WAIT_MS)
    assert queries.file_for_editing(admin, cid).fields["name"] == "断线时新增"


def test_a_window_on_a_file_does_not_listen(qtbot, ws, monkeypatch):
    Answers(monkeypatch)
    w = MainWindow(ws, Settings())
    qtbot.addWidget(w)
    assert w.live.feed is None and not w.live.listening
    assert "frontline-listen" not in [t.name for t in threading.enumerate()]


def test_a_change_too_large_to_list_reloads_the_whole_roster(qtbot, clerks, window, pg, monkeypatch):
    from desktop.services import live

    admin, wang = clerks
    _wait_listening(qtbot, pg, wang)
    monkeypatch.setattr(live, "MAX_PAYLOAD", 40)  # as an import of thousands of cadres would be
    told: list[set[str]] = []
    window.live.refreshed.connect(lambda changes: told.append(set(changes.unlisted)))
    cadre_files.save(admin, _file("批量导入"))
    qtbot.waitUntil(lambda: "批量导入" in _names(window), timeout=WAIT_MS)
    assert "cadre" in told[0]


def test_a_file_another_clerk_deletes_closes_unless_the_clerk_is_typing_in_it(qtbot, clerks, window, pg,
                                                                             monkeypatch):
    admin, wang = clerks
    _wait_listening(qtbot, pg, wang)
    idle, typing = cadre_files.save(admin, _file("闲置的")), cadre_files.save(admin, _file("正在改的"))
    qtbot.waitUntil(lambda: len(_names(window)) == 2, timeout=WAIT_MS)
    section = window.cadres
    section.open_cadre(idle)
    editor = section.open_cadre(typing)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    widget = editor.basic.fields["native_place"].widget
    widget.setFocus()
    type_text(qtbot, "山东青岛")
    assert section.tabText(section.indexOf(editor)) == "正在改的 *"

    cadre_files.delete_many(admin, [idle, typing])
    qtbot.waitUntil(lambda: _names(window) == [], timeout=WAIT_MS)
    assert [section.tabText(i) for i in range(section.count())] == ["花名册", "正在改的 *（已被他人删除）"]
    assert editor.basic.fields["native_place"].widget.text() == "山东青岛"  # what was typed is still there

    answers = Answers(monkeypatch)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert any("不存在（可能已被删除）" in text for text in answers.asked)
    answers.answer = QMessageBox.StandardButton.Discard
    assert section.close_tab(section.indexOf(editor))


def test_a_window_deleted_without_closing_stops_listening_too(qtbot, clerks, pg, monkeypatch):
    Answers(monkeypatch)
    _admin, wang = clerks
    w = MainWindow(wang, Settings())
    _wait_listening(qtbot, pg, wang)
    w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert "frontline-listen" not in [t.name for t in threading.enumerate()]
    # The server ends the connection's backend a moment after the program closed it.
    qtbot.waitUntil(lambda: _listening(pg, wang.db.address.database) == "0", timeout=WAIT_MS)
