"""Every Alt+letter in the main window does one thing: no page reuses a menu bar letter
or another control's letter on the same screen (Qt would then do nothing at all)."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabWidget, QWidget

from desktop.ui.main_window import MainWindow


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text or "")
    return found.group(1).upper() if found else None


def _clashes(window: MainWindow) -> dict[str, list[str]]:
    QApplication.processEvents()
    texts = [a.text() for a in window.menuBar().actions()]
    root: QWidget = window.centralWidget()
    texts += [b.text() for b in root.findChildren(QAbstractButton) if b.isVisible()]
    texts += [lb.text() for lb in root.findChildren(QLabel) if lb.isVisible() and lb.buddy() is not None]
    for tabs in root.findChildren(QTabWidget):
        if tabs.isVisible():
            texts += [tabs.tabText(i) for i in range(tabs.count())]
    by_letter: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        if letter := _letter(text):
            by_letter[letter].append(text)
    return {k: v for k, v in by_letter.items() if len(v) > 1}


def test_no_alt_letter_is_used_twice_on_any_screen(qtbot, window: MainWindow):
    problems = {}
    for i, (title, page) in enumerate(window.sections):
        window.show_section(i)
        problems[title] = _clashes(window)
        # A section may itself be the tab widget (工作实绩, 研判运用, 系统管理), or stand in for it.
        shown = getattr(page, "built", None) or page
        own = [shown] if isinstance(shown, QTabWidget) else []
        for tabs in own + page.findChildren(QTabWidget):
            if not tabs.isVisible():
                continue
            for j in range(tabs.count()):
                tabs.setCurrentIndex(j)
                problems[f"{title}/{tabs.tabText(j)}"] = _clashes(window)
    window.show_section(window.section_index(window.campaigns))
    with window.ws.read("test.inspect") as s:
        from desktop.services.campaigns import campaigns

        open_one = next(r.id for r in campaigns.listing(s) if r.status == "active")
    page = window.campaigns.open_campaign(open_one)
    for j in range(page.tabs.count()):
        page.tabs.setCurrentIndex(j)
        problems[f"一线考核/{page.tabs.tabText(j)}"] = _clashes(window)
    window.show_section(window.section_index(window.cadres))
    editor = window.cadres.open_cadre(1)
    for j in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(j)
        problems[f"干部档案/{editor.tabs.tabText(j)}"] = _clashes(window)
    assert {k: v for k, v in problems.items() if v} == {}
