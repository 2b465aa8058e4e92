"""The start-up benchmark's hook: with FRONTLINE_STARTUP_PROBE set, the window program shows its
first window (the login dialog), paints it and ends, instead of waiting for a clerk."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from desktop.ui import app
from desktop.ui.login_dialog import LoginDialog


def test_the_probe_paints_the_login_dialog_and_ends(qapp, monkeypatch: pytest.MonkeyPatch):
    shown: list[LoginDialog] = []
    real_exec = LoginDialog.exec

    def exec_(dialog: LoginDialog) -> int:
        shown.append(dialog)
        return int(real_exec(dialog))

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    monkeypatch.setenv(app.STARTUP_PROBE, "1")
    assert app.run() == 0
    assert len(shown) == 1 and not shown[0].isVisible()


def test_the_windows_carry_the_installed_icon_and_desktop_entry(qapp):
    application = app.application()
    assert not application.windowIcon().isNull()
    assert application.desktopFileName() == "frontline"  # /usr/share/applications/frontline.desktop


def test_the_work_put_off_runs_once_the_dialog_is_painted(qapp, qtbot, monkeypatch: pytest.MonkeyPatch):
    painted_then: list[bool] = []

    def exec_(dialog: LoginDialog) -> int:
        dialog.show()
        qtbot.waitUntil(lambda: bool(painted_then))
        dialog.reject()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    monkeypatch.setattr(app, "_preload", lambda: None)
    dialogs: list[LoginDialog] = []
    monkeypatch.setattr(LoginDialog, "showEvent", lambda d, _e: dialogs.append(d))
    assert app.run(prepare=lambda: painted_then.append(dialogs[-1]._painted)) == 0
    assert painted_then == [True]


def test_the_work_put_off_runs_before_the_window_even_if_the_dialog_never_painted(
        qapp, monkeypatch: pytest.MonkeyPatch):
    order: list[str] = []

    class Stop(Exception):
        pass

    def window(*_args: object) -> None:
        order.append("window")
        raise Stop

    def exec_(dialog: LoginDialog) -> int:
        dialog.workspace = object()  # type: ignore[assignment]
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    monkeypatch.setattr("desktop.ui.main_window.MainWindow", window)
    with pytest.raises(Stop):
        app.run(prepare=lambda: order.append("prepare"))
    assert order == ["prepare", "window"]
