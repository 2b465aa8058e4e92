"""Backups a clerk can rely on: made, checked by opening, rotated, and restored.

- `make_backup` copies the open database (and its key file) with SQLite's backup API; the
  copy opens with the same passwords and recovery key and is checked by opening it
  (store/backup.py). Each backup needs its right ("backup.create", "backup.auto"), asked
  before a page is copied, and is an audit entry: a copy of every file is sensitive.
- Automatic backups go to a folder the clerk chose (often a USB drive), on closing the
  window and once a day, keeping the newest N.
- `restore` puts a backup in place of a database: the backup is unlocked with a password
  of its own, copied beside the target under a hidden name, checked, and only then swapped
  in; the replaced database is kept under a new name, never deleted. This PC's audit anchor
  is then moved to the restored chain (a restore is a deliberate step back in time, which
  would otherwise raise the rollback alarm), and the restore itself is logged.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.errors import (
    AlreadyExists,
    DamagedDatabase,
    DamagedKeyFile,
    DatabaseNotFound,
    FrontlineError,
    StorageError,
)
from desktop.models.audit import GENESIS_HASH, AuditEntry
from desktop.models.base import utcnow
from desktop.services.admin import settings
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store import creation, lock, scratch
from desktop.store.anchor import file_id
from desktop.store.backup import Progress as Progress  # (done, total) pages: the window's progress bar
from desktop.store.backup import backup_database, backup_problem
from desktop.store.chain_guard import COPY, AuditTampered, verify_links
from desktop.store.keyslots import KeySlots, remove_files, slots_path

# Database settings of the automatic backups.
FOLDER = "backup.folder"
KEEP = "backup.keep"
ON_CLOSE = "backup.on_close"
DAILY = "backup.daily"
DEFAULTS: dict[str, Any] = {FOLDER: "", KEEP: 7, ON_CLOSE: True, DAILY: True}
AUTO_ACTION = "backup.auto"
MANUAL_ACTION = "backup.create"
AUTO_LABEL = "自动备份"


class BackupCancelled(FrontlineError):
    """Raised by a progress callback to stop a backup; nothing is left behind."""

    def __init__(self) -> None:
        super().__init__("备份已取消")


@dataclass(frozen=True)
class BackupSettings:
    folder: str
    keep: int
    on_close: bool
    daily: bool

    @property
    def enabled(self) -> bool:
        return bool(self.folder)


def read_settings(ws: Workspace) -> BackupSettings:
    with ws.read("backup.read") as s:
        values = {k: settings.get(s, k, v) for k, v in DEFAULTS.items()}
    keep = values[KEEP]
    return BackupSettings(str(values[FOLDER] or ""), max(1, int(keep) if isinstance(keep, int) else 7),
                          bool(values[ON_CLOSE]), bool(values[DAILY]))


def save_settings(ws: Workspace, new: BackupSettings) -> None:
    if new.folder and not Path(new.folder).is_dir():
        raise FrontlineError(f"备份文件夹 {new.folder} 不存在")
    if not 1 <= new.keep <= 365:
        raise FrontlineError("保留的自动备份份数应在 1 到 365 之间")

    def op(ctx: OpContext) -> None:
        from desktop.models.settings import Setting

        for key, value in ((FOLDER, new.folder), (KEEP, new.keep), (ON_CLOSE, new.on_close), (DAILY, new.daily)):
            row = ctx.session.get(Setting, key)
            if row is None:
                ctx.session.add(Setting(key=key, value=value))
            elif row.value != value:
                row.value = value

    ws.run("settings.update", op)


# --- making --------------------------------------------------------------------------------

def make_backup(ws: Workspace, target: Path | str, *, automatic: bool = False,
                progress: Progress | None = None) -> Path:
    """Copy the open database to `target` (which must not exist), check it, log it.
    `progress(done, total)` is called as pages are copied and may raise BackupCancelled."""
    target = Path(target)
    action = AUTO_ACTION if automatic else MANUAL_ACTION
    ws.require(action)  # a role without the right is refused before a page is copied
    if ws.db.is_server:
        raise FrontlineError("服务器数据库由办公室用 pg_dump 备份（见使用说明）；要得到一个加密的数据库文件，"
                             "请用 frontline migrate-db 把它迁移到一个新文件")
    state = ws.db.chain_state
    if state.alarm:  # its audit entry would be refused: refuse before copying, not after
        raise AuditTampered(f"审计链异常：{state.message}。程序拒绝记录备份，因此不做备份；"
                            "请做数据库完整性校验（工具菜单，或 frontline verify），"
                            "并从可靠的备份恢复（被替换的数据库会改名保留）")
    slots = None if ws.db.is_package else ws.db.slots
    # Noted until logged: a kill after the copy took its name and before its audit entry
    # leaves no unlogged copy at the next start (store/scratch.py).
    noted = scratch.note_files([target, slots_path(target)])
    try:
        made = backup_database(ws.db.path, ws.db.key, target, slots, progress)

        def op(ctx: OpContext) -> None:
            ctx.record("backup", kind="create", after={"file": str(made), "automatic": automatic})

        try:
            ws.run(action, op)
        except BaseException:
            remove_files(made)  # no copy of the database leaves without its trace
            raise
    finally:
        scratch.forget(noted)
    return made


def default_name(ws: Workspace, label: str = "备份", when: dt.datetime | None = None, tag: str = "") -> str:
    when = when or dt.datetime.now()
    suffix = ws.db.path.suffix or ".db"
    tag = f"-{tag}" if tag else ""
    return f"{ws.db.path.stem}-{label}{tag}-{when:%Y%m%d-%H%M%S}{suffix}"


def identity_tag(ws: Workspace) -> str:
    """Eight characters of the database's identity, in its automatic backups' names: two
    databases of the same file name (the office PC's and the laptop's 一线考核.db) sharing
    one USB stick must never rotate out, or list, each other's backups."""
    with ws.read("backup.read") as s:
        return ws.db.chain.current_uid(s)[:8]


def last_automatic(ws: Workspace) -> dt.datetime | None:
    with ws.read("backup.read") as s:
        return s.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.action == AUTO_ACTION))


def automatic_due(ws: Workspace, now: dt.datetime | None = None) -> bool:
    """A daily backup is due when none was made on this calendar day (never for an office
    server: the office backs it up with pg_dump, see the README)."""
    if ws.db.is_server:
        return False
    config = read_settings(ws)
    if not (config.enabled and config.daily):
        return False
    last = last_automatic(ws)
    now = now or utcnow()
    return last is None or last.astimezone().date() < now.astimezone().date()


def _auto_pattern(ws: Workspace) -> re.Pattern[str]:
    stem, suffix = ws.db.path.stem, ws.db.path.suffix or ".db"
    own = identity_tag(ws)
    tag = re.escape(f"-{own}") if own else ""
    return re.compile(rf"^{re.escape(stem)}-{AUTO_LABEL}{tag}-(\d{{8}}-\d{{6}})(?:-(\d+))?{re.escape(suffix)}$")


def automatic_backups(ws: Workspace, folder: Path | None = None) -> list[Path]:
    """This database's automatic backups in the folder, oldest first (by the time in the
    name, then the -2, -3 … of backups made within the same second)."""
    return [p for p, _made in automatic_backups_made(ws, folder)]


def automatic_backups_made(ws: Workspace, folder: Path | None = None) -> list[tuple[Path, dt.datetime]]:
    """`automatic_backups` with the local time each one's name records. Only the names are
    read: the files are never opened to be listed."""
    folder = folder or Path(read_settings(ws).folder)
    pattern = _auto_pattern(ws)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if m and p.is_file():
            found.append(((m.group(1), int(m.group(2) or 1)), p))
    return [(p, dt.datetime.strptime(key[0], "%Y%m%d-%H%M%S")) for key, p in sorted(found)]


def made_at(ws: Workspace, backup: Path) -> dt.datetime | None:
    """The local time an automatic backup's name records."""
    m = _auto_pattern(ws).match(backup.name)
    return dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S") if m else None


def automatic_is_current(ws: Workspace) -> bool:
    """Nothing was written since the last automatic backup, and that backup is still there:
    another one would only push an older, different one out of the rotation."""
    with ws.read("backup.read") as s:
        last = s.execute(select(AuditEntry.action, AuditEntry.after)
                         .order_by(AuditEntry.id.desc()).limit(1)).first()
    if last is None or last[0] != AUTO_ACTION or not isinstance(last[1], dict):
        return False
    made = Path(str(last[1].get("file") or ""))
    return made.parent == Path(read_settings(ws).folder) and made.is_file()


def run_automatic(ws: Workspace, now: dt.datetime | None = None, progress: Progress | None = None) -> Path:
    """One automatic backup into the chosen folder, then the oldest beyond the count removed."""
    config = read_settings(ws)
    if not config.enabled:
        raise FrontlineError("尚未设置自动备份文件夹（系统管理 → 备份与恢复）")
    folder = Path(config.folder)
    if not folder.is_dir():
        raise StorageError(f"自动备份文件夹 {folder} 不可用（U 盘未插入或已改名？）")
    first = folder / default_name(ws, AUTO_LABEL, now, identity_tag(ws))
    target, n = first, 1
    while target.exists() or slots_path(target).exists():  # two backups within one second
        n += 1
        target = first.with_name(f"{first.stem}-{n}{first.suffix}")
    made = make_backup(ws, target, automatic=True, progress=progress)
    for old in automatic_backups(ws, folder)[:-config.keep]:
        for p in (old, slots_path(old)):
            p.unlink(missing_ok=True)
    return made


# --- restoring -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    path: Path
    replaced: Path | None  # where the database that was there now is


def _unlock_backup(backup: Path, username: str, password: str) -> tuple[bytes, KeySlots]:
    if not backup.is_file():
        raise DatabaseNotFound(f"找不到备份文件 {backup}")
    slots = KeySlots.load(backup)
    key, _ = slots.unlock(username, password)
    with open(backup, "rb") as fh:
        if slots.database_salt and fh.read(16).hex() != slots.database_salt:
            raise DamagedKeyFile(f"备份 {backup.name} 与它的密钥文件不匹配")
    return key, slots


def check_restore(backup: Path | str, target: Path | str, username: str, password: str) -> None:
    """What `restore` would refuse, found while the database to be replaced is still open:
    the same file, a wrong password, a damaged or mismatched backup, a folder that cannot be
    written, too little space. (A window must close its database before `restore`.)"""
    backup, target = Path(backup), Path(target)
    if file_id(backup) == file_id(target):
        raise FrontlineError("备份文件和要恢复到的数据库是同一个文件")
    key, _ = _unlock_backup(backup, username, password)
    problem = backup_problem(backup, key)
    if problem:
        raise DamagedDatabase(f"备份 {backup.name} 已损坏，不能用它恢复（{problem}）")
    folder = target.parent
    if not os.access(folder, os.W_OK):
        raise StorageError(f"数据库所在的文件夹 {folder} 是只读的（或没有写权限），无法在这里恢复")
    need = backup.stat().st_size + slots_path(backup).stat().st_size
    free = shutil.disk_usage(folder).free
    if free < need * 1.1:
        raise StorageError(f"磁盘空间不足：恢复需要约 {_mb(need)}，{folder} 所在的磁盘只剩 {_mb(free)}")


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def replaced_name(target: Path, when: dt.datetime | None = None) -> Path:
    """Where the database a restore replaces is kept: a name no file has yet (two restores
    within one second must not put the second replaced copy over the first)."""
    when = when or dt.datetime.now()
    first = target.with_name(f"{target.stem}.被恢复替换-{when:%Y%m%d-%H%M%S}{target.suffix or '.db'}")
    name, n = first, 1
    while name.exists() or slots_path(name).exists():
        n += 1
        name = first.with_name(f"{first.stem}-{n}{first.suffix}")
    return name


def restore(backup: Path | str, target: Path | str, username: str, password: str, *,
            force: bool = False) -> RestoreResult:
    """Put `backup` in place of `target`; the database that was there is kept, renamed."""
    backup, target = Path(backup), Path(target)
    if file_id(backup) == file_id(target):
        raise FrontlineError("备份文件和要恢复到的数据库是同一个文件")
    if lock.holds(target):
        raise FrontlineError(f"数据库 {target.name} 正在本程序中打开，请先关闭它再恢复")
    key, slots = _unlock_backup(backup, username, password)
    if (target.exists() or slots_path(target).exists()) and not force:
        raise AlreadyExists(f"{target} 已存在。确认要用备份替换它时请加 --force（原数据库会改名保留）")
    if not target.parent.is_dir():
        raise DatabaseNotFound(f"文件夹 {target.parent} 不存在")
    lock.acquire(target)  # refused while another program has the database open
    try:
        creation.settle_interrupted(target)
        staged = creation.pending_path(target)
        try:
            backup_database(backup, key, staged, slots)
        except StorageError as exc:
            # Said of the database being restored, not of the hidden name it is built under.
            raise StorageError(str(exc).replace(str(staged), str(target))) from exc
        replaced = replaced_name(target) if target.exists() or slots_path(target).exists() else None
        if replaced is not None:
            creation.move_database(target, replaced)
        creation.promote(staged, target)
        lock.refresh_header(target, bytes.fromhex(KeySlots.load(target).database_salt))
        try:
            _accept_restored_chain(target, username, password, backup, replaced)
        except BaseException:
            # Put back what was there: a restore that cannot be accepted changes nothing.
            remove_files(target)
            if replaced is not None:
                creation.move_database(replaced, target)
            raise
    finally:
        lock.release(target)
    return RestoreResult(target, replaced)


def _accept_restored_chain(target: Path, username: str, password: str, backup: Path,
                           replaced: Path | None) -> None:
    """Check the restored chain whole, anchor this PC to it, then log the restore on it."""
    ws = Workspace.open(target, username, password)
    try:
        with ws.read("backup.read") as s:
            broken = verify_links(s, ws.db.chain.key, 0, GENESIS_HASH)
            if broken is not None:
                raise DamagedDatabase(f"备份 {backup.name} 中第 {broken} 条审计记录被改动过，不能用它恢复")
            # Restored in place of the database it is a backup of: a deliberate step back,
            # which would otherwise raise the rollback alarm. Restored elsewhere while the
            # original still exists, it is a copy: its first write (the log below) gives it
            # an identity of its own and leaves the original's anchor alone.
            if ws.db.chain_state.status != COPY:
                ws.db.chain.reanchor(s)

        def op(ctx: OpContext) -> None:
            ctx.record("database", kind="update", after={
                "restored_from": str(backup), "replaced_copy": str(replaced) if replaced else None})

        ws.run("backup.restore", op)
    finally:
        ws.close()
