"""研判结论: a cadre picker over the written conclusion (ConclusionPanel). In 研判运用 it sits
beside the analysis of the same cadre (analysis/judgement_section.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.services.workspace import Workspace
from desktop.ui.judgement.conclusion_panel import ConclusionPanel
from desktop.ui.widgets.cadre_picker import CadrePicker


class ConclusionPage(QWidget):
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
