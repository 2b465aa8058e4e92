"""问题清单: a quarter's (or a year's) problems, where each was seen, and its follow-up.
Enter on a line changes its status (修改状态…), F2 edits its text and fields (修改…)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.services.operations import Changes
from desktop.services.results import problems, queries
from desktop.services.results.queries import ProblemRow
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import keeping_current, make_table
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.results.problem_dialogs import EditProblemDialog, ProblemDialog, StatusDialog

OPEN_SEVERE = QBrush(QColor("#fde2e1"))
SOLVED = QBrush(QColor("#e6f4ea"))


def _brush(row: ProblemRow) -> QBrush | None:
    if row.status == "已解决":
        return SOLVED
    return OPEN_SEVERE if row.severity == "严重" else None


class ProblemsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        today = dt.date.today()
        self.year = QSpinBox()
        self.year.setRange(problems.FIRST_YEAR, problems.LAST_YEAR)
        self.year.setValue(today.year)
        self.quarter = QComboBox()
        self.quarter.addItem("全年", None)
        for q in range(1, 5):
            self.quarter.addItem(f"第{q}季度", q)
        self.quarter.setCurrentIndex((today.month - 1) // 3 + 1)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.quarter.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button = add = QPushButton("新增问题(&A)…")
        add.clicked.connect(self.new_problem)
        status = QPushButton("修改状态(&S)…")
        status.clicked.connect(self.change_status)
        self.edit_button = edit = QPushButton("修改(&E)…")
        edit.setToolTip("修改选中问题的内容、严重程度、反馈和跟进情况（F2）")
        edit.clicked.connect(self.edit_current)
        top = QHBoxLayout()
        for caption, field in (("年度(&N)：", self.year), ("季度(&J)：", self.quarter)):
            label = QLabel(caption)
            label.setBuddy(field)
            top.addWidget(label)
            top.addWidget(field)
        top.addStretch(1)
        top.addWidget(add)
        top.addWidget(edit)
        top.addWidget(status)
        self.model = RowsModel([("id", "编号"), (lambda r: f"{r.year}年第{r.quarter}季度", "季度"),
                                (lambda r: r.unit or r.cadre, "单位或干部"), ("problem", "问题"),
                                ("bottleneck", "堵点难点"), ("severity", "严重程度"), ("fed_back_to", "反馈给"),
                                (lambda r: str(r.fed_back_on or ""), "反馈日期"), ("follow_up", "跟进整改"),
                                ("status", "状态"), ("origin", "来源")], brush=_brush, parent=self)
        self.view = make_table(self.model)
        for column, width in enumerate((45, 110, 130, 220, 130, 65, 100, 85, 150, 60)):
            self.view.setColumnWidth(column, width)
        self.view.activated.connect(lambda _i: self.change_status())
        action = QAction(self.view)
        action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.edit_current)
        self.view.addAction(action)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def period(self) -> tuple[int, int | None]:
        quarter = self.quarter.currentData()
        return self.year.value(), None if quarter is None else int(quarter)

    def show_period(self, year: int, quarter: int) -> None:
        self.year.setValue(year)
        self.quarter.setCurrentIndex(quarter)

    def reload(self) -> None:
        year, quarter = self.period()
        with keeping_current(self.view):
            self.model.set_rows(queries.problems(self.ws, year, quarter))
        rows: list[ProblemRow] = self.model.rows
        open_rows = sum(r.status != "已解决" for r in rows)
        self.summary.setText(f"共 {len(rows)} 个问题，未解决 {open_rows} 个。选中一个按 Enter 修改状态、写明跟进情况；"
                             "F2 修改问题内容；走访和谈话记录中可直接“提出问题…”。" if rows else
                             "这一期间没有问题。可在此“新增问题…”，或在“谈话走访”中从走访、谈话记录提出问题。")

    def current(self) -> ProblemRow | None:
        index = self.view.currentIndex()
        row: ProblemRow | None = self.model.row_object(index.row()) if index.isValid() else None
        return row

    def new_problem(self) -> ProblemDialog:
        year, quarter = self.period()
        dialog = ProblemDialog(self.ws, year=year, quarter=quarter, parent=self)
        dialog.exec()
        return dialog

    def change_status(self) -> StatusDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = StatusDialog(self.ws, row, self)
        dialog.exec()
        return dialog

    def edit_current(self) -> EditProblemDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = EditProblemDialog(self.ws, row, self)
        dialog.exec()
        return dialog

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("problem", "visit", "talk", "unit", "cadre"):
            self.reload()
