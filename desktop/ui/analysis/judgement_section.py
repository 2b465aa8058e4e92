"""研判运用: judging each cadre on the facts and acting on it (issue 14), one tab per screen —
the comprehensive analysis of a cadre (综合研判), the written conclusion on the cadre with its
cited facts and sign-off (研判结论), the annual grades within quota (年度定等) and the records of
how results were used (结果运用). A tab is there only when the account may read what it shows.

Ctrl+Tab moves between tabs: the pages' own Alt letters are many, and a tab mnemonic would
take one of them away. The conclusion is a tab of its own rather than a part of the analysis
page because both pages are keyboard-first with their own Alt letters; opened after the
analysis, it shows the cadre analysed (unless a conclusion is being written for another).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from desktop.services.workspace import Workspace
from desktop.ui.analysis.analysis_page import AnalysisPage
from desktop.ui.common.children import children_of
from desktop.ui.grading.grading_page import GradingPage
from desktop.ui.judgement.conclusion_page import ConclusionPage
from desktop.ui.results_use.results_uses_page import ResultUsesPage


class JudgementSection(QTabWidget):
    def __init__(self, ws: Workspace, may: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.analysis = AnalysisPage(ws) if may("analysis.read") else None
        self.conclusion = ConclusionPage(ws) if may("analysis.read") else None
        self.grading = GradingPage(ws) if may("grading.read") else None
        self.uses = ResultUsesPage(ws) if may("result_use.read") else None
        for page, title in ((self.analysis, "综合研判"), (self.conclusion, "研判结论"), (self.grading, "年度定等"),
                            (self.uses, "结果运用")):
            if page is not None:
                self.addTab(page, title)
        self.currentChanged.connect(lambda _i: self._follow_the_analysis())
        # Lists selected by whole rows: Tab leaves the list and Ctrl+Tab reaches the tabs
        # (as in 工作实绩), instead of moving invisibly from cell to cell.
        views = children_of(self, QTableView)
        for view in views:
            view.setTabKeyNavigation(False)

    def show_page(self, page: QWidget) -> None:
        self.setCurrentWidget(page)

    def _follow_the_analysis(self) -> None:
        """The conclusion, when shown, is on the cadre last analysed — not while a conclusion
        on another cadre has unsaved text (it would ask to save from out of nowhere)."""
        if self.currentWidget() is not self.conclusion or self.conclusion is None or self.analysis is None:
            return
        profile = self.analysis.profile
        panel = self.conclusion.panel
        if profile is None or panel.cadre_id == profile.summary.id or panel.dirty:
            return
        self.conclusion.show_cadre(profile.summary.id, profile.summary.name)
