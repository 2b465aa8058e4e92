"""研判运用: judging each cadre on the facts and acting on it (issue 14), one tab per screen —
the comprehensive analysis of a cadre (综合研判) and the annual grades within quota (年度定等).
A tab is there only when the account may read what it shows. Ctrl+Tab moves between tabs:
the pages' own Alt letters are many, and a tab mnemonic would take one of them away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from desktop.services.workspace import Workspace
from desktop.ui.analysis.analysis_page import AnalysisPage
from desktop.ui.grading.grading_page import GradingPage


class JudgementSection(QTabWidget):
    def __init__(self, ws: Workspace, may: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.analysis = AnalysisPage(ws) if may("analysis.read") else None
        self.grading = GradingPage(ws) if may("grading.read") else None
        for page, title in ((self.analysis, "综合研判"), (self.grading, "年度定等")):
            if page is not None:
                self.addTab(page, title)
        # Lists selected by whole rows: Tab leaves the list and Ctrl+Tab reaches the tabs
        # (as in 工作实绩), instead of moving invisibly from cell to cell.
        for view in self.findChildren(QTableView):
            view.setTabKeyNavigation(False)

    def show_page(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
