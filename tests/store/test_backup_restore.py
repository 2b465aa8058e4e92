"""Backups open, verify and restore to identical content; restoring never loses what was there."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from desktop.demo.database import create_demo_database
from desktop.errors import AlreadyExists, DamagedDatabase, FrontlineError, WrongPassword
from desktop.services.admin import backups, settings, verify
from desktop.services.workspace import Workspace
from desktop.store import lock
from desktop.store.keyslots import slots_path
from tests.cli.test_cli import assert_clean_failure, frontline
from tests.conftest import PASSWORD, SAMPLE_PASSWORD, copy_sample
from tests.store.db_compare import LOGGED, audit_prefix, table_hashes


@pytest.fixture
def demo_with_code(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "office.db"
    ws, code, _ = create_demo_database(db, "admin", PASSWORD, 30, seed=5)
    ws.close()
    return db, code


def _key(db: Path) -> bytes:
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        return ws.db.key
    finally:
        ws.close()


def _audit_count(db: Path) -> int:
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        return ws.db.chain_state.head
    finally:
        ws.close()


def test_cli_backup_opens_with_the_password_and_the_recovery_key_and_verifies(demo_with_code, tmp_path: Path):
    db, code = demo_with_code
    out = tmp_path / "usb" / "office-backup.db"
    out.parent.mkdir()
    made = frontline("backup", "--db", str(db), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "打开核对" in made.stdout
    assert frontline("verify", "--db", str(out)).returncode == 0
    assert frontline("info", "--db", str(out), password=code).returncode == 0
    again = frontline("backup", "--db", str(db), "--out", str(out))
    assert_clean_failure(again, 1, "已存在")


def test_restore_gives_back_identical_content_and_keeps_the_replaced_copy(demo_with_code, tmp_path: Path):
    db, _ = demo_with_code
    backup = tmp_path / "backup.db"
    assert frontline("backup", "--db", str(db), "--out", str(backup)).returncode == 0
    key = _key(db)
    at_backup = table_hashes(backup, key)
    entries_at_backup = _audit_count(backup)
    # The clerk carries on working after the backup …
    ws = Workspace.open(db, "admin", PASSWORD)
    settings.put(ws, "report.issuer", "中共海滨市委组织部")
    ws.close()
    assert table_hashes(db, key)["setting"] != at_backup["setting"]

    refused = frontline("restore", str(backup), "--db", str(db))
    assert_clean_failure(refused, 1, "--force")
    restored = frontline("restore", str(backup), "--db", str(db), "--force")
    assert restored.returncode == 0, restored.stderr
    replaced = next(tmp_path.glob("office.被恢复替换-*.db"))
    assert slots_path(replaced).exists()
    assert f"原数据库已改名保留为 {replaced}" in restored.stdout

    now = table_hashes(db, key)
    assert set(now) == set(at_backup)
    for table, digest in at_backup.items():
        if table not in LOGGED:
            assert now[table] == digest, table
    assert audit_prefix(db, key, entries_at_backup) == audit_prefix(backup, key, entries_at_backup)
    # A restore is a deliberate step back: no rollback alarm, and work goes on.
    checked = frontline("verify", "--db", str(db))
    assert checked.returncode == 0, checked.stdout
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        assert not ws.db.chain_state.alarm
        settings.put(ws, "report.issuer", "again")
        with ws.read("test.inspect") as s:
            assert any(e == "backup.restore" for e in _actions(s))
    finally:
        ws.close()
    # The replaced database still holds the work done after the backup.
    ws = Workspace.open(replaced, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            assert settings.get(s, "report.issuer") == "中共海滨市委组织部"
    finally:
        ws.close()


def _actions(session) -> list[str]:
    from sqlalchemy import select

    from desktop.models import AuditEntry

    return list(session.scalars(select(AuditEntry.action)))


def test_restore_refusals_leave_the_database_as_it_was(demo_with_code, tmp_path: Path):
    db, _ = demo_with_code
    backup = tmp_path / "backup.db"
    ws = Workspace.open(db, "admin", PASSWORD)
    backups.make_backup(ws, backup)
    with pytest.raises(FrontlineError, match="正在本程序中打开"):
        backups.restore(backup, db, "admin", PASSWORD, force=True)
    ws.close()
    before = db.read_bytes()
    with pytest.raises(WrongPassword):
        backups.restore(backup, db, "admin", "wrong password", force=True)
    with pytest.raises(AlreadyExists):
        backups.restore(backup, db, "admin", PASSWORD)
    with pytest.raises(FrontlineError, match="同一个文件"):
        backups.restore(db, db, "admin", PASSWORD, force=True)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("office")) == [
        "office.db", "office.db.keys"]


def test_a_backup_with_an_edited_audit_chain_is_not_restored(demo_with_code, tmp_path: Path):
    import sqlcipher3.dbapi2 as sqlcipher

    db, _ = demo_with_code
    backup = tmp_path / "backup.db"
    ws = Workspace.open(db, "admin", PASSWORD)
    backups.make_backup(ws, backup)
    key = ws.db.key
    ws.close()
    conn = sqlcipher.connect(str(backup), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("UPDATE audit_entry SET actor = 'mallory' WHERE id = 2")
    conn.close()
    before = table_hashes(db, key)
    with pytest.raises(DamagedDatabase, match="审计记录被改动"):
        backups.restore(backup, db, "admin", PASSWORD, force=True)
    assert table_hashes(db, key) == before
    assert not list(tmp_path.glob("*被恢复替换*"))


def test_restore_is_refused_while_another_program_has_the_database(demo_with_code, tmp_path: Path):
    from tests.cli.test_database_in_use import Holder

    db, _ = demo_with_code
    backup = tmp_path / "backup.db"
    assert frontline("backup", "--db", str(db), "--out", str(backup)).returncode == 0
    holder = Holder(db)
    try:
        refused = frontline("restore", str(backup), "--db", str(db), "--force")
        assert_clean_failure(refused, 1, "正在被另一个一线考核程序使用")
    finally:
        holder.kill()
    assert not list(tmp_path.glob("*被恢复替换*"))


def test_restore_to_a_new_name(demo_with_code, tmp_path: Path):
    db, _ = demo_with_code
    backup = tmp_path / "backup.db"
    assert frontline("backup", "--db", str(db), "--out", str(backup)).returncode == 0
    target = tmp_path / "elsewhere" / "restored.db"
    target.parent.mkdir()
    result = backups.restore(backup, target, "admin", PASSWORD)
    assert result.replaced is None and target.exists()
    assert not lock.holds(target)
    assert frontline("verify", "--db", str(target)).returncode == 0


def test_restoring_elsewhere_leaves_the_original_anchored(demo_with_code, tmp_path: Path):
    """A backup restored to another name is a copy: the original keeps its anchor, and a
    rollback of the original is still caught."""
    db, _ = demo_with_code
    older = tmp_path / "older.db"
    shutil.copyfile(db, older)
    backup = tmp_path / "backup.db"
    assert frontline("backup", "--db", str(db), "--out", str(backup)).returncode == 0
    backups.restore(backup, tmp_path / "restored.db", "admin", PASSWORD)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.status == "ok", ws.db.chain_state
    finally:
        ws.close()
    shutil.copyfile(older, db)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        assert ws.db.chain_state.alarm, ws.db.chain_state
    finally:
        ws.close()


def test_pre_migration_backup_opens_and_verifies(tmp_path: Path):
    db = copy_sample("schema-0002.db", tmp_path)
    ws = Workspace.open(db, "admin", SAMPLE_PASSWORD)
    (backup,) = ws.db.backups
    ws.close()
    old = Workspace.open(backup, "admin", SAMPLE_PASSWORD)  # migrates the backup copy in its turn
    try:
        assert all(c.ok for c in verify.run_all(old)), verify.run_all(old)
    finally:
        old.close()


def test_automatic_backups_rotate_and_each_opens(demo_with_code, tmp_path: Path):
    db, _ = demo_with_code
    folder = tmp_path / "usb"
    folder.mkdir()
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        assert not backups.automatic_due(ws)  # no folder chosen yet
        with pytest.raises(FrontlineError, match="尚未设置自动备份文件夹"):
            backups.run_automatic(ws)
        backups.save_settings(ws, backups.BackupSettings(str(folder), 3, True, True))
        assert backups.automatic_due(ws)
        start = dt.datetime(2026, 12, 1, 9, 0)
        made = [backups.run_automatic(ws, start + dt.timedelta(minutes=n)) for n in range(5)]
        assert not backups.automatic_due(ws)
        kept = backups.automatic_backups(ws)
        assert kept == made[-3:]
        assert all(slots_path(p).exists() for p in kept)
        assert not any(p.exists() or slots_path(p).exists() for p in made[:2])
        with pytest.raises(FrontlineError, match="保留的自动备份份数"):
            backups.save_settings(ws, backups.BackupSettings(str(folder), 0, True, True))
    finally:
        ws.close()
    for p in kept:
        assert frontline("verify", "--db", str(p)).returncode == 0, p


def test_an_unplugged_backup_folder_is_a_clear_message(demo_with_code, tmp_path: Path):
    db, _ = demo_with_code
    folder = tmp_path / "usb"
    folder.mkdir()
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        backups.save_settings(ws, backups.BackupSettings(str(folder), 3, True, True))
        folder.rmdir()
        with pytest.raises(FrontlineError, match="不可用"):
            backups.run_automatic(ws)
    finally:
        ws.close()


def test_a_backup_with_progress_reports_can_be_cancelled_and_holds_one_snapshot(demo_with_code, tmp_path: Path,
                                                                               monkeypatch):
    from desktop.store import backup as store_backup

    db, _ = demo_with_code
    monkeypatch.setattr(store_backup, "STEP_PAGES", 4)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        seen: list[tuple[int, int]] = []

        def cancel_at_third(done: int, total: int) -> None:
            seen.append((done, total))
            if len(seen) == 3:
                raise backups.BackupCancelled()

        with pytest.raises(backups.BackupCancelled, match="备份已取消"):
            backups.make_backup(ws, tmp_path / "cancelled.db", progress=cancel_at_third)
        assert [p.name for p in tmp_path.iterdir() if "cancelled" in p.name] == []
        assert seen[0][0] == 4 and seen[1][0] == 8 and seen[0][1] > 12

        # The window keeps writing while a copy is under way: every step still reads the
        # snapshot the copy began with (without it, each write would start the copy over).
        steps: list[tuple[int, int]] = []

        def write_meanwhile(done: int, total: int) -> None:
            steps.append((done, total))
            if len(steps) <= 3:
                settings.put(ws, f"test.during{len(steps)}", len(steps))

        made = backups.make_backup(ws, tmp_path / "during.db", progress=write_meanwhile)
        dones = [d for d, _t in steps]
        assert dones == sorted(set(dones)), "the copy started over"
        assert dones[-1] == steps[-1][1]
    finally:
        ws.close()
    copy = Workspace.open(made, "admin", PASSWORD)
    try:
        with copy.read("test.inspect") as s:
            assert settings.get(s, "test.during1") is None  # written after the copy began
    finally:
        copy.close()


def test_two_restores_within_a_second_keep_both_replaced_databases(demo_with_code, tmp_path: Path):
    db, _ = demo_with_code
    backup = tmp_path / "backup.db"
    assert frontline("backup", "--db", str(db), "--out", str(backup)).returncode == 0
    first = backups.restore(backup, db, "admin", PASSWORD, force=True)
    second = backups.restore(backup, db, "admin", PASSWORD, force=True)
    assert first.replaced != second.replaced
    assert first.replaced is not None and first.replaced.exists() and second.replaced is not None
    assert second.replaced.exists() and slots_path(second.replaced).exists()


def test_two_databases_of_the_same_name_keep_their_own_backups_on_one_stick(tmp_path: Path):
    """The office PC's and the laptop's 一线考核.db share a USB stick."""
    from desktop.services.admin.accounts import create_database

    usb = tmp_path / "usb"
    usb.mkdir()
    spaces = []
    for place in ("office", "laptop"):
        (tmp_path / place).mkdir()
        ws, _ = create_database(tmp_path / place / "一线考核.db", "admin", PASSWORD)
        backups.save_settings(ws, backups.BackupSettings(str(usb), 2, True, True))
        spaces.append(ws)
    try:
        made: dict[int, list[Path]] = {0: [], 1: []}
        start = dt.datetime(2026, 12, 1, 9, 0)
        for n in range(3):
            for i, ws in enumerate(spaces):
                made[i].append(backups.run_automatic(ws, start + dt.timedelta(minutes=2 * n + i)))
        for i, ws in enumerate(spaces):
            assert backups.automatic_backups(ws) == made[i][-2:]
            assert all(p.exists() for p in made[i][-2:])
    finally:
        for ws in spaces:
            ws.close()
