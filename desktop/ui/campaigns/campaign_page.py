"""One campaign (一线考核): overview and progress, the people assessed, visits, talks,
evaluation, ledger entries. Status draft → active → closed, with the freeze explained."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import NotFound
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns, fieldwork, queries
from desktop.services.campaigns.campaigns import CampaignUnfinished
from desktop.services.campaigns.queries import VisitSummary
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import CampaignDialog, ItemsDialog, TeamDialog, UnitsDialog, VisitDialog
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, keeping_current, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.ledger.ledger_dialogs import EntryDialog, ReverseDialog

OPEN_TALK = Callable[..., Any]


@dataclass(frozen=True)
class VisitRow:
    id: int
    date: dt.date
    place: str
    units_text: str
    unannounced_text: str
    findings: str


@dataclass(frozen=True)
class TalkRow:
    id: int
    when: str
    interviewee_name: str
    interviewers_text: str
    conclusion: str


@dataclass(frozen=True)
class SheetProgressRow:
    category: str
    complete: int
    missing: int

    @property
    def total(self) -> int:
        return self.complete + self.missing

    @property
    def rate(self) -> str:
        return f"{self.complete / self.total:.0%}" if self.total else "—"


def sheet_progress_rows(complete: dict[str, int], missing: dict[str, int]) -> list[SheetProgressRow]:
    """One row per rater category in the official order, then a total."""
    order = [c for c in RATER_CATEGORIES if c in complete or c in missing]
    order += sorted((set(complete) | set(missing)) - set(order))
    rows = [SheetProgressRow(c, complete.get(c, 0), missing.get(c, 0)) for c in order]
    if rows:
        rows.append(SheetProgressRow("合计", sum(r.complete for r in rows), sum(r.missing for r in rows)))
    return rows


def _button_row(*buttons: tuple[str, Callable[[], None]]) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    made = []
    for text, slot in buttons:
        b = QPushButton(text)
        b.clicked.connect(slot)
        row.addWidget(b)
        made.append(b)
    row.addStretch(1)
    return row, made


class CampaignPage(QWidget):
    """Signals: open_cadre_requested(cadre_id), title_did_change(str), closed()."""

    open_cadre_requested = Signal(int)
    title_did_change = Signal(str)

    def __init__(self, ws: Workspace, campaign_id: int, *, open_talk: OPEN_TALK | None = None,
                 roster_selection: Callable[[], list[int]] | None = None,
                 assessment: Callable[[int], QWidget] | None = None,
                 actions: list[tuple[str, Callable[[int], object]]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = campaign_id
        self.open_talk = open_talk
        self.roster_selection = roster_selection
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(self.summary.textFormat().RichText)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setTextFormat(self.progress.textFormat().RichText)
        status_row, (self.edit_b, self.team_b, self.items_b, self.start_b, self.close_b, self.reopen_b,
                     self.delete_b) = _button_row(
            ("编辑(&E)…", self.edit), ("考核组(&M)…", self.team), ("台账事项…", self.items),
            ("开始考核", self.activate), ("结束考核…", self.close_campaign), ("重新开启…", self.reopen),
            ("删除", self.delete))
        if actions:
            more = QToolButton()
            more.setText("导出与数据包 ▾")
            more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(more)
            for label, act in actions:
                menu.addAction(label, lambda a=act: a(self.campaign_id))
            more.setMenu(menu)
            status_row.insertWidget(status_row.count() - 1, more)
        overview = QWidget()
        box = QVBoxLayout(overview)
        box.addLayout(status_row)
        box.addWidget(self.summary)
        box.addWidget(self.progress)
        self.sheet_progress = ListModel([("category", "测评人类别"), ("complete", "已完成"), ("missing", "未完成"),
                                         ("total", "应填"), ("rate", "完成率")], self)
        self.sheet_progress_view = make_table(self.sheet_progress)
        self.sheet_progress_view.setMaximumHeight(190)
        self.sheet_progress_view.setMaximumWidth(520)
        self.sheet_progress_title = QLabel()
        box.addWidget(self.sheet_progress_title)
        box.addWidget(self.sheet_progress_view)
        box.addStretch(1)

        self.people = ListModel([("name", "姓名"), ("unit", "单位"), ("post", "职务"), ("talked_text", "谈话"),
                                 ("sheets", "测评表"), ("points", "本次积分")], self)
        self.people_view = make_table(self.people)
        self.people_view.setColumnWidth(1, 280)
        self.people_view.doubleClicked.connect(lambda i: self.open_cadre_requested.emit(self.people.rows[i.row()].id))
        people_row, people_buttons = _button_row(
            ("考核单位(&U)…", self.add_by_unit), ("按职级添加…", self.add_by_rank),
            ("按常用筛选添加…", self.add_by_saved), ("添加花名册中选中的干部", self.add_selected),
            ("移除(&X)", self.remove_people))
        people = QWidget()
        QVBoxLayout(people).addLayout(people_row)
        people.layout().addWidget(self.people_view)

        self.visits = ListModel([("date", "日期"), ("place", "地点"), ("units_text", "走访单位"),
                                 ("unannounced_text", "四不两直"), ("findings", "发现问题")], self)
        self.visits_view = make_table(self.visits)
        self.visits_view.setColumnWidth(1, 220)
        self.visits_view.setColumnWidth(2, 260)
        self.visits_view.doubleClicked.connect(lambda i: self.edit_visit(self.visits.rows[i.row()].id))
        visit_row, visit_buttons = _button_row(("新增走访(&W)…", lambda: self.edit_visit(None)),
                                               ("删除走访", self.delete_visit))
        visits = QWidget()
        QVBoxLayout(visits).addLayout(visit_row)
        visits.layout().addWidget(self.visits_view)

        self.talks = ListModel([("when", "时间"), ("interviewee_name", "被谈话人"), ("interviewers_text", "谈话人"),
                                ("conclusion", "结论")], self)
        self.talks_view = make_table(self.talks)
        self.talks_view.setColumnWidth(0, 140)
        self.talks_view.doubleClicked.connect(lambda i: self._open_talk(self.talks.rows[i.row()].id))
        talk_row, talk_buttons = _button_row(("新建谈话记录(&K)", lambda: self._open_talk(None)))
        talks = QWidget()
        QVBoxLayout(talks).addLayout(talk_row)
        talks.layout().addWidget(self.talks_view)

        self.entries = ListModel([("date", "日期"), ("cadre", "干部"), ("dimension", "维度"), ("signed", "分值"),
                                  ("source", "来源"), ("fact", "具体事实")], self)
        self.entries_view = make_table(self.entries)
        self.entries_view.doubleClicked.connect(
            lambda i: self.open_cadre_requested.emit(self.entries.rows[i.row()].cadre_id))
        entry_row, entry_buttons = _button_row(("记录积分(&P)…", self.add_entry), ("冲正(&Z)…", self.reverse_entry))
        entries = QWidget()
        QVBoxLayout(entries).addLayout(entry_row)
        entries.layout().addWidget(self.entries_view)

        # What adds to or removes from the campaign's records: locked while it is closed.
        self.record_buttons = people_buttons + visit_buttons + talk_buttons + entry_buttons
        self.tabs = QTabWidget()
        self.tabs.addTab(overview, "概况与进度(&1)")
        self.tabs.addTab(people, "考核对象(&2)")
        self.tabs.addTab(visits, "走访(&3)")
        self.tabs.addTab(talks, "谈话(&4)")
        if assessment is not None:
            self.tabs.addTab(assessment(campaign_id), "测评(&5)")
        self.tabs.addTab(entries, "积分(&6)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    # --- showing --------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            view = queries.campaign_view(self.ws, self.campaign_id)
        except NotFound:  # deleted meanwhile: its tab is about to close
            return
        c, p, chosen_units, items = view.campaign, view.progress, view.chosen_units, view.items
        self.status = c.status
        self.name = c.name
        esc = html.escape
        team = "、".join(f"{n}（{r}）" for n, r in c.members) or "未确定"
        lines = [
            f"<h2>{esc(c.name)}</h2>",
            f"<p><b>状态：</b>{esc(c.status_label)}　<b>类型：</b>{esc(c.kind)}　<b>选题来源：</b>{esc(c.topic_source)}"
            f"{'（' + esc(c.source_detail) + '）' if c.source_detail else ''}</p>",
            f"<p><b>跟进：</b>{esc(c.follows or '—')}　<b>时间：</b>{c.start or '未定'} 至 {c.end or '未定'}</p>",
            f"<p><b>考核组：</b>{esc(team)}</p>",
            f"<p><b>考核单位：</b>{esc('、'.join(chosen_units) or '—')}</p>",
            f"<p><b>台账事项：</b>{esc('；'.join(f'{t}：{x}' for _i, t, x in items) or '—')}</p>",
        ]
        if c.description:
            lines.append(f"<p>{esc(c.description)}</p>")
        if c.status == "closed":
            lines.append("<p style='color:#8a5a00'>本次考核已结束，全部记录已冻结；"
                         "如需补充，请“重新开启”（须说明理由，并记入审计日志）。</p>")
        self.summary.setText("".join(lines))
        self.progress.setText(
            "<h3>进度</h3><table cellpadding='3'>"
            f"<tr><td>考核对象</td><td><b>{p.cadres}</b> 人</td><td>　已谈话</td><td><b>{p.talked_to}</b> 人"
            f"（谈话记录 {p.talks} 份）</td></tr>"
            f"<tr><td>走访</td><td><b>{p.visits}</b> 次</td><td>　涉及单位</td><td>{p.unit_visits} 个次，"
            f"其中“四不两直” {p.unannounced_visits} 次</td></tr>"
            f"<tr><td>民主测评票</td><td>已录入 <b>{p.ballots}</b> 张</td>"
            f"<td>　发出</td><td>{p.ballots_issued} 张</td></tr>"
            f"<tr><td>积分记录</td><td><b>{p.ledger_entries}</b> 条</td>"
            f"<td>　测评表</td><td>共 {p.sheets_total} 份</td></tr>"
            "</table>")
        self.sheet_progress.set_rows(sheet_progress_rows(p.sheets_complete, p.sheets_missing))
        planned = bool(self.sheet_progress.rows)
        self.sheet_progress_title.setText(
            "<b>测评表完成情况</b>" if planned else "尚未安排测评表（在“测评”页签中安排）。")
        self.sheet_progress_view.setVisible(planned)
        # Just tall enough for its rows: a short table under the figures, not a blank box.
        self.sheet_progress_view.setFixedHeight(
            self.sheet_progress_view.horizontalHeader().height() + 4
            + sum(self.sheet_progress_view.rowHeight(r) for r in range(len(self.sheet_progress.rows))))
        with keeping_current(self.people_view):
            self.people.set_rows(view.people)
        with keeping_current(self.visits_view):
            self._set_visits(view.visits, view.unit_labels)
        with keeping_current(self.talks_view):
            self.talks.set_rows([TalkRow(t.id, f"{t.start_at.astimezone():%Y-%m-%d %H:%M}" if t.start_at else "",
                                         t.interviewee_name, "、".join(t.interviewers), t.conclusion)
                                 for t in view.talks])
        with keeping_current(self.entries_view):
            self.entries.set_rows(view.entries)
        self._enable_buttons(c.status)
        self.title_did_change.emit(c.name)

    def _set_visits(self, visits: tuple[VisitSummary, ...], unit_names: dict[int, str]) -> None:
        self.visits.set_rows([VisitRow(v.id, v.date, v.place, "、".join(unit_names.get(u, str(u)) for u in v.unit_ids),
                                       "是" if v.unannounced else "", v.findings) for v in visits])

    def _enable_buttons(self, status: str) -> None:
        self.start_b.setEnabled(status == "draft")
        self.close_b.setEnabled(status == "active")
        self.reopen_b.setEnabled(status == "closed")
        self.delete_b.setEnabled(status == "draft")
        for b in (self.edit_b, self.team_b, self.items_b, *self.record_buttons):
            b.setEnabled(status != "closed")

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("campaign", "campaign_member", "visit", "talk", "sheet", "ballot", "ballot_batch",
                           "point_entry", "cadre", "unit"):
            self.reload()

    # --- actions --------------------------------------------------------------------------

    def _run(self, fn: Callable[[], object]) -> bool:
        try:
            fn()
        except Exception as exc:
            show_error(self, exc)
            return False
        return True

    def edit(self) -> None:
        CampaignDialog(self.ws, self.campaign_id, self).exec()

    def team(self) -> None:
        TeamDialog(self.ws, self.campaign_id, self).exec()

    def items(self) -> None:
        ItemsDialog(self.ws, self.campaign_id, self).exec()

    def activate(self) -> None:
        self._run(lambda: campaigns.activate(self.ws, self.campaign_id))

    def close_campaign(self) -> None:
        answer = QMessageBox.question(self, "结束考核", f"结束“{self.name}”？结束后全部记录将冻结，不能再修改。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            campaigns.close(self.ws, self.campaign_id)
        except CampaignUnfinished as exc:
            QMessageBox.warning(self, "还不能结束", str(exc))
        except Exception as exc:
            show_error(self, exc)

    def reopen(self) -> None:
        reason, ok = QInputDialog.getText(self, "重新开启考核", "重新开启的理由（将记入审计日志）：")
        if ok:
            self._run(lambda: campaigns.reopen(self.ws, self.campaign_id, reason))

    def delete(self) -> None:
        if QMessageBox.question(self, "删除考核", f"删除筹备中的考核“{self.name}”？") == QMessageBox.StandardButton.Yes:
            self._run(lambda: campaigns.delete_campaign(self.ws, self.campaign_id))

    def _add(self, ids: list[int]) -> None:
        self._run(lambda: campaigns.add_cadres(self.ws, self.campaign_id, ids))

    def add_by_unit(self) -> None:
        UnitsDialog(self.ws, self.campaign_id, self).exec()
        self.reload()

    def add_by_rank(self) -> None:
        ranks = queries.civil_ranks(self.ws)
        rank, ok = QInputDialog.getItem(self, "按职级添加", "职级：", ranks, 0, False)
        if ok:
            self._run(lambda: campaigns.add_cadres_matching(self.ws, self.campaign_id, RosterFilter(ranks=(rank,))))

    def add_by_saved(self) -> None:
        saved = queries.saved_roster_filters(self.ws)
        if not saved:
            QMessageBox.information(self, "按常用筛选添加",
                                    "还没有常用筛选。可在花名册中设置筛选条件后“保存当前筛选”。")
            return
        name, ok = QInputDialog.getItem(self, "按常用筛选添加", "常用筛选：", list(saved), 0, False)
        if ok:
            self._run(lambda: campaigns.add_cadres_matching(self.ws, self.campaign_id, saved[name]))

    def add_selected(self) -> None:
        ids = self.roster_selection() if self.roster_selection else []
        if not ids:
            QMessageBox.information(self, "添加干部", "请先在“干部档案”的花名册中选中要添加的干部。")
            return
        self._add(ids)

    def remove_people(self) -> None:
        rows = sorted({i.row() for i in self.people_view.selectionModel().selectedRows()})
        ids = [self.people.rows[r].id for r in rows]
        if ids:
            self._run(lambda: campaigns.remove_cadres(self.ws, self.campaign_id, ids))

    def edit_visit(self, visit_id: int | None) -> None:
        closed = self.status == "closed"
        if closed and visit_id is None:
            QMessageBox.information(self, "走访", "本次考核已结束，记录已冻结。如需补充，请先重新开启该考核。")
            return
        VisitDialog(self.ws, self.campaign_id, visit_id, self, read_only=closed).exec()

    def delete_visit(self) -> None:
        index = self.visits_view.currentIndex()
        if index.isValid() and QMessageBox.question(self, "删除走访", "删除这条走访记录？") == \
                QMessageBox.StandardButton.Yes:
            self._run(lambda: fieldwork.delete_visit(self.ws, self.visits.rows[index.row()].id))

    def _open_talk(self, talk_id: int | None) -> None:
        if self.open_talk is not None:
            self.open_talk(talk_id=talk_id, campaign_id=self.campaign_id)

    def reverse_entry(self) -> None:
        """Reverse the chosen entry here, as in the 积分 section: a new cancelling entry."""
        index = self.entries_view.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, "冲正", "请先在列表中选择要冲正的积分记录。")
            return
        row = self.entries.rows[index.row()]
        ReverseDialog(self.ws, row.id, f"{row.date} {row.cadre} {row.dimension} {row.points:+d}：{row.fact}",
                      self).exec()

    def add_entry(self) -> None:
        index = self.people_view.currentIndex()
        cadre = (self.people.rows[index.row()].id, self.people.rows[index.row()].name) if index.isValid() else None
        if EntryDialog(self.ws, cadre=cadre, campaign_id=self.campaign_id, parent=self).exec() == \
                QDialog.DialogCode.Accepted:
            self.tabs.setCurrentIndex(self.tabs.count() - 1)
