"""Junk in the window's settings file (frontline.ini) is reset, never a reason not to start."""

from pathlib import Path

from desktop import paths
from desktop.services.roster_columns import column
from desktop.ui.main_window import MainWindow
from desktop.ui.roster_page import CHAR_PX
from desktop.ui.settings import Settings


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
