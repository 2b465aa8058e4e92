"""Sections built on first visit (ui/common/lazy_section.py): nothing of theirs is read or built
before the window shows, and building one in the shown window keeps the keyboard there — no
widget of the section flashes up as a window of its own and takes the activation (the buttons
of 研判运用 once did, and a key pressed next went nowhere)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.common.lazy_section import LazySection
from desktop.ui.main_window import MainWindow


class _Windows(QObject):
    """The widgets shown as windows of their own while it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(f"{type(watched).__name__} {getattr(watched, 'text', lambda: '')()}")
        return False


def test_sections_are_built_on_first_visit_and_keep_the_keyboard(qtbot, window: MainWindow):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    lazy = [(title, page) for title, page in window.sections if isinstance(page, LazySection)]
    titles = [title for title, _page in lazy]
    assert {"研判运用", "一线考核", "测评", "积分", "工作实绩", "审计日志"} <= set(titles)
    assert all(page.built is None for _title, page in lazy)  # the window showed without them
    watch = _Windows()
    QApplication.instance().installEventFilter(watch)
    try:
        for title, page in lazy:
            window.go_to_section(window.section_index(page))
            QApplication.processEvents()
            assert page.built is not None, title
            assert watch.shown == [], (title, watch.shown)
            assert window.isActiveWindow(), title
            focus = QApplication.focusWidget()
            assert focus is not None and page.isAncestorOf(focus), (title, focus)
    finally:
        QApplication.instance().removeEventFilter(watch)


def test_the_judgement_tabs_answer_through_the_window_once_built(qtbot, window: MainWindow):
    assert window.built_section("judgement") is None
    analysis, grading = window.analysis, window.grading  # asking for a tab builds the section
    assert window.built_section("judgement") is not None
    assert analysis is not None and grading is not None
    section = window.judgement
    assert [section.tabText(i) for i in range(section.count())] == ["综合研判", "研判结论", "年度定等", "结果运用"]
    section.show_page(grading)
    assert section.currentWidget() is grading


def test_each_admin_tab_is_built_when_first_shown_and_shows_its_page(qtbot, window: MainWindow):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    admin = window.admin
    tabs = [admin.widget(i) for i in range(admin.count())]
    assert [admin.tabText(i) for i in range(admin.count())] == ["单位管理", "代码表", "积分规则", "账户", "备份与恢复"]
    assert all(isinstance(tab, LazySection) and tab.built is None for tab in tabs)  # none read at start-up
    window.go_to_section(window.section_index(admin))
    for i, tab in enumerate(tabs):
        admin.setCurrentIndex(i)
        # Shown at once, not an event later: focus given to it now must take.
        assert tab.built is not None and tab.built.isVisible(), admin.tabText(i)
        QApplication.processEvents()
        assert tab.built.height() > 100, admin.tabText(i)  # filling the tab, not a sliver
    assert all(tab.built is not None for tab in tabs)
