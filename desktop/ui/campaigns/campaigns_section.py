"""The 一线考核 section: every campaign with department-wide totals, one tab per open campaign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.models.campaigns import CAMPAIGN_KINDS, STATUS_LABELS
from desktop.services import permissions
from desktop.services.campaigns import queries
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import CampaignDialog
from desktop.ui.campaigns.campaign_page import CampaignPage
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, make_table

ALL = "全部"


class CampaignList(QWidget):
    """Signals: open_requested(campaign_id)."""

    open_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("font-size: 11pt; padding: 4px;")
        self.status = QComboBox()
        self.status.addItem(ALL, None)
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.kind = QComboBox()
        self.kind.addItems([ALL, *CAMPAIGN_KINDS])
        self.year = QComboBox()
        self.year.addItem(ALL, None)
        for year in queries.campaign_years(ws):
            self.year.addItem(f"{year}年", year)
        for combo in (self.status, self.kind, self.year):
            combo.currentIndexChanged.connect(self.reload)
        new = QPushButton("新建考核(&N)…")
        new.clicked.connect(self.new_campaign)
        open_b = QPushButton("打开(&O)")
        open_b.clicked.connect(self.open_current)
        top = QHBoxLayout()
        top.addWidget(QLabel("状态："))
        top.addWidget(self.status)
        top.addWidget(QLabel("类型："))
        top.addWidget(self.kind)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addStretch(1)
        if not permissions.allowed(ws.actor.role, "campaign.create"):  # not offered to a role that may not
            new.hide()
        top.addWidget(new)
        top.addWidget(open_b)
        self.model = ListModel([("name", "考核主题"), ("kind", "类型"), ("status_label", "状态"), ("period", "时间"),
                                ("follows", "跟进对象"), ("cadres", "考核人数")], self)
        self.view = make_table(self.model)
        self.view.setColumnWidth(0, 360)
        self.view.setColumnWidth(3, 190)
        self.view.setColumnWidth(4, 200)
        self.view.doubleClicked.connect(lambda i: self.open_requested.emit(self.model.rows[i.row()].id))
        enter = QAction(self.view)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.open_current)
        self.view.addAction(enter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.reload()

    def reload(self) -> None:
        kind = self.kind.currentText()
        year = self.year.currentData()
        overview = queries.campaign_overview(self.ws, self.status.currentData(), None if kind == ALL else kind, year)
        t = overview.totals
        self.model.set_rows(overview.rows)
        kinds = "，".join(f"{k} {n} 批" for k, n in t.by_kind.items()) or "尚无"
        when = f"{year}年" if year else "累计"
        self.totals.setText(
            f"{when}开展一线考核 <b>{t.batches}</b> 批次（{kinds}），走访单位 <b>{t.unit_visits}</b> 个次，"
            f"考核干部 <b>{t.person_times}</b> 人次，谈话记录 {t.talks} 份，记录积分 {t.ledger_entries} 条。")

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_requested.emit(self.model.rows[index.row()].id)

    def new_campaign(self) -> None:
        dialog = CampaignDialog(self.ws, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.campaign_id is not None:
            self.open_requested.emit(dialog.campaign_id)


class CampaignsSection(QTabWidget):
    """Signals: open_cadre_requested(cadre_id)."""

    open_cadre_requested = Signal(int)

    def __init__(self, ws: Workspace, *, open_talk: Callable[..., Any] | None = None,
                 roster_selection: Callable[[], list[int]] | None = None,
                 assessment: Callable[[int], QWidget] | None = None,
                 actions: list[tuple[str, Callable[[int], object]]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.actions_for_page = actions
        self.open_talk = open_talk
        self.roster_selection = roster_selection
        self.assessment = assessment
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.list = CampaignList(ws)
        self.addTab(self.list, "考核列表")
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)
        self.list.open_requested.connect(self.open_campaign)
        self.tabCloseRequested.connect(self._close)
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def pages(self) -> list[CampaignPage]:
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), CampaignPage)]

    def focus_list(self) -> None:
        """The list of campaigns when it is in front (Ctrl+3), on its current row."""
        if self.currentWidget() is self.list:
            self.list.view.setFocus()

    def open_campaign(self, campaign_id: int) -> CampaignPage:
        for page in self.pages():
            if page.campaign_id == campaign_id:
                self.setCurrentWidget(page)
                return page
        page = CampaignPage(self.ws, campaign_id, open_talk=self.open_talk, roster_selection=self.roster_selection,
                            assessment=self.assessment, actions=self.actions_for_page)
        page.open_cadre_requested.connect(self.open_cadre_requested)
        page.title_did_change.connect(lambda title, p=page: self.setTabText(self.indexOf(p), title[:16]))
        self.setCurrentIndex(self.addTab(page, page.name[:16]))
        return page

    def current_campaign_id(self) -> int | None:
        page = self.currentWidget()
        return page.campaign_id if isinstance(page, CampaignPage) else None

    def _close(self, index: int) -> None:
        if index > 0:
            page = self.widget(index)
            self.removeTab(index)
            page.deleteLater()

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("campaign", "visit", "talk", "point_entry", "campaign_member"):
            self.list.reload()
        gone = changes.entities.get("campaign")
        for page in self.pages():
            if gone and page.campaign_id in gone.deleted:
                self._close(self.indexOf(page))
