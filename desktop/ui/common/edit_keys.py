"""The keys of the editing actions every editor offers, the same in each window."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def shortcuts(key: QKeySequence.StandardKey) -> list[QKeySequence]:
    """The platform's keys for a standard action (needs the application to exist)."""
    return list(QKeySequence.keyBindings(key))


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Y as well as the platform's redo keys: clerks coming from Word expect it. Once each:
    where the platform's redo is Ctrl+Y already, a second binding would make the key ambiguous."""
    return list(dict.fromkeys([*shortcuts(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]))
