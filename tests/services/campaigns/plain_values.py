"""Checks that what a query returns holds no ORM object: the caller has no session to load
its attributes in, and a role system must be able to reason about exactly what it hands out."""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop.models.base import Base


def orm_objects(value: Any) -> list[Any]:
    """Every ORM object reachable from `value` (through dataclasses and containers)."""
    if isinstance(value, Base):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [o for f in dataclasses.fields(value) for o in orm_objects(getattr(value, f.name))]
    if isinstance(value, dict):
        return [o for pair in value.items() for part in pair for o in orm_objects(part)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [o for item in value for o in orm_objects(item)]
    return []


def assert_plain(value: Any) -> None:
    """No ORM object inside, and the rows the query modules define are frozen."""
    assert orm_objects(value) == []
    if dataclasses.is_dataclass(value) and type(value).__module__.endswith(".queries"):
        assert type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
