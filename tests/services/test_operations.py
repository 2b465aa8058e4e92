import shutil

import pytest
from sqlalchemy import insert, select, update

from desktop.errors import PermissionDenied
from desktop.models import AuditEntry, Cadre, Tag, Unit
from desktop.models.validation import ValidationFailed
from desktop.services.admin import verify
from desktop.services.cadres import cadre_files
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.workspace import Actor, Workspace
from tests.conftest import PASSWORD


def _entries(ws, **where):
    with ws.read("test.inspect") as s:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        for k, v in where.items():
            stmt = stmt.where(getattr(AuditEntry, k) == v)
        return list(s.scalars(stmt))


def test_a_change_writes_who_what_before_and_after(ws: Workspace):
    result = ws.run("unit.create", lambda ctx: ctx.session.add(Unit(name="市财政局")))
    assert result.changes.touches("unit")
    unit_id = next(iter(result.changes.ids("unit")))

    def rename(ctx):
        ctx.session.get(Unit, unit_id).name = "市财政局（新）"

    ws.run("unit.update", rename)
    created, updated = _entries(ws, entity="unit")
    assert (created.actor, created.action, created.entity_id) == ("admin", "unit.create", unit_id)
    assert created.before is None and created.after["name"] == "市财政局"
    assert updated.before == {"name": "市财政局"} and updated.after == {"name": "市财政局（新）"}
    assert updated.prev_hash == created.hash


def test_a_refused_change_leaves_nothing_behind(ws: Workspace):
    count = len(_entries(ws))
    with pytest.raises(ValidationFailed, match="姓名：必填"):
        cadre_files.save(ws, CadreFile(fields={"name": "", "sex": "男", "birth": "1980.01"}))
    assert len(_entries(ws)) == count
    with ws.read("test.inspect") as s:
        assert s.scalar(select(Cadre.id)) is None


def test_permission_is_checked_before_anything_runs(ws: Workspace):
    guest = Workspace(ws.db, Actor("guest", "viewer"))
    ran = []
    with pytest.raises(PermissionDenied, match="guest"):
        guest.run("unit.create", lambda ctx: ran.append(1))
    assert ran == []


def test_verify_passes_then_catches_an_edited_audit_entry(demo_ws: Workspace):
    assert all(c.ok for c in verify.run_all(demo_ws))
    with demo_ws.db.engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.id == 2).values(actor="someone else"))
    chain = next(c for c in verify.run_all(demo_ws) if c.name == "审计链")
    assert not chain.ok and "第 2 条" in chain.detail


@pytest.mark.file_only
def test_verify_notices_a_database_rolled_back_to_an_older_copy(ws: Workspace, tmp_path):
    ws.db.checkpoint()
    old = tmp_path / "old.db"
    shutil.copy2(ws.db.path, old)
    ws.run("unit.create", lambda ctx: ctx.session.add(Unit(name="市教育局")))
    path = ws.db.path
    ws.close()
    shutil.copy2(old, path)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"{path.name}{suffix}").unlink(missing_ok=True)
    back = Workspace.open(path, "admin", PASSWORD)
    chain = next(c for c in verify.run_all(back) if c.name == "审计链")
    back.close()
    assert not chain.ok and "旧副本" in chain.detail


@pytest.mark.file_only
def test_sqlcipher_page_check_catches_a_changed_byte(demo_ws: Workspace):
    demo_ws.db.checkpoint()
    path = demo_ws.db.path
    demo_ws.close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    back = Workspace.open(path, "admin", PASSWORD)
    results = {c.name: c.ok for c in verify.run_all(back)}
    back.close()
    assert results["SQLCipher 页面认证"] is False


def test_bulk_work_records_a_summary_entry(ws: Workspace):
    def bulk(ctx):
        ctx.session.execute(insert(Tag.__table__), [{"name": "选调生"}])
        ctx.record("tag", kind="create", after={"names": ["选调生"]})

    ws.run("tag.import", bulk)
    (entry,) = _entries(ws, action="tag.import")
    assert entry.after == {"names": ["选调生"]}


def test_database_settings_are_shared_and_audited(ws: Workspace):
    from desktop.services.admin import settings

    settings.put(ws, "report.mark", "内部资料")
    settings.put(ws, "report.mark", "秘密")
    with ws.read("test.inspect") as s:
        assert settings.get(s, "report.mark") == "秘密"
        assert settings.get(s, "missing", 5) == 5
    first, second = _entries(ws, entity="setting")
    assert first.after["value"] == "内部资料" and second.before == {"value": "内部资料"}
