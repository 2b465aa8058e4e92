"""对比: two to five cadres side by side — their radars overlaid on the same axes and one
aligned table (a figure per line, a cadre per column). Cadres are added by name or pinyin
initials and removed with Delete; the comparison follows each change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.models.ledger import DIMENSIONS
from desktop.services.analysis import queries
from desktop.services.analysis.profile import Comparison
from desktop.services.analysis.queries import COMPARE_MAX, COMPARE_MIN
from desktop.services.workspace import Workspace
from desktop.ui.analysis.parts import table
from desktop.ui.analysis.radar import RadarChart
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.widgets.cadre_picker import CadrePicker

ROLE_ID = Qt.ItemDataRole.UserRole + 1


class CompareDialog(QDialog):
    def __init__(self, ws: Workspace, cadres: Sequence[tuple[int, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.comparison: Comparison | None = None
        self.setWindowTitle("干部对比")
        self.resize(1100, 720)
        self.picker = CadrePicker(ws)
        self.picker.cadre_chosen.connect(self._picked)
        caption = QLabel("加入干部(&A)：")
        caption.setBuddy(self.picker)
        self.chosen = QListWidget()
        self.chosen.setFlow(QListWidget.Flow.LeftToRight)  # the names on one line
        self.chosen.setSpacing(4)
        self.chosen.setMaximumHeight(40)
        remove = QAction("移出对比", self.chosen)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_current)
        self.chosen.addAction(remove)
        self.chosen.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        chosen_caption = QLabel("已选干部(&L)（Delete 移出）：")
        chosen_caption.setBuddy(self.chosen)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.radar = RadarChart(DIMENSIONS)
        self.model = RowsModel([(lambda r: r[0], "项目")], parent=self)
        self.view = table(self.model, (170,))
        splitter = QSplitter()
        splitter.addWidget(self.radar)
        splitter.addWidget(self.view)
        splitter.setSizes([380, 720])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.picker, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(chosen_caption)
        layout.addWidget(self.chosen)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.ids: list[int] = []
        self.names: dict[int, str] = dict(cadres)
        self.set_ids([cid for cid, _name in cadres])
        self.picker.setFocus()

    def set_ids(self, ids: list[int]) -> None:
        given = list(dict.fromkeys(ids))
        self.ids = given[:COMPARE_MAX]
        self.refresh()
        if len(given) > COMPARE_MAX:
            self.status.setText(f"选择了 {len(given)} 名干部，最多对比 {COMPARE_MAX} 名：现对比前 {COMPARE_MAX} 名。")

    def _picked(self, cadre_id: int, name: str) -> None:
        self.names[cadre_id] = name
        if cadre_id in self.ids:
            self.status.setText("该干部已在对比中。")
        elif len(self.ids) >= COMPARE_MAX:
            self.status.setText(f"最多对比 {COMPARE_MAX} 名干部：请先移出一名（在已选干部中按 Delete）。")
        else:
            self.ids.append(cadre_id)
            self.refresh()
        # Empty for the next name, after the picker has put the chosen name back (a queued call).
        QTimer.singleShot(0, self.picker, self.picker.clear)

    def remove_current(self) -> None:
        item = self.chosen.currentItem()
        if item is not None:
            self.ids.remove(int(item.data(ROLE_ID)))
            self.refresh()

    def refresh(self) -> None:
        """Compare the cadres chosen, or say how many more are needed."""
        self.comparison = None
        if len(self.ids) >= COMPARE_MIN:
            try:
                self.comparison = queries.compare(self.ws, self.ids)
            except Exception as exc:
                show_error(self, exc)
        self._show()

    def _show(self) -> None:
        found = self.comparison
        self.chosen.clear()
        for cid in self.ids:
            item = QListWidgetItem(self.names.get(cid, str(cid)))
            item.setData(ROLE_ID, cid)
            self.chosen.addItem(item)
        if found is None:
            more = COMPARE_MIN - len(self.ids)
            self.status.setText(f"请再加入至少 {more} 名干部（最多 {COMPARE_MAX} 名）。" if more > 0 else "")
            self.radar.set_series([])
            self._columns([], [])
            return
        self.status.setText(f"对比 {len(found.profiles)} 名干部。评议得分为政治素质评议表各维度平均分（0—100），"
                            "积分为政治表现积分中有效的加分与扣分。")
        self.radar.set_series([(p.summary.name, tuple(d.sheet_score for d in p.dimensions)) for p in found.profiles])
        self._columns([p.summary.name for p in found.profiles], list(found.rows))

    def _columns(self, names: list[str], rows: list[tuple[str, tuple[str, ...]]]) -> None:
        self.model.beginResetModel()
        self.model.set_columns([(lambda r: r[0], "项目"),
                                *((lambda r, i=i: r[1][i], name) for i, name in enumerate(names))])
        self.model.rows = rows
        self.model.endResetModel()
        for i in range(1, len(names) + 1):
            self.view.setColumnWidth(i, 150)
