"""What a query may hand the window: plain values, never an ORM object bound to a session;
and a role system that refuses one named action, to show a query passes the hook."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from desktop.errors import PermissionDenied
from desktop.models.accounts import ROLE_ADMIN
from desktop.models.base import Base
from desktop.services import permissions


def assert_plain(value: Any) -> None:
    """A frozen dataclass (or a str, number, path, date …), with nothing mapped inside."""
    assert not isinstance(value, Base), f"{value!r} is an ORM object"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert type(value).__dataclass_params__.frozen, f"{type(value).__name__} is not frozen"
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            assert_plain(item)
    elif isinstance(value, dict):
        for item in value.values():
            assert_plain(item)


def refused(action: str, call: Callable[[], object]) -> None:
    """`call` raises PermissionDenied naming `action` when the administrator may do all but it."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), action: frozenset()})
        with pytest.raises(PermissionDenied, match=action.replace(".", r"\.")):
            call()
