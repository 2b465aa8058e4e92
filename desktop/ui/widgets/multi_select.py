"""A tool button with a menu of checkable choices, for roster facets (性别, 职级 …)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget


class MultiSelectButton(QToolButton):
    """Signals: selection_did_change() when a choice is ticked or cleared."""

    selection_did_change = Signal()

    def __init__(self, label: str, choices: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._actions: list[QAction] = []
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[str]) -> None:
        chosen = set(self.selected())
        self._menu.clear()
        clear = self._menu.addAction("清除")
        clear.triggered.connect(self.clear)
        self._menu.addSeparator()
        self._actions = []
        for choice in choices:
            action = self._menu.addAction(choice)
            action.setCheckable(True)
            action.setChecked(choice in chosen)
            action.toggled.connect(self._changed)
            self._actions.append(action)
        self._update_text()

    def selected(self) -> tuple[str, ...]:
        return tuple(a.text() for a in self._actions if a.isChecked())

    def set_selected(self, values: Sequence[str]) -> None:
        wanted = set(values)
        for a in self._actions:
            a.blockSignals(True)
            a.setChecked(a.text() in wanted)
            a.blockSignals(False)
        self._update_text()

    def clear(self) -> None:
        if self.selected():
            self.set_selected(())
            self.selection_did_change.emit()

    def _changed(self) -> None:
        self._update_text()
        self.selection_did_change.emit()

    def _update_text(self) -> None:
        chosen = self.selected()
        if not chosen:
            self.setText(f"{self.label} ▾")
        elif len(chosen) == 1:
            self.setText(f"{self.label}：{chosen[0]} ▾")
        else:
            self.setText(f"{self.label}：{len(chosen)}项 ▾")
        self.setToolTip("、".join(chosen) if chosen else f"按{self.label}筛选")
