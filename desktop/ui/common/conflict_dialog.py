"""A record another clerk saved while this one was editing it: both versions side by side, and
the clerk chooses, part by part, which one to keep. The cadre file (services/cadres/conflicts.py)
and the other records clerks edit in a window (services/record_versions.py) share it.

One row per part that differs: a tick in 采用我的 keeps the clerk's own value, no tick the
stored one. Parts the clerk changed start ticked. Space ticks and unticks the current row;
Ctrl+S or Ctrl+Enter saves the choice, Esc goes back to editing with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.cadres.conflicts import EditConflict, merged
from desktop.services.record_versions import Difference, RecordKind, StaleRecord, changed
from desktop.services.record_versions import merged as merged_record

T = TypeVar("T")


class ConflictDialog(QDialog):
    def __init__(self, title: str, conflict: Exception, differences: list[Difference], changed: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(760, 420)
        self.intro = intro = QLabel(str(conflict))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(differences), 3, self)
        self.table.setHorizontalHeaderLabels(["采用我的", "我的修改", "已保存的版本"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, diff in enumerate(differences):
            pick = QTableWidgetItem(diff.label)
            pick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            pick.setCheckState(Qt.CheckState.Checked if diff.key in changed else Qt.CheckState.Unchecked)
            pick.setData(Qt.ItemDataRole.UserRole, diff.key)
            self.table.setItem(row, 0, pick)
            for column, value in ((1, diff.mine), (2, diff.theirs)):
                cell = QTableWidgetItem(value or "（空）")
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Rows as tall as their wrapped text at the widths the columns get once laid out (sized
        # now, the narrow first-guess widths made one line of text a screen tall).
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        if differences:
            self.table.setCurrentCell(0, 0)
        buttons = QDialogButtonBox()
        save = buttons.addButton("按所选保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("返回编辑", QDialogButtonBox.ButtonRole.RejectRole)
        save.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.setFocus()

    def keep_mine(self) -> set[str]:
        out = set()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.add(str(item.data(Qt.ItemDataRole.UserRole)))
        return out



def _chosen(dialog: ConflictDialog) -> set[str] | None:
    return dialog.keep_mine() if dialog.exec() == QDialog.DialogCode.Accepted else None


def resolve(parent: QWidget, conflict: EditConflict, changed: set[str]) -> CadreFile | None:
    """The cadre file to save after the clerk's choice; None if they went back to editing."""
    chosen = _chosen(ConflictDialog("档案已被他人修改", conflict, conflict.differences, changed, parent))
    return None if chosen is None else merged(conflict, chosen)


def resolve_record(parent: QWidget, conflict: StaleRecord, changed: set[str]) -> Any:
    """The record to save after the clerk's choice (an input of the conflict's kind, at the
    stored version); None if they went back to editing."""
    title = f"{conflict.kind.what}已被他人修改"
    chosen = _chosen(ConflictDialog(title, conflict, conflict.differences, changed, parent))
    return None if chosen is None else merged_record(conflict, chosen)


def save_choosing(parent: QWidget, kind: RecordKind, opened: Any, data: T, save: Callable[[T], object]) -> T | None:
    """Save `data` at the version `opened` was read at; when another clerk saved the record in
    between, let this clerk choose field by field and save that, as often as it keeps
    happening. The input saved, or None if the clerk went back to editing (nothing saved)."""
    data = replace(data, version=opened.version)  # type: ignore[type-var]
    return save_choosing_against(parent, kind, opened, data, lambda d, _stored: save(d))


def save_choosing_against(parent: QWidget, kind: RecordKind, opened: Any, data: T,
                          save: Callable[[T, Any], object]) -> T | None:
    """As save_choosing, for a record whose save is checked against the content it was read with
    rather than a row version: `save(data, against)` gets the record as opened, and after a choice
    the stored version the choice was made against (a third save in between is caught again)."""
    against = opened
    while True:
        try:
            save(data, against)
            return data
        except StaleRecord as conflict:  # nothing was written
            # Ticked: what this clerk changed from the version the save is checked against (at
            # first their typing, after a choice the fields they took as theirs).
            chosen = resolve_record(parent, conflict, changed(kind, against, data))
            if chosen is None:
                return None
            data, against = chosen, conflict.theirs
