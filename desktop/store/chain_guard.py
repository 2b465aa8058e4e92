"""Checking the audit chain against this PC's anchor: at every open and before every write.

The check starts at the anchor's position, so it costs a handful of rows when the anchor is
current (the whole chain is recomputed only by `verify`). What it can say:

- ok: the entry at the anchor's number carries the anchored link, and every later entry
  links to the one before under the chain key;
- unanchored: this PC has never written this database (a new PC, a file from elsewhere);
- copy: the anchor belongs to another file that still exists, so this file is a copy of it
  (a backup, a copy on a USB stick). Its first write gives it an identity of its own, so
  writing to a copy never raises a false alarm on the original;
- rollback: the database has fewer entries than the anchor records (an older copy was put in
  its place, or the log was truncated);
- tampered: the anchored entry or a later one does not match (edited, deleted, swapped or
  re-hashed entries), or the anchor file itself was edited.

Writes are refused in the last two states: advancing the anchor would bury the evidence.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models.audit import GENESIS_HASH, AuditEntry
from desktop.models.meta import UID, DatabaseMeta
from desktop.store.anchor import Anchor, AnchorForged, AnchorStore, chain_key, file_id, writer_id

OK, UNANCHORED, COPY, ROLLBACK, TAMPERED = "ok", "unanchored", "copy", "rollback", "tampered"
# database_meta keys of the writers that anchored the database (store/anchor.py: writer_id).
WRITER_PREFIX = "writer:"


class AuditTampered(FrontlineError):
    """The audit chain does not match this PC's anchor; writing is refused."""


@dataclass(frozen=True)
class ChainState:
    status: str
    message: str
    head: int = 0

    @property
    def alarm(self) -> bool:
        return self.status in (ROLLBACK, TAMPERED)


def _uid(session: Session) -> str:
    row = session.get(DatabaseMeta, UID)
    return row.value if row is not None else ""


def chain_head(session: Session) -> tuple[int, str]:
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS_HASH)


def verify_links(session: Session, key: bytes, after: int, prev: str) -> int | None:
    """Recompute every link after entry `after` (whose link is `prev`); the number of the
    first entry that is out of place or altered, or None if all hold."""
    seq = after
    query = (select(AuditEntry).where(AuditEntry.id > after).order_by(AuditEntry.id)
             .execution_options(yield_per=2000))
    # Closed when left early: on the office server yield_per reads through a server-side cursor.
    with contextlib.closing(session.scalars(query)) as entries:
        for entry in entries:
            if entry.id != seq + 1 or entry.prev_hash != prev or entry.compute_hash(key) != entry.hash:
                return seq + 1
            prev, seq = entry.hash, entry.id
    return None


class ChainGuard:
    """The anchor of one open database file."""

    def __init__(self, db_path: Path, db_key: bytes, *, anchored: bool = True) -> None:
        self.db_path = db_path
        self._db_key = db_key
        self.key = chain_key(db_key)
        # Working copies (a package being built, a package read for a merge) keep no anchor.
        self.anchored = anchored
        self.state = ChainState(UNANCHORED, "")
        self._writer: str | None = None

    def store(self, uid: str) -> AnchorStore:
        return AnchorStore(uid, self._db_key)

    def check(self, session: Session) -> ChainState:
        """Compare the chain with the anchor, from the anchor's position on."""
        seq, _ = chain_head(session)
        uid = _uid(session)
        if not self.anchored or not uid:
            self.state = ChainState(UNANCHORED, "", seq)
            return self.state
        try:
            anchor = self.store(uid).read()
        except AnchorForged:
            self.state = ChainState(TAMPERED, "本机保存的审计链锚点文件被改动过，无法确认数据库未被替换", seq)
            return self.state
        self.state = self._compare(session, anchor, seq)
        return self.state

    def _writer_key(self) -> str:
        if self._writer is None:
            self._writer = f"{WRITER_PREFIX}{writer_id()}"
        return self._writer

    def _compare(self, session: Session, anchor: Anchor | None, seq: int) -> ChainState:
        if anchor is None:
            wrote = session.get(DatabaseMeta, self._writer_key())
            if wrote is not None:
                return ChainState(TAMPERED, f"本机曾写入此数据库（到第 {wrote.value} 条审计记录），但本机保存的审计锚点"
                                            "不见了：锚点可能被删除，或数据库被换成了旧副本", seq)
            return ChainState(UNANCHORED, f"本机尚无此数据库的审计锚点（共 {seq} 条审计记录）", seq)
        here = file_id(self.db_path)
        if anchor.path and anchor.path != here and os.path.exists(anchor.path):
            older = "，比原文件旧" if seq < anchor.seq else ""
            return ChainState(COPY, f"这是数据库 {anchor.path} 的副本{older}；首次修改时它将成为一个独立的数据库，"
                                    "原文件不受影响", seq)
        if anchor.seq > seq:
            return ChainState(ROLLBACK, f"本机记录的审计链已到第 {anchor.seq} 条，数据库只有 {seq} 条："
                                        "数据库可能被换成了旧副本，或审计记录被截断", seq)
        anchored = session.get(AuditEntry, anchor.seq)
        if anchored is None or anchored.hash != anchor.hash or anchored.compute_hash(self.key) != anchored.hash:
            return ChainState(TAMPERED, f"第 {anchor.seq} 条审计记录与本机锚点不一致：审计记录被改动或删除，"
                                        "或数据库被换成了另一份副本", seq)
        broken = verify_links(session, self.key, anchor.seq, anchor.hash)
        if broken is not None:
            return ChainState(TAMPERED, f"第 {broken} 条审计记录被改动、删除或插入", seq)
        return ChainState(OK, f"审计链与本机锚点一致（共 {seq} 条）", seq)

    # --- the write path (called by services/operations.execute inside the transaction) ------

    def before_write(self, session: Session) -> None:
        """Refuse to write over evidence; give a copy its own identity."""
        state = self.check(session)
        if state.alarm:
            raise AuditTampered(f"审计链异常：{state.message}。为免掩盖，程序拒绝写入；"
                                "请做数据库完整性校验（工具菜单，或 frontline verify），并从备份恢复")
        if state.status == COPY:
            meta = session.get(DatabaseMeta, UID)
            if meta is not None:
                meta.value = secrets.token_hex(16)

    def reanchor(self, session: Session) -> ChainState:
        """Anchor this PC to the chain as it is now (a restore, or a clerk's explicit decision
        after checking); the caller has verified the whole chain."""
        uid = _uid(session)
        seq, link = chain_head(session)
        if self.anchored and uid and seq:
            self.store(uid).write(Anchor(seq, link, file_id(self.db_path)))
        return self.check(session)

    def record_writer(self, session: Session, seq: int) -> None:
        """Note in the database that this writer anchored it up to `seq` (a plain statement:
        bookkeeping of the anchor, not a change a clerk made)."""
        if self.anchored:
            session.execute(text("INSERT INTO database_meta (key, value) VALUES (:k, :v) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                            {"k": self._writer_key(), "v": str(seq)})

    def after_commit(self, session_uid: str, seq: int, link: str) -> None:
        if self.anchored and session_uid:
            self.store(session_uid).write(Anchor(seq, link, file_id(self.db_path)))
            self.state = ChainState(OK, f"审计链与本机锚点一致（共 {seq} 条）", seq)

    def current_uid(self, session: Session) -> str:
        return _uid(session)
