"""Integrity checks behind `frontline verify` and the window's 数据校验 command.

Every check passes the permission hook: the pages and the schema version are read under
"database.read", the audit chain under "audit.read". The chain's states are named here for
the window's status bar (they are decided in store/chain_guard.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from desktop.errors import FrontlineError
from desktop.models.audit import GENESIS_HASH
from desktop.services.admin.info import schema_version
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store import migrate
from desktop.store.chain_guard import COPY as COPY
from desktop.store.chain_guard import OK as OK
from desktop.store.chain_guard import ROLLBACK as ROLLBACK
from desktop.store.chain_guard import TAMPERED as TAMPERED
from desktop.store.chain_guard import UNANCHORED as UNANCHORED
from desktop.store.chain_guard import ChainState as ChainState
from desktop.store.chain_guard import verify_links


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def _pragma_rows(ws: Workspace, pragma: str) -> list[str]:
    ws.require("database.read")
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
    current, head = schema_version(ws), migrate.head_revision()
    return Check("结构版本", current == head, f"{current}（程序为 {head}）")


def check_audit_chain(ws: Workspace) -> Check:
    """Recompute every link under the chain key; then compare with the anchor this PC keeps."""
    with ws.read("audit.read") as s:
        broken = verify_links(s, ws.db.chain.key, 0, GENESIS_HASH)
        if broken is not None:
            return Check("审计链", False, f"第 {broken} 条审计记录被改动、删除或插入")
        state = ws.db.chain.check(s)
    if state.alarm:
        return Check("审计链", False, state.message)
    note = {UNANCHORED: "（本机无锚点）", COPY: "（副本）"}.get(state.status, "")
    return Check("审计链", True, f"{state.head} 条记录{note}")


CHECKS = (
    ("SQLite 完整性", check_sqlite),
    ("SQLCipher 页面认证", check_sqlcipher),
    ("外键一致性", check_foreign_keys),
    ("结构版本", check_schema),
    ("审计链", check_audit_chain),
)


# On an office server the file checks have no file to check: PostgreSQL keeps its own pages
# and enforces foreign keys on every statement.
SERVER_CHECKS = CHECKS[3:]


def run_all(ws: Workspace) -> list[Check]:
    checks = []
    for label, fn in SERVER_CHECKS if ws.db.is_server else CHECKS:
        try:
            checks.append(fn(ws))
        except DatabaseError as exc:
            # A damaged page makes the check itself fail: that is a failed check, not a crash.
            checks.append(Check(label, False, f"检查时出错：{exc.orig or exc}"))
    return checks


def reanchor(ws: Workspace) -> str:
    """Anchor this PC to the database as it is, after the whole chain checks out, and log it.

    For a clerk who knows why the alarm rings and that the database is right (a state folder
    wiped by a reinstall, a copy deliberately put back). Refused when the chain itself is
    broken: then only a backup helps. Returns what the alarm said before."""
    with ws.read("audit.read") as s:
        broken = verify_links(s, ws.db.chain.key, 0, GENESIS_HASH)
        if broken is not None:
            raise FrontlineError(f"第 {broken} 条审计记录被改动、删除或插入，不能重新建立锚点；请从备份恢复")
        before = ws.db.chain.check(s)
        ws.db.chain.reanchor(s)

    def op(ctx: OpContext) -> None:
        ctx.record("audit", kind="update", before={"state": before.status, "message": before.message},
                   after={"state": "reanchored"})

    ws.run("audit.reanchor", op)
    return before.message
