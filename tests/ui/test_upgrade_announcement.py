"""The window's first start on an older database tells the clerk it was backed up and upgraded."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services.workspace import Workspace
from desktop.ui.app import announce_upgrade
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import copy_sample, sample_password


def _told(qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, str]], MainWindow]:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text, *a: told.append((title, text)))
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    announce_upgrade(window, ws)
    return told, window


def test_the_window_says_where_the_backup_made_before_the_upgrade_is(qtbot, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch):
    db = copy_sample("schema-0007.db", tmp_path)
    ws = Workspace.open(db, "admin", sample_password(db))
    try:
        told, window = _told(qtbot, ws, monkeypatch)
        assert len(told) == 1 and told[0][0] == "数据库已升级"
        text = told[0][1]
        assert text.startswith("数据库 schema-0007.db 已从结构版本 0007 升级到") and "升级前已备份为" in text
        assert str(ws.db.backups[-1]) in text and ws.db.backups[-1].is_file()
        assert window.statusBar().currentMessage() == text
        window.close()
    finally:
        ws.close()


def test_an_up_to_date_database_opens_without_a_word(qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    told, window = _told(qtbot, ws, monkeypatch)
    assert told == [] and "升级" not in window.statusBar().currentMessage()
    window.close()
