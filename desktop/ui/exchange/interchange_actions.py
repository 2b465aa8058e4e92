"""The 数据交换 menu: import, roster export (the view's filter and columns), LRMX export of
the selected cadres, and the import templates. `install_interchange_actions(window)` is all
MainWindow calls; it needs only `window.ws`, `window.model` and `window.table`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QProgressDialog

from desktop.services.cadres.roster_columns import BY_KEY, DEFAULT_KEYS
from desktop.ui.common import file_dialogs, workers
from desktop.ui.common.messages import show_error
from desktop.ui.exchange.assessment_exchange import install_assessment_exchange


def roster_keys(window: Any) -> list[str]:
    """The roster view's columns in the order shown, hidden ones left out."""
    keys = list(getattr(window.model, "column_keys", None) or DEFAULT_KEYS)
    header = window.table.horizontalHeader()
    shown = [(header.visualIndex(i), key) for i, key in enumerate(keys)
             if i < header.count() and not header.isSectionHidden(i)]
    ordered = [key for _v, key in sorted(shown)] or keys
    return [k for k in ordered if k in BY_KEY]


def selected_ids(window: Any) -> list[int]:
    return window.cadres.roster.selected_ids()  # type: ignore[no-any-return]


def run_with_progress(window: QMainWindow, title: str, fn: Callable[[workers.Task], Any],
                      done: Callable[[Any], None]) -> None:
    dialog = QProgressDialog(title, "取消", 0, 0, window)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progress(n: int, total: int) -> None:
        if total:
            dialog.setMaximum(total)
            dialog.setValue(n)

    def finished(result: Any) -> None:
        dialog.reset()
        done(result)

    def failed(exc: BaseException) -> None:
        dialog.reset()
        show_error(window, exc, title)

    task = workers.start(fn, on_success=finished, on_failure=failed, on_progress=progress)
    dialog.canceled.connect(task.cancel)


# The services behind these actions are imported when an action runs: they bring openpyxl
# and lxml (~10 MiB), which a window that neither imports nor exports should not carry
# (issue 17 P6), nor the start-up wait for.


def export_roster(window: Any, path: str) -> None:
    from desktop.services.exchange import roster_export

    keys = roster_keys(window)
    flt = window.model.filter
    order = getattr(window.model, "order", "name")
    descending = bool(getattr(window.model, "descending", False))
    ws = window.ws
    run_with_progress(window, "导出花名册",
         lambda task: roster_export.export_roster(ws, path, flt=flt, keys=keys, order=order, descending=descending,
                                                  progress=task.progress, cancelled=task.cancelled),
         lambda n: window.statusBar().showMessage(f"已导出 {n} 名干部到 {path}", 8000))


def export_lrmx(window: Any, path: str, ids: list[int]) -> None:
    from desktop.services.exchange import lrmx_export

    ws = window.ws
    run_with_progress(window, "导出任免审批表",
         lambda task: lrmx_export.export(ws, ids, path, progress=task.progress, cancelled=task.cancelled),
         lambda _w: window.statusBar().showMessage(f"已导出 {len(ids)} 份任免审批表到 {path}", 8000))


def template_saver(window: Any, kind: str, title: str) -> Callable[[], None]:
    """A slot that asks where to save the import template of `kind` and writes it."""

    def save() -> None:
        path = file_dialogs.save_file(window, title, f"{title}.xlsx", "Excel 工作簿 (*.xlsx)", purpose="exports")
        if path:
            from desktop.services.exchange import imports

            try:
                imports.write_template(window.ws, kind, Path(path))
            except Exception as exc:
                show_error(window, exc, title)
                return
            window.statusBar().showMessage(f"已保存 {path}", 8000)
    return save


def import_file(window: Any, path: str) -> None:
    """The import dialog, with `path` already read into its preview when given (a .lrmx file
    opened from the file manager: `frontline gui FILE`)."""
    from desktop.ui.exchange.import_dialog import ImportDialog

    dialog = ImportDialog(window.ws, window, path=path)
    dialog.import_did_commit.connect(lambda _r: window.model.reload())
    if path:
        dialog.start_preview()
    dialog.exec()


def install_interchange_actions(window: Any) -> None:
    bar = window.menuBar()
    menu = QMenu("数据交换(&D)", window)
    help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    window.interchange_menu = menu

    def add(text: str, slot: Callable[[], None], shortcut: str = "") -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def open_import() -> None:
        import_file(window, "")

    def ask_roster() -> None:
        name = f"干部花名册-{dt.date.today():%Y%m%d}.xlsx"
        path = file_dialogs.save_file(window, "导出花名册", name, "Excel 工作簿 (*.xlsx)", purpose="exports")
        if path:
            export_roster(window, path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def ask_lrmx() -> None:
        ids = selected_ids(window)
        if not ids:
            QMessageBox.information(window, "导出任免审批表",
                                    "请先在花名册中选择要导出的干部（可按住 Ctrl 或 Shift 多选）。")
            return
        if len(ids) == 1:
            name = window.model.data(window.model.index(window.table.currentIndex().row(), 0)) or "任免审批表"
            path = file_dialogs.save_file(window, "导出任免审批表", f"{name}.lrmx", "任免审批表 (*.lrmx)",
                                          purpose="exports")
        else:
            path = file_dialogs.save_file(window, "导出任免审批表", f"任免审批表-{len(ids)}人.zip",
                                          "zip 压缩包 (*.zip)", purpose="exports")
        if path:
            export_lrmx(window, path, ids)

    add("导入(&I)…", open_import, "Ctrl+I")
    menu.addSeparator()
    add("导出花名册为 Excel(&E)…", ask_roster, "Ctrl+E")
    add("导出所选干部的任免审批表（LRMX）(&L)…", ask_lrmx, "Ctrl+Shift+E")
    menu.addSeparator()
    add("下载干部名册导入模板(&T)…", template_saver(window, "roster", "干部名册导入模板"))
    add("下载年度考核结果导入模板(&A)…", template_saver(window, "annual", "年度考核结果导入模板"))
    install_assessment_exchange(window, menu)
