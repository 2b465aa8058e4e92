"""审计日志: what the 安全审计员 works on — every audited operation, newest first, filtered by
account, by action and by date, and exported to xlsx (the export is itself logged)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import audit_log
from desktop.services.workspace import Workspace
from desktop.ui.common import file_dialogs
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error

ALL_ACCOUNTS = "全部账户"


class AuditLogPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ListModel([("id", "序号"), ("time_text", "时间"), ("actor", "账户"), ("what", "说明"),
                                ("action", "操作"), ("entity", "对象"), ("detail", "内容")], self)
        self.view = make_table(self.model)
        for column, width in ((0, 60), (1, 150), (2, 90), (3, 120), (4, 150), (5, 90)):
            self.view.setColumnWidth(column, width)
        self.actor = QComboBox()
        self.actor.setMinimumContentsLength(10)
        self.action = QLineEdit()
        self.action.setPlaceholderText("操作，如 cadre 或 account.role")
        self.action.setMinimumWidth(200)
        self.action.setClearButtonEnabled(True)
        self.dated = QCheckBox("日期(&G)：")
        self.since, self.until = QDateEdit(), QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
        self.since.setDate(QDate.currentDate().addMonths(-1))
        apply = QPushButton("查询(&Q)")
        apply.clicked.connect(self.reload)
        self.action.returnPressed.connect(self.reload)
        export = QPushButton("导出(&E)…")
        export.clicked.connect(self.export)
        self.count = QLabel()
        row = QHBoxLayout()
        account_label = QLabel("账户(&U)：")
        account_label.setBuddy(self.actor)
        for w in (account_label, self.actor, self.action, self.dated, self.since, QLabel("至"), self.until, apply,
                  export):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.reload()

    def current_filter(self) -> audit_log.AuditFilter:
        actor = self.actor.currentText()
        since = until = None
        if self.dated.isChecked():
            since = dt.date.fromisoformat(self.since.date().toString("yyyy-MM-dd"))
            until = dt.date.fromisoformat(self.until.date().toString("yyyy-MM-dd"))
        return audit_log.AuditFilter("" if actor in ("", ALL_ACCOUNTS) else actor, self.action.text().strip(),
                                     since, until)

    def reload(self) -> None:
        try:
            page = audit_log.audit_rows(self.ws, self.current_filter())
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_rows(page.rows)
        chosen = self.actor.currentText()
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItems([ALL_ACCOUNTS, *page.actors])
        self.actor.setCurrentText(chosen or ALL_ACCOUNTS)
        self.actor.blockSignals(False)
        shown = f"，列出最新的 {len(page.rows)} 条" if len(page.rows) < page.total else ""
        self.count.setText(f"共 {page.total} 条审计记录{shown}")

    def export(self) -> None:
        path = file_dialogs.save_file(self, "导出审计日志", f"审计日志-{dt.date.today():%Y%m%d}.xlsx",
                                      "Excel 工作簿 (*.xlsx)", purpose="exports")
        if not path:
            return
        try:
            n = audit_log.export(self.ws, path, self.current_filter())
        except Exception as exc:
            show_error(self, exc)
            return
        self.count.setText(f"已导出 {n} 条审计记录到 {path}（此次导出已记入审计日志）")
        self.reload_keeping_message()

    def reload_keeping_message(self) -> None:
        message = self.count.text()
        self.reload()
        self.count.setText(message)
