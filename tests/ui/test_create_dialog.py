"""新建数据库 from the keyboard: the recovery key is shown while the database is complete but
has not yet taken its name, and the name appears only after the clerk confirms the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui.create_dialog import CreateDatabaseDialog, RecoveryKeyDialog
from tests.conftest import PASSWORD


def test_the_key_is_shown_before_the_database_takes_its_name(qtbot, tmp_path: Path):
    target = tmp_path / "办公室.db"
    dialog = CreateDatabaseDialog(demo=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(target))
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.confirm_edit, PASSWORD)
    seen: dict[str, Any] = {}

    def answer_key_dialog() -> None:
        shown = next((w for w in QApplication.topLevelWidgets()
                      if isinstance(w, RecoveryKeyDialog) and w.isVisible()), None)
        if shown is None:
            if len(seen.setdefault("tries", [])) < 400:  # 20 s, then let the test fail
                seen["tries"].append(1)
                QTimer.singleShot(50, answer_key_dialog)
            return
        seen["code"] = shown.code
        seen["name_taken_while_shown"] = target.exists() or Path(f"{target}.keys").exists()
        seen["hidden_files"] = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".办公室.db"))
        shown.reject()  # what Esc does: it must not skip the confirmation
        seen["escape_closed_it"] = not shown.isVisible()
        qtbot.keyClick(shown.confirm, Qt.Key.Key_Space)
        qtbot.keyClick(shown.ok_button, Qt.Key.Key_Space)
        if shown.isVisible():  # never leave a modal dialog open: the test would hang, not fail
            seen["forced"] = True
            shown.confirm.setChecked(True)
            shown.accept()

    QTimer.singleShot(50, answer_key_dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Space)  # 创建
    assert seen["name_taken_while_shown"] is False
    assert seen["hidden_files"], "the database should exist under its hidden name while the key is shown"
    assert seen["escape_closed_it"] is False
    assert "forced" not in seen
    assert dialog.recovery_code == seen["code"]
    assert target.exists() and Path(f"{target}.keys").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".办公室.db")]
    assert dialog.workspace is not None
    dialog.workspace.close()
