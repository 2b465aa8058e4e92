"""A campaign's evaluation at a glance: its sheets and their scores (read only)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services import sheets
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.bridge import bridge_for
from desktop.ui.list_model import ListModel, make_table


class AssessmentPlaceholder(QWidget):
    """Lists the campaign's sheets with their computed scores."""

    def __init__(self, ws: Workspace, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.model = ListModel([("cadre", "被测评人"), ("category", "测评人类别"), ("rater", "测评人"),
                                ("template", "评议表"), ("state", "状态"), ("score", "得分")], self)
        self.view = make_table(self.model)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def reload(self) -> None:
        with self.ws.read() as s:
            rows = sheets.sheets_of(s, self.campaign_id)
        self.model.set_rows(rows)
        done = sum(1 for r in rows if r.status == "complete")
        self.summary.setText(f"测评表 {len(rows)} 份，已完成 {done} 份。")

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("sheet", "sheet_answer"):
            self.reload()
