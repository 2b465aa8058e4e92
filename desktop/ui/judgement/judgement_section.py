"""研判运用 as this branch shows it: the conclusion on a chosen cadre and the results-use
records, each on a tab. (The analysis screen hosts the ConclusionPanel with its own charts.)"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.services import permissions
from desktop.services.workspace import Workspace
from desktop.ui.judgement.conclusion_panel import ConclusionPanel
from desktop.ui.results_use.results_uses_page import ResultUsesPage
from desktop.ui.widgets.cadre_picker import CadrePicker


class ConclusionPage(QWidget):
    """A cadre picker over the conclusion panel."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cadre = CadrePicker(ws)
        self.panel = ConclusionPanel(ws)
        self.cadre.cadre_chosen.connect(lambda cadre_id, _name: self.panel.show_cadre(cadre_id))
        top = QHBoxLayout()
        caption = QLabel("干部(&C)：")
        caption.setBuddy(self.cadre)
        top.addWidget(caption)
        top.addWidget(self.cadre, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)

    def show_cadre(self, cadre_id: int, name: str) -> None:
        self.cadre.choose(cadre_id, name)


class JudgementSection(QTabWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.conclusion = ConclusionPage(ws)
        self.addTab(self.conclusion, "综合研判结论")
        self.uses = ResultUsesPage(ws) if permissions.allowed(ws.actor.role, "result_use.read") else None
        if self.uses is not None:
            self.addTab(self.uses, "结果运用")
