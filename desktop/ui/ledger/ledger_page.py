"""积分: a cadre's political-performance ledger — running score per dimension and in total,
the timeline of entries with their facts, filters by source and period."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.ledger import DIMENSIONS, SOURCES
from desktop.services.ledger import ledger, queries
from desktop.services.ledger.ledger import TimelineRow
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.campaign_dialogs import date_edit, date_of
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import ListModel, make_table
from desktop.ui.common.messages import show_error, tell
from desktop.ui.ledger.ledger_dialogs import EntryDialog, ReverseDialog
from desktop.ui.widgets.cadre_picker import CadrePicker
from desktop.ui.widgets.multi_select import MultiSelectButton

Index = QModelIndex | QPersistentModelIndex
TIMELINE_COLUMNS = [("id", "编号"), ("date", "日期"), ("kind", "类型"), ("dimension", "维度"), ("signed", "分值"),
                    ("running", "累计"), ("source", "来源"), ("behaviour", "行为类型"), ("fact", "具体事实"),
                    ("link", "出处"), ("author", "记录人"), ("note", "说明")]


class TimelineModel(ListModel):
    """Entries oldest first; reversed and reversing entries are shown as such, never hidden."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row: TimelineRow = self.rows[index.row()]
        key = self.columns[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if key == "signed":
                return f"{row.points:+d}"
            if key == "note":
                if row.reverses_id is not None:
                    return f"冲正第 {row.reverses_id} 号：{row.reason}"
                if row.reversed_by is not None:
                    return f"已被第 {row.reversed_by} 号冲正"
                return f"佐证 {row.evidence} 件" if row.evidence else ""
            return str(getattr(row, key))
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.reversed_by is not None or row.reverses_id is not None:
                return QBrush(QColor("#888888"))
            if key == "signed":
                return QBrush(QColor("#1b6e20" if row.points > 0 else "#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("signed", "running"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class LedgerPage(QWidget):
    """Signals: open_cadre_requested(cadre_id)."""

    open_cadre_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.cadre = CadrePicker(ws)
        self.cadre.cadre_chosen.connect(lambda *_: self.reload())
        self.sources = MultiSelectButton("来源", SOURCES)
        self.sources.selection_did_change.connect(self.reload)
        self.start = date_edit(None, "起始日期")
        self.end = date_edit(None, "截止日期")
        for d in (self.start, self.end):  # Enter or leaving the field filters; bad text is framed red
            d.editingFinished.connect(self.reload)
        add = QPushButton("记录积分(&A)…")
        add.clicked.connect(self.add_entry)
        self.reverse_button = QPushButton("冲正(&Z)…")
        self.reverse_button.clicked.connect(self.reverse_entry)
        evidence = QPushButton("佐证材料另存…")
        evidence.clicked.connect(self.save_evidence)
        open_file = QPushButton("打开档案")
        open_file.clicked.connect(lambda: self.cadre.cadre_id and self.open_cadre_requested.emit(self.cadre.cadre_id))
        top = QHBoxLayout()
        caption = QLabel("干部(&C)：")
        caption.setBuddy(self.cadre)
        top.addWidget(caption)
        top.addWidget(self.cadre, 2)
        top.addWidget(self.sources)
        top.addWidget(QLabel("期间："))
        top.addWidget(self.start)
        top.addWidget(QLabel("至"))
        top.addWidget(self.end)
        for b in (add, self.reverse_button, evidence, open_file):
            top.addWidget(b)

        self.scores: dict[str, QLabel] = {}
        summary = QHBoxLayout()
        for name in (*DIMENSIONS, "合计"):
            label = QLabel()
            label.setStyleSheet("font-size: 12pt; padding: 6px 12px; border: 1px solid #ccc; border-radius: 4px;")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.scores[name] = label
            summary.addWidget(label)
        self.model = TimelineModel(TIMELINE_COLUMNS, self)
        self.view = make_table(self.model)
        for i, w in enumerate((50, 90, 50, 80, 50, 50, 90, 200, 340, 220, 70)):
            self.view.setColumnWidth(i, w)
        self.hint = QLabel("选择一名干部，查看其政治表现积分。积分记录只能追加：更正请“冲正”，原记录保留。")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def show_cadre(self, cadre_id: int, name: str) -> None:
        self.cadre.choose(cadre_id, name)
        self.reload()

    def reload(self) -> None:
        cadre_id = self.cadre.cadre_id
        if cadre_id is None:
            self.model.set_rows([])
            for name, label in self.scores.items():
                label.setText(f"{name}\n—")
            return
        start, end = (None if d.problem() else date_of(d) for d in (self.start, self.end))
        book = queries.cadre_ledger(self.ws, cadre_id, list(self.sources.selected()) or None, start, end)
        self.model.set_rows(book.timeline)
        for name in DIMENSIONS:
            self.scores[name].setText(f"{name}\n{book.by_dimension.get(name, 0):+d}")
        self.scores["合计"].setText(f"合计\n{book.total:+d}")
        filtered = self.sources.selected() or start or end
        self.hint.setText(f"{self.cadre.text()}：{len(book.timeline)} 条记录"
                          + ("（按筛选条件）" if filtered else "") + "。更正请“冲正”，原记录保留。")
        if book.timeline:
            self.view.scrollToBottom()

    def _current(self) -> TimelineRow | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def add_entry(self) -> None:
        cadre = (self.cadre.cadre_id, self.cadre.text()) if self.cadre.cadre_id else None
        dialog = EntryDialog(self.ws, cadre=cadre, source="其他", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and cadre is None and dialog.cadre.cadre_id:
            self.show_cadre(dialog.cadre.cadre_id, dialog.cadre.text())

    def reverse_entry(self) -> None:
        row = self._current()
        if row is None:
            return
        ReverseDialog(self.ws, row.id, f"{row.date} {row.dimension} {row.points:+d}：{row.fact}", self).exec()

    def save_evidence(self) -> None:
        row = self._current()
        if row is None:
            return
        if not row.evidence:
            return
        folder = file_dialogs.choose_folder(self, "佐证材料保存到", purpose="evidence")
        if not folder:
            return
        try:
            written = ledger.save_evidence(self.ws, row.id, folder)
        except Exception as exc:
            show_error(self, exc)
            return
        tell(self, f"已保存 {len(written)} 件佐证材料到 {folder}")

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("point_entry", "point_evidence"):
            self.reload()
