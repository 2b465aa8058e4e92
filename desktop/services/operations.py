"""The one operation helper every change goes through.

`Workspace.run(action, fn)` checks the acting account's permission, opens a write
transaction, calls `fn` with an OpContext, turns what was flushed into hash-chained audit
entries, commits, moves the audit anchor forward and returns what changed. The window, the
command line and the tests all change data this way and no other.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models.audit import GENESIS_HASH, AuditEntry, AuditHead, chain_hash, entry_payload
from desktop.models.base import utcnow
from desktop.services.audit_capture import AuditRecorder, Change, jsonable
from desktop.store.chain_guard import ChainGuard

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class EntityChanges:
    created: set[int] = field(default_factory=set)
    updated: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)

    def all(self) -> set[int]:
        return self.created | self.updated | self.deleted


@dataclass
class Changes:
    """What an operation changed, by entity (table) name. Views decide whether to reload.

    `unlisted`: entities changed by another clerk whose ids the notice could not carry (too
    many; services/live.py) or that may have changed while the server could not be heard:
    views holding rows of them re-read them whole. `by_others`: made by another clerk (a view
    does not close what this clerk is still typing in because someone else deleted it)."""

    entities: dict[str, EntityChanges] = field(default_factory=lambda: defaultdict(EntityChanges))
    unlisted: set[str] = field(default_factory=set)
    by_others: bool = False

    @classmethod
    def from_log(cls, log: Iterable[Change]) -> Changes:
        out = cls()
        for c in log:
            bucket = out.entities[c.entity]
            target = {"create": bucket.created, "update": bucket.updated, "delete": bucket.deleted}[c.kind]
            if c.entity_id is not None:
                target.add(c.entity_id)
            if c.cadre_id is not None and c.entity != "cadre":
                # A change to a post or a family member changes the cadre's file too.
                out.entities["cadre"].updated.add(c.cadre_id)
        return out

    def touches(self, *entities: str) -> bool:
        return any(e in self.entities for e in entities)

    def ids(self, entity: str) -> set[int]:
        bucket = self.entities.get(entity)
        return bucket.all() if bucket else set()

    def merge(self, other: Changes) -> None:
        """Add what `other` changed (several operations told at once)."""
        for name, bucket in other.entities.items():
            mine = self.entities[name]
            mine.created |= bucket.created
            mine.updated |= bucket.updated
            mine.deleted |= bucket.deleted
        self.unlisted |= other.unlisted
        self.by_others = self.by_others or other.by_others

    def __bool__(self) -> bool:
        return bool(self.entities)


@dataclass
class OpResult(Generic[T]):
    value: T
    changes: Changes
    op_id: str
    action: str


@dataclass
class OpContext:
    """Handed to an operation's function: the session, and a way to log bulk work."""

    session: Session
    action: str
    actor: str
    recorder: AuditRecorder

    def record(self, entity: str, *, entity_id: int | None = None, cadre_id: int | None = None,
               kind: str = "update", before: dict[str, Any] | None = None,
               after: dict[str, Any] | None = None) -> None:
        """Log a change made with bulk statements, which the flush hook does not see."""
        self.recorder.changes.append(
            Change(kind, entity, entity_id, cadre_id, jsonable(before), jsonable(after))
        )


def _append_chain(session: Session, ctx: OpContext, op_id: str, key: bytes) -> AuditEntry | None:
    """Chain the operation's changes onto the log: one INSERT for all of them (an import of
    10,000 files makes some 30,000 entries; an ORM object for each cost more than the import's
    own writes). Returns the last entry (not attached to the session), or None."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for change in ctx.recorder.changes:
        seq += 1
        values: dict[str, Any] = {"id": seq, "at": now, "actor": ctx.actor, "op_id": op_id, "action": ctx.action,
                  "entity": change.entity, "entity_id": change.entity_id, "cadre_id": change.cadre_id,
                  "before": change.before, "after": change.after}
        link = chain_hash(key, prev, entry_payload(**values))
        rows.append({**values, "prev_hash": prev, "hash": link})
        prev = link
    if not rows:
        return None
    session.execute(insert(cast(Table, AuditEntry.__table__)), rows)
    return AuditEntry(**rows[-1])


def _advance_head(session: Session, head: AuditHead | None, last: AuditEntry) -> None:
    if head is None:  # a database whose head row went missing: it is made again
        session.add(AuditHead(id=1, seq=last.id, hash=last.hash))
    else:
        head.seq, head.hash = last.id, last.hash


def execute(session_factory: Callable[[], Session], actor: str, action: str,
            fn: Callable[[OpContext], T], guard: ChainGuard,
            announce: Callable[[Session, Changes], None] | None = None) -> tuple[OpResult[T], AuditEntry | None]:
    """Run `fn` in one write transaction with audit capture. Permission is checked by the caller.

    The chain's head row is locked first (on SQLite the write lock is held from BEGIN; on the
    office server this row lock makes concurrent operations take their turn), so nothing can
    slip in between; the guard then checks the chain against its anchor, and moves the anchor
    after the commit. `announce` tells other clerks what changed, in the same transaction
    (an office server's change notice is sent only if the commit succeeds)."""
    op_id = uuid.uuid4().hex
    recorder = AuditRecorder()
    with session_factory() as session:
        recorder.attach(session)
        ctx = OpContext(session, action, actor, recorder)
        try:
            head = session.get(AuditHead, 1, with_for_update=True)
            guard.before_write(session)
            value = fn(ctx)
            session.flush()
            recorder.detach(session)
            last = _append_chain(session, ctx, op_id, guard.key)
            if last is not None:
                _advance_head(session, head, last)
                guard.record_writer(session, last.id)
            uid = guard.current_uid(session)
            changes = Changes.from_log(recorder.changes)
            if announce is not None and changes:
                announce(session, changes)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    if last is not None:
        try:
            guard.after_commit(uid, last.id, last.hash)
        except FrontlineError as exc:
            # The change is committed; a missing anchor only weakens rollback detection.
            log.warning("could not write audit anchor: %s", exc)
    return OpResult(value, changes, op_id, action), last
