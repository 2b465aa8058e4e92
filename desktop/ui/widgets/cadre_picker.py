"""A line edit that finds a cadre by name, pinyin or initials and says which one was chosen."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.services.cadres import queries
from desktop.services.workspace import Workspace

LIMIT = 30


class CadrePicker(QLineEdit):
    """Signals: cadre_chosen(cadre_id, name) when a match is picked; cadre_cleared() when the
    text no longer names the chosen cadre (a person not on file, typed by hand)."""

    cadre_chosen = Signal(int, str)
    cadre_cleared = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.cadre_id: int | None = None
        self._labels: dict[str, tuple[int, str]] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._picked)
        self.setCompleter(completer)
        self.setPlaceholderText("输入姓名、全拼或首字母查找")
        self.textEdited.connect(self._search)

    def _search(self, text: str) -> None:
        if self.cadre_id is not None and text != self._chosen_name:
            self.cadre_id = None
            self.cadre_cleared.emit()
        if not text.strip():
            self._model.setStringList([])
            return
        rows = queries.cadre_matches(self.ws, text, LIMIT)
        self._labels = {f"{r.name}　{r.unit}{r.post}": (r.id, r.name) for r in rows}
        self._model.setStringList(list(self._labels))
        self.completer().complete()

    def _picked(self, label: str) -> None:
        found = self._labels.get(label)
        if found is None:
            return
        self.choose(*found)

    def choose(self, cadre_id: int, name: str) -> None:
        self.cadre_id = cadre_id
        self._chosen_name = name
        # The completer writes the whole label into the field after this slot: put the name
        # back once it has.
        QTimer.singleShot(0, self, lambda: self.setText(name))  # dropped if the field is gone
        self.setText(name)
        self.cadre_chosen.emit(cadre_id, name)

    def chosen_name(self) -> str:
        """The name of the cadre last chosen ("" before any)."""
        return self._chosen_name

    _chosen_name = ""
