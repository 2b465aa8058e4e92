"""Starting the window: the application object, login, main window, crash reporting."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

# Not the Qt namespace: its hundred-odd enums take ~14 ms to make, and nothing before the login
# dialog is painted needs them (Qt 6 already rounds scale factors by PassThrough).
from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import paths
from desktop.ui.common import clipboard, dialog_keys
from desktop.ui.common.messages import show_error
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.settings import Settings

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace
    from desktop.ui.main_window import MainWindow

# What the window needs after login: the models and SQLAlchemy, the services and every section
# (about a second and a half of imports). The login dialog shows without them; they load in a
# thread while the clerk types the password and the key derives, so the window opens at once.
WINDOW_MODULES = ("desktop.services.workspace", "desktop.ui.main_window", "desktop.ui.admin.restore_flow")


def _preload() -> None:
    import importlib

    for name in WINDOW_MODULES:
        importlib.import_module(name)


# Set by the frozen start-up benchmark: the login dialog closes as soon as it is painted.
STARTUP_PROBE = "FRONTLINE_STARTUP_PROBE"


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    # A slot that raises would otherwise vanish into stderr: show it, keep running.
    exc.__traceback__ = tb
    show_error(QApplication.activeWindow(), exc)


# Sans-serif CJK fonts that read well on screen, best first: Windows, UOS/Kylin, Debian.
UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei", "Droid Sans Fallback")


def _choose_font(app: QApplication) -> None:
    # Without this, fontconfig may fall back to a 宋体 face meant for print, thin on screen.
    available = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in available:
            font = QFont(app.font())
            font.setFamilies([family, *app.font().families()])
            app.setFont(font)
            return


def _install_translations(app: QApplication) -> None:
    # Qt's own texts (Save/Cancel buttons, context menus, file dialogs) come from the
    # translations shipped inside the PySide6 wheel; without them a clerk meets English.
    if app.property("frontline_translated"):
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)  # parented to the app so it lives as long
        if translator.load(name, folder):
            app.installTranslator(translator)
    app.setProperty("frontline_translated", True)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("一线考核")
    app.setOrganizationName("Frontline")
    app.setApplicationDisplayName("一线考核")
    # The installed desktop entry (frontline.desktop): the task bar shows its name and icon.
    app.setDesktopFileName("frontline")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "frontline.png")))
    _choose_font(app)
    _install_translations(app)
    clipboard.install(app)  # copied ID and phone numbers leave the clipboard after 30 s
    # Ctrl+S and Ctrl+Enter save in every dialog; the window's Ctrl+E, Ctrl+K… work in text
    # fields on Linux too (window_keys)
    dialog_keys.install(app)
    return app


@dataclass(frozen=True)
class Next:
    """What follows a closed window: a window on `workspace`, else the login dialog filled
    in with `db` and `user`, telling `message` (in red if `failed`)."""

    workspace: Workspace | None = None
    db: str | None = None
    user: str | None = None
    message: str = ""
    failed: bool = False


def after_close(window: MainWindow) -> Next | None:
    """The step after the main window closed: None to quit, else what to open next."""
    from desktop.ui.admin import restore_flow

    if window.restore_request is not None:
        reopened = restore_flow.carry_out(window.restore_request)
        if reopened.error is not None:
            show_error(None, reopened.error, "从备份恢复")
        return Next(reopened.workspace, str(reopened.db), reopened.user, reopened.message, reopened.failed)
    if window.switch_requested:
        return Next()
    return None


def announce_upgrade(window: MainWindow, ws: Workspace) -> None:
    """The first start of a newer program on an older database says it backed it up and
    upgraded it, and where the backup is (in the status bar too, until the next message)."""
    from desktop.services.admin.sessions import upgrade_note

    note = upgrade_note(ws)
    if note is None:
        return
    window.statusBar().showMessage(note)
    QMessageBox.information(window, "数据库已升级", note)


class _OnceShown:
    """Start-up work put off until the first login dialog is on screen: `prepare` (the command
    line's private temp folder), then the window's imports in a thread. Runs once, on the event
    loop's next turn after the paint so that the frame goes out first; and before the first
    window opens in any case, should a dialog have closed before it ever painted."""

    def __init__(self, prepare: Callable[[], None] | None) -> None:
        self.prepare = prepare
        self.done = False

    def run(self, *, preload: bool = True) -> None:
        if self.done:
            return
        if self.prepare is not None:
            self.prepare()  # should it fail, it is tried again before the window opens
        self.done = True
        if preload:
            threading.Thread(target=_preload, name="window-preload", daemon=True).start()

    def after(self, login: LoginDialog) -> None:
        login.first_painted.connect(lambda: QTimer.singleShot(0, self.run))


def run(db: str | None = None, open_file: str | None = None, prepare: Callable[[], None] | None = None) -> int:
    """The window, after the login dialog; `open_file` (a .lrmx the file manager opened with
    the program) goes into the import dialog once the first window is up; `prepare` runs once
    the login dialog is painted, before anything is opened."""
    app = application()
    sys.excepthook = _excepthook
    settings = Settings()
    step: Next | None = Next(db=db)
    shown = _OnceShown(prepare)
    while step is not None:
        ws = step.workspace
        if ws is None:
            login = LoginDialog(settings, initial_db=step.db, initial_user=step.user,
                                notice=step.message, notice_failed=step.failed)
            shown.after(login)
            if os.environ.get(STARTUP_PROBE):
                # bench/bench_frozen_startup.py times the start to this first painted window.
                QTimer.singleShot(0, login, lambda d=login: (d.repaint(), d.reject()))
            if login.exec() != QDialog.DialogCode.Accepted or login.workspace is None:
                return 0
            ws = login.workspace
        shown.run(preload=False)
        from desktop.ui.main_window import MainWindow

        window = MainWindow(ws, settings)
        window.show()
        if step.workspace is not None and step.message:
            window.tell(step.message, step.failed)
        announce_upgrade(window, ws)
        if open_file:
            from desktop.ui.exchange.interchange_actions import import_file

            QTimer.singleShot(0, window, lambda w=window, f=open_file: import_file(w, f))
            open_file = None
        app.exec()
        step = after_close(window)
    return 0
