"""Checks that a query hands the window plain values: no mapped (ORM) object anywhere inside,
rows that are frozen dataclasses. Shared by the evaluation and report query tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop.models.base import Base


def mapped_inside(value: Any, seen: set[int] | None = None) -> list[str]:
    """Paths to every mapped (ORM) object inside a returned value, however deep."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Base):
        return [type(value).__name__]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [f"{f.name}.{p}" for f in dataclasses.fields(value)
                for p in mapped_inside(getattr(value, f.name), seen)]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in mapped_inside(k, seen) + mapped_inside(v, seen)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for v in value for p in mapped_inside(v, seen)]
    return []


def frozen_row(value: Any) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and bool(params.frozen)
