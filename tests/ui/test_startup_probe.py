"""The start-up benchmark's hook: with FRONTLINE_STARTUP_PROBE set, the window program shows its
first window (the login dialog), paints it and ends, instead of waiting for a clerk."""

from __future__ import annotations

import pytest

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
