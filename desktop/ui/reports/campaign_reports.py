"""Campaign reports from the window: pick a campaign, or open a report straight from a campaign
page, and the scope of a 民主测评结果统计表 (a cadre or a unit, all campaigns or one).

Integration for the campaign pages: `open_campaign_report(parent, ws, kind, campaign_id)`
makes the report on a worker thread and opens the preview (print, save as PDF or Word).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import FrontlineError
from desktop.reports import catalog
from desktop.services.reports import queries, report_data
from desktop.services.reports.reports import Generated, generate
from desktop.services.workspace import Workspace
from desktop.ui.common import workers
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.reports.report_preview import ReportPreview

EMERGENCY = "应急"
COLUMNS = (("id", "编号"), ("kind", "类型"), ("status_label", "状态"), ("period", "考核时间"),
           ("cadres", "被考核干部"), ("name", "考核主题"))


def _generate_or_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成(&G)")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def open_report(parent: QWidget, ws: Workspace, request: report_data.Request) -> workers.Task:
    """Make a report off the window's thread, then show its preview; errors are shown."""

    def shown(made: Generated) -> None:
        dialog = ReportPreview(ws, made, request, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        parent.setProperty("last_report_number", made.number)

    return workers.start(lambda _t: generate(ws, request), on_success=shown,
                         on_failure=lambda exc: show_error(parent, exc))


def open_campaign_report(parent: QWidget, ws: Workspace, kind: str, campaign_id: int) -> workers.Task:
    """The 阶段性报告 (stage), 专项报告 (special) or 应急考核分析报告 (emergency) of a campaign."""
    if kind not in catalog.CAMPAIGN_KINDS:
        raise ValueError(f"not a campaign report: {kind}")
    return open_report(parent, ws, report_data.Request(kind, campaign_id=campaign_id))


def campaign_report_actions(parent: QWidget, ws: Workspace) -> list[tuple[str, Callable[[int], object]]]:
    """(label, action on a campaign id) for a campaign page's menu of extra actions."""
    return [(f"{catalog.KINDS[kind].name}…", lambda cid, k=kind: open_campaign_report(parent, ws, k, cid))
            for kind in catalog.CAMPAIGN_KINDS]


class CampaignPicker(QDialog):
    """Choose a campaign (type to filter, Enter to take the highlighted one). For the
    应急考核分析报告 only emergency campaigns are offered."""

    def __init__(self, ws: Workspace, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen: int | None = None
        name = catalog.KINDS[kind].name
        self.setWindowTitle(f"{name}：选择考核活动")
        self.resize(820, 420)
        rows = queries.campaign_choices(ws, EMERGENCY if kind == "emergency" else None)
        self.model = ListModel(COLUMNS, self)
        self.model.set_rows(rows)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("输入考核主题、类型或编号筛选")
        self.filter.textChanged.connect(self._filter)
        self.view = make_table(self.model)
        self.view.setModel(self.proxy)
        self.view.doubleClicked.connect(lambda _i: self.accept())
        self.view.resizeColumnsToContents()
        note = "只列出应急类考核。" if kind == "emergency" else ""
        self.note = QLabel(note or f"共 {len(rows)} 次考核。")
        if not rows:
            self.note.setText("还没有应急类考核。" if kind == "emergency" else "还没有考核活动。")
        buttons = _generate_or_cancel(self)
        layout = QVBoxLayout(self)
        label = QLabel("筛选(&F)：")
        label.setBuddy(self.filter)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._select_first()
        self.filter.setFocus()
        self.filter.returnPressed.connect(self.accept)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.view.selectRow(0)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Up and Down move the highlight while typing in the filter box.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.proxy.rowCount():
            row = self.view.currentIndex().row()
            row = max(0, row - 1) if event.key() == Qt.Key.Key_Up else min(self.proxy.rowCount() - 1, row + 1)
            self.view.selectRow(row)
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        index: QModelIndex = self.view.currentIndex()
        if not index.isValid():
            return
        source = self.proxy.mapToSource(index)
        self.chosen = int(self.model.rows[source.row()].id)
        super().accept()


class TallyDialog(QDialog):
    """What the 民主测评结果统计表 counts: the selected cadre or a unit, all campaigns or one."""

    def __init__(self, ws: Workspace, cadre_id: int | None, cadre_name: str = "",
                 parent: QWidget | None = None, campaign_id: int | None = None) -> None:
        super().__init__(parent)
        self.request: report_data.Request | None = None
        self.cadre_id = cadre_id
        self.setWindowTitle("民主测评结果统计表")
        scope = queries.tally_scope(ws)
        rows, unit_choices = scope.campaigns, scope.units
        self.for_cadre = QRadioButton(f"干部本人(&P)：{cadre_name}" if cadre_id else "干部本人（请先在花名册中选择）")
        self.for_unit = QRadioButton("单位（含下属单位的现任干部）(&U)：")
        self.for_cadre.setEnabled(cadre_id is not None)
        group = QButtonGroup(self)
        group.addButton(self.for_cadre)
        group.addButton(self.for_unit)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for label, (uid, _printed) in unit_choices.items():
            self.unit.addItem(label, uid)
        self.unit.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.campaign = QComboBox()
        self.campaign.addItem("全部考核活动", None)
        for r in rows:
            self.campaign.addItem(f"{r.name}（{r.kind}，{r.status_label}）", r.id)
        if campaign_id is not None:  # the campaign on screen comes preselected
            self.campaign.setCurrentIndex(max(0, self.campaign.findData(campaign_id)))
        (self.for_cadre if cadre_id is not None else self.for_unit).setChecked(True)
        self.for_unit.toggled.connect(self.unit.setEnabled)
        self.unit.setEnabled(self.for_unit.isChecked())
        form = QFormLayout()
        form.addRow(self.for_cadre)
        form.addRow(self.for_unit, self.unit)
        form.addRow("考核活动(&C)：", self.campaign)
        buttons = _generate_or_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        campaign_id = self.campaign.currentData()
        if self.for_unit.isChecked():
            index = self.unit.findText(self.unit.currentText().strip(), Qt.MatchFlag.MatchExactly)
            if index < 0:
                show_error(self, FrontlineError(f"没有名为“{self.unit.currentText().strip()}”的单位，请从列表中选择"))
                return
            self.request = report_data.Request("democratic-tally", unit_id=int(self.unit.itemData(index)),
                                               campaign_id=campaign_id)
        else:
            self.request = report_data.Request("democratic-tally", cadre_id=self.cadre_id, campaign_id=campaign_id)
        super().accept()
