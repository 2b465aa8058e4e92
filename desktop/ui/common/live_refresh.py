"""Other clerks' changes on the office server refresh this window's views (issue 18).

The services' ChangeFeed listens on a thread of its own (services/live.py); what it hears
comes here through a queued signal, so the window's thread never waits on the server. Notices
arriving together are gathered for DEBOUNCE_MS and told to every view at once through the
Bridge, as if this window had made the change itself: a clerk importing five hundred cadres
makes a few refreshes here, not five hundred. A lost connection is said in the status bar
until the listener has reconnected; the window keeps working meanwhile.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.services.live import ChangeFeed
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for

DEBOUNCE_MS = 300
LOST = "与服务器的连接已中断，正在重新连接……"
LOST_TIP = "连接恢复之前，其他人的修改不会自动显示在这里（恢复后自动刷新）。\n服务器的说明：{reason}"


class LiveRefresh(QObject):
    """Signals: changes_did_arrive(Changes) and connection_did_change(bool, str) are emitted
    on the listener's thread and received on the window's; refreshed(Changes) after each
    gathered refresh (what the views were told)."""

    changes_did_arrive = Signal(object)
    connection_did_change = Signal(bool, str)
    refreshed = Signal(object)

    def __init__(self, ws: Workspace, status_bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.status_bar = status_bar
        self.refreshes = 0  # how many times the views were told (a burst makes few)
        self.connected = True
        self.stopped = False
        self._pending = Changes()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._refresh)
        self.label = QLabel()
        self.label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.label.setWordWrap(False)
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        queued = Qt.ConnectionType.QueuedConnection
        self.changes_did_arrive.connect(self._gather, queued)
        self.connection_did_change.connect(self._connection, queued)
        self.feed = ChangeFeed.start(ws, self.changes_did_arrive.emit, self.connection_did_change.emit)
        if self.feed is not None:
            # A window deleted without being closed (shut_down) stops its listener all the same.
            self.destroyed.connect(partial(ChangeFeed.stop, self.feed, 2.0))

    @property
    def listening(self) -> bool:
        return self.feed is not None and self.feed.running

    def _gather(self, changes: Changes) -> None:
        if self.stopped:
            return  # posted before the listener stopped: the database is closing
        self._pending.merge(changes)
        # Not restarted by each notice: a steady stream still refreshes every DEBOUNCE_MS.
        if not self._timer.isActive():
            self._timer.start()

    def _refresh(self) -> None:
        changes, self._pending = self._pending, Changes()
        if not changes or self.stopped:
            return
        self.refreshes += 1
        bridge_for(self.ws).workspace_did_change.emit(changes)
        self.refreshed.emit(changes)

    def _connection(self, connected: bool, reason: str) -> None:
        if self.stopped:
            return
        was = self.connected
        self.connected = connected
        if connected:
            self.label.hide()
            self.label.setToolTip("")
            if not was:
                self.status_bar.showMessage("已重新连接数据库服务器，正在刷新显示的数据", 10000)
        else:
            self.label.setText(LOST)
            self.label.setToolTip(LOST_TIP.format(reason=reason))
            self.label.show()

    def stop(self) -> None:
        """Stop listening before the database closes (the thread ends, its connection closes)."""
        self.stopped = True
        self._timer.stop()
        if self.feed is not None:
            # Ends at once unless it is in the middle of connecting to a server that does not
            # answer: the window does not wait for that (the thread ends by itself).
            self.feed.stop(timeout=2.0)
