"""Hostile files met in the window: junk in its settings file (frontline.ini) is reset, never a
reason not to start; a pipe, a device or a bomb chosen in a dialog ends in a message."""

import os
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import paths
from desktop.services.cadres.roster_columns import column
from desktop.ui.cadres.photo import PhotoPanel
from desktop.ui.cadres.roster_page import CHAR_PX
from desktop.ui.exchange.import_dialog import ImportDialog
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import PASSWORD
from tests.ui.helpers import Answers


def test_junk_column_widths_in_the_settings_file_fall_back_to_the_defaults(qtbot, demo_ws, caplog):
    ini = Path(paths.config_dir()) / "frontline.ini"
    deep = "[" * 5000
    ini.write_text(f"[roster]\nwidths={deep}\ncolumns=name,sex\n[main]\ngeometry=\\x00\\xff junk\n", "utf-8")
    window = MainWindow(demo_ws, Settings())
    qtbot.addWidget(window)
    window.show()
    table = window.cadres.roster.table
    keys = window.cadres.roster.model.keys
    assert keys[:2] == ["name", "sex"]
    assert table.columnWidth(0) == column("name").width * CHAR_PX
    assert "roster/widths" in caplog.text and "ignored" in caplog.text


def test_widths_of_the_wrong_type_are_dropped_one_by_one(tmp_path, caplog):
    settings = Settings()
    settings.set_value("roster/widths", '{"name": 120, "sex": "wide", "unit": -5, "post": 1e9, "birth": true}')
    assert settings.sizes("roster/widths") == {"name": 120}
    assert "4 damaged entries ignored" in caplog.text


# --- files chosen in the window: a message, never a hang ------------------------------------

@pytest.mark.timeout(30)
def test_a_named_pipe_chosen_for_import_is_refused_in_a_message(qtbot, ws, tmp_path, monkeypatch):
    fifo = tmp_path / "名册.xlsx"
    os.mkfifo(fifo)
    shown: list[str] = []
    monkeypatch.setattr("desktop.ui.exchange.import_dialog.show_error", lambda _p, exc, _t="": shown.append(str(exc)))
    dialog = ImportDialog(ws, path=str(fifo))
    qtbot.addWidget(dialog)
    dialog.start_preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "名册.xlsx" in shown[0] and "命名管道" in shown[0] and not dialog.commit_button.isEnabled()


def test_an_entity_bomb_chosen_for_import_is_refused_in_a_message(qtbot, ws, tmp_path, monkeypatch):
    from tests.interchange.test_hostile_files import BOMB, EXCEL_PARTS

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w") as z:
        for name, content in EXCEL_PARTS.items():
            z.writestr(name, BOMB if name == "xl/sharedStrings.xml" else content.encode())
    shown: list[str] = []
    monkeypatch.setattr("desktop.ui.exchange.import_dialog.show_error", lambda _p, exc, _t="": shown.append(str(exc)))
    dialog = ImportDialog(ws, path=str(bomb))
    qtbot.addWidget(dialog)
    dialog.start_preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "bomb.xlsx" in shown[0] and "DTD" in shown[0]


@pytest.mark.timeout(30)
def test_a_photo_that_is_a_named_pipe_or_a_device_is_refused_in_a_message(qtbot, tmp_path, monkeypatch):
    answers = Answers(monkeypatch)
    panel = PhotoPanel()
    qtbot.addWidget(panel)
    fifo = tmp_path / "照片.jpg"
    os.mkfifo(fifo)
    panel.use_file(str(fifo))
    zero = tmp_path / "zero.jpg"
    zero.symlink_to("/dev/zero")
    panel.use_file(str(zero))
    assert len(answers.asked) == 2
    assert "命名管道" in answers.asked[0] and "设备文件" in answers.asked[1]


def test_a_database_on_read_only_media_says_read_only_at_login(qtbot, read_only):
    dialog = LoginDialog(Settings(), initial_db=str(read_only / "x.db"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "只读" in dialog.status.text(), timeout=10000)
    assert "损坏" not in dialog.status.text() and dialog.workspace is None
