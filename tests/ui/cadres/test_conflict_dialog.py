"""Two windows on one office server edit the same cadre: the second save shows both versions
and the clerk chooses per part (issue 18's done-when)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.cadre_files import CadreFile
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.common.conflict_dialog import ConflictDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.ui.helpers import Answers, WhenShown, conflict_rows, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def windows(qtbot, clerks, monkeypatch) -> Iterator[tuple[MainWindow, MainWindow]]:
    """A window for each clerk, closed before their connections are."""
    Answers(monkeypatch)
    made = []
    for ws in clerks:
        w = MainWindow(ws, Settings())
        w.show()
        qtbot.waitExposed(w)
        w.show_section(w.section_index(w.cadres))
        made.append(w)
    yield made[0], made[1]
    for w in made:
        w.close()
        w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before the connections close


def _retype(qtbot, window: MainWindow, editor: CadreEditor, key: str, text: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    widget = editor.basic.fields[key].widget
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(qtbot, text)


def test_the_second_window_sees_both_versions_and_keeps_what_the_clerk_chooses(qtbot, clerks, windows):
    admin, _wang = clerks
    cid = cadre_files.save(admin, CadreFile(
        fields={"name": "王五", "sex": "男", "birth": "1980.05", "native_place": "海滨"},
        records={"posts": [{"title": "科长", "unit_name": "海滨市财政局", "start": "2015.03"}]}))
    first, second = windows
    mine = first.cadres.open_cadre(cid)
    theirs = second.cadres.open_cadre(cid)

    _retype(qtbot, second, theirs, "native_place", "山东青岛")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert queries.file_for_editing(admin, cid).fields["native_place"] == "山东青岛"

    _retype(qtbot, first, mine, "native_place", "海滨市")
    _retype(qtbot, first, mine, "birthplace", "海滨市东区")
    shown: list[list[tuple[str, str, str, bool]]] = []

    def choose(dialog: ConflictDialog) -> None:
        dialog.grab().save("/tmp/conflict_dialog.png")
        table = dialog.table
        shown.append(conflict_rows(dialog))
        assert "已由 wang" in dialog.intro.text()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isActiveWindow() and table.hasFocus(), timeout=3000)
        qtbot.keyClick(table, Qt.Key.Key_Space)  # 籍贯: keep the stored 山东青岛
        qtbot.keyClick(table, Qt.Key.Key_S, CTRL)

    driver = WhenShown(ConflictDialog, choose)
    press(qtbot, Qt.Key.Key_S, CTRL)
    driver.check()
    assert shown == [[("籍贯", "海滨市", "山东青岛", True), ("出生地", "海滨市东区", "（空）", True)]]
    saved = queries.file_for_editing(admin, cid)
    assert (saved.fields["native_place"], saved.fields["birthplace"]) == ("山东青岛", "海滨市东区")
    assert not mine.form.dirty and mine.form.version == saved.version
    assert first.statusBar().currentMessage().startswith("已保存 王五 的档案")
