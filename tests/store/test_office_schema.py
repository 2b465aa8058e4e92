"""Schema 0009 (the office server): row versions and the audit chain's head row; 0010: row versions
on the objections to a grading notice."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.models import Cadre
from desktop.models.audit import AuditEntry, AuditHead
from desktop.models.base import VERSIONED_TABLES, Base, Versioned
from desktop.services.cadres import cadre_files, queries
from desktop.services.workspace import Workspace
from desktop.store import migrate
from tests.conftest import PASSWORD, copy_sample
from tests.store import objections_at_0009


def _migration(name: str) -> Any:
    path = migrate.SCRIPT_LOCATION / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_versioned_model_is_in_the_migrations_list():
    versioned = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Versioned)}
    assert versioned == set(VERSIONED_TABLES)
    added = (*_migration("0009_office_server").VERSIONED, *_migration("0010_objection_versions").VERSIONED)
    assert tuple(sorted(added)) == VERSIONED_TABLES and len(set(added)) == len(added)


def test_a_0008_database_gets_row_versions_and_a_head_row_matching_its_chain(tmp_path: Path):
    db = copy_sample("schema-0008.db", tmp_path)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            versions = set(s.scalars(select(Cadre.row_version)))
            head = s.get(AuditHead, 1)
            last = s.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).one()
            cadre_id = s.scalars(select(Cadre.id).order_by(Cadre.id)).first()
        assert versions == {1}
        assert head is not None and (head.seq, head.hash) == (last.id, last.hash)
        assert cadre_id is not None
        # A save counts the version up and moves the head with the chain.
        file = queries.file_for_editing(ws, cadre_id)
        cadre_files.save(ws, replace(file, fields={**file.fields, "notes": "升级后第一次保存"}), cadre_id)
        with ws.read("test.inspect") as s:
            cadre = s.get(Cadre, cadre_id)
            head = s.get(AuditHead, 1)
            newest = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
        assert cadre is not None and cadre.row_version == 2
        assert head is not None and head.seq == newest and newest > last.id
    finally:
        ws.close()


def test_a_0009_database_with_objections_keeps_them_and_versions_them(tmp_path: Path):
    import sqlcipher3.dbapi2 as sqlcipher

    from desktop.services.grading import queries as grading_queries
    from desktop.services.grading import rounds
    from desktop.services.record_versions import StaleRecord
    from desktop.store.keyslots import KeySlots

    round_id = objections_at_0009.ROUND_ID
    db = copy_sample("schema-0009.db", tmp_path)
    key, _ = KeySlots.load(db).unlock("admin", PASSWORD)
    conn = sqlcipher.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    objections_at_0009.add(conn.execute, conn.execute("SELECT min(id) FROM unit").fetchone()[0])
    conn.commit()
    conn.close()
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        assert ws.db.schema_version() == migrate.head_revision() and ws.db.backups
        rows = grading_queries.round_view(ws, round_id).objections
        assert {r.id: (r.content, r.handling, r.row_version) for r in rows} == {
            oid: (content, handling, 1) for oid, (content, handling) in objections_at_0009.OBJECTIONS.items()}
        # A handling saved at the version read counts it up; one saved from the old version is refused.
        rounds.handle_objection(ws, 9001, "经核实不属实", 1)
        with pytest.raises(StaleRecord):
            rounds.handle_objection(ws, 9001, "另一位的处理", 1)
        after = {r.id: (r.handling, r.row_version) for r in grading_queries.round_view(ws, round_id).objections}
        assert after == {9001: ("经核实不属实", 2), 9002: ("经核实，请假均经批准", 1)}
    finally:
        ws.close()
