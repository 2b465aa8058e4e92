"""The 报表(&R) menu: reports for the cadres selected in the roster (or the open file), and
for campaigns.

`install_report_actions(window)` is the one integration point: it needs a window with
`ws`, `table` and `model` (the roster's view and model, rows carrying CadreIdRole), and
adds its menu before 帮助. One cadre opens the preview; several open the batch dialog.
Campaign reports ask for the campaign; the 民主测评结果统计表 asks whether to count the
selected cadre or a unit, and in which campaign.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from desktop.reports import catalog
from desktop.services.workspace import Workspace
from desktop.ui.cadres.roster_model import CadreIdRole
from desktop.ui.common import workers
from desktop.ui.common.messages import show_error
from desktop.ui.exchange.assessment_exchange import current_campaign

# What makes and shows a report is imported when a report is asked for: it brings reportlab
# and Pillow (~12 MiB, a fifth of a second of imports), which a window that makes no report
# should neither carry nor wait for (issue 17 P1b, P6). The menu itself needs only the catalog.
if TYPE_CHECKING:
    from desktop.services.reports.report_data import Request
    from desktop.services.reports.reports import Generated
    from desktop.ui.reports.report_preview import ReportPreview

SHORTCUTS = {"adform": "Ctrl+Shift+P"}


def selected_cadres(window: Any) -> list[int]:
    """The open cadre file when one is in front, else the roster's selected rows, in order."""
    cadres = getattr(window, "cadres", None)
    current = cadres.currentWidget() if cadres is not None else None
    form = getattr(current, "form", None)
    if form is not None and getattr(form, "cadre_id", None):
        return [int(form.cadre_id)]
    table = window.table
    rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
    if not rows:
        rows = sorted({i.row() for i in table.selectionModel().selectedIndexes()})
    # None: a blank row of a roster about to be shown afresh (RosterModel._every_id).
    return [int(cid) for r in rows if (cid := window.model.index(r, 0).data(CadreIdRole))]


class ReportActions:
    """Holds the window, the running task, and the open previews (so they are not collected)."""

    def __init__(self, window: QMainWindow, ws: Workspace) -> None:
        self.window, self.ws = window, ws
        self.task: workers.Task | None = None
        self.previews: list[ReportPreview] = []

    def run(self, kind: str) -> None:
        if kind in catalog.CAMPAIGN_KINDS:
            self.campaign_report(kind)
            return
        ids = selected_cadres(self.window)
        if kind == "democratic-tally" and len(ids) <= 1:
            self.tally(ids[0] if ids else None)
            return
        if not ids:
            QMessageBox.information(self.window, "报表", "请先在花名册中选择干部（可按住 Ctrl 或 Shift 多选）。")
            return
        if len(ids) > 1:
            open_batch(self.ws, ids, kind, self.window)
            return
        from desktop.services.reports.report_data import Request

        self.preview(Request(kind, cadre_id=ids[0]))

    def campaign_report(self, kind: str) -> None:
        """For the campaign on screen (a campaign page in front), else the one the user picks."""
        from desktop.services.reports.report_data import Request
        from desktop.ui.reports.campaign_reports import CampaignPicker

        on_screen = current_campaign(self.window)
        if on_screen is not None:
            self.preview(Request(kind, campaign_id=on_screen))
            return
        picker = CampaignPicker(self.ws, kind, self.window)
        if picker.exec() and picker.chosen is not None:
            self.preview(Request(kind, campaign_id=picker.chosen))

    def tally(self, cadre_id: int | None) -> None:
        from desktop.services.reports import queries
        from desktop.ui.reports.campaign_reports import TallyDialog

        name = ""
        if cadre_id is not None:
            name = queries.cadre_name(self.ws, cadre_id)
        dialog = TallyDialog(self.ws, cadre_id, name, self.window, campaign_id=current_campaign(self.window))
        if dialog.exec() and dialog.request is not None:
            self.preview(dialog.request)

    def batch(self) -> None:
        ids = selected_cadres(self.window)
        if not ids:
            QMessageBox.information(self.window, "批量生成", "请先在花名册中选择干部（Ctrl+A 全选）。")
            return
        open_batch(self.ws, ids, "adform", self.window)

    def briefing(self) -> None:
        from desktop.services.reports.report_data import Request
        from desktop.ui.reports import report_dialogs

        dialog = report_dialogs.BriefingDialog(self.window)
        if dialog.exec() and dialog.value is not None:
            self.preview(Request("briefing", briefing=dialog.value))

    def settings(self) -> None:
        from desktop.ui.reports.report_dialogs import ReportSettingsDialog

        ReportSettingsDialog(self.ws, self.window).exec()

    def preview(self, request: Request) -> None:
        """Make the report on a worker thread, then show it."""
        from desktop.services.reports.reports import generate
        from desktop.ui.reports.report_preview import ReportPreview

        status = self.window.statusBar()
        status.showMessage(f"正在生成{catalog.KINDS[request.kind].name}……")

        def shown(made: Generated) -> None:
            status.clearMessage()
            self.task = None
            dialog = ReportPreview(self.ws, made, request, self.window)
            self.previews = [p for p in self.previews if p.isVisible()] + [dialog]
            dialog.show()

        def failed(exc: BaseException) -> None:
            status.clearMessage()
            self.task = None
            show_error(self.window, exc)

        self.task = workers.start(lambda _t: generate(self.ws, request), on_success=shown, on_failure=failed)


def install_report_actions(window: QMainWindow) -> QMenu:
    """Add the 报表(&R) menu to the main window; returns it."""
    ws: Workspace = window.ws  # type: ignore[attr-defined]
    actions = ReportActions(window, ws)
    window.report_actions = actions  # type: ignore[attr-defined]
    menu = QMenu("报表(&R)", window)
    accelerators = iter("ABCDEFGHIJKLMNOQTUVXYZ")
    shown = [k for k in catalog.KINDS.values() if catalog.FREE not in k.scopes and not k.elsewhere]
    # Cadre reports first, then campaign reports, then those still waiting for their data.
    shown.sort(key=lambda k: (not k.available, k.key in catalog.CAMPAIGN_KINDS))
    for n, kind in enumerate(shown):
        if n and (kind.key in catalog.CAMPAIGN_KINDS) != (shown[n - 1].key in catalog.CAMPAIGN_KINDS):
            menu.addSeparator()
        label = f"{kind.name}(&{next(accelerators)})…" if kind.available else f"{kind.name}（暂无数据）"
        action = QAction(label, window)
        if kind.available:
            action.triggered.connect(lambda _=False, k=kind.key: actions.run(k))
            if kind.key in SHORTCUTS:
                action.setShortcut(QKeySequence(SHORTCUTS[kind.key]))
        else:
            action.setEnabled(False)
            action.setToolTip(kind.pending)
            action.setStatusTip(kind.pending)
        menu.addAction(action)
    menu.addSeparator()
    for text, slot, keys in (("专报(&W)…", actions.briefing, None),
                             ("批量生成(&P)…", actions.batch, "Ctrl+Shift+B"),
                             ("报表设置(&S)…", actions.settings, None)):
        action = QAction(text, window)
        action.triggered.connect(slot)
        if keys:
            action.setShortcut(QKeySequence(keys))
        menu.addAction(action)
    menu.setToolTipsVisible(True)
    bar = window.menuBar()
    help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    return menu


def open_batch(ws: Workspace, ids: list[int], kind: str, window: QMainWindow) -> None:
    # Imported when a batch is asked for: its renderer brings pypdf, python-docx and fontTools
    # (~25 MiB) that a window making no batch should not carry (issue 17 P6).
    from desktop.ui.reports.report_batch import BatchDialog

    BatchDialog(ws, ids, kind, window).exec()
