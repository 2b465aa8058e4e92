"""Change notices on the office server: PostgreSQL's own LISTEN/NOTIFY, nothing of ours.

Every committed operation on a server database sends one notice on CHANNEL (`pg_notify`,
inside the operation's transaction, so the server delivers it only if the change commits and
drops it with a rollback). A window listens on a connection of its own, in a thread of its
own, so a slow or lost server never holds up the window: `NoticeListener` waits on that
connection's socket and on a wake-up pipe (so stopping is immediate), hands the notices'
texts on, and when the connection is lost it says so and reconnects, waiting longer after
each failure. What a notice says is decided by the services (services/live.py); here it is
only text.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "frontline_changes"
# How often an idle connection is checked (a query), and the waits between reconnections.
KEEPALIVE_S = 20.0
RETRY_S = (0.5, 1.0, 2.0, 5.0, 10.0)


def announce(session: Session, message: str) -> None:
    """Queue a notice in the session's transaction: sent when it commits, never otherwise."""
    session.execute(text("SELECT pg_notify(:channel, :message)"), {"channel": CHANNEL, "message": message})


def listener_connector(engine: Engine) -> Callable[[], psycopg.Connection[Any]]:
    """A function opening a new connection with the engine's address and password (never one
    of the pool's: a listening connection stays checked out as long as the window is open)."""
    _, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)
    kwargs["application_name"] = "frontline-listen"  # the keepalives come with the engine's (server.py)

    def connect() -> psycopg.Connection[Any]:
        return psycopg.connect(autocommit=True, **kwargs)

    return connect


class NoticeListener:
    """A thread that listens on CHANNEL and calls `on_notices(texts)` for each batch of notices
    that arrived together, and `on_state(connected, reason)` when the connection is lost or
    back. Both are called on the listener's thread."""

    def __init__(self, connect: Callable[[], psycopg.Connection[Any]],
                 on_notices: Callable[[list[str]], None],
                 on_state: Callable[[bool, str], None]) -> None:
        self._connect = connect
        self._on_notices = on_notices
        self._on_state = on_state
        self._stopping = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._pipe_lock = threading.Lock()  # the thread closes the pipe when it ends; stop() writes to it
        self._thread = threading.Thread(target=self._run, name="frontline-listen", daemon=True)
        self.connected = False
        self._said: bool | None = None  # the state last reported

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop listening; True if the thread has ended (its connection closed) within
        `timeout`. A thread still waiting for a server that does not answer ends by itself
        when its connection attempt gives up (connect_timeout)."""
        self._stopping.set()
        with self._pipe_lock:
            if self._wake_w >= 0:
                with contextlib.suppress(OSError):  # the pipe is full: the thread is woken already
                    os.write(self._wake_w, b"x")
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._listen_until_stopped()
        finally:
            with self._pipe_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1

    def _listen_until_stopped(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            conn = None
            try:
                conn = self._connect()
                conn.execute(f"LISTEN {CHANNEL}")
                failures = 0
                self._report(True, "")
                self._listen(conn)
            except psycopg.Error as exc:
                self._lost(exc)
                failures += 1
            finally:
                if conn is not None:
                    conn.close()
            if failures:  # wait longer after each failure in a row (stop() ends the wait)
                self._stopping.wait(RETRY_S[min(failures, len(RETRY_S)) - 1])

    def _lost(self, exc: BaseException) -> None:
        if self._stopping.is_set():
            return
        log.warning("change notices: connection lost or refused: %s", exc)
        first = str(exc).strip().splitlines()
        self._report(False, first[0] if first else type(exc).__name__)

    def _report(self, connected: bool, reason: str) -> None:
        self.connected = connected
        if self._said is not connected:  # once per change, not at every failed retry
            self._said = connected
            self._tell(self._on_state, connected, reason)

    @staticmethod
    def _tell(receiver: Callable[..., None], *args: Any) -> None:
        try:
            receiver(*args)
        except Exception:  # a receiver's bug is logged; the thread goes on listening
            log.exception("change notices: a receiver failed")

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        fd = conn.fileno()
        while not self._stopping.is_set():
            ready, _, _ = select.select([fd, self._wake_r], [], [], KEEPALIVE_S)
            if self._wake_r in ready:
                return
            if fd in ready:
                texts = [n.payload for n in conn.notifies(timeout=0)]
                if conn.closed or conn.broken:
                    raise psycopg.OperationalError("the server closed the connection")
                if texts:
                    self._tell(self._on_notices, texts)
            else:
                conn.execute("SELECT 1")  # an idle connection: is the server still there?
