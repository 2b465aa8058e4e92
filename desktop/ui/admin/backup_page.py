"""系统管理 → 备份与恢复: where automatic backups go and when, the ones already there,
立即备份 and 恢复.

Signals: page_did_report(text) for the status bar; restore_requested(RestoreRequest) once the
clerk has confirmed a restore (the window closes its database and the start-up loop
restores, see ui/restore_flow.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import backups
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.admin import restore_flow
from desktop.ui.admin.backup_list_model import BackupListModel, Columns, rows_for
from desktop.ui.admin.backup_runner import MANUAL, BackupOutcome, BackupProgress, BackupRunner
from desktop.ui.common import file_dialogs
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import show_error

BUSY = "另一份备份正在进行，请等它完成后再试。"


class BackupPage(QWidget):
    page_did_report = Signal(str)
    restore_requested = Signal(object)

    def __init__(self, ws: Workspace, runner: BackupRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.saved = backups.read_settings(ws)

        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText("例如 U 盘上的一个文件夹")
        self.browse_button = QPushButton("浏览(&B)…")
        self.browse_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, 365)
        self.keep_spin.setSuffix(" 份")
        self.on_close_box = QCheckBox("关闭程序时备份(&C)")
        self.daily_box = QCheckBox("程序打开期间每天备份一次(&Y)")
        self.save_button = QPushButton("保存设置(&S)")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.last_label = QLabel()
        settings_box = QGroupBox("自动备份")
        form = QFormLayout(settings_box)
        folder_label = QLabel("备份文件夹(&L)：")
        folder_label.setBuddy(self.folder_edit)
        keep_label = QLabel("保留最近(&K)：")
        keep_label.setBuddy(self.keep_spin)
        form.addRow(folder_label, folder_row)
        form.addRow(keep_label, self._with_hint(self.keep_spin, "更早的自动备份会被删除"))
        form.addRow("", self.on_close_box)
        form.addRow("", self.daily_box)
        form.addRow("", self._with_hint(self.save_button, "", self.last_label))
        note = QLabel("自动备份的文件名为“数据库名-自动备份-标识-日期-时间”（标识区分同名的数据库），"
                      "连同密钥文件（.keys）一起保存，用当前的密码和恢复密钥打开。每份备份写完后都会打开核对。")
        note.setWordWrap(True)
        form.addRow(note)

        self.model = BackupListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(Columns.TIME, 170)
        self.view.setColumnWidth(Columns.SIZE, 90)
        self.view.activated.connect(self._restore_row)
        self.list_label = QLabel()
        self.list_label.setWordWrap(True)
        self.backup_button = QPushButton("立即备份(&N)…")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("从备份恢复(&O)…")
        self.restore_button.clicked.connect(lambda: self.restore())
        self.restore_selected_button = QPushButton("用所选备份恢复(&U)…")
        self.restore_selected_button.setToolTip("也可以在列表中选中一份备份后按 Enter")
        self.restore_selected_button.clicked.connect(lambda: self._restore_row(self.view.currentIndex()))
        actions = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.restore_selected_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if ws.db.is_package:
            for b in (self.restore_button, self.restore_selected_button):
                b.setEnabled(False)
                b.setToolTip("外出考核数据包不能从备份恢复")

        list_box = QGroupBox("本数据库在该文件夹中的自动备份")
        lv = QVBoxLayout(list_box)
        lv.addWidget(self.list_label)
        lv.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(settings_box)
        layout.addWidget(list_box, 1)
        layout.addLayout(actions)
        layout.addWidget(self.result_label)

        save_action = QAction(self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)
        self.folder_edit.textChanged.connect(self._update_buttons)
        self.keep_spin.valueChanged.connect(self._update_buttons)
        self.on_close_box.toggled.connect(self._update_buttons)
        self.daily_box.toggled.connect(self._update_buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        runner.backup_did_finish.connect(self._backup_finished)
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)
        self._show_settings(self.saved)

    @staticmethod
    def _with_hint(widget: QWidget, hint: str, extra: QWidget | None = None) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget)
        if hint:
            row.addWidget(QLabel(hint))
        if extra is not None:
            row.addSpacing(12)
            row.addWidget(extra)
        row.addStretch(1)
        return box

    # --- settings -------------------------------------------------------------------------

    def form_settings(self) -> backups.BackupSettings:
        return backups.BackupSettings(self.folder_edit.text().strip(), self.keep_spin.value(),
                                      self.on_close_box.isChecked(), self.daily_box.isChecked())

    def _show_settings(self, config: backups.BackupSettings) -> None:
        self.saved = config
        self.folder_edit.setText(config.folder)
        self.keep_spin.setValue(config.keep)
        self.on_close_box.setChecked(config.on_close)
        self.daily_box.setChecked(config.daily)
        self.reload()

    def apply_changes(self, changes: Changes) -> None:
        """Settings saved elsewhere (the command line's twin, another page): shown, unless the
        clerk is editing them here."""
        if not changes.touches("setting"):
            return
        config = backups.read_settings(self.ws)
        if config == self.saved:
            return
        if self.form_settings() == self.saved:
            self._show_settings(config)
        else:
            self.saved = config
            self.reload()

    def choose_folder(self) -> None:
        folder = file_dialogs.choose_folder(self, "选择自动备份文件夹", self.folder_edit.text(), purpose="backups")
        if folder:
            self.folder_edit.setText(folder)
            self.keep_spin.setFocus()

    def save(self) -> bool:
        config = self.form_settings()
        try:
            backups.save_settings(self.ws, config)
        except Exception as exc:
            show_error(self, exc, "保存备份设置")
            return False
        self._show_settings(config)
        self.page_did_report.emit("已保存备份设置" if config.enabled
                                  else "已保存备份设置（未设置文件夹，不会自动备份）")
        return True

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.form_settings() != self.saved)
        self.restore_selected_button.setEnabled(not self.ws.db.is_package and self.view.currentIndex().isValid())

    # --- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        folder = Path(self.saved.folder) if self.saved.folder else None
        if folder is None:
            self.list_label.setText("尚未设置自动备份文件夹。")
            rows = []
        elif not folder.is_dir():
            self.list_label.setText(f"文件夹 {folder} 现在不可用（U 盘未插入？）。")
            rows = []
        else:
            rows = rows_for(self.ws, folder)
            self.list_label.setText(f"{folder}：{len(rows)} 份" if rows else f"{folder} 中还没有本数据库的自动备份。")
        self.model.set_rows(rows)
        if rows:
            self.view.setCurrentIndex(self.model.index(0, 0))
        last = backups.last_automatic(self.ws)
        self.last_label.setText(f"上次自动备份：{last.astimezone():%Y-%m-%d %H:%M}" if last else "尚未自动备份")
        self._update_buttons()

    # --- backing up and restoring ---------------------------------------------------------

    def backup_now(self) -> None:
        if self.runner.busy:
            QMessageBox.information(self, "立即备份", BUSY)
            return
        suffix = self.ws.db.path.suffix or ".db"
        filters = f"一线考核数据库 (*{suffix});;所有文件 (*)"
        # Start in the chosen backup folder (the stick), else beside the database.
        configured = Path(backups.read_settings(self.ws).folder or self.ws.db.path.parent)
        folder = configured if configured.is_dir() else self.ws.db.path.parent
        chosen = file_dialogs.save_file(self, "立即备份到", str(folder / backups.default_name(self.ws)), filters,
                                        purpose="backups")
        if not chosen:
            return
        target = Path(chosen)
        progress = BackupProgress(self.runner, f"正在备份到 {target} ……", self.window())
        self.result_label.setText("")
        self.runner.backup_to(target)
        progress.show()

    def _backup_finished(self, outcome: BackupOutcome) -> None:
        self.reload()
        if outcome.kind != MANUAL:
            return
        if outcome.ok:
            text = f"已备份到 {outcome.path}，并已打开核对：它可以用当前的密码和恢复密钥打开。"
            self.result_label.setText(text)
            self.page_did_report.emit(text)
        elif outcome.cancelled:
            self.result_label.setText("备份已取消，没有留下文件。")
        elif outcome.error is not None:
            show_error(self, outcome.error, "立即备份")

    def _restore_row(self, index: QModelIndex) -> None:
        path = self.model.path(index.row()) if index.isValid() else None
        if path is not None:
            self.restore(path)

    def restore(self, backup: Path | None = None) -> None:
        if self.ws.db.is_package:
            return
        if self.runner.busy:
            QMessageBox.information(self, "从备份恢复", BUSY)
            return
        request = restore_flow.ask_restore(self, self.ws, backup, self.saved.folder)
        if request is not None:
            self.restore_requested.emit(request)
