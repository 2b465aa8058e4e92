"""数据质量: every missing or inconsistent item, each row opening the file at the field."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cadres import quality, queries
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common import workers
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error

EVERY = "全部类别"


class QualityPage(QWidget):
    """Signals: fix_requested(cadre_id, field)."""

    fix_requested = Signal(int, str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.issues: list[quality.Issue] = []
        self._task: workers.Task | None = None
        self._stale = False  # files changed since the last check
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)
        self.start_button = QPushButton("开始检查(&S)")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.category = QComboBox()
        self.category.addItem(EVERY)
        self.category.currentTextChanged.connect(self._show)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel("检查缺少的必填项、身份证号与出生年月和性别是否一致、日期先后、疑似重复的档案。")
        top = QHBoxLayout()
        top.addWidget(self.start_button)
        top.addWidget(self.cancel_button)
        top.addWidget(QLabel("类别："))
        top.addWidget(self.category)
        # The progress bar shows only while checking: a stretch keeps the buttons their size.
        self.progress.setMaximumWidth(360)
        top.addWidget(self.progress)
        top.addStretch(1)
        self.model = ListModel([("cadre_id", "编号"), ("name", "姓名"), ("category", "类别"), ("message", "问题")],
                               self)
        self.view = make_table(self.model)
        for i, w in enumerate((70, 90, 120)):
            self.view.setColumnWidth(i, w)
        self.view.doubleClicked.connect(lambda index: self._fix(index.row()))
        self.view.activated.connect(lambda index: self._fix(index.row()))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The first look at the page starts the check (with its progress and 取消) rather than
        # showing an empty list; coming back after files were corrected checks again, so a
        # fixed problem is gone from the list. 开始检查 runs it again at any time.
        if self._task is None or (self._stale and self._task.done.is_set()):
            self.start()

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("cadre", "post", "study", "work_record", "training", "punishment", "unit"):
            self._stale = True

    def stop(self) -> None:
        """Cancel a check under way and let it end before the database closes."""
        if self._task is not None:
            self._task.cancel()
            self._task.done.wait(10)

    def start(self) -> None:
        self._stale = False
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)

        def work(task: workers.Task) -> list[quality.Issue]:
            return queries.quality_issues(self.ws, progress=task.progress, cancelled=task.cancelled)

        self._task = workers.start(work, on_success=self._done, on_failure=self._failed,
                                   on_progress=self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _finish(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        show_error(self, exc)

    def _done(self, issues: list[quality.Issue]) -> None:
        self._finish()
        if self._task is not None and self._task.cancelled():
            self.summary.setText("检查已取消。")
            return
        self.issues = issues
        counts = Counter(i.category for i in issues)
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItems([EVERY, *counts])
        self.category.blockSignals(False)
        people = len({i.cadre_id for i in issues})
        detail = "，".join(f"{c} {n} 项" for c, n in counts.items())
        found = f"发现 {len(issues)} 个问题，涉及 {people} 名干部：{detail}。双击一行打开档案并定位到该项。"
        self.summary.setText(found if issues else "没有发现问题。")
        self._show()

    def _show(self) -> None:
        chosen = self.category.currentText()
        self.shown = [i for i in self.issues if chosen in (EVERY, "") or i.category == chosen]
        self.model.set_rows(self.shown)

    def _fix(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            issue = self.shown[row]
            self.fix_requested.emit(issue.cadre_id, issue.field)
