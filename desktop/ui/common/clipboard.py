"""Copied ID numbers and phone numbers leave the clipboard after 30 seconds.

Every copy the window makes passes here, whichever way it was made: Ctrl+C in a field (the
cadre file's 身份证号, 手机), Ctrl+C on a table cell (the roster), or a 复制 button
(`copy_text`). One guard per application watches the clipboard: when it changes while this
program is the active one (or owns the clipboard) and the text holds an ID number, a phone
number or a recovery key, a 30-second timer starts. When it fires, the clipboard is cleared
only if it still holds exactly that text: whatever the clerk copied since stays.
"""

from __future__ import annotations

import re

# QtCore.Qt is looked up when the clipboard changes, not imported: this module loads before the
# login dialog shows, and the Qt namespace's enums take ~14 ms to make.
from PySide6 import QtCore
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000

# Digits not inside a longer run of digits: a 居民身份证号 (18, the last may be X; or the
# old 15), a mobile number (11, from 13…19), a landline with its area code (0xx-xxxxxxx).
_SENSITIVE = re.compile(
    r"(?<![0-9])(?:"
    r"[1-9][0-9]{16}[0-9Xx]"  # 18-digit ID number
    r"|[1-9][0-9]{14}"  # 15-digit ID number
    r"|(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}"  # mobile
    r"|0[1-9][0-9]{1,2}[- ]?[0-9]{7,8}"  # landline with area code
    r")(?![0-9Xx])"
)


def is_sensitive(text: str) -> bool:
    """Does `text` hold an ID number or a phone number (anywhere, as a whole number)?"""
    return bool(_SENSITIVE.search(text))


class ClipboardGuard(QObject):
    def __init__(self, clipboard: QClipboard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard
        self.held: str | None = None  # what we put there and will take back
        self._always = False  # set by copy_text: the next change is ours whatever the focus
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CLEAR_AFTER_MS)
        self.timer.timeout.connect(self.clear_if_unchanged)
        clipboard.dataChanged.connect(self._changed)

    def _ours(self) -> bool:
        # Another program's copy arrives while that program is active; ours while we are.
        return (self._always or self.clipboard.ownsClipboard()
                or QGuiApplication.applicationState() == QtCore.Qt.ApplicationState.ApplicationActive)

    def _changed(self) -> None:
        text = self.clipboard.text()
        sensitive = self._always or is_sensitive(text)
        if text and sensitive and self._ours():
            self.held = text
            self.timer.start()
        elif text != self.held:
            self.held = None
            self.timer.stop()
        self._always = False

    def copy(self, text: str, *, sensitive: bool = False) -> None:
        self._always = sensitive
        self.clipboard.setText(text)
        self._always = False

    def clear_if_unchanged(self) -> None:
        if self.held is not None and self.clipboard.text() == self.held:
            self.clipboard.clear()
        self.held = None


_GUARD_NAME = "frontline-clipboard-guard"


def install(app: QGuiApplication) -> ClipboardGuard:
    """The application's one guard (made on first call)."""
    guard = app.findChild(ClipboardGuard, _GUARD_NAME)
    if guard is None:
        guard = ClipboardGuard(QGuiApplication.clipboard(), app)
        guard.setObjectName(_GUARD_NAME)
    return guard


def copy_text(text: str, *, sensitive: bool = False) -> None:
    """Put `text` on the clipboard; `sensitive` clears it after 30 s even if it is not an ID
    or phone number (a recovery key)."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    install(app).copy(text, sensitive=sensitive)
