from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.workspace import Workspace
from desktop.ui.cadres.roster_model import CadreIdRole, RosterModel
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD


def test_login_by_keyboard_then_filter_by_initials(qtbot, demo_db: Path):
    settings = Settings()
    dialog = LoginDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.db_edit, str(demo_db))
    qtbot.keyClick(dialog.db_edit, Qt.Key.Key_Tab)
    assert dialog.user_edit.hasFocus() or dialog.focusWidget() is not None
    dialog.user_edit.selectAll()
    qtbot.keyClicks(dialog.user_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.workspace is not None
    assert settings.last_db == str(demo_db)

    window = MainWindow(dialog.workspace, settings)
    qtbot.addWidget(window)
    window.show()
    total = window.model.rowCount()
    assert total == 300
    assert "共 300 名干部" in window.count_label.text()
    NAME = window.model.keys.index("name")

    target = window.model.data(window.model.index(42, NAME))
    from desktop.models.search_keys import name_keys

    initials = name_keys(target)[1].split()[0]
    with qtbot.waitSignal(window.model.roster_did_reload, timeout=5000):
        qtbot.keyClicks(window.filter_edit, initials)
    names = [window.model.data(window.model.index(r, NAME)) for r in range(window.model.rowCount())]
    assert target in names
    assert 0 < len(names) < total
    assert all(name_keys(n)[1].split()[0].startswith(initials) or
               any(k.startswith(initials) for k in name_keys(n)[1].split()) for n in names)
    assert "筛选出" in window.count_label.text()
    # ↓ from the filter moves into the list, on its first row.
    window.show_section(window.section_index(window.cadres))  # the window opens on 工作台
    window.activateWindow()
    window.filter_edit.setFocus()
    qtbot.waitUntil(window.filter_edit.hasFocus)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(window.table.hasFocus)
    assert [i.row() for i in window.table.selectionModel().selectedRows()] == [0]
    window.close()


def test_wrong_password_is_shown_in_the_dialog(qtbot, empty_db: Path):
    dialog = LoginDialog(Settings(), initial_db=str(empty_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, "not it")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.status.text(), timeout=5000)
    assert dialog.workspace is None
    assert dialog.password_edit.hasFocus()


def test_first_start_offers_to_create(qtbot):
    dialog = LoginDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.welcome.isVisible()
    assert dialog.demo_button.isVisible() and dialog.new_button.isVisible()


def test_roster_model_is_a_proper_item_model(qtmodeltester, demo_ws: Workspace):
    model = RosterModel(demo_ws)
    model.reload()
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), CadreIdRole) == model.cadre_id(0)
    model.refresh_cadres({model.cadre_id(0)})
    assert model.data(model.index(0, 0))
    model.set_columns(["name", "age", "education", "tags", "citizen_id"])
    model.sort(1)
    qtmodeltester.check(model)


def _click_row(qtbot, window: MainWindow, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    table = window.table
    table.scrollTo(window.model.index(row, 0))
    rect = table.visualRect(window.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_status_bar_counts_the_selected_rows(qtbot, window: MainWindow):
    _click_row(qtbot, window, 3)
    assert window.count_label.text() == "共 300 名干部"  # one row is only the cursor
    qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.count_label.text() == "共 300 名干部，已选 3 人"
    _click_row(qtbot, window, 120, Qt.KeyboardModifier.ControlModifier)
    assert window.count_label.text() == "共 300 名干部，已选 4 人"
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.count_label.text() == "共 300 名干部，已选 300 人"
    _click_row(qtbot, window, 5)
    assert window.count_label.text() == "共 300 名干部"
    qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.count_label.text() == "共 300 名干部，已选 2 人"
    window.cadres.roster.set_columns(["name", "sex"])  # the table is rebuilt, the selection gone
    assert window.count_label.text() == "共 300 名干部"


def test_filter_by_characters_then_pinyin(qtbot, window: MainWindow):
    from desktop.services.cadres import cadre_files
    from tests.ui.helpers import type_text

    for name in ("王磊", "王丽", "汪磊"):
        cadre_files.save(window.ws, cadre_files.CadreFile(fields={"name": name, "sex": "男", "birth": "1980.01"}))
    window.go_to_section(window.section_index(window.cadres))  # Ctrl+1: the filter has the focus
    window.cadres.roster.focus_filter()
    type_text(qtbot, "王l")
    col = window.model.keys.index("name")

    def shown() -> set[str]:
        return {window.model.data(window.model.index(r, col)) for r in range(window.model.rowCount())}

    qtbot.waitUntil(lambda: window.model.filter.text == "王l", timeout=5000)  # typing done, filter applied
    assert {"王磊", "王丽"} <= shown()
    assert "汪磊" not in shown() and all(n.startswith("王") for n in shown())
    assert "筛选出" in window.count_label.text()
