"""工作台: the first section, today's unfinished work, each row one Enter (or double-click)
away from the screen that finishes it. The main window decides which screen that is
(work_requested); this page only lists and asks.

The list is re-read when the page is shown and after every change while it is on screen; a
change made while it is hidden only marks it stale, so work elsewhere costs no queries here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.services.home import queries
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import keeping_current, make_table
from desktop.ui.common.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
WEEKDAYS = "一二三四五六日"
KIND_COLOURS = {queries.DRAFT: "#1a5fb4", queries.SHEETS: "#26734d", queries.BALLOTS: "#26734d",
                queries.TO_CLOSE: "#8a5a00", queries.OVERDUE: "#b00020", queries.PROBLEMS: "#b00020",
                queries.NOTICE: "#8a5a00"}
EMPTY_DAY = "今天没有待办的工作：没有未完成的谈话草稿、待填的测评表、待录入的测评票、到期待结束的考核或逾期的任务。"


class TodayModel(RowsModel):
    """Today's work: the kind in its colour, the count, what is to be done."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([("kind_label", "类别"), ("count", "数量"), ("title", "待办事项")], parent=parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0 \
                and index.row() < len(self.rows):
            return QBrush(QColor(KIND_COLOURS.get(self.rows[index.row()].kind, "#000")))
        return super().data(index, role)


class HomePage(QWidget):
    """Signals: work_requested(WorkRow), the row the clerk chose to finish."""

    work_requested = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; padding: 4px;")
        self.hint = QLabel("↑ ↓ 选择一项，Enter 或双击打开处理它的页面。")
        self.hint.setStyleSheet("color: #555; padding: 0 4px 4px 4px;")
        self.model = TodayModel(self)
        self.view = make_table(self.model)
        self.view.setColumnWidth(0, 110)
        self.view.setColumnWidth(1, 60)
        self.view.setAlternatingRowColors(True)
        self.view.doubleClicked.connect(lambda i: self._request(i.row()))
        enter = QAction(self.view)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.open_current)
        self.view.addAction(enter)
        self.empty = QLabel(EMPTY_DAY)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet("font-size: 12pt; color: #26734d; padding: 40px;")
        self.body = QStackedWidget()
        self.body.addWidget(self.view)
        self.body.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.body, 1)
        self.stale = True
        self._read_when_painted = False
        bridge_for(ws).workspace_did_change.connect(self._changed)

    def reload(self) -> None:
        self.stale = False
        work = queries.today(self.ws)
        with keeping_current(self.view, lambda row: row.key):
            self.model.set_rows(work.rows)
        self.heading.setText(self._heading(work.day, len(work.rows)))
        self.body.setCurrentWidget(self.empty if work.empty else self.view)
        self.hint.setVisible(not work.empty)
        if not work.empty and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        focused = QApplication.focusWidget()
        if focused is self or (focused is not None and self.isAncestorOf(focused)):
            self.focus_list()  # the list appeared or went: the keys stay on this page

    @staticmethod
    def _heading(day: dt.date, count: int) -> str:
        when = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
        return f"<b>{when}</b>　待办 {count} 项" if count else f"<b>{when}</b>"

    def focus_list(self) -> None:
        # The page itself until there is a row to go to (before the first read too: Enter on
        # an empty list would be taken from whatever window comes up meanwhile, the lock prompt).
        listed = self.body.currentWidget() is self.view and self.model.rowCount() > 0
        (self.view if listed else self).setFocus()

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._request(index.row())

    def _request(self, row: int) -> None:
        found = self.model.row_object(row)
        if found is not None:
            self.work_requested.emit(found)

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            # Read once the page has been painted: the window opens on this page, and a clerk
            # who goes straight to another section (Ctrl+1) should not wait for today's
            # queries first (issue 17 P1b); a page hidden again by then reads when next shown.
            # (A timer started here could run before the first paint: on X11 the window is
            # painted when the server says it is exposed, after a round trip.)
            self._read_when_painted = True
        super().showEvent(event)
        self.focus_list()  # ↓ and Enter work as soon as the page is there

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._read_when_painted:
            self._read_when_painted = False
            QTimer.singleShot(0, self, self._reload_if_shown)

    def _reload_if_shown(self) -> None:
        if self.stale and self.isVisible():
            self.reload()

    def _changed(self, _changes: Changes) -> None:
        # Any operation may change today's work (a draft's autosave records no audited change,
        # so the Changes may be empty): re-read when on screen, only mark stale otherwise.
        if self.isVisible():
            self.reload()
        else:
            self.stale = True
