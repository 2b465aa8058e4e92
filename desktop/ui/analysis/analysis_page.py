"""综合研判: one cadre's comprehensive analysis (立体式研判) — the file's first lines, the
political-quality radar, the ledger timeline with its facts, sheet results by rater category,
talks and visits naming the cadre, the work results, annual grades and ranks — and a way to
compare two to five cadres.

Each part is a tab of `parts`; other screens add theirs with `add_part` (the written conclusion).

Signals: open_cadre_requested(cadre_id), cadre_did_change(cadre_id).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.models.ledger import DIMENSIONS
from desktop.services.analysis import queries
from desktop.services.analysis.profile import RANK_BASIS, PeerScore, Profile
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.analysis import parts as p
from desktop.ui.analysis.compare_dialog import CompareDialog
from desktop.ui.analysis.radar import RadarChart
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.widgets.cadre_picker import CadrePicker

HINT = "输入姓名、全拼或首字母（如 zs 查找张三）选择一名干部，查看其综合研判材料。"
# Tables that change what the page shows: an operation touching one of them reloads it.
WATCHED = ("cadre", "post", "annual_result", "point_entry", "sheet", "sheet_answer", "ballot", "ballot_batch",
           "talk", "visit", "target", "verification", "problem")


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AnalysisPage(QWidget):
    open_cadre_requested = Signal(int)
    cadre_did_change = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.profile: Profile | None = None
        self.cadre = CadrePicker(ws)
        self.cadre.cadre_chosen.connect(lambda cid, _name: self.show_cadre(cid))
        caption = QLabel("干部(&C)：")
        caption.setBuddy(self.cadre)
        self.compare_button = QPushButton("对比(&B)…")
        self.compare_button.setToolTip("与其他干部并列对比（2 至 5 名）")
        self.compare_button.clicked.connect(lambda: self.compare())
        self.open_button = QPushButton("打开档案(&O)")
        self.open_button.clicked.connect(self.open_cadre)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.cadre, 2)
        top.addWidget(self.compare_button)
        top.addWidget(self.open_button)
        top.addStretch(1)
        self.header = _wrapped(HINT)
        self.header.setStyleSheet("font-size: 11pt; padding: 4px 2px;")

        self.parts = QTabWidget()
        self.parts.setDocumentMode(True)
        self._build_parts()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.parts, 1)
        self._show(None)
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    # --- the parts ---------------------------------------------------------------------------

    def _build_parts(self) -> None:
        self.radar = RadarChart(DIMENSIONS)
        self.dimensions = RowsModel(p.DIMENSION_COLUMNS, parent=self)
        self.total = _wrapped()
        self.flags = _wrapped()
        quality = QWidget()
        right = QVBoxLayout()
        right.addWidget(p.table(self.dimensions, (90, 80, 80, 80, 80)), 1)
        right.addWidget(self.total)
        right.addWidget(self.flags)
        row = QHBoxLayout(quality)
        row.addWidget(self.radar, 3)
        row.addLayout(right, 2)
        self.add_part(quality, "政治素质(&Z)")

        self.ledger = RowsModel(p.LEDGER_COLUMNS, p.ledger_brush, self)
        self.ledger_note = _wrapped()
        self.add_part(self._with_note(self.ledger_note, p.table(self.ledger, (50, 90, 50, 75, 50, 80, 160, 300, 160))),
                      "积分纪实(&J)")
        self.categories = RowsModel(p.CATEGORY_COLUMNS, parent=self)
        self.add_part(p.table(self.categories, (200, 100, 90, 50, 50, 200, 70)), "评议测评(&P)")
        self.excerpts = RowsModel(p.EXCERPT_COLUMNS, parent=self)
        self.add_part(p.table(self.excerpts, (50, 90, 200, 130, 110)), "谈话走访(&W)")
        self.problems = RowsModel(p.PROBLEM_COLUMNS, parent=self)
        self.tasks = _wrapped()
        self.add_part(self._with_note(self.tasks, p.table(self.problems, (50, 120, 400, 60))), "工作实绩(&G)")
        self.annual = RowsModel(p.ANNUAL_COLUMNS, parent=self)
        self.add_part(p.table(self.annual, (90, 90)), "年度考核(&N)")
        self.add_part(self._ranks_part(), "排名(&M)")

    def _with_note(self, note: QLabel, view: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        layout.addWidget(view, 1)
        return box

    def _ranks_part(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        columns = QHBoxLayout()
        self.rank_labels: list[QLabel] = []
        self.rank_models: list[RowsModel] = []
        for _ in range(2):
            model = RowsModel(p.PEER_COLUMNS, self._peer_brush, self)
            label = _wrapped()
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(p.table(model, (50, 100)), 1)
            columns.addLayout(column)
            self.rank_labels.append(label)
            self.rank_models.append(model)
        layout.addLayout(columns, 1)
        basis = _wrapped(RANK_BASIS)
        basis.setStyleSheet("color: #555;")
        layout.addWidget(basis)
        return box

    def _peer_brush(self, peer: PeerScore) -> QBrush | None:
        if self.profile is not None and peer.cadre_id == self.profile.summary.id:
            return QBrush(QColor("#fff3c4"))
        return None

    def add_part(self, widget: QWidget, title: str) -> int:
        """Add a tab (a later panel: the written conclusion); returns its index."""
        return self.parts.addTab(widget, title)

    # --- showing a cadre -----------------------------------------------------------------------

    def show_cadre(self, cadre_id: int) -> Profile | None:
        """Read and show a cadre's analysis (other screens open it here); None when refused."""
        try:
            found = queries.profile(self.ws, cadre_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        if self.cadre.cadre_id != cadre_id:
            self.cadre.blockSignals(True)  # its cadre_chosen would read the profile a second time
            self.cadre.choose(cadre_id, found.summary.name)
            self.cadre.blockSignals(False)
        self._show(found)
        self.cadre_did_change.emit(cadre_id)
        return found

    def open_cadre(self) -> None:
        if self.profile is not None:
            self.open_cadre_requested.emit(self.profile.summary.id)

    def reload(self) -> None:
        if self.profile is not None:
            self.show_cadre(self.profile.summary.id)

    def _show(self, found: Profile | None) -> None:
        self.profile = found
        self.open_button.setEnabled(found is not None)
        if found is None:
            self.header.setText(HINT)
            self.radar.set_series([])
            for model in (self.dimensions, self.ledger, self.categories, self.excerpts, self.problems, self.annual,
                          *self.rank_models):
                model.set_rows([])
            for label in (self.total, self.flags, self.ledger_note, self.tasks, *self.rank_labels):
                label.setText("")
            return
        s = found.summary
        facts = [x for x in (s.sex, s.birth_text, s.post, f"职级：{s.rank_group}" if s.rank_group else "") if x]
        self.header.setText(f"<b>{s.name}</b>　" + "　".join(facts))
        self.radar.set_series([(s.name, tuple(d.sheet_score for d in found.dimensions))])
        self.dimensions.set_rows(list(found.dimensions))
        basis = (f"根据{found.pq_sheets}份政治素质评议表（{found.pq_campaigns}次考核），计算方法与综合分析报告相同。"
                 if found.pq_sheets else "暂无完整的政治素质评议表，各维度评议得分空缺。")
        self.total.setText(f"政治素质评议综合得分（各维度平均）：{found.pq_total_text}。{basis}")
        self.flags.setText(("负面行为清单勾选：" + "；".join(f"{f.behaviour}（{f.category}）" for f in found.flags))
                           if found.flags else "评议中未勾选负面行为清单事项。")
        self.ledger.set_rows(list(found.ledger))
        reversed_note = "经冲正的记录与冲正记录以灰色列出，相互抵消。" if found.ledger_summary.corrected else ""
        self.ledger_note.setText(found.ledger_summary.sentence() + reversed_note)
        self.categories.set_rows(list(found.categories))
        self.excerpts.set_rows(list(found.excerpts))
        self.problems.set_rows(list(found.problems))
        t, h = found.tasks, found.hard_tasks
        self.tasks.setText(f"任务清单 {t.targets} 项：完成 {t.met}、部分完成 {t.partly}、未完成 {t.not_met}、"
                           f"未检验 {t.unverified}，逾期 {t.overdue}；其中硬性指标 {h.targets} 项，完成 {h.met}。"
                           f"未解决的问题 {len(found.problems)} 个（下表）。")
        self.annual.set_rows(list(found.annual))
        for place, label, model in zip(found.ranks, self.rank_labels, self.rank_models, strict=True):
            label.setText(place.text())
            model.set_rows(list(place.peers))

    # --- comparing -----------------------------------------------------------------------------

    def compare(self, cadres: list[tuple[int, str]] | None = None) -> CompareDialog:
        """The comparison dialog, with `cadres` (id, name) or the cadre on screen to start from."""
        s = self.profile.summary if self.profile else None
        start = cadres if cadres is not None else ([(s.id, s.name)] if s else [])
        dialog = CompareDialog(self.ws, start, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def apply_changes(self, changes: Changes) -> None:
        if self.profile is not None and changes.touches(*WATCHED):
            self.reload()
