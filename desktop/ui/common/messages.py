"""Telling the user what happened: that a save or an export went through (the status bar),
or what went wrong — their environment's fault, or a bug of ours.

Refusals (wrong password, damaged file, invalid input) get their own Chinese message and
nothing else. Anything unexpected is a bug: the details go to the log folder and a dialog
offers them for copying, so a clerk can send them to support.
"""

from __future__ import annotations

import logging
import time
import traceback

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from desktop import paths
from desktop.errors import FrontlineError

log = logging.getLogger(__name__)


def is_refusal(exc: BaseException) -> bool:
    # Imported on first use, like describe's: the login dialog uses this module and must show
    # before the models and SQLAlchemy are loaded (ui/app.py).
    from desktop.models.validation import ValidationFailed
    from desktop.services.workspace import refusal_for

    # A damaged page or a full disk surfaces as an SQLite error in the middle of any query.
    return isinstance(exc, (FrontlineError, ValidationFailed)) or refusal_for(exc) is not None


def describe(exc: BaseException) -> str:
    from desktop.models.validation import ValidationFailed
    from desktop.services.workspace import refusal_for

    if isinstance(exc, ValidationFailed):
        return "无法保存，请先修正以下问题：\n" + "\n".join(f"· {p.message}" for p in exc.problems)
    return str(refusal_for(exc) or exc)


def write_crash_log(exc: BaseException) -> str:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        path = paths.log_dir() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        path.write_text(details, encoding="utf-8")
        return f"{details}\n（已保存到 {path}）"
    except OSError:
        return details


def show_error(parent: QWidget | None, exc: BaseException, title: str = "一线考核") -> None:
    if is_refusal(exc):
        QMessageBox.warning(parent, title, describe(exc))
        return
    log.error("unexpected error", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Critical, title,
                      "程序遇到了意外错误，您的数据没有受到影响。\n请将“详细信息”中的内容发送给技术支持。",
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(write_crash_log(exc))
    box.exec()


def choose(parent: QWidget | None, title: str, text: str, options: list[str]) -> str | None:
    """Ask with buttons of our own wording; returns the chosen text, or None for 取消/Esc.
    The first option is the default (Enter): put the one that loses nothing first.
    (One place for such questions, so tests can answer them like the standard boxes.)"""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    buttons = {box.addButton(o, QMessageBox.ButtonRole.ActionRole): o for o in options}
    if buttons:
        box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(box.addButton("取消", QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return buttons.get(box.clickedButton())


def tell(widget: QWidget, text: str, ms: int = 8000) -> None:
    """Say in the main window's status bar that something was done (saved, exported …): every
    save answers, so a clerk pressing Ctrl+S knows it took."""
    top = widget.window()
    if isinstance(top, QMainWindow):
        top.statusBar().showMessage(text, ms)
