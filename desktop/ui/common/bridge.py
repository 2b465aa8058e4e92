"""The one signal that tells views what an operation changed."""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.services.operations import OpResult
from desktop.services.workspace import Workspace


class Bridge(QObject):
    """Signals: workspace_did_change(Changes) after every committed operation, on the
    window's thread (operations run in workers are delivered queued); on an office server
    also for other clerks' operations, gathered (ui/common/live_refresh.py, `by_others`)."""

    workspace_did_change = Signal(object)

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        ws.listeners.append(self._forward)

    def _forward(self, result: OpResult[Any]) -> None:
        self.workspace_did_change.emit(result.changes)

    def detach(self) -> None:
        if self._forward in self.ws.listeners:
            self.ws.listeners.remove(self._forward)


_bridges: weakref.WeakKeyDictionary[Workspace, Bridge] = weakref.WeakKeyDictionary()


def bridge_for(ws: Workspace) -> Bridge:
    """The one Bridge of a workspace: every page connects to it on its own, so a page works
    the same inside the main window and alone in a test."""
    bridge = _bridges.get(ws)
    if bridge is None:
        bridge = _bridges[ws] = Bridge(ws)
    return bridge
