"""Ctrl+` and Ctrl+1 … Ctrl+0 put the keyboard into the section they show: its list where it has
one (工作台, 干部档案's roster filter, 一线考核's campaigns), else its first field in Tab order —
never left on the section list or on a page out of sight."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow


def test_each_section_key_puts_the_keyboard_into_its_section(qtbot, window: MainWindow):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = []
    for row, (title, page) in enumerate(window.sections):
        keys = window.section_shortcut(row)
        if keys is None:
            continue
        sequence = QKeySequence(keys)[0]
        focus = QApplication.focusWidget() or window
        qtbot.keyClick(focus, sequence.key(), sequence.keyboardModifiers())
        qtbot.waitUntil(lambda page=page: window.pages.currentWidget() is page)
        now = QApplication.focusWidget()
        assert now is not None and page.isAncestorOf(now), (title, now)
        seen.append(title)
    assert seen[:3] == ["工作台", "干部档案", "工作台账"] and len(seen) >= 10
