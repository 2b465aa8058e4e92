"""测评汇总: every cadre rated in a campaign with their weighted score, and for the one
selected the tally per rater category and per item, with the raters who have not answered."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.evaluation import queries
from desktop.services.evaluation.evaluation import TallyRow
from desktop.services.workspace import Workspace
from desktop.ui.common import workers
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel, number
from desktop.ui.evaluation.tally_models import CategoryTallyModel, ItemGradesModel


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class TallyTab(QWidget):
    """Signals: open_cadre_requested(cadre_id) on Enter or a double click in the campaign table;
    tally_did_load() when the campaign's tally is shown."""

    open_cadre_requested = Signal(int)
    tally_did_load = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.campaign_id = 0
        self.weights: dict[str, int] = {}
        self._generation = 0
        self._wanted_cadre: int | None = None
        self._task: workers.Task | None = None
        columns: list[tuple[object, str]] = [("rank", "名次"), ("name", "姓名"), ("unit_post", "单位职务"),
                                             ("template", "测评表")]
        columns += [(lambda r, c=c: r.means.get(c), c) for c in RATER_CATEGORIES]
        columns += [("weighted", "加权得分"), (lambda r: f"{r.responses}/{r.issued}", "收回/发出"),
                    (lambda r: f"{number(r.turnout, 1)}%" if r.turnout is not None else "—", "参评率"),
                    ("missing", "未交")]
        self.model = RowsModel(columns, parent=self)  # type: ignore[arg-type]
        self.view = make_table(self.model)
        for col, width in enumerate((44, 70, 200, 210, 58, 58, 58, 66, 58, 70, 72, 60, 44)):
            self.view.setColumnWidth(col, width)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # 单位职务 takes what is left
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_cadre(cur.row()))
        self.view.activated.connect(lambda index: self._open(index.row()))
        self.weights_label = QLabel()
        self.weights_label.setWordWrap(True)

        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.categories = CategoryTallyModel(self)
        self.category_view = _table(self.categories)
        self.items = ItemGradesModel(self)
        self.item_view = _table(self.items)
        self.item_view.horizontalHeader().setStretchLastSection(False)
        self.item_view.setWordWrap(False)
        self.missing = QListWidget()
        detail_tabs = QTabWidget()
        detail_tabs.addTab(self.category_view, "按测评人类别")
        detail_tabs.addTab(self.item_view, "按测评项目")
        detail_tabs.addTab(self.missing, "未交测评表")
        self.detail_tabs = detail_tabs
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.detail_title)
        dl.addWidget(detail_tabs, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.weights_label)
        tl.addWidget(self.view, 1)
        splitter.addWidget(top)
        splitter.addWidget(detail)
        splitter.setSizes([330, 330])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_campaign(self, campaign_id: int, _closed: bool = False) -> None:
        self.campaign_id = campaign_id
        self.reload()

    def reload(self) -> None:
        """Tally the campaign off the window's thread (a 300-cadre annual assessment takes
        about a second); `tally_did_load` says when the table is up to date."""
        self._generation += 1
        generation, campaign_id = self._generation, self.campaign_id
        if not campaign_id:
            self._loaded(generation, queries.CampaignTally((), {}))
            return
        self.weights_label.setText("正在汇总……")

        def work(_task: workers.Task) -> queries.CampaignTally:
            return queries.campaign_tally(self.ws, campaign_id)

        self._task = workers.start(work, on_success=lambda result: self._loaded(generation, result),
                                   on_failure=lambda exc: show_error(self, exc))

    def _loaded(self, generation: int, result: queries.CampaignTally) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # closed meanwhile, or a newer reload is on its way
        rows, self.weights = list(result.rows), dict(result.weights)
        current = self.current()
        self.model.set_rows(rows)
        if self.weights:
            parts = "，".join(f"{c} {w}%" for c, w in self.weights.items())
            self.weights_label.setText(f"加权得分 = 各类测评人平均分按权重加权（{parts}；没有评价的类别不计，"
                                       "其余按权重比例折算）。同一测评表内按加权得分排名。")
        else:
            self.weights_label.setText("本次考核未设置测评人类别权重：加权得分为全部评价的平均分。")
        if not rows:
            self.weights_label.setText("本次考核还没有已填写的测评表或测评票。" if self.campaign_id else "")
        keys = [(r.cadre_id, r.template_id) for r in rows]
        wanted = (current.cadre_id, current.template_id) if current else None
        if rows:
            self.view.selectRow(keys.index(wanted) if wanted in keys else 0)
            if self._wanted_cadre is not None:
                self.select_cadre(self._wanted_cadre)
            self.show_cadre(self.view.currentIndex().row())
        else:
            self.show_cadre(-1)
        self._wanted_cadre = None
        self.tally_did_load.emit()

    def _open(self, row_number: int) -> None:
        row = self.model.row_object(row_number)
        if row is not None:
            self.open_cadre_requested.emit(row.cadre_id)

    def current(self) -> TallyRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def select_cadre(self, cadre_id: int) -> bool:
        """Select a cadre's row (once the tally is in, if it is still being made)."""
        for n, row in enumerate(self.model.rows):
            if row.cadre_id == cadre_id:
                self.view.selectRow(n)
                return True
        self._wanted_cadre = cadre_id
        return False

    def show_cadre(self, row_number: int) -> None:
        row = self.model.row_object(row_number)
        if row is None:
            self.detail_title.setText("")
            self.categories.load(None, [], {})
            self.items.load(None, [])
            self.missing.clear()
            return
        detail = queries.tally_detail(self.ws, row.cadre_id, row.template_id, self.campaign_id)
        result, items = detail.result, list(detail.items)
        responses, issued = result.turnout
        self.detail_title.setText(f"{row.name}　{row.template}　加权得分 {number(result.tally.weighted)}　"
                                  f"收回 {responses}/{issued}")
        self.categories.load(result.tally, items, self.weights)
        self.items.load(result.tally, items)
        for col in range(1, self.categories.columnCount()):
            self.category_view.setColumnWidth(col, 90)
        header = self.item_view.horizontalHeader()
        if self.items.columnCount():
            # Sections exist only once the model has columns: set their modes after each load.
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.items.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.item_view.setColumnWidth(col, 90)
        self.missing.clear()
        self.missing.addItems(result.missing or ["（全部已交）"])
        self.detail_tabs.setTabText(2, f"未交测评表（{len(result.missing)}）")
