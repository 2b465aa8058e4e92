"""外出考核数据包 menu entries (filled in with the package service)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu


def install(window: Any, menu: QMenu) -> None:
    return None
