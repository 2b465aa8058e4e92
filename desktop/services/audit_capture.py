"""Turns what a session flushes into audit entries: entity, id, before and after values.

Hooked on `after_flush`, where SQLAlchemy still holds each attribute's history, so that no
service has to describe its own changes and none can forget to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from desktop.models.audit import AuditEntry
from desktop.models.base import Base
from desktop.models.cadres import Cadre
from desktop.models.dates import PartialDate

# Bookkeeping columns whose change alone is not worth an entry.
QUIET = frozenset({"updated_at", "name_pinyin", "name_initials", "row_version"})
# Entities that are not records: drafts are a crash-recovery copy of what is being typed,
# rewritten every second or two; the record they become is audited when it is saved.
UNAUDITED = frozenset({"draft"})


# Values jsonable returns as they are; a dict's values of these types are taken without a
# call each (an import logs 30,000 rows of twenty-odd columns).
_AS_IS = frozenset({str, int, bool, type(None)})


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, PartialDate):
        return value.dotted()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        # The log records that a file changed, not the file (it may be megabytes of photo).
        return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): v if v.__class__ in _AS_IS else jsonable(v) for k, v in value.items()}
    return str(value)


@dataclass
class Change:
    kind: str  # create, update, delete
    entity: str
    entity_id: int | None
    cadre_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _entity(obj: Base) -> str:
    table = inspect(obj).mapper.local_table
    assert isinstance(table, Table)  # every model is mapped to one table
    return table.name


def _identity(obj: Base) -> int | None:
    # Works for rows just inserted too, whose identity key is not yet assigned in after_flush.
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    if len(ident) == 1 and isinstance(ident[0], int):
        return ident[0]
    return None


def _cadre_of(obj: Base) -> int | None:
    if isinstance(obj, Cadre):
        return obj.id
    value = getattr(obj, "cadre_id", None)
    return value if isinstance(value, int) else None


def _columns(obj: Base) -> dict[str, Any]:
    """Every column value without loading anything: a never-loaded blob stays out of the log."""
    state = inspect(obj)
    out = {}
    for attr in state.mapper.column_attrs:
        if attr.key in state.dict:
            out[attr.key] = jsonable(state.dict[attr.key])
        elif state.key is None or state.was_deleted or attr.key not in state.unloaded:
            # A new row's unset column took its scalar default at INSERT.
            default = attr.columns[0].default
            if default is None or getattr(default, "is_scalar", False):
                out[attr.key] = jsonable(default.arg if default is not None else None)
    return out


def _label(item: Any) -> Any:
    return jsonable(getattr(item, "name", None) or _identity(item))


def _diff(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.added or hist.deleted:
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                before[attr.key] = jsonable(old)
                after[attr.key] = jsonable(new)
    for rel in state.mapper.relationships:
        # Many-to-many links (tags) have no entity of their own: log them on the owner.
        if rel.secondary is None:
            continue
        hist = state.attrs[rel.key].history
        if hist.added or hist.deleted:
            before[rel.key] = sorted(str(_label(i)) for i in [*(hist.unchanged or ()), *(hist.deleted or ())])
            after[rel.key] = sorted(str(_label(i)) for i in [*(hist.unchanged or ()), *(hist.added or ())])
    return before, after


@dataclass
class AuditRecorder:
    """Collects the changes of one operation's session."""

    changes: list[Change] = field(default_factory=list)

    def attach(self, session: Session) -> None:
        event.listen(session, "after_flush", self._after_flush)

    def detach(self, session: Session) -> None:
        event.remove(session, "after_flush", self._after_flush)

    def _after_flush(self, session: Session, _ctx: UOWTransaction) -> None:
        for obj in session.new:
            if isinstance(obj, AuditEntry) or _entity(obj) in UNAUDITED:
                continue
            self.changes.append(Change("create", _entity(obj), _identity(obj), _cadre_of(obj), None, _columns(obj)))
        for obj in session.dirty:
            if isinstance(obj, AuditEntry) or _entity(obj) in UNAUDITED or not session.is_modified(obj):
                continue
            before, after = _diff(obj)
            if set(after) - QUIET:
                self.changes.append(Change("update", _entity(obj), _identity(obj), _cadre_of(obj), before, after))
        for obj in session.deleted:
            if isinstance(obj, AuditEntry) or _entity(obj) in UNAUDITED:
                continue
            self.changes.append(Change("delete", _entity(obj), _identity(obj), _cadre_of(obj), _columns(obj), None))
