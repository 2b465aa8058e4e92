"""The main window: the cadre roster with a filter box and counts in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.services.roster import RosterFilter
from desktop.services.workspace import Workspace
from desktop.ui.roster_model import Column, RosterModel
from desktop.ui.settings import Settings

FILTER_DELAY_MS = 150


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, settings: Settings) -> None:
        super().__init__()
        self.ws = ws
        self.settings = settings
        self.switch_requested = False
        self.setWindowTitle(f"一线考核 — {ws.db.path.name} — {ws.actor.display_name or ws.actor.username}")

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("按姓名、全拼或首字母筛选，如 zs 查找张三（Ctrl+F）")
        self.filter_edit.setClearButtonEnabled(True)
        label = QLabel("筛选(&F)：")
        label.setBuddy(self.filter_edit)
        self.model = RosterModel(ws, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((Column.NAME, 90), (Column.SEX, 50), (Column.BIRTH, 80),
                              (Column.UNIT, 300), (Column.POST, 160), (Column.RANK, 120)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.filter_edit, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.model.roster_did_reload.connect(self._show_counts)

        self._build_menus()
        from desktop.ui.interchange_actions import install_interchange_actions

        install_interchange_actions(self)
        self._restore()
        self.model.reload()
        self.filter_edit.setFocus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        switch = QAction("切换数据库(&S)…", self)
        switch.setShortcut(QKeySequence("Ctrl+Shift+O"))
        switch.triggered.connect(self._switch_database)
        file_menu.addAction(switch)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        find = QAction("筛选(&F)", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._focus_filter)
        self.addAction(find)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于一线考核(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        text = self.filter_edit.text()
        if text != self.model.filter.text:
            self.model.set_filter(RosterFilter(text=text))

    def _show_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(f"共 {total} 名干部" if shown == total else f"筛选出 {shown} 名 / 共 {total} 名干部")

    def _about(self) -> None:
        QMessageBox.about(self, "关于一线考核",
                          f"一线考核 {__version__}\n数据库：{self.ws.db.path}\n结构版本：{self.ws.db.schema_version()}")

    def _switch_database(self) -> None:
        self.switch_requested = True
        self.close()

    # --- state ----------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.state("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)
        header = self.settings.state("main/roster_header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_state("main/geometry", self.saveGeometry())
        self.settings.set_state("main/roster_header", self.table.horizontalHeader().saveState())
        self.settings.sync()
        self.ws.close()
        super().closeEvent(event)
