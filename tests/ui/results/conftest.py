"""The 工作实绩 window tests start from an empty database (the demo's is in tests/ui/conftest.py)."""

from __future__ import annotations

import pytest

from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings


@pytest.fixture
def window(qtbot, ws: Workspace) -> MainWindow:
    w = MainWindow(ws, Settings())
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w
