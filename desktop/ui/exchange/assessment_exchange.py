"""数据交换 entries for the front-line assessment data: spreadsheet exports of the ledger,
tallies, ballots and campaigns, import templates, and field-laptop exchange packages.

`export_assessment(window, kind, campaign_id)` is what a campaign page calls with its current
campaign; the menu entries ask for the campaign (or all) when the window has none selected.
`install_assessment_exchange(window, menu)` adds the entries to the 数据交换 menu.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desktop.services.campaigns import queries
from desktop.ui.common import file_dialogs
from desktop.ui.common.messages import show_error

ALL = "全部考核"


def current_campaign(window: Any) -> int | None:
    """The campaign the window is showing, if its page says (attribute or method)."""
    found = getattr(window, "current_campaign_id", None)
    value = found() if callable(found) else found
    return value if isinstance(value, int) else None


def choose_campaign(parent: QWidget, ws: Any, title: str, allow_all: bool = True,
                    open_only: bool = False) -> tuple[bool, int | None]:
    """(chosen?, campaign id or None for all) from a keyboard-friendly list."""
    rows = [r for r in queries.campaign_rows(ws) if not open_only or r.status != "closed"]
    labels = ([ALL] if allow_all else []) + [f"{r.name}（{r.status_label}）" for r in rows]
    if not rows and not allow_all:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, "没有可选的考核（已结束的考核不能导出数据包）。")
        return False, None
    text, ok = QInputDialog.getItem(parent, title, "考核(&C)：", labels, 0, False)
    if not ok:
        return False, None
    if text == ALL:
        return True, None
    return True, rows[labels.index(text) - (1 if allow_all else 0)].id


def _campaign_name(ws: Any, campaign_id: int | None) -> str:
    if campaign_id is None:
        return ""
    return queries.campaign_name(ws, campaign_id)


def export_assessment(window: Any, kind: str, campaign_id: int | None = None, path: str | None = None) -> None:
    """Export `kind` (ledger, tallies, ballots, campaigns) of one campaign (None: all) as xlsx,
    asking where to save unless `path` is given. Runs in a worker with progress and cancel."""
    # Imported on use: the export brings openpyxl (see interchange_actions).
    from desktop.services.exchange import assessment_export
    from desktop.ui.exchange.interchange_actions import run_with_progress

    title = f"导出{assessment_export.KINDS[kind]}"
    if path is None:
        try:
            name = assessment_export.default_name(kind, _campaign_name(window.ws, campaign_id))
        except Exception as exc:
            show_error(window, exc, title)
            return
        path = file_dialogs.save_file(window, title, name, "Excel 工作簿 (*.xlsx)", purpose="exports")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
    ws = window.ws
    target = path
    run_with_progress(window, title,
         lambda task: assessment_export.export(ws, kind, target, campaign_id=campaign_id,
                                               progress=task.progress, cancelled=task.cancelled),
         lambda n: window.statusBar().showMessage(f"已导出{assessment_export.KINDS[kind]}（{n} 行）到 {target}", 8000))


def install_assessment_exchange(window: Any, menu: QMenu) -> None:
    from desktop.ui.exchange.interchange_actions import template_saver

    def add(text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, window)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def exporter(kind: str) -> Callable[[], None]:
        def run() -> None:
            campaign_id = current_campaign(window)
            if campaign_id is None:
                from desktop.services.exchange.assessment_export import KINDS

                ok, campaign_id = choose_campaign(window, window.ws, f"导出{KINDS[kind]}")
                if not ok:
                    return
            export_assessment(window, kind, campaign_id)
        return run

    menu.addSeparator()
    sub = menu.addMenu("导出考核数据(&K)")
    for kind, text in (("ledger", "积分记录(&J)…"), ("tallies", "测评统计(&T)…"), ("ballots", "测评票(&B)…"),
                       ("campaigns", "考核批次及进度(&C)…")):
        action = QAction(text, window)
        action.triggered.connect(exporter(kind))
        sub.addAction(action)
    window.assessment_export_menu = sub
    add("下载积分记录导入模板(&G)…", template_saver(window, "ledger", "积分记录导入模板"))
    add("下载民主测评票导入模板(&V)…", template_saver(window, "ballots", "民主测评票导入模板"))
    install_package_actions(window, menu)


# 外出考核数据包 (export for a laptop, import back with the merge screen), then 上报 / 接收 at the
# end of the 数据交换 menu: (text, module, function taking the window).
PACKAGE_ACTIONS = ((("导出外出考核数据包(&X)…", "package_actions", "ask_export"),
                    ("导入外出考核数据包并合并(&M)…", "package_actions", "ask_import")),
                   (("上报：导出上报文件(&U)…", "report_file_dialogs", "export_report"),
                    ("接收上报文件并合并(&R)…", "report_file_dialogs", "receive_report"),
                    ("报送单位与签名指纹(&N)…", "report_file_dialogs", "show_districts")))


def install_package_actions(window: Any, menu: QMenu) -> None:
    """The menu items now; their dialogs and the services behind them (a tenth of a second of
    imports the window would otherwise wait for, issue 17 P1b) when one is chosen."""

    def later(module: str, name: str) -> Callable[[], None]:
        def run() -> None:
            getattr(import_module(f"desktop.ui.exchange.{module}"), name)(window)
        return run

    for group in PACKAGE_ACTIONS:
        menu.addSeparator()
        for text, module, name in group:
            action = QAction(text, window)
            action.triggered.connect(later(module, name))
            menu.addAction(action)
