"""`findChildren` with its element type: PySide6 6.8's stubs type the result as an iterable of
nothing, which a strictly checked module cannot iterate."""

from __future__ import annotations

from typing import TypeVar, cast

from PySide6.QtCore import QObject

T = TypeVar("T", bound=QObject)


def children_of(parent: QObject, kind: type[T]) -> list[T]:
    """Every descendant of `parent` that is a `kind`, in Qt's order."""
    return cast(list[T], list(parent.findChildren(kind)))
