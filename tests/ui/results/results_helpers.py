"""Helpers of the 工作实绩 window tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget


def active(widget: QWidget) -> None:
    """The dialog made the active window, as a window manager does (offscreen does not):
    Alt+letter and Ctrl+Enter belong to the active window."""
    widget.activateWindow()
    QApplication.processEvents()
