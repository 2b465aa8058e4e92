"""放在：the row of the 接收上报文件 screen where the clerk chooses the city unit that holds the
district's units new to the city (services/exchange/levels/placement.py).

A type-ahead combo over the city's tree (name, pinyin or initials of any part of the path),
reached with Alt+U; its first entry is the top level. It offers the default the preview
guessed and says why; a value that is not in the list is kept for the dialog to refuse.

Signals: placement_did_change(Choice) when a unit of the list (or the top level) is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.services.exchange.levels import placement
from desktop.ui.widgets.code_combo import CodeCombo

TOP_LABEL = "（顶层：不放在任何单位之下）"
HINT = "上报文件中本级没有的顶层单位放在本级的哪个单位之下（可输入名称、拼音或首字母查找）"
NOTHING = "上报文件中的单位本级都已有，或已随上级单位放入本级单位树，无需选择"
BEFORE = "预览后选择上报文件中本级没有的顶层单位放在哪里"


class PlacementRow(QWidget):
    placement_did_change = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units: dict[str, str] = {}  # label → uid
        self.combo = CodeCombo()
        self.combo.keep_return()  # Return settles the choice; it must not also press a button
        self.combo.setMinimumWidth(360)
        self.combo.value_did_change.connect(self._changed)
        label = QLabel("放在(&U)：")
        label.setBuddy(self.combo)
        self.hint = QLabel(BEFORE)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addWidget(self.hint, 1)
        self._shown = ""
        self.combo.setEnabled(False)

    def offer(self, units: list[tuple[str, str]], choice: placement.Choice, placed: list[str]) -> None:
        """After a preview: the city's units, the default chosen (or nothing to place)."""
        self.units = dict(units)
        with QSignalBlocker(self.combo.lineEdit()):  # filling the list is not the clerk choosing
            self.combo.set_choices([TOP_LABEL, *self.units])
        label = next((lab for lab, uid in units if uid == choice.under), TOP_LABEL)
        self._shown = label
        self.combo.set_value(label)
        self.combo.setEnabled(bool(placed))
        self.hint.setText(HINT if placed else NOTHING)

    def clear(self) -> None:
        self.units = {}
        self._shown = ""
        with QSignalBlocker(self.combo.lineEdit()):
            self.combo.set_choices([])
        self.combo.setEnabled(False)
        self.hint.setText(BEFORE)

    def chosen(self) -> placement.Choice | None:
        """What the field holds, or None when it names no unit of the list."""
        text = self.combo.value()
        if text == TOP_LABEL:
            return placement.Choice(None)
        uid = self.units.get(text)
        return None if uid is None else placement.Choice(uid, text)

    def _changed(self, _text: str) -> None:
        choice = self.chosen()
        if choice is not None and self.combo.value() != self._shown:
            self._shown = self.combo.value()
            self.placement_did_change.emit(choice)
