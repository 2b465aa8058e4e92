"""Every file written out of the database leaves an audit entry naming it and its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.errors import StorageError
from desktop.models import AuditEntry, Cadre, PointEvidence
from desktop.services import traces
from desktop.services.admin import backups
from desktop.services.cadres import attachments
from desktop.services.exchange import assessment_export, imports, lrmx_export, roster_export, statistics_export
from desktop.services.exchange.packages import export as package_export
from desktop.services.file_names import safe_name
from desktop.services.ledger import ledger
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store.chain_guard import AuditTampered
from tests.conftest import PASSWORD
from tests.services.admin.plain_rows import refused


def _traces(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "export").order_by(AuditEntry.id)))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _last_files(ws: Workspace, action: str) -> dict[str, str]:
    entry = _traces(ws)[-1]
    assert entry.action == action
    assert entry.actor == "admin"
    return {f["file"]: f["sha256"] for f in entry.after["files"]}


def _first_cadre(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return int(s.scalar(select(Cadre.id).order_by(Cadre.id).limit(1)))


def test_exports_and_templates_leave_a_trace(demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "花名册.xlsx"
    roster_export.export_roster(demo_ws, out)
    assert _last_files(demo_ws, "export.roster") == {str(out): _sha(out)}
    assert _traces(demo_ws)[-1].after["records"] == 300

    stats = tmp_path / "统计.xlsx"
    statistics_export.export(demo_ws, stats)
    assert _last_files(demo_ws, "export.statistics") == {str(stats): _sha(stats)}

    ledger_out = tmp_path / "积分.xlsx"
    assessment_export.export(demo_ws, "ledger", ledger_out)
    assert _last_files(demo_ws, "export.ledger") == {str(ledger_out): _sha(ledger_out)}

    for kind in ("roster", "ledger", "ballots"):
        template = tmp_path / f"{kind}-模板.xlsx"
        imports.write_template(demo_ws, kind, template)
        assert _last_files(demo_ws, f"export.template.{kind}") == {str(template): _sha(template)}


def test_lrmx_exports_leave_a_trace_one_file_a_zip_and_a_folder(demo_ws: Workspace, tmp_path: Path):
    cadre = _first_cadre(demo_ws)
    one = tmp_path / "one.lrmx"
    lrmx_export.export(demo_ws, [cadre], one)
    assert _last_files(demo_ws, "export.lrmx") == {str(one): _sha(one)}
    assert _traces(demo_ws)[-1].cadre_id == cadre
    ids = lrmx_export.all_ids(demo_ws)[:30]
    archive = tmp_path / "forms.zip"
    lrmx_export.export(demo_ws, ids, archive)
    assert _last_files(demo_ws, "export.lrmx") == {str(archive): _sha(archive)}
    folder = tmp_path / "forms"
    written = lrmx_export.export(demo_ws, ids, folder)
    entry = _traces(demo_ws)[-1]
    # Thirty files: named by folder, count and one digest rather than listed.
    assert entry.after["count"] == 30 == len(written)
    assert entry.after["folder"] == str(folder)


# Backs up the encrypted file; an office server is backed up with pg_dump (refused here).
@pytest.mark.file_only
def test_a_backup_leaves_a_trace(demo_ws: Workspace, tmp_path: Path):
    backups.make_backup(demo_ws, tmp_path / "b.db")
    with demo_ws.read("test.inspect") as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert entry.action == "backup.create" and entry.after["file"] == str(tmp_path / "b.db")


def test_attachment_and_evidence_copies_stay_in_the_chosen_folder(demo_ws: Workspace, tmp_path: Path):
    cadre = _first_cadre(demo_ws)
    attachment = attachments.add_bytes(demo_ws, cadre, "../../证明.pdf", b"%PDF-1.4 scan")
    target = tmp_path / "证明.pdf"
    attachments.save_copy(demo_ws, attachment, target)
    assert target.read_bytes() == b"%PDF-1.4 scan"
    assert _last_files(demo_ws, "export.attachment") == {str(target): _sha(target)}

    evidence_file = tmp_path / "现场.jpg"
    evidence_file.write_bytes(b"jpeg bytes")
    entry_id = ledger.add(demo_ws, ledger.EntryInput(
        cadre_id=cadre, date=dt.date(2026, 11, 2), dimension=ledger.DIMENSIONS[0], positive=True, points=2,
        source=ledger.SOURCES[0], fact="抢修现场连续值守48小时", evidence=[evidence_file]))

    def hostile(ctx: OpContext) -> None:
        # Names as they could arrive in a field-laptop package.
        for name in ("../../escape.txt", "/etc/passwd", "..\\..\\win.bat", "现场.jpg", "CON.txt", "..."):
            ctx.session.add(PointEvidence(entry_id=entry_id, filename=name, content=name.encode()))

    demo_ws.run("ledger.evidence.test", hostile)
    folder = tmp_path / "out"
    folder.mkdir()
    written = ledger.save_evidence(demo_ws, entry_id, folder)
    assert all(p.parent == folder for p in written)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["现场.jpg", "escape.txt", "passwd", "win.bat", "现场 (2).jpg", "_CON.txt", "佐证材料"])
    assert not (tmp_path.parent / "escape.txt").exists()
    assert set(_last_files(demo_ws, "export.evidence")) == {str(p) for p in written}
    again = ledger.save_evidence(demo_ws, entry_id, folder)  # never overwrites
    assert len(list(folder.iterdir())) == 2 * len(written) and all(p not in written for p in again)


@pytest.mark.parametrize("name, safe", [
    ("../../a.txt", "a.txt"), ("C:\\x\\y.doc", "y.doc"), ("a:b?.xlsx", "a_b_.xlsx"), (".hidden", "hidden"),
    ("", "文件"), ("nul", "_nul"), ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_safe_names(name: str, safe: str):
    assert safe_name(name) == safe


def test_no_export_without_its_trace(demo_db: Path, tmp_path: Path):
    """When the audit entry cannot be written, the exported file is removed again."""
    older = tmp_path / "older.db"
    shutil.copyfile(demo_db, older)
    shutil.copyfile(f"{demo_db}.keys", f"{older}.keys")
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    backups.make_backup(ws, tmp_path / "first.db")  # a write: this PC anchors the chain
    ws.close()
    shutil.copyfile(older, demo_db)  # rolled back in place
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.alarm
        out = tmp_path / "花名册.xlsx"
        with pytest.raises(AuditTampered):
            roster_export.export_roster(ws, out)
        assert not out.exists()
    finally:
        ws.close()


# --- the right to write a file out, asked before a byte is written ------------------------------

PACKAGE_PASSWORD = "package pass 1"


def _active_campaign(ws: Workspace) -> int:
    from desktop.models import Campaign

    with ws.read("test.inspect") as s:
        return int(s.scalar(select(Campaign.id).where(Campaign.status == "active").order_by(Campaign.id).limit(1)))


def _bad_roster(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "出生年月"])
    wb.active.append(["王五", "男", "1981.13"])
    wb.save(path)
    return path


WRITERS = {
    "export.roster": lambda ws, out: roster_export.export_roster(ws, out),
    "export.statistics": lambda ws, out: statistics_export.export(ws, out),
    "export.lrmx": lambda ws, out: lrmx_export.export(ws, [_first_cadre(ws)], out.with_suffix(".lrmx")),
    "export.ledger": lambda ws, out: assessment_export.export(ws, "ledger", out),
    "export.template.roster": lambda ws, out: imports.write_template(ws, "roster", out),
    "export.template.ballots": lambda ws, out: imports.write_template(ws, "ballots", out),
    "import.report": lambda ws, out: imports.write_error_report(
        ws, imports.preview(ws, _bad_roster(out.with_name("bad.xlsx"))), out),
    "package.export": lambda ws, out: package_export.export(ws, _active_campaign(ws), out, PACKAGE_PASSWORD),
    "backup.create": lambda ws, out: backups.make_backup(ws, out),
}


@pytest.mark.parametrize("action", sorted(WRITERS))
def test_a_file_out_needs_its_right_before_anything_is_written(demo_ws: Workspace, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, action: str):
    """A role refused an export is refused by the read that feeds it: no file, not even for a
    moment (the trace that would have removed it again is never reached), and no entry."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "导出.xlsx"
    recorded: list[str] = []
    monkeypatch.setattr(traces, "record", lambda _ws, kind, *_a, **_k: recorded.append(kind))
    entries = _count_entries(demo_ws)
    refused(action, lambda: WRITERS[action](demo_ws, out))
    assert recorded == []
    assert sorted(p.name for p in out_dir.iterdir()) == (["bad.xlsx"] if action == "import.report" else [])
    assert _count_entries(demo_ws) == entries


def _count_entries(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return len(list(s.scalars(select(AuditEntry.id))))


def test_a_package_leaves_a_trace_or_is_removed(demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "外出.flpkg"
    package_export.export(demo_ws, _active_campaign(demo_ws), out, PACKAGE_PASSWORD)
    with demo_ws.read("test.inspect") as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (entry.action, entry.entity) == ("package.export", "package")
    assert entry.after["files"] == [{"file": str(out), "sha256": _sha(out)}]
    assert entry.after["file"] == out.name and entry.after["records"] > 0

    real_run = demo_ws.run

    def entry_fails(action, fn):  # type: ignore[no-untyped-def]
        if action == "package.export":
            raise StorageError("磁盘空间不足")
        return real_run(action, fn)

    monkeypatch.setattr(demo_ws, "run", entry_fails)
    again = tmp_path / "又一个.flpkg"
    with pytest.raises(StorageError):
        package_export.export(demo_ws, _active_campaign(demo_ws), again, PACKAGE_PASSWORD)
    assert not again.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".flpkg") == [out.name]
