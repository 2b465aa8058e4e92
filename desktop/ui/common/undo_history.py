"""Undo and redo by whole-state snapshots, for the plain form states of the editors.

Forms are small (one cadre file, one template), so keeping a copy of the state before each
change is simpler and safer than inverse operations. Consecutive changes with the same key
(typing into one field) make one step; `break_group` starts a new one when focus moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

S = TypeVar("S")


@dataclass
class UndoHistory(Generic[S]):
    _undo: list[S] = field(default_factory=list)
    _redo: list[S] = field(default_factory=list)
    _last_key: str = ""

    def changed(self, before: S, key: str = "") -> None:
        """Record that the state changed from `before` (call only when it really did)."""
        if not (key and key == self._last_key and self._undo):
            self._undo.append(before)
        self._last_key = key
        self._redo.clear()

    def undo(self, current: S) -> S | None:
        """The state to go back to (None if there is nothing to undo)."""
        if not self._undo:
            return None
        self._redo.append(current)
        self._last_key = ""
        return self._undo.pop()

    def redo(self, current: S) -> S | None:
        if not self._redo:
            return None
        self._undo.append(current)
        self._last_key = ""
        return self._redo.pop()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def break_group(self) -> None:
        self._last_key = ""

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._last_key = ""
