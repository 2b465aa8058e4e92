"""Where the keyboard lands when a section is shown by its key (Ctrl+1 …).

Qt gives the focus to the section's first widget in Tab order. For a section that starts with
a picker (测评's campaign, 积分's cadre, 干部统计's statistic) that is right: the clerk picks first.
For one that starts with a tab bar or a button row, the cursor sat where typing does nothing
useful; there the clerk wants the list the section is about.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QTabBar, QWidget

from desktop.ui.common.children import children_of


def settle(page: QWidget) -> None:
    """Move the keyboard from a tab bar or a button of `page` to its first list in sight."""
    current = QApplication.focusWidget()
    if current is not None and page.isAncestorOf(current) \
            and not isinstance(current, (QTabBar, QAbstractButton)):
        return
    views = children_of(page, QAbstractItemView)
    for view in views:
        if view.isVisibleTo(page) and view.isEnabled() \
                and view.focusPolicy() & Qt.FocusPolicy.TabFocus:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
