"""Starting the window: the application object, login, main window, crash reporting."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.messages import show_error
from desktop.ui.settings import Settings


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
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("一线考核")
    app.setOrganizationName("Frontline")
    app.setApplicationDisplayName("一线考核")
    _choose_font(app)
    _install_translations(app)
    return app


def run(db: str | None = None) -> int:
    app = application()
    sys.excepthook = _excepthook
    settings = Settings()
    while True:
        login = LoginDialog(settings, initial_db=db)
        if login.exec() != QDialog.DialogCode.Accepted or login.workspace is None:
            return 0
        window = MainWindow(login.workspace, settings)
        window.show()
        app.exec()
        if not window.switch_requested:
            return 0
        db = None
