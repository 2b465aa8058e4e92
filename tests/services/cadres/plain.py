"""What "plain values" means for the queries the window and the command line read through."""

from __future__ import annotations

import dataclasses
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
