"""Other clerks' changes, as they commit them on the office server (issue 18).

Every operation on a server database sends a notice in its own transaction (Workspace.run →
`notice_for`): which operation it was ("cadre.update") and which rows of which tables it
created, changed or deleted — ids and table names only, never a name or any other personal
data, since every account connected to the database may listen. A window listens with
`ChangeFeed`, which turns the notices into the same `Changes` its own operations produce, so
every view refreshes from one signal whoever made the change. Its own notices (the same
Workspace's `origin`) are dropped: the window already heard of them. A notice too long for
PostgreSQL's 8000 bytes names the tables without their ids (`Changes.unlisted`), and after a
lost connection comes back every table is unlisted, since notices sent meanwhile are gone.

A file has no other clerks: `ChangeFeed.start` returns None there.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.models.base import Base
from desktop.services.operations import Changes

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace
    from desktop.store.notices import NoticeListener

log = logging.getLogger(__name__)

MAX_PAYLOAD = 7900  # PostgreSQL refuses a notice's payload of 8000 bytes or more


def notice_for(origin: str, action: str, changes: Changes) -> str:
    """The notice's text: {"o": origin, "a": action, "e": {table: [created, updated, deleted]}}."""
    tables = {name: [sorted(b.created), sorted(b.updated), sorted(b.deleted)]
              for name, b in changes.entities.items()}
    text = json.dumps({"o": origin, "a": action, "e": tables}, separators=(",", ":"))
    if len(text.encode()) <= MAX_PAYLOAD:
        return text
    # Too many rows to list (an import, a batch): say which tables, the listeners re-read them.
    return json.dumps({"o": origin, "a": action, "u": sorted(changes.entities)}, separators=(",", ":"))


def changes_of(text: str, origin: str) -> Changes | None:
    """The Changes a notice tells of; None for our own notices and for text that is not one
    of ours (anyone with access to the database can NOTIFY on the channel)."""
    try:
        notice = json.loads(text)
        if not isinstance(notice, dict) or notice.get("o") == origin:
            return None
        out = Changes(by_others=True)
        for name, (created, updated, deleted) in dict(notice.get("e", {})).items():
            bucket = out.entities[str(name)]
            bucket.created.update(int(i) for i in created)
            bucket.updated.update(int(i) for i in updated)
            bucket.deleted.update(int(i) for i in deleted)
        for name in list(notice.get("u", [])):
            out.entities[str(name)]
            out.unlisted.add(str(name))
    except (ValueError, TypeError, AttributeError):
        log.warning("ignored a change notice that is not the program's: %.80r", text)
        return None
    return out if out else None


def everything() -> Changes:
    """Every table unlisted: what may have changed while the server could not be heard."""
    out = Changes(by_others=True)
    for name in Base.metadata.tables:
        out.entities[name]
        out.unlisted.add(name)
    return out


class ChangeFeed:
    """Other clerks' changes for a window: `on_changes(Changes)` for each batch of notices
    that arrived together, `on_state(connected, reason)` when the server is lost or back.
    Both are called on the listener's own thread (the window moves them onto its own)."""

    def __init__(self, listener: NoticeListener) -> None:
        self._listener = listener

    @classmethod
    def start(cls, ws: Workspace, on_changes: Callable[[Changes], None],
              on_state: Callable[[bool, str], None]) -> ChangeFeed | None:
        lost = [False]

        def notices(texts: list[str]) -> None:
            merged = Changes()
            for text in texts:
                one = changes_of(text, ws.origin)
                if one is not None:
                    merged.merge(one)
            if merged:
                on_changes(merged)

        def state(connected: bool, reason: str) -> None:
            on_state(connected, reason)
            if connected and lost[0]:
                on_changes(everything())  # what was sent while we could not hear is gone
            lost[0] = not connected

        listener = ws.db.notice_listener(notices, state)
        if listener is None:
            return None
        listener.start()
        return cls(listener)

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop listening (the thread ends and its connection closes); True once it has."""
        return self._listener.stop(timeout)

    @property
    def running(self) -> bool:
        return self._listener.running

