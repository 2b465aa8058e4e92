"""工作实绩: the task list (任务清单), what was verified of it (落实清单), the problem list
(问题清单), completion rates (完成情况) and the quarterly indicators (季度指标), one tab each."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from desktop.services.workspace import Workspace
from desktop.ui.common.children import children_of
from desktop.ui.results.completion_tab import CompletionTab
from desktop.ui.results.implementation_tab import ImplementationTab
from desktop.ui.results.indicators_tab import EntryGrid, IndicatorsTab
from desktop.ui.results.problems_tab import ProblemsTab
from desktop.ui.results.targets_tab import TargetsTab


class ResultsSection(QTabWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.targets = TargetsTab(ws)
        self.implementation = ImplementationTab(ws)
        self.problems = ProblemsTab(ws)
        self.completion = CompletionTab(ws)
        self.addTab(self.targets, "任务清单")
        self.addTab(self.implementation, "落实清单")
        self.addTab(self.problems, "问题清单")
        self.addTab(self.completion, "完成情况")
        self.indicators = IndicatorsTab(ws)
        self.addTab(self.indicators, "季度指标")
        # The task list and the implementation list are two views of one campaign: the one
        # chosen in either is shown in both (the clerk verifies in one and checks the other).
        for one, other in ((self.targets.picker, self.implementation.picker),
                           (self.implementation.picker, self.targets.picker)):
            one.campaign_did_change.connect(lambda cid, other=other: cid and other.set_campaign(cid))
        # A QTableView takes Tab and Ctrl+Tab to move cell to cell: in these lists, selected by
        # whole rows, that is invisible and keeps Ctrl+Tab from reaching the tabs. Tab leaves a
        # list, Ctrl+Tab goes to the next tab; only the entry grid moves cell to cell on Tab.
        views = children_of(self, QTableView)
        for view in views:
            if not isinstance(view, EntryGrid):
                view.setTabKeyNavigation(False)
