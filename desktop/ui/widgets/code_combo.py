"""Combo boxes for code-table fields, with type-ahead by characters, pinyin or initials.

Typing 汉, han or hz offers 汉族; the list is the database's code table, and text outside it
is kept (old files hold words the table no longer has) but flagged by validation.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from desktop.models.search_keys import is_pinyin_query, name_keys, normalize_query


class PinyinFilter(QSortFilterProxyModel):
    """Keeps the items whose text, full pinyin or initials contain what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._keys: dict[str, tuple[str, ...]] = {}

    def set_query(self, text: str) -> None:
        self._query = normalize_query(text)
        # Qt 6.8 (the pin, for glibc 2.28 systems) has no begin/endFilterChange (6.9/6.10).
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._query:
            return True
        text = str(self.sourceModel().index(row, 0, parent).data() or "")
        if not is_pinyin_query(self._query):
            return self._query in text
        keys = self._keys.get(text)
        if keys is None:
            # Each part of a path (甲 / 乙 / 丙) can be typed from its own start.
            keys = self._keys[text] = tuple(k for seg in text.split(" / ") for part in name_keys(seg)
                                            for k in part.split())
        return any(k.startswith(self._query) for k in keys)


class CodeCombo(QComboBox):
    """Signals: value_did_change(text) when the chosen or typed value changes."""

    value_did_change = Signal(str)

    def __init__(self, choices: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._source = QStringListModel(list(choices), self)
        self._filter = PinyinFilter(self)
        self._filter.setSourceModel(self._source)
        completer = QCompleter(self._filter, self)
        # The proxy does the matching; the completer just shows what is left.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.addItems(list(choices))
        self.setCurrentIndex(-1)
        line = self.lineEdit()
        line.textEdited.connect(self._typed)
        line.textChanged.connect(self.value_did_change)
        line.editingFinished.connect(self.settle)
        completer.activated.connect(self._picked)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        self._typing = False
        self._keep_return = False

    def _typed(self, text: str) -> None:
        self._filter.set_query(text)
        self._typing = bool(text)
        if text:
            # Not highlighting the first row: the completer would write it into the field
            # under the letters still being typed. Leaving the field takes it instead.
            self.completer().complete()

    def keep_return(self) -> None:
        """Return in this field is its own (it adds what was typed): the dialog around it
        must not also take it as pressing its default button."""
        self._keep_return = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if self._keep_return and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        # Tab past the field while the completer's popup is open: Qt sends the combo no
        # focus-out event and its line edit no editingFinished, so watch where focus went.
        if old in (self, self.lineEdit()) and new not in (self, self.lineEdit(), self.completer().popup()):
            self.settle()

    def _picked(self, text: str) -> None:
        self._typing = False
        self.setEditText(text)
        self.value_did_change.emit(text)

    def settle(self) -> None:
        """Typed "zgdy" or "汉" and left: take the first match the popup showed rather than
        keep the letters, which validation would only flag as not in the code table."""
        if not self._typing:
            return
        self._typing = False
        text = self.currentText().strip()
        if self.findText(text) >= 0 or not self._filter.rowCount():
            return
        self._picked(str(self._filter.index(0, 0).data()))

    def value(self) -> str:
        return self.currentText().strip()

    def set_choices(self, choices: Sequence[str]) -> None:
        """Offer other values: the list the popup and the type-ahead draw on."""
        self._source.setStringList(list(choices))
        self.clear()
        self.addItems(list(choices))
        self.setCurrentIndex(-1)

    def set_value(self, text: str) -> None:
        self._typing = False
        if text != self.currentText():
            self.blockSignals(True)
            self.lineEdit().blockSignals(True)
            index = self.findText(text)
            self.setCurrentIndex(index)
            self.setEditText(text)
            self.lineEdit().blockSignals(False)
            self.blockSignals(False)
