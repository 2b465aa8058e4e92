"""Keyed audit chain and a database identity.

- database_meta holds the database's identity (uid): the audit anchor this PC keeps outside
  the database is filed under it, and a copy of a database gets a new one when first written
  (store/chain_guard.py).
- The audit chain's links become HMAC-SHA256 under a key derived from the database key (see
  models/audit.py). The existing SHA-256 links are recomputed, but only as far as they are
  intact: from the first broken link on, the entries keep their old values, so a chain that
  was tampered with before the upgrade still fails `verify` after it (the upgrade must not
  launder it).

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any
import secrets

import sqlalchemy as sa
from alembic import context, op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _payload(row: sa.Row[Any]) -> dict[str, Any]:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return {
        "id": row.id,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": row.actor,
        "op_id": row.op_id,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "cadre_id": row.cadre_id,
        "before": row.before,
        "after": row.after,
    }


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _rekey_chain(chain_key: bytes) -> None:
    bind = op.get_bind()
    audit = sa.table(
        "audit_entry", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
        sa.column("actor", sa.String), sa.column("op_id", sa.String), sa.column("action", sa.String),
        sa.column("entity", sa.String), sa.column("entity_id", sa.Integer), sa.column("cadre_id", sa.Integer),
        sa.column("before", sa.JSON), sa.column("after", sa.JSON), sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )
    rows = bind.execute(sa.select(audit).order_by(audit.c.id)).all()
    old_prev, new_prev, seq = GENESIS, GENESIS, 0
    updates = []
    for row in rows:
        text = _canonical(_payload(row))
        intact = (row.id == seq + 1 and row.prev_hash == old_prev
                  and hashlib.sha256((old_prev + text).encode("utf-8")).hexdigest() == row.hash)
        if not intact:
            break
        new_hash = hmac.new(chain_key, (new_prev + text).encode("utf-8"), hashlib.sha256).hexdigest()
        updates.append({"k": row.id, "p": new_prev, "h": new_hash})
        old_prev, new_prev, seq = row.hash, new_hash, row.id
    if updates:
        stmt = audit.update().where(audit.c.id == sa.bindparam("k")).values(
            prev_hash=sa.bindparam("p"), hash=sa.bindparam("h"))
        bind.execute(stmt, updates)


def upgrade() -> None:
    op.create_table(
        'database_meta',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_database_meta')),
    )
    meta = sa.table("database_meta", sa.column("key", sa.String), sa.column("value", sa.String))
    op.get_bind().execute(meta.insert().values(key="uid", value=secrets.token_hex(16)))
    chain_key = context.config.attributes.get("chain_key")
    if not chain_key:
        raise RuntimeError("the keyed audit chain needs the database's chain key (migrate.upgrade(chain_key=…))")
    _rekey_chain(chain_key)


def downgrade() -> None:
    # The links stay keyed: a downgraded database is only ever opened to be upgraded again.
    op.drop_table('database_meta')
