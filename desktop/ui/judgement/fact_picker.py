"""A filterable list of the facts a conclusion or a results-use record may cite.

Keyboard: type to filter (every word must appear, in the label or the full text), Down to
the list, Enter to cite the current fact (from the filter field, the first one shown).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.services.judgement.citations import Fact

FACT_ROLE = Qt.ItemDataRole.UserRole + 1


class FactPicker(QWidget):
    """Signals: fact_chosen(Fact) on Enter or a double click."""

    fact_chosen = Signal(object)

    def __init__(self, caption: str = "查找事实(&S)：", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("输入关键词筛选：日期、类型、内容；回车引用")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(lambda item: self.fact_chosen.emit(item.data(FACT_ROLE)))
        self.count = QLabel()
        label = QLabel(caption)
        label.setBuddy(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)

    def set_facts(self, facts: Sequence[Fact]) -> None:
        self.list.clear()
        for f in facts:
            item = QListWidgetItem(f.label)
            item.setData(FACT_ROLE, f)
            item.setToolTip(f.note)
            if f.reversed or f.reverses_id is not None:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
        self._apply_filter(self.filter.text())

    def visible_facts(self) -> list[Fact]:
        return [self.list.item(i).data(FACT_ROLE) for i in range(self.list.count()) if not self.list.item(i).isHidden()]

    def _apply_filter(self, text: str) -> None:
        words = text.split()
        shown = 0
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            fact: Fact = item.data(FACT_ROLE)
            hay = f"{fact.label} {fact.note}"
            hide = not all(w in hay for w in words)
            item.setHidden(hide)
            if not hide:
                shown += 1
                first = first or item
        if first is not None:
            self.list.setCurrentItem(first)
        self.count.setText(f"可引用事实 {self.list.count()} 条" + (f"，筛选出 {shown} 条" if words else ""))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.list.currentItem()
                if current is not None and not current.isHidden():
                    self.fact_chosen.emit(current.data(FACT_ROLE))
                return True
            if event.key() == Qt.Key.Key_Down:
                self.list.setFocus()
                return True
        return super().eventFilter(watched, event)
