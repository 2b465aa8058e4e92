"""Writing a planned package merge into the office database, in one transaction.

`PackageImport` holds the opened package between the preview and the commit; `commit`
plans again inside the write transaction, refuses if anything changed since the preview
(or a conflict is still undecided), then adds, updates and deletes records by uid, mapping
every reference to the office's own row ids, and remembers what it decided (the sync state
that makes a second import of the same package a no-op).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import Ballot, Base, CadrePhoto, Setting, SheetAnswer
from desktop.models.search_keys import stored_keys
from desktop.services.exchange.packages.export import encode_manifest
from desktop.services.exchange.packages.merge import (
    DELETED,
    Change,
    MergePlan,
    PackageView,
    open_package,
    plan,
    read_sync,
    sync_key,
)
from desktop.services.exchange.packages.records import BY_TABLE, LINKS, fk_targets, table_of
from desktop.services.operations import OpContext
from desktop.services.record_versions import count_link_change
from desktop.services.workspace import Workspace

MODELS: dict[str, Any] = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


@dataclass
class MergeResult:
    added: int
    updated: int
    deleted: int
    op_id: str = ""

    def message(self) -> str:
        return f"已导入外出考核数据包：新增 {self.added} 条，更新 {self.updated} 条，删除 {self.deleted} 条"


class PackageImport:
    """An opened package, from preview to commit. Use as a context manager.

    A report file between levels (services/exchange/levels/receive.py) is merged the same
    way: it opens its file, plans and records its audit entry differently (`_open`, `_plan`,
    `_audit`, `READ`, `WRITE`)."""

    READ, WRITE = "package.read", "package.import"

    def __init__(self, path: Path | str, password: str) -> None:
        self._stack = contextlib.ExitStack()
        self.view: PackageView = self._stack.enter_context(self._open(path, password))

    def _open(self, path: Path | str, password: str) -> contextlib.AbstractContextManager[PackageView]:
        return open_package(path, password)

    def _plan(self, session: Session, ws: Workspace) -> MergePlan:
        return plan(session, self.view, ws.db.slots.database_salt)

    def _audit(self, ctx: OpContext, merged: MergePlan, result: MergeResult) -> None:
        ctx.record("package", kind="update", after={
            "package_id": merged.package.package_id, "file": merged.package.name, "sha256": merged.package.digest,
            "campaign": merged.package.campaign, "laptop_operations": merged.package.laptop_operations,
            "added": result.added, "updated": result.updated, "deleted": result.deleted,
            "conflicts": len(merged.conflicts)})

    def __enter__(self) -> PackageImport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def preview(self, ws: Workspace) -> MergePlan:
        with ws.read(self.READ) as s:
            return self._plan(s, ws)

    def commit(self, ws: Workspace, previewed: MergePlan) -> MergeResult:
        if previewed.undecided():
            raise FrontlineError(f"还有 {previewed.undecided()} 处冲突没有决定保留哪一方，没有写入任何数据")
        if not previewed.changes:
            raise FrontlineError("没有需要导入的变化")
        def op(ctx: OpContext) -> MergeResult:
            again = self._plan(ctx.session, ws)
            if again.signature() != previewed.signature():
                raise FrontlineError("预览之后数据库已有变化，请重新预览后再导入（没有写入任何数据）")
            choices = previewed.choices()
            for c in again.changes:
                for f in c.fields:
                    f.choice = choices[(c.kind.table, c.uid, f.name)]
            result = _apply(ctx, again)
            self._audit(ctx, again, result)
            return result

        try:
            done = ws.run(self.WRITE, op)
        except IntegrityError as exc:
            # Only a doctored package gets here (the plan matches records by uid, and the
            # package's own constraints held on the laptop); the transaction was rolled back.
            table = _clashing_table(exc)
            label = BY_TABLE[table].label if table in BY_TABLE else "记录"
            raise FrontlineError(f"数据包中的{label}与办公室数据库中已有的记录重复或冲突，无法合并，"
                                 "没有写入任何数据。请重新导出数据包") from None
        done.value.op_id = done.op_id
        return done.value


def _clashing_table(exc: IntegrityError) -> str:
    """The table whose constraint refused the write: the office server names it (psycopg's
    diagnostics), SQLite only in its message ("UNIQUE constraint failed: annual_result.uid")."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None and getattr(diag, "table_name", None):
        return str(diag.table_name)
    return str(exc.orig).rsplit(": ", 1)[-1].split(".", 1)[0]


class _Ids:
    """Office row ids by uid, looked up as needed and extended as records are added."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.known: dict[str, dict[str, int]] = {}

    def get(self, table: str, uid: str) -> int | None:
        known = self.known.setdefault(table, {})
        if uid not in known:
            t = table_of(table)
            key = t.c.username if table == "account" else t.c.uid
            found = self.s.scalar(select(t.c.id).where(key == uid))
            if found is None:
                return None
            known[uid] = found
        return known[uid]

    def need(self, table: str, uid: str) -> int:
        found = self.get(table, uid)
        if found is None:
            raise FrontlineError(f"数据包引用的记录（{table} {uid}）在办公室数据库中不存在，没有写入任何数据")
        return found


def _value(ids: _Ids, table: str, column: str, value: Any) -> Any:
    ref = fk_targets(table_of(table)).get(column)
    if ref is None or value is None:
        return value
    if ref == "account":
        return ids.get(ref, value)  # an account the office no longer has: the link is dropped
    return ids.need(ref, value)


def _columns(table: str) -> set[str]:
    return {c.name for c in table_of(table).c} - {"id", "uid", "row_version"}


def _set_field(ctx: OpContext, ids: _Ids, change: Change, obj: Any, name: str, value: Any) -> None:
    table = change.kind.table
    if name in _columns(table):
        if table == "ballot" and name == "marks":
            value = {str(ids.need("template_item", k)) if k else k: v for k, v in (value or {}).items()}
        setattr(obj, name, _value(ids, table, name, value))
        if table == "cadre" and name == "name":
            obj.name_pinyin, obj.name_initials = stored_keys(value or "")
        return
    s = ctx.session
    if name in LINKS.get(table, {}):
        link, own, other = LINKS[table][name]
        ref = next(iter(link.c[other].foreign_keys)).column.table.name
        s.flush()
        s.execute(delete(link).where(link.c[own] == obj.id))
        rows = [{own: obj.id, other: ids.need(ref, u)} for u in value or []]
        if rows:
            s.execute(insert(link), rows)
        ctx.record(table, entity_id=obj.id, after={name: list(value or [])})
    elif table == "cadre" and name == "photo":
        s.flush()
        photo = s.get(CadrePhoto, obj.id)
        if value is None and photo is not None:
            s.delete(photo)
        elif value is not None and photo is None:
            s.add(CadrePhoto(cadre_id=obj.id, jpeg=value))
        elif value is not None and photo is not None:
            photo.jpeg = value
    elif table == "sheet" and name.startswith("answer:"):
        s.flush()
        item_id = ids.need("template_item", name[7:])
        current = s.scalar(select(SheetAnswer).where(SheetAnswer.sheet_id == obj.id, SheetAnswer.item_id == item_id))
        if value is None:
            if current is not None:
                s.delete(current)
        elif current is None:
            s.add(SheetAnswer(sheet_id=obj.id, item_id=item_id, value=value[0], fact=value[1]))
        else:
            current.value, current.fact = value[0], value[1]


def _count_as_save(ctx: OpContext, obj: Any, version_before: int | None, names: list[str]) -> None:
    """A record the laptop changed only outside its own row (a sheet's answers, a talk's cadres,
    a photo) is saved all the same: its version moves, so a clerk who opened it before the merge
    is shown the laptop's version rather than writing over it (services/record_versions.py)."""
    if version_before is None:
        return  # not a record clerks edit in place
    table = obj.__tablename__
    if all(name in _columns(table) for name in names):
        return  # its row was written, and counted
    ctx.session.flush()
    if obj.row_version == version_before:
        ctx.record(table, entity_id=obj.id, after={"merged": sorted(names)})  # who saved it, for the refusal
        count_link_change(ctx.session, obj, version_before)


def _create(ctx: OpContext, ids: _Ids, change: Change) -> Any:
    """A new record from its columns, added to the session (not yet flushed: see _apply)."""
    record = change.laptop
    assert record is not None
    table = change.kind.table
    model = MODELS[table]
    obj = model(uid=change.uid)
    columns = _columns(table)
    if table == "cadre":
        for kind in ("posts", "studies", "work_records", "family", "rewards", "punishments", "annual_results",
                     "trainings", "attachments"):
            setattr(obj, kind, [])
    for name, value in record.items():
        if name in columns:
            _set_field(ctx, ids, change, obj, name, value)
    if table == "ballot":
        taken = ctx.session.scalar(select(func.count()).select_from(Ballot).where(
            Ballot.batch_id == obj.batch_id, Ballot.seq == obj.seq))
        if taken:  # both sides entered ballots into one batch: the laptop's follow the office's
            obj.seq = (ctx.session.scalar(select(func.max(Ballot.seq)).where(Ballot.batch_id == obj.batch_id))
                       or 0) + 1
    ctx.session.add(obj)
    return obj


def _finish(ctx: OpContext, ids: _Ids, change: Change, obj: Any) -> None:
    """Once the new record has its row id: known by uid, and its fields kept in other tables."""
    assert change.laptop is not None
    ids.known.setdefault(change.kind.table, {})[change.uid] = obj.id
    columns = _columns(change.kind.table)
    for name, value in change.laptop.items():
        if not name.startswith("_") and name not in columns:
            _set_field(ctx, ids, change, obj, name, value)


def _one_by_one(table: str) -> bool:
    """Records of this table are written one at a time: they point at others of their table (a
    reversal at its original, a unit at its parent), or number themselves against what is
    there (ballots). The others are flushed together, one statement batch per table: a report
    file from a district adds tens of thousands of records, and a flush each took most of the
    time."""
    return table == "ballot" or table in fk_targets(table_of(table)).values()


def _apply(ctx: OpContext, merged: MergePlan) -> MergeResult:
    s = ctx.session
    ids = _Ids(s)
    added = updated = deleted = 0
    state = read_sync(s, merged.package.package_id)
    for kind in merged.kinds:
        made: list[tuple[Change, Any]] = []
        for c in _ordered([c for c in merged.changes if c.kind is kind]):
            restore = c.situation == "office_deleted" and c.fields[0].choice == "laptop"
            if c.action == "add" or restore:
                made.append((c, _create(ctx, ids, c)))
                if _one_by_one(kind.table):
                    s.flush()
                    _finish(ctx, ids, *made.pop())
                added += 1
            elif c.action in ("update", "conflict") and c.situation in ("", "edit"):
                taken = [f for f in c.fields if f.choice == "laptop"]
                if taken:
                    obj = s.get(MODELS[kind.table], ids.need(kind.table, c.uid))
                    assert c.laptop is not None
                    version_before = getattr(obj, "row_version", None)
                    for f in taken:
                        _set_field(ctx, ids, c, obj, f.name, c.laptop.get(f.name))
                    _count_as_save(ctx, obj, version_before, [f.name for f in taken])
                    updated += 1
            _remember(state, c)
        if made:
            s.flush()
            for c, obj in made:
                _finish(ctx, ids, c, obj)
    for kind in reversed(merged.kinds):
        for c in (c for c in merged.changes if c.kind is kind):
            if c.action == "delete" or (c.situation == "laptop_deleted" and c.fields[0].choice == "laptop"):
                found = ids.get(kind.table, c.uid)
                if found is not None:
                    s.delete(s.get(MODELS[kind.table], found))
                    s.flush()
                    deleted += 1
            if c.situation == "laptop_deleted" or c.action == "delete":
                state["d"][c.uid] = dict(DELETED)
    _save_state(s, merged.package.package_id, state)
    s.flush()
    return MergeResult(added, updated, deleted)


def _ordered(changes: list[Change]) -> list[Change]:
    """Records pointing at another record of their own table (a reversal at its original, a
    unit at its parent) come after it."""
    if not changes:
        return changes
    table = changes[0].kind.table
    own = [col for col, ref in fk_targets(table_of(table)).items() if ref == table]
    if not own:
        return changes
    pending = {c.uid for c in changes if c.laptop is not None}
    out: list[Change] = []
    rest = list(changes)
    while rest:
        ready = [c for c in rest if not any((c.laptop or {}).get(col) in pending - {c.uid} for col in own)]
        if not ready:  # a cycle cannot come from the program; keep the order and let the database judge
            ready = rest
        out += ready
        pending -= {c.uid for c in ready}
        rest = [c for c in rest if c not in ready]
    return out


def _remember(state: dict[str, dict[str, Any]], c: Change) -> None:
    """The new ancestor: the laptop's hash wherever the office now holds the laptop's value."""
    if c.laptop_hashes is None:
        return
    lh = c.laptop_hashes
    if c.action == "add" or (c.situation == "office_deleted" and c.fields[0].choice == "laptop"):
        state["a"][c.uid] = dict(c.settled or lh)
    elif c.situation == "office_deleted":
        pass  # kept deleted: the ancestor stays, the laptop's version is decided below
    else:
        ancestor = dict(c.ancestor or {})
        for name, h in lh.items():
            diff = next((f for f in c.fields if f.name == name), None)
            if diff is None or diff.choice == "laptop":
                ancestor[name] = h  # equal on both sides, or taken from the laptop
        state["a"][c.uid] = ancestor
    state["d"][c.uid] = dict(lh)


def _save_state(s: Session, package_id: str, state: dict[str, Any]) -> None:
    # Written with a plain statement: the state is bookkeeping, not data a clerk audits field by field.
    table = table_of("setting")
    value = encode_manifest({"a": state["a"], "d": state["d"]})
    key = sync_key(package_id)
    if s.get(Setting, key) is None:
        s.execute(insert(table).values(key=key, value=value, updated_at=_now()))
    else:
        s.execute(table.update().where(table.c.key == key).values(value=value, updated_at=_now()))


def _now() -> Any:
    from desktop.models.base import utcnow

    return utcnow()
