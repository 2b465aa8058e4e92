"""The audit log: append-only, each entry chained to the one before by a keyed hash.

A chained log cannot be edited in the middle without breaking every later link. The link is
an HMAC-SHA256 under a key derived from the database key (store/anchor.py), not a plain hash:
someone who edits an entry with a SQLCipher tool and recomputes the links with SHA-256 still
breaks the chain. The head is also kept outside the database (store/anchor.py) so that a
database file rolled back to an older copy is noticed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UtcDateTime

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    # Assigned by the operation helper, not by the database: the hash covers it.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(40))
    op_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, default=None)
    # The cadre whose file the change belongs to, so a file's history is one indexed query.
    cadre_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def payload(self) -> dict[str, Any]:
        return entry_payload(self.id, self.at, self.actor, self.op_id, self.action, self.entity,
                             self.entity_id, self.cadre_id, self.before, self.after)

    def compute_hash(self, key: bytes) -> str:
        return chain_hash(key, self.prev_hash, self.payload())


def entry_payload(id: int, at: dt.datetime, actor: str, op_id: str, action: str, entity: str,
                  entity_id: int | None, cadre_id: int | None, before: dict[str, Any] | None,
                  after: dict[str, Any] | None) -> dict[str, Any]:
    """What an entry's link covers. A function of plain values, so that the operation helper
    can chain thousands of entries without making an ORM object of each."""
    return {
        "id": id,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "op_id": op_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "cadre_id": cadre_id,
        "before": before,
        "after": after,
    }


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(key: bytes, prev_hash: str, payload: dict[str, Any]) -> str:
    """The link of one entry: HMAC-SHA256 under the chain key of the previous link and the entry."""
    return hmac.new(key, (prev_hash + canonical(payload)).encode("utf-8"), hashlib.sha256).hexdigest()


class AuditHead(Base):
    """The newest audit entry's number and link, kept outside the audited table (one row, id 1).

    Every write locks this row first (store/server.py, services/operations.py), so two clerks'
    operations on the office server append to the chain one after the other, never with the
    same number; an audit table cut short or extended behind the program's back no longer
    matches it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
