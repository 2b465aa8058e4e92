"""Ctrl+` and Ctrl+1 … Ctrl+0 put the keyboard into the section they show: its list (工作台,
干部档案's roster filter, 一线考核's campaigns, and the list of every section that starts with tabs
or buttons), or its picker where the clerk picks first (测评, 积分, 干部统计) — never on a tab
bar, a button, the section list or a page out of sight."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QTabBar

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
        assert not isinstance(now, (QTabBar, QAbstractButton)), (title, now)
        if title in LISTS:
            assert isinstance(now, QAbstractItemView), (title, now)
        seen.append(title)
    assert seen[:3] == ["工作台", "干部档案", "工作台账"] and len(seen) >= 10
    assert set(seen) >= LISTS


# Sections that start with a tab bar or a row of buttons: the keyboard goes to their list.
LISTS = {"工作台账", "一线考核", "谈话走访", "数据质量", "系统管理", "工作实绩"}
