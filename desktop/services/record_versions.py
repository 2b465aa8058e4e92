"""A record another clerk saved while this one had it open: the save is refused, both versions kept.

Every record clerks edit in place counts its saves in `row_version` (models/base.py Versioned).
The cadre file compares itself part by part (cadres/conflicts.py); the other records a clerk
edits in a window (a talk typed on site, a visit, …) carry the version they were read at in
their input (`version`), and their save calls `refuse_if_stale` before writing. The window
shows `StaleRecord.differences` side by side and saves `merged(...)`: the stored record with
the clerk's value for each field they chose, at the stored version — so yet another save in
between is caught again rather than overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import AuditEntry
from desktop.services.exchange.import_diff import show
from desktop.services.results.completion import names_of


class Input(Protocol):
    """A record's input dataclass: its fields, and the row version it was read at."""

    @property
    def version(self) -> int | None: ...


@dataclass(frozen=True)
class Difference:
    """One part of a record that the two versions hold differently."""

    key: str  # a field name of the input (or, for the cadre file, "records:<kind>", "tags", "photo")
    label: str
    mine: str
    theirs: str


def field_of(record: Any, key: str) -> Any:
    return getattr(record, key)


def with_fields(record: Any, values: dict[str, Any]) -> Any:
    return replace(record, **values)


@dataclass(frozen=True)
class RecordKind:
    """How one kind of record is compared: its fields in the form's order, with their labels.

    A record's parts are the fields of its input dataclass; a record made of many like parts (a
    sheet's answers, one per item of its template) says instead how a part is read (`part`) and
    how the record is rebuilt with some parts replaced (`with_parts`)."""

    what: str  # 谈话记录, 走访记录, …
    labels: Mapping[str, str]
    together: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # taking a field takes these too
    part: Callable[[Any, str], Any] = field_of
    with_parts: Callable[[Any, dict[str, Any]], Any] = with_fields


def text(value: Any) -> str:
    """A stored value as the clerk reads it in the comparison."""
    if isinstance(value, (list, tuple)):
        return "、".join(text(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k} {text(v)}" for k, v in value.items())
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return show(value)


class StaleRecord(FrontlineError):
    """Saved by someone else since it was opened: nothing was written."""

    def __init__(self, kind: RecordKind, name: str, mine: Any, theirs: Any, differences: list[Difference],
                 who: str, when: dt.datetime | None) -> None:
        self.kind = kind
        self.mine = mine
        self.theirs = theirs
        self.differences = differences
        self.who = who
        self.when = when
        at = f"于 {when.astimezone():%Y-%m-%d %H:%M:%S} " if when is not None else ""
        parts = "、".join(d.label for d in differences) or "无"
        super().__init__(f"{kind.what}「{name}」在您打开之后已由 {who or '其他账户'} {at}修改并保存，您的修改没有保存。"
                         f"两个版本不同之处：{parts}。请逐项选择保留哪一个版本后再保存")


def differences(kind: RecordKind, mine: Any, theirs: Any,
                shown: Callable[[str, Any], str] | None = None) -> list[Difference]:
    def view(key: str, value: Any) -> str:
        return shown(key, value) if shown is not None else text(value)

    out = []
    for key, label in kind.labels.items():
        keys = (key, *kind.together.get(key, ()))
        if any(kind.part(mine, k) != kind.part(theirs, k) for k in keys):
            a, b = view(key, kind.part(mine, key)), view(key, kind.part(theirs, key))
            out.append(Difference(key, label, a, b))
    return out


def shown_with_names(s: Session, models: Mapping[str, Any]) -> Callable[[str, Any], str]:
    """Values as the clerk reads them, with names for the ids a field holds: `models` maps a
    field (one id or a list of ids) to the model whose `name` to show."""

    def names(model: Any, ids: list[int]) -> str:
        found = names_of(s, model, set(ids))
        return "、".join(found.get(i, f"#{i}") for i in ids)

    def view(key: str, value: Any) -> str:
        model = models.get(key)
        if model is None or value is None:
            return text(value)
        return names(model, list(value) if isinstance(value, (list, tuple)) else [value])

    return view


def last_saved(s: Session, entity: str, entity_id: int) -> tuple[str, dt.datetime | None]:
    """Who saved the record last, and when (from the audit log)."""
    row = s.execute(select(AuditEntry.actor, AuditEntry.at)
                    .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                    .order_by(AuditEntry.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else ("", None)


def refuse_if_stale(s: Session, record: Any, mine: Input, kind: RecordKind, stored: Callable[[], Any], name: str,
                    shown: Callable[[str, Any], str] | None = None) -> None:
    """Raise StaleRecord if `record` was saved since `mine` was read and holds something else
    than `mine` in a field this save writes (a new record, or an input without a version — the
    command line's — is never refused; a save elsewhere of fields this form does not write, or
    of the same values, overwrites nothing and goes ahead)."""
    if mine.version is None or mine.version == record.row_version:
        return
    theirs = stored()
    found = differences(kind, mine, theirs, shown)
    if not found:
        return
    who, when = last_saved(s, record.__tablename__, record.id)
    raise StaleRecord(kind, name, mine, theirs, found, who, when)


def count_link_change(s: Session, record: Any, version_before: int | None) -> None:
    """A change to a record's links alone (a visit's units, the cadres a talk concerns) is a
    save of the record too: count it, so a copy opened before it is caught. Called after the
    flush; `version_before` is the version before it (None: a new record)."""
    if version_before is None or record.row_version != version_before:
        return  # new, or its row was written and counted already
    model = type(record)
    s.execute(update(model).where(model.id == record.id).values(row_version=model.row_version + 1))
    s.expire(record, ["row_version"])


def merged(conflict: StaleRecord, take_mine: Iterable[str]) -> Any:
    """The stored record with the clerk's own value for each field named in `take_mine`."""
    kind = conflict.kind
    values: dict[str, Any] = {}
    for key in take_mine:
        for k in (key, *kind.together.get(key, ())):
            values[k] = kind.part(conflict.mine, k)
    return kind.with_parts(conflict.theirs, values)


def changed(kind: RecordKind, opened: Any, mine: Any) -> set[str]:
    """The fields the clerk changed since the record was opened (they start ticked 采用我的)."""
    return {d.key for d in differences(kind, mine, opened)}
