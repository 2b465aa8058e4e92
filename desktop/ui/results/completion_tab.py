"""完成情况: completion rates of the task lists per campaign, cadre and unit; hard indicators
(硬性指标) on their own; overdue lines counted and tinted."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.services.campaigns import queries as campaign_queries
from desktop.services.operations import Changes
from desktop.services.results import queries
from desktop.services.results.completion import CompletionRow
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import make_table
from desktop.ui.common.rows_model import RowsModel

OVERDUE = QBrush(QColor("#fde2e1"))
TOTAL = QBrush(QColor("#eef2f7"))


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _brush(row: CompletionRow) -> QBrush | None:
    if row.kind == "total":
        return TOTAL
    return OVERDUE if row.all.overdue else None


class CompletionTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign = QComboBox()
        self.campaign.setMinimumWidth(360)
        self.campaign.currentIndexChanged.connect(lambda _i: self.reload())
        label = QLabel("统计范围(&G)：")
        label.setBuddy(self.campaign)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.campaign)
        top.addStretch(1)
        self.model = RowsModel([(lambda r: r.kind_label, "类别"), ("name", "名称"),
                                (lambda r: r.all.targets, "任务"), (lambda r: r.all.met, "完成"),
                                (lambda r: r.all.partly, "部分完成"), (lambda r: r.all.not_met, "未完成"),
                                (lambda r: r.all.unverified, "未核验"), (lambda r: r.all.overdue, "逾期"),
                                (lambda r: rate(r.all.rate), "完成率"),
                                (lambda r: f"{r.hard.met}/{r.hard.targets}", "硬性指标完成"),
                                (lambda r: rate(r.hard.rate), "硬性指标完成率"),
                                (lambda r: r.hard.overdue, "硬性逾期")], brush=_brush, parent=self)
        self.view = make_table(self.model)
        for col, width in enumerate((60, 280, 55, 55, 70, 60, 60, 55, 70, 95, 110, 70)):
            self.view.setColumnWidth(col, width)
        self.summary = QLabel()
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.reload_campaigns()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def reload_campaigns(self) -> None:
        keep = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        self.campaign.addItem("全部考核", None)
        for row in campaign_queries.campaign_rows(self.ws):
            self.campaign.addItem(f"{row.name}（{row.status_label}）", row.id)
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(keep)))
        self.campaign.blockSignals(False)
        self.reload()

    def choose_campaign(self, campaign_id: int | None) -> None:
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(campaign_id)))

    def reload(self) -> None:
        campaign_id = self.campaign.currentData()
        report = queries.completion(self.ws, campaign_id)
        self.model.set_rows([report.total, *report.campaigns, *report.cadres, *report.units])
        t = report.total
        overdue = f"，<span style='color:#b00020'>逾期 {t.all.overdue} 条</span>" if t.all.overdue else "，无逾期"
        self.summary.setText(f"截至 {report.today}：任务 {t.all.targets} 条，完成率 {rate(t.all.rate)}；"
                             f"硬性指标 {t.hard.targets} 条，完成率 {rate(t.hard.rate)}{overdue}。"
                             "（完成率 = 核验为“完成”的任务 / 全部任务）")

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("campaign"):
            self.reload_campaigns()
        elif changes.touches("target", "verification", "cadre", "unit"):
            self.reload()
