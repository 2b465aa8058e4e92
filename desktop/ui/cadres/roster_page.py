"""The roster page (花名册): filter box, facet buttons, saved filters, unit tree, the table."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.education import EDUCATION_LEVELS
from desktop.services import permissions
from desktop.services.cadres import cadre_files, queries, saved_filters
from desktop.services.cadres.roster_columns import COLUMNS, DEFAULT_KEYS, column
from desktop.services.cadres.roster_filter import AGE_BANDS, LEVEL_CHOICES, RosterFilter
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.cadres.roster_model import CadreIdRole, RosterModel
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import show_error
from desktop.ui.common.row_numbers import RowNumbers
from desktop.ui.settings import Settings
from desktop.ui.units.unit_tree_model import UnitIdRole, UnitTreeModel
from desktop.ui.widgets.multi_select import MultiSelectButton

FILTER_DELAY_MS = 150
CHAR_PX = 14


class RosterPage(QWidget):
    """Signals: open_requested(cadre_id), new_requested(), counts_did_change(text)."""

    open_requested = Signal(int)
    new_requested = Signal()
    counts_did_change = Signal(str)

    def __init__(self, ws: Workspace, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.model = RosterModel(ws, self)
        self.units = UnitTreeModel(ws, parent=self)
        self._build()
        self._restore_columns()
        self.units.reload()
        self.model.reload()
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("按姓名、全拼或首字母筛选，如 zs 查找张三（Ctrl+F）")
        self.filter_edit.setClearButtonEnabled(True)
        label = QLabel("筛选(&S)：")
        label.setBuddy(self.filter_edit)
        self.saved_button = QToolButton()
        self.saved_button.setText("常用筛选 ▾")
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(self)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self.saved_button.setMenu(self.saved_menu)
        self.columns_button = QToolButton()
        self.columns_button.setText("列(&L) ▾")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.columns_button.setMenu(self.columns_menu)
        new_button = QPushButton("新建干部(&N)")
        new_button.setToolTip("新建干部档案（Ctrl+N）")
        new_button.clicked.connect(self.new_requested)
        open_button = QPushButton("打开档案(&O)")
        open_button.setToolTip("打开选中干部的档案（Enter 或双击）")
        open_button.clicked.connect(self.open_current)
        delete_button = QPushButton("删除(&X)…")
        delete_button.clicked.connect(self.delete_selected)

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.saved_button)
        top.addWidget(self.columns_button)
        # A role that may not create or delete files is not offered it (the services refuse anyway).
        for button, action in ((new_button, "cadre.create"), (delete_button, "cadre.delete")):
            if not permissions.allowed(self.ws.actor.role, action):
                button.hide()
        top.addWidget(new_button)
        top.addWidget(open_button)
        top.addWidget(delete_button)

        choices = queries.roster_choices(self.ws)
        tables, tags = choices.codes, choices.tags
        self.facets: dict[str, MultiSelectButton] = {
            "sexes": MultiSelectButton("性别", tables.get("sex", [])),
            "age_bands": MultiSelectButton("年龄", list(AGE_BANDS)),
            "political_statuses": MultiSelectButton("政治面貌", tables.get("political_status", [])),
            "educations": MultiSelectButton("学历", [label for label, _ in EDUCATION_LEVELS] + ["未填写"]),
            "ranks": MultiSelectButton("职级", tables.get("civil_rank", [])),
            "levels": MultiSelectButton("职务层次", list(LEVEL_CHOICES)),
            "tags": MultiSelectButton("标签", tags),
        }
        facets = QHBoxLayout()
        for button in self.facets.values():
            button.selection_did_change.connect(self.apply_filter)
            facets.addWidget(button)
        clear = QPushButton("清除全部筛选")
        clear.clicked.connect(self.clear_filters)
        facets.addWidget(clear)
        facets.addStretch(1)

        self.tree = QTreeView()
        self.tree.setModel(self.units)
        self.tree.setHeaderHidden(True)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self.apply_filter())
        self.subunits = QCheckBox("含下级单位")
        self.subunits.setChecked(True)
        self.subunits.toggled.connect(self.apply_filter)
        all_units = QPushButton("全部单位")
        all_units.clicked.connect(self._all_units)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(all_units)
        row.addWidget(self.subunits)
        left_layout.addLayout(row)
        left_layout.addWidget(self.tree, 1)

        self.table = QTableView()
        self.table.setVerticalHeader(RowNumbers(self.table))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        # Qt's default indicator is descending: set ours before enabling sorting, which sorts.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.doubleClicked.connect(self._open_index)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self._columns_popup(header.mapToGlobal(pos)))
        header.setStretchLastSection(True)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 900])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(facets)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._timer.start)
        self.filter_edit.returnPressed.connect(self._filter_return)
        # ↓ from the filter goes into the list, as Enter does (a clerk reaches for the arrow).
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.filter_edit, context=Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._filter_return)
        self.model.roster_did_reload.connect(self._emit_counts)
        self.table.selectionModel().selectionChanged.connect(self._emit_counts)
        # A reset (new columns) drops the selection without selectionChanged.
        self.model.modelReset.connect(self._emit_counts)

        open_action = QAction("打开档案", self)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.open_current)
        self.table.addAction(open_action)
        delete_action = QAction("删除档案", self)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_selected)
        delete_action.setEnabled(permissions.allowed(self.ws.actor.role, "cadre.delete"))
        self.table.addAction(delete_action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The layout has sized the table already: read as many rows at a time as it shows.
        self.model.rows_in_sight = max(1, self.table.viewport().height() // self.table.verticalHeader()
                                       .defaultSectionSize() + 1)

    # --- filtering ------------------------------------------------------------------------

    def current_filter(self) -> RosterFilter:
        unit = self.tree.currentIndex()
        unit_ids = (int(unit.data(UnitIdRole)),) if unit.isValid() else ()
        return RosterFilter(
            text=self.filter_edit.text(),
            unit_ids=unit_ids,
            include_subunits=self.subunits.isChecked(),
            **{key: button.selected() for key, button in self.facets.items()},
        )

    def apply_filter(self) -> None:
        self._timer.stop()
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_filter(flt)

    def set_filter(self, flt: RosterFilter) -> None:
        """Show a saved filter: every control reflects it, then the roster reloads once."""
        for w in (self.filter_edit, self.subunits, *self.facets.values()):
            w.blockSignals(True)
        self.filter_edit.setText(flt.text)
        self.subunits.setChecked(flt.include_subunits)
        for key, button in self.facets.items():
            button.set_selected(getattr(flt, key))
        if flt.unit_ids:
            self.tree.setCurrentIndex(self.units.index_of(flt.unit_ids[0]))
        else:
            self.tree.setCurrentIndex(QModelIndex())
        for w in (self.filter_edit, self.subunits, *self.facets.values()):
            w.blockSignals(False)
        self.apply_filter()

    def clear_filters(self) -> None:
        self.set_filter(RosterFilter())

    def _all_units(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())
        self.tree.clearSelection()
        self.apply_filter()

    def _filter_return(self) -> None:
        self.apply_filter()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _emit_counts(self) -> None:
        self.counts_did_change.emit(self.counts_text())

    def counts_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total
        text = f"共 {total} 名干部" if shown == total else f"筛选出 {shown} 名 / 共 {total} 名干部"
        selected = self.selected_count()
        # One selected row is just the cursor; from two on the clerk is gathering a batch
        # (for a report, an export, a campaign) and wants to know how many.
        return f"{text}，已选 {selected} 人" if selected > 1 else text

    def selected_count(self) -> int:
        """Selected rows, from the selection's ranges: Ctrl+A on 100,000 rows must not build
        an index per row on every change of selection."""
        spans = sorted((r.top(), r.bottom()) for r in self.table.selectionModel().selection())
        count, reached = 0, -1
        for top, bottom in spans:
            if bottom > reached:
                count += bottom - max(top, reached + 1) + 1
                reached = bottom
        return count

    # --- saved filters --------------------------------------------------------------------

    def _fill_saved_menu(self) -> None:
        self.saved_menu.clear()
        saved = queries.saved_filter_rows(self.ws)
        for item in saved:
            action = self.saved_menu.addAction(item.name)
            action.setToolTip(item.filter.describe())
            action.triggered.connect(lambda _=False, f=item.filter: self.set_filter(f))
        if not saved:
            self.saved_menu.addAction("（还没有常用筛选）").setEnabled(False)
        self.saved_menu.addSeparator()
        self.saved_menu.addAction("保存当前筛选(&S)…", self.save_current_filter)
        if saved:
            remove = self.saved_menu.addMenu("删除常用筛选")
            for item in saved:
                remove.addAction(item.name, lambda i=item: self._delete_saved(i.id, i.name))

    def save_current_filter(self) -> None:
        flt = self.current_filter()
        name, ok = QInputDialog.getText(self, "保存常用筛选", f"名称（{flt.describe()}）：")
        if ok and name.strip():
            try:
                saved_filters.save(self.ws, name, flt)
            except Exception as exc:
                show_error(self, exc)

    def _delete_saved(self, filter_id: int, name: str) -> None:
        if QMessageBox.question(self, "删除常用筛选", f"删除常用筛选“{name}”？") == QMessageBox.StandardButton.Yes:
            saved_filters.delete(self.ws, filter_id)

    # --- columns --------------------------------------------------------------------------

    def _fill_columns_menu(self, menu: QMenu | None = None) -> None:
        menu = menu or self.columns_menu
        menu.clear()
        shown = set(self.model.keys)
        for col in COLUMNS:
            action = menu.addAction(col.title)
            action.setCheckable(True)
            action.setChecked(col.key in shown)
            action.toggled.connect(lambda on, key=col.key: self._toggle_column(key, on))
        menu.addSeparator()
        menu.addAction("恢复默认列", lambda: self.set_columns(list(DEFAULT_KEYS)))

    def _columns_popup(self, where: object) -> None:
        menu = QMenu(self)
        self._fill_columns_menu(menu)
        menu.exec(where)  # type: ignore[arg-type]

    def _visual_keys(self) -> list[str]:
        header = self.table.horizontalHeader()
        return [self.model.keys[header.logicalIndex(v)] for v in range(header.count())]

    def _toggle_column(self, key: str, on: bool) -> None:
        keys = self._visual_keys()
        if on and key not in keys:
            keys.append(key)
        elif not on and key in keys and len(keys) > 1:
            keys.remove(key)
        self.set_columns(keys)

    def set_columns(self, keys: list[str]) -> None:
        widths = self._widths()
        header = self.table.horizontalHeader()
        self.model.set_columns(keys)
        for logical in range(header.count()):  # the model's order is now the visual order
            header.moveSection(header.visualIndex(logical), logical)
        for i, key in enumerate(self.model.keys):
            self.table.setColumnWidth(i, widths.get(key, column(key).width * CHAR_PX))
        self.save_columns()

    def _widths(self) -> dict[str, int]:
        stored = self.settings.sizes("roster/widths")
        header = self.table.horizontalHeader()
        for i, key in enumerate(self.model.keys):
            if i < header.count():
                stored[key] = header.sectionSize(i)
        return {k: int(v) for k, v in stored.items()}

    def save_columns(self) -> None:
        self.settings.set_value("roster/columns", ",".join(self._visual_keys()))
        self.settings.set_value("roster/widths", json.dumps(self._widths()))

    def _restore_columns(self) -> None:
        stored = str(self.settings.value("roster/columns", "") or "")
        try:
            keys = [column(k).key for k in stored.split(",") if k] or list(DEFAULT_KEYS)
        except ValueError:
            keys = list(DEFAULT_KEYS)
        widths = self.settings.sizes("roster/widths")
        self.model.set_columns(keys)
        for i, key in enumerate(self.model.keys):
            self.table.setColumnWidth(i, int(widths.get(key, column(key).width * CHAR_PX)))

    # --- selection and actions ------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [cid for r in rows if (cid := self.model.cadre_id(r))]  # 0: a blank row

    def _open_index(self, index: QModelIndex) -> None:
        cadre_id = index.data(CadreIdRole) if index.isValid() else None
        if cadre_id:
            self.open_requested.emit(int(cadre_id))

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_index(index)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [self.model.data(self.model.index(self.model.row_of(i), self.model.keys.index("name")))
                 if "name" in self.model.keys else str(i) for i in ids[:5]]
        more = f"等 {len(ids)} 人" if len(ids) > 5 else ""
        answer = QMessageBox.warning(
            self, "删除干部档案",
            f"确定删除 {'、'.join(names)}{more} 的干部档案吗？\n档案的全部记录将被删除；审计日志会保留删除前的内容。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                cadre_files.delete_many(self.ws, ids)
            except Exception as exc:
                show_error(self, exc)

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("unit"):
            current = self.tree.currentIndex()
            unit_id = current.data(UnitIdRole) if current.isValid() else None
            self.units.reload()
            if unit_id is not None:
                self.tree.setCurrentIndex(self.units.index_of(int(unit_id)))
        if changes.touches("tag"):
            self.facets["tags"].set_choices(queries.tag_names(self.ws))
        if changes.touches("unit", "cadre", "post", "study", "cadre_tag", "tag"):
            self.model.apply_changes(changes)
