"""The campaign (一线考核) the 测评 tabs work on: a combo of every campaign, newest first,
with its kind and state."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from desktop.services.campaigns import queries
from desktop.services.campaigns.campaigns import CampaignRow
from desktop.services.workspace import Workspace


def period(row: CampaignRow) -> str:
    if row.start and row.end:
        return f"{row.start} 至 {row.end}"
    return f"自 {row.start} 起" if row.start else f"至 {row.end}"


class CampaignPicker(QWidget):
    """Signals: campaign_did_change(campaign_id or 0 when there is none)."""

    campaign_did_change = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.rows: dict[int, CampaignRow] = {}
        self.combo = QComboBox()
        self.combo.setMinimumWidth(420)
        self.combo.currentIndexChanged.connect(lambda _i: self.campaign_did_change.emit(self.campaign_id()))
        self.state = QLabel()
        # Long dates and counts must not widen the window past a 1366-pixel laptop: the label
        # takes what room is left and shows the rest in its tooltip.
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label = QLabel("一线考核(&K)：")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.combo.currentIndexChanged.connect(lambda _i: self._show_state())

    def reload(self) -> None:
        keep = self.campaign_id()
        rows = queries.campaign_rows(self.ws)
        self.rows = {r.id: r for r in rows}
        self.combo.blockSignals(True)
        self.combo.clear()
        for r in rows:
            self.combo.addItem(f"{r.name}（{r.kind} · {r.status_label}）", r.id)
        index = self.combo.findData(keep)
        self.combo.setCurrentIndex(index if index >= 0 else (0 if rows else -1))
        self.combo.blockSignals(False)
        self._show_state()
        if self.campaign_id() != keep:
            self.campaign_did_change.emit(self.campaign_id())

    def campaign_id(self) -> int:
        data = self.combo.currentData()
        return int(data) if data is not None else 0

    def current(self) -> CampaignRow | None:
        return self.rows.get(self.campaign_id())

    def set_campaign(self, campaign_id: int) -> bool:
        index = self.combo.findData(campaign_id)
        if index < 0:
            self.reload()
            index = self.combo.findData(campaign_id)
        if index < 0:
            return False
        self.combo.setCurrentIndex(index)
        return True

    def is_closed(self) -> bool:
        row = self.current()
        return row is not None and row.status == "closed"

    def _show_state(self) -> None:
        row = self.current()
        if row is None:
            self.state.setText("尚无一线考核，请先在“一线考核”中创建。")
        elif row.status == "closed":
            self.state.setText("已结束：记录已冻结，只能查看。")
        else:
            self.state.setText(f"被考核干部 {row.cadres} 名" + (f"，{period(row)}" if row.start or row.end else ""))
        self.state.setToolTip(self.state.text())
        self.state.setStyleSheet("color: #c0392b;" if row is None or row.status == "closed" else "color: #555;")
