"""Integrity checks behind `frontline verify` and the window's 数据校验 command."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from desktop.models.audit import GENESIS_HASH, AuditEntry
from desktop.services.workspace import Workspace
from desktop.store import migrate


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def _pragma_rows(ws: Workspace, pragma: str) -> list[str]:
    with ws.db.connect() as conn:
        return [" ".join(str(v) for v in row) for row in conn.execute(text(f"PRAGMA {pragma}"))]


def check_sqlite(ws: Workspace) -> Check:
    rows = _pragma_rows(ws, "integrity_check")
    ok = rows == ["ok"]
    return Check("SQLite 完整性", ok, "" if ok else "；".join(rows[:5]))


def check_sqlcipher(ws: Workspace) -> Check:
    # Verifies the HMAC of every page: detects any byte changed on disk.
    rows = _pragma_rows(ws, "cipher_integrity_check")
    return Check("SQLCipher 页面认证", not rows, "；".join(rows[:5]))


def check_foreign_keys(ws: Workspace) -> Check:
    rows = _pragma_rows(ws, "foreign_key_check")
    return Check("外键一致性", not rows, f"{len(rows)} 处引用失效" if rows else "")


def check_schema(ws: Workspace) -> Check:
    current, head = ws.db.schema_version(), migrate.head_revision()
    return Check("结构版本", current == head, f"{current}（程序为 {head}）")


def check_audit_chain(ws: Workspace) -> Check:
    """Recompute every hash; then compare the head with the anchor this PC keeps."""
    prev, seq, count = GENESIS_HASH, 0, 0
    with ws.read() as s:
        for entry in s.scalars(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)):
            count += 1
            if entry.id != seq + 1 or entry.prev_hash != prev or entry.compute_hash() != entry.hash:
                return Check("审计链", False, f"第 {entry.id} 条审计记录被改动或缺失")
            prev, seq = entry.hash, entry.id
        anchor = ws.db.anchors().read()
        if anchor is not None:
            if anchor.seq > seq:
                return Check("审计链", False,
                             f"本机记录的审计链已到第 {anchor.seq} 条，数据库只有 {seq} 条：数据库可能被换成了旧副本")
            anchored = s.get(AuditEntry, anchor.seq)
            if anchored is None or anchored.hash != anchor.hash:
                return Check("审计链", False, f"第 {anchor.seq} 条审计记录与本机锚点不一致")
    return Check("审计链", True, f"{count} 条记录" + ("" if anchor else "（本机无锚点）"))


CHECKS = (
    ("SQLite 完整性", check_sqlite),
    ("SQLCipher 页面认证", check_sqlcipher),
    ("外键一致性", check_foreign_keys),
    ("结构版本", check_schema),
    ("审计链", check_audit_chain),
)


def run_all(ws: Workspace) -> list[Check]:
    checks = []
    for label, fn in CHECKS:
        try:
            checks.append(fn(ws))
        except DatabaseError as exc:
            # A damaged page makes the check itself fail: that is a failed check, not a crash.
            checks.append(Check(label, False, f"检查时出错：{exc.orig or exc}"))
    return checks
