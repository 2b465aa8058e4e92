"""Schema 0009 (the office server): row versions and the audit chain's head row."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from desktop.models import Cadre
from desktop.models.audit import AuditEntry, AuditHead
from desktop.models.base import VERSIONED_TABLES, Base, Versioned
from desktop.services.cadres import cadre_files, queries
from desktop.services.workspace import Workspace
from desktop.store import migrate
from tests.conftest import PASSWORD, copy_sample


def _migration_0009() -> object:
    path = migrate.SCRIPT_LOCATION / "versions" / "0009_office_server.py"
    spec = importlib.util.spec_from_file_location("m0009", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_versioned_model_is_in_the_migrations_list():
    versioned = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Versioned)}
    assert versioned == set(VERSIONED_TABLES)
    assert tuple(_migration_0009().VERSIONED) == VERSIONED_TABLES  # type: ignore[attr-defined]


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
