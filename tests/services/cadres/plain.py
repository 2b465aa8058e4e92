"""What the queries the window and the command line read through promise: plain values,
and one function per read, every one of them tested."""

from __future__ import annotations

import dataclasses
from types import ModuleType
from typing import Any

from desktop.models.base import Base
from desktop.models.dates import PartialDate


def assert_plain(value: Any) -> None:
    """Nothing in `value`, however deep, is an ORM object (or anything tied to a session)."""
    assert not isinstance(value, Base), f"ORM object {value!r}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            assert_plain(k)
            assert_plain(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            assert_plain(v)
    else:
        assert value is None or isinstance(value, (str, int, float, bytes, PartialDate)), type(value)


def assert_frozen(value: Any) -> None:
    assert dataclasses.is_dataclass(value)
    params = type(value).__dataclass_params__
    assert params.frozen, f"{type(value).__name__} is not frozen"


def query_names(module: ModuleType) -> set[str]:
    """The public functions a queries module defines (not the ones it imports)."""
    return {name for name, value in vars(module).items()
            if callable(value) and getattr(value, "__module__", "") == module.__name__
            and not isinstance(value, type) and not name.startswith("_")}
