"""A .lrmx opened from the file manager (`frontline gui FILE`, the desktop entry's %f) lands in
the import dialog, already read into its preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.exchange import lrmx_export
from desktop.services.workspace import Workspace
from desktop.ui.exchange import interchange_actions
from desktop.ui.exchange.import_dialog import ImportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings


def test_an_opened_lrmx_is_previewed_in_the_import_dialog(qtbot, ws: Workspace, demo_ws: Workspace, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    form = tmp_path / "任免审批表.lrmx"
    lrmx_export.export(demo_ws, [1], form)  # from another office's database into an empty one
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    shown: list[ImportDialog] = []

    def exec_(dialog: ImportDialog) -> int:
        shown.append(dialog)
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
        return 0

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    interchange_actions.import_file(window, str(form))
    dialog = shown[0]
    assert dialog.path_edit.text() == str(form)
    assert dialog.summary.text().startswith("任免审批表：新增 1 人")
    assert dialog.model.rowCount() == 1 and dialog.commit_button.isEnabled()
    window.close()
