"""谈话走访: every talk record and visit, in or outside a campaign."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.services.campaigns import queries
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import VisitDialog
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.results.problem_dialogs import ProblemDialog


@dataclass(frozen=True)
class TalkLine:
    id: int
    when: str
    interviewee: str
    interviewers: str
    campaign: str
    conclusion: str


@dataclass(frozen=True)
class VisitLine:
    id: int
    date: dt.date
    place: str
    unannounced: str
    campaign: str
    findings: str


class FieldworkPage(QWidget):
    def __init__(self, ws: Workspace, open_talk: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.open_talk = open_talk
        self.talks = ListModel([("when", "时间"), ("interviewee", "被谈话人"), ("interviewers", "谈话人"),
                                ("campaign", "所属考核"), ("conclusion", "结论")], self)
        self.talk_view = make_table(self.talks)
        self.talk_view.setColumnWidth(0, 140)
        self.talk_view.setColumnWidth(3, 260)
        self.talk_view.doubleClicked.connect(lambda i: self.open_talk(talk_id=self.talks.rows[i.row()].id))
        new_talk = QPushButton("新建谈话记录(&K)")
        new_talk.clicked.connect(lambda: self.open_talk())
        open_talk_b = QPushButton("打开")
        open_talk_b.clicked.connect(self._open_current_talk)
        self.talk_problem = talk_problem = QPushButton("提出问题(&P)…")
        talk_problem.clicked.connect(lambda: self.raise_problem("talk"))
        talk_tab = QWidget()
        tv = QVBoxLayout(talk_tab)
        row = QHBoxLayout()
        row.addWidget(new_talk)
        row.addWidget(open_talk_b)
        row.addWidget(talk_problem)
        row.addWidget(QLabel("谈话时可按 F11 进入谈话模式：全屏，只显示记录内容，每秒自动保存草稿。"), 1)
        tv.addLayout(row)
        tv.addWidget(self.talk_view)

        self.visits = ListModel([("date", "日期"), ("place", "地点"), ("unannounced", "四不两直"),
                                 ("campaign", "所属考核"), ("findings", "发现问题")], self)
        self.visit_view = make_table(self.visits)
        self.visit_view.setColumnWidth(1, 220)
        self.visit_view.setColumnWidth(3, 260)
        self.visit_view.doubleClicked.connect(lambda i: self._edit_visit(self.visits.rows[i.row()].id))
        new_visit = QPushButton("新增走访(&W)…")
        new_visit.clicked.connect(lambda: self._edit_visit(None))
        self.visit_problem = visit_problem = QPushButton("提出问题(&P)…")
        visit_problem.setToolTip("把这次走访发现的问题列入问题清单")
        visit_problem.clicked.connect(lambda: self.raise_problem("visit"))
        visit_tab = QWidget()
        vv = QVBoxLayout(visit_tab)
        row2 = QHBoxLayout()
        row2.addWidget(new_visit)
        row2.addWidget(visit_problem)
        row2.addStretch(1)
        vv.addLayout(row2)
        vv.addWidget(self.visit_view)

        self.tabs = tabs = QTabWidget()
        tabs.addTab(talk_tab, "谈话记录")
        tabs.addTab(visit_tab, "走访记录")
        for view in (self.talk_view, self.visit_view):  # lists of whole rows: Ctrl+Tab switches tabs
            view.setTabKeyNavigation(False)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def reload(self) -> None:
        records = queries.fieldwork_records(self.ws)
        names, talks, visits = records.campaign_names, records.talks, records.visits
        self.talks.set_rows([TalkLine(t.id, f"{t.start_at.astimezone():%Y-%m-%d %H:%M}" if t.start_at else "",
                                      t.interviewee_name, "、".join(t.interviewers),
                                      names.get(t.campaign_id or 0, ""), t.conclusion) for t in talks])
        self.visits.set_rows([VisitLine(v.id, v.date, v.place, "是" if v.unannounced else "",
                                        names.get(v.campaign_id or 0, ""), v.findings) for v in visits])

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("talk", "visit", "campaign"):
            self.reload()

    def _open_current_talk(self) -> None:
        index = self.talk_view.currentIndex()
        if index.isValid():
            self.open_talk(talk_id=self.talks.rows[index.row()].id)

    def raise_problem(self, kind: str) -> ProblemDialog | None:
        """提出问题: the selected visit's or talk's problem into the problem list."""
        view, model = (self.visit_view, self.visits) if kind == "visit" else (self.talk_view, self.talks)
        index = view.currentIndex()
        if not index.isValid():
            return None
        line = model.rows[index.row()]
        origin = f"走访 {line.date} {line.place}" if kind == "visit" else f"谈话 {line.when} {line.interviewee}"
        dialog = ProblemDialog(self.ws, origin=(kind, line.id), origin_text=origin, parent=self)
        dialog.exec()
        return dialog

    def _edit_visit(self, visit_id: int | None) -> None:
        campaign_id = None
        if visit_id is not None:
            campaign_id = queries.visit_for_editing(self.ws, visit_id).campaign_id
        VisitDialog(self.ws, campaign_id, visit_id, self).exec()
