"""Moving a whole database between the encrypted file and an office server (`frontline migrate-db`).

The source is read as it is (its audit chain verified first: a broken chain is not carried
anywhere); the target is made new, at the newest schema: an empty server database, or a new
encrypted file with a key slot for the moving administrator. Every table is copied in one
transaction on the target, the audit chain re-linked under the target's own key (the links are
an HMAC under each database's key; the entries themselves move unchanged), and before that
transaction commits the per-table row counts and content hashes of both sides are computed the
same way (store/content.py) and compared: a difference rolls the copy back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models.accounts import Account
from desktop.models.audit import GENESIS_HASH, AuditEntry, AuditHead
from desktop.models.meta import UID
from desktop.services.workspace import Workspace
from desktop.store import content, server
from desktop.store.chain_guard import verify_links
from desktop.store.database import Database

ACTION = "database.migrate"
BATCH = 1000
# Tables the target keeps as its own creation made them (its schema version, its chain key).
OWN = {"alembic_version", "database_meta", "audit_head"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MoveReport:
    target: str
    counts: dict[str, int]
    digest: str  # the content hash both sides agree on
    recovery_key: str = ""  # a new file's (shown once)


def _parents_first(rows: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself (a unit's parent), each after the row it names."""
    placed: set[Any] = set()
    out: list[dict[str, Any]] = []
    waiting = rows
    while waiting:
        later = [r for r in waiting if r[column] is not None and r[column] not in placed]
        ready = [r for r in waiting if not (r[column] is not None and r[column] not in placed)]
        if not ready:  # a loop (never made by the program): keep the order, the database judges
            return out + later
        out += ready
        placed |= {r["id"] for r in ready}
        waiting = later
    return out


def _self_column(table: Table) -> str | None:
    for fk in table.foreign_keys:
        if fk.column.table is table and "id" in table.c:
            return str(fk.parent.name)
    return None


def _copy_table(src: Connection, dst: Connection, table: Table) -> int:
    rows = [dict(r._mapping) for r in src.execute(select(table).order_by(*table.primary_key.columns))]
    own = _self_column(table)
    if own is not None:
        rows = _parents_first(rows, own)
    for start in range(0, len(rows), BATCH):
        dst.execute(insert(table), rows[start:start + BATCH])
    return len(rows)


def _relink(dst: Connection, key: bytes) -> None:
    """The chain's links recomputed under the target's key, in order; the head row follows."""
    prev, seq = GENESIS_HASH, 0
    entries = list(dst.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)))
    for row in entries:
        entry = AuditEntry(**dict(row._mapping))
        entry.prev_hash = prev
        link = entry.compute_hash(key)
        dst.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(prev_hash=prev, hash=link))
        prev, seq = link, entry.id
    dst.execute(delete(AuditHead))
    dst.execute(insert(AuditHead).values(id=1, seq=seq, hash=prev))


def _copy_all(src: Connection, dst: Connection, key: bytes, progress: Progress | None) -> None:
    tables = [t for t in content.tables() if t.name not in OWN]
    for table in reversed(tables):  # whatever the new schema was created with (seeded rows)
        dst.execute(delete(table))
    for n, table in enumerate(tables, start=1):
        _copy_table(src, dst, table)
        if progress is not None:
            progress(n, len(tables) + 1)
    meta = content.tables()[0].metadata.tables["database_meta"]
    uid = src.execute(select(meta.c.value).where(meta.c.key == UID)).scalar()
    if uid:  # the moved database keeps its identity (exchange packages know it by it)
        dst.execute(update(meta).where(meta.c.key == UID).values(value=uid))
    _relink(dst, key)


def _open_target(location: str, username: str, password: str) -> tuple[Database, str]:
    if server.is_server_url(location):
        address = server.ServerAddress.parse(location, username)
        return server.ServerDatabase.create_schema(address, password), ""
    from desktop.services.admin.accounts import check_password

    check_password(password)
    return Database.create(location, username, password)


def _target_user(location: str, username: str) -> str:
    return server.ServerAddress.parse(location, username).user if server.is_server_url(location) else username


def migrate_database(source: Workspace, target: str, password: str, *, progress: Progress | None = None,
                     show_recovery_key: Callable[[str], None] | None = None) -> MoveReport:
    """Copy everything in `source` to `target` (an empty server database's address, or a new
    file's path); the acting account (or the server account in the address) must be an
    administrator of the source, who becomes the target's."""
    source.require(ACTION)
    user = _target_user(target, source.actor.username)
    with source.read(ACTION) as s:
        account = s.scalar(select(Account).where(Account.username == user))
        if account is None or not account.active or account.role != "admin":
            raise PermissionDenied(f"目标的账户 {user} 须是源数据库中启用的管理员（全部权限）账户：迁移后由它登录")
        broken = verify_links(s, source.db.chain.key, 0, GENESIS_HASH)
    if broken is not None:
        raise FrontlineError(f"源数据库的第 {broken} 条审计记录被改动、删除或插入：审计链不完整的数据库不能迁移；"
                             "请先从备份恢复")
    db, recovery = _open_target(target, user, password)
    try:
        with source.db.connect() as src, db.engine.begin() as dst:
            _copy_all(src, dst, db.chain.key, progress)
            theirs, ours = content.digests(src), content.digests(dst)
            if theirs != ours:
                differ = "、".join(t for t in theirs if theirs[t] != ours.get(t))
                raise FrontlineError(f"迁移后以下表与源数据库不一致，已撤销，目标中没有写入任何数据：{differ}")
        db.resync_sequences()
        if show_recovery_key is not None and recovery:
            show_recovery_key(recovery)
        db.finish_creation()
    except BaseException:
        db.close()
        raise
    moved = Workspace(db, source.actor)

    def note(ctx: Any) -> None:
        ctx.record("database", kind="create", after={"migrated_from": source.db.location,
                                                      "digest": content.overall(ours)})

    moved.run(ACTION, note)
    moved.close()
    if progress is not None:
        progress(1, 1)
    return MoveReport(db.location if db.is_server else str(Path(db.path)),
                      {t: n for t, (n, _) in ours.items()}, content.overall(ours), recovery)
