"""The state of one open cadre file while a clerk edits it: values as typed, undo, dirty.

Plain Python (no Qt) so it is tested on its own; the editor widgets only mirror it. Values are
kept as the clerk typed them (dates as text); `to_file()` hands them to the service, which
parses and validates them the same way for the window, the importers and the tests.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.models.dates import PartialDate
from desktop.services.cadres.cadre_files import EDITABLE_FIELDS, RECORD_KINDS, CadreFile
from desktop.ui.common.undo_history import UndoHistory

FIELD_DEFAULTS: dict[str, str] = {key: "" for key in EDITABLE_FIELDS}
FIELD_DEFAULTS["status"] = "在职"


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.dotted()
    return value


@dataclass
class _State:
    fields: dict[str, Any]
    records: dict[str, list[dict[str, Any]]]
    tags: list[str]
    photo: bytes | None

    def copy(self) -> _State:
        return _State(dict(self.fields), copy.deepcopy(self.records), list(self.tags), self.photo)


@dataclass
class CadreForm:
    """Listeners get (what, key): ("field", name), ("records", kind), ("tags", ""), ("photo", ""),
    or ("all", "") after undo, redo and reload."""

    cadre_id: int | None
    state: _State
    saved: _State = field(init=False)
    listeners: list[Callable[[str, str], None]] = field(default_factory=list)
    history: UndoHistory[_State] = field(default_factory=UndoHistory)
    # The stored file's version when it was read: a save over a newer one is refused
    # (services/cadres/conflicts.py).
    version: int | None = None

    def __post_init__(self) -> None:
        self.saved = self.state.copy()

    # --- building -------------------------------------------------------------------------

    @classmethod
    def blank(cls) -> CadreForm:
        return cls(None, _State(dict(FIELD_DEFAULTS), {k: [] for k in RECORD_KINDS}, [], None))

    @classmethod
    def from_file(cls, cadre_id: int, file: CadreFile) -> CadreForm:
        """A stored file (queries.file_for_editing) as the clerk sees it: dates as text."""
        fields = {key: _text(file.fields.get(key)) for key in EDITABLE_FIELDS}
        records = {kind: [{k: _text(v) for k, v in row.items()} for row in file.records.get(kind, [])]
                   for kind in RECORD_KINDS}
        return cls(cadre_id, _State(fields, records, list(file.tags or []), file.photo), version=file.version)

    # --- reading --------------------------------------------------------------------------

    @property
    def fields(self) -> dict[str, Any]:
        return self.state.fields

    @property
    def records(self) -> dict[str, list[dict[str, Any]]]:
        return self.state.records

    @property
    def tags(self) -> list[str]:
        return self.state.tags

    @property
    def photo(self) -> bytes | None:
        return self.state.photo

    @property
    def dirty(self) -> bool:
        return self.state != self.saved

    def to_file(self) -> CadreFile:
        records = {kind: [dict(r) for r in rows] for kind, rows in self.state.records.items()}
        return CadreFile(fields=dict(self.state.fields), records=records, tags=list(self.state.tags),
                         photo=self.state.photo if self.state.photo != self.saved.photo else None,
                         remove_photo=self.state.photo is None and self.saved.photo is not None,
                         version=self.version)

    def changed_parts(self) -> set[str]:
        """What the clerk changed since the file was read, named as conflicts.Difference keys."""
        parts = {k for k, v in self.state.fields.items() if v != self.saved.fields.get(k)}
        parts |= {f"records:{k}" for k, rows in self.state.records.items() if rows != self.saved.records.get(k)}
        if self.state.tags != self.saved.tags:
            parts.add("tags")
        if self.state.photo != self.saved.photo:
            parts.add("photo")
        return parts

    # --- changing (every change is undoable) ----------------------------------------------

    def _change(self, key: str, apply: Callable[[], None], what: str, name: str) -> None:
        before = self.state.copy()
        apply()
        if self.state == before:
            return
        self.history.changed(before, key)  # typing into one field is one step
        self._notify(what, name)

    def set_field(self, key: str, value: Any) -> None:
        if key not in self.state.fields:
            raise KeyError(key)
        self._change(f"field:{key}", lambda: self.state.fields.__setitem__(key, value), "field", key)

    def set_cell(self, kind: str, row: int, key: str, value: Any) -> None:
        self._change(f"cell:{kind}:{row}:{key}",
                     lambda: self.state.records[kind][row].__setitem__(key, value), "records", kind)

    def add_row(self, kind: str, values: dict[str, Any] | None = None, at: int | None = None) -> int:
        rows = self.state.records[kind]
        position = len(rows) if at is None else max(0, min(at, len(rows)))
        self._change("", lambda: rows.insert(position, dict(values or {})), "records", kind)
        return position

    def remove_row(self, kind: str, row: int) -> None:
        self._change("", lambda: self.state.records[kind].pop(row), "records", kind)

    def move_row(self, kind: str, row: int, delta: int) -> int:
        rows = self.state.records[kind]
        target = row + delta
        if not (0 <= row < len(rows) and 0 <= target < len(rows)):
            return row

        def swap() -> None:
            rows[row], rows[target] = rows[target], rows[row]

        self._change("", swap, "records", kind)
        return target

    def set_tags(self, tags: list[str]) -> None:
        clean = [t for t in dict.fromkeys(t.strip() for t in tags) if t]
        self._change("tags", lambda: setattr(self.state, "tags", clean), "tags", "")

    def set_photo(self, jpeg: bytes | None) -> None:
        self._change("", lambda: setattr(self.state, "photo", jpeg), "photo", "")

    # --- undo -----------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return self.history.can_undo()

    def can_redo(self) -> bool:
        return self.history.can_redo()

    def undo(self) -> None:
        state = self.history.undo(self.state.copy())
        if state is not None:
            self.state = state
            self._notify("all", "")

    def redo(self) -> None:
        state = self.history.redo(self.state.copy())
        if state is not None:
            self.state = state
            self._notify("all", "")

    def break_coalescing(self) -> None:
        """Start a new undo step even if the same field is edited again (focus left it)."""
        self.history.break_group()

    def replace_with(self, other: CadreForm) -> None:
        """After a save: take the stored state (new record ids) and forget undo history."""
        self.cadre_id = other.cadre_id
        self.version = other.version
        self.state = other.state
        self.saved = other.state.copy()
        self.history.clear()
        self._notify("all", "")

    def _notify(self, what: str, key: str) -> None:
        for listener in list(self.listeners):
            listener(what, key)
