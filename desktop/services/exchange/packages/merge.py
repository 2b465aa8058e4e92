"""Importing an exchange package back into the office database: a three-way merge by uid.

How "edited on both sides" is detected. Every record is compared in portable form (see
package_records.py) through one short hash per field. Three versions of each field meet:

- the laptop's, read from the package now;
- the office's, read from the office database now;
- the ancestor: what both sides last had in common. At the first import that is the
  fingerprint taken when the package was exported (kept in the package's manifest, which
  the laptop never changes). After an import, the office keeps per package a sync state
  (setting "package.sync.<package id>"): for each record the import touched, the new
  ancestor (the laptop's hash for every field the office now holds the laptop's value of,
  the old ancestor otherwise) and the laptop version it has decided on.

A field changed on the laptop when the laptop's hash differs from the ancestor's and is not
the version already decided on; changed in the office when the office's hash differs from
the ancestor's. Changed on one side only: that side's value is taken. Changed on both sides
to different values: a conflict, shown side by side for a decision (nothing is overwritten
silently). New records (uid unknown to the office and to the ancestor) are added; a record
deleted on one side and edited on the other is a conflict too. Ledger entries are
append-only: a laptop entry the office lacks is added, an entry both have is never merged.

So importing the same package twice adds nothing the second time: everything the laptop
holds equals the version already decided on. A package can only go back to the database it
came from (the manifest names that database's salt).
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop import paths, safe_read
from desktop.errors import FrontlineError
from desktop.interchange.errors import FileRefused
from desktop.models import AuditEntry, Campaign, Draft, Setting, limits
from desktop.services import scopes
from desktop.services.exchange.packages import check as package_check
from desktop.services.exchange.packages import file as package_file
from desktop.services.exchange.packages import scope as package_scope
from desktop.services.exchange.packages.export import MANIFEST, check_manifest, decode_manifest
from desktop.services.exchange.packages.records import KINDS, Kind, Reader, Record, field_label, hashes, label_of, show
from desktop.store import migrate
from desktop.store.anchor import chain_key
from desktop.store.engine import WRITE, sqlcipher_engine
from desktop.store.keyslots import slots_path
from desktop.store.package_guard import PackageGuard

Side = Literal["office", "laptop"]
Hashes = dict[str, str]
RECORD = "__record__"  # the pseudo-field of a deletion conflict
DELETED = {"__deleted__": "1"}


def sync_key(package_id: str) -> str:
    return f"package.sync.{package_id}"


@dataclass
class FieldDiff:
    name: str
    label: str
    office: str
    laptop: str
    changed: Literal["laptop", "office", "both"]
    choice: Side | None


@dataclass
class Change:
    kind: Kind
    uid: str
    label: str
    action: Literal["add", "update", "delete", "conflict"]
    fields: list[FieldDiff] = field(default_factory=list)
    situation: Literal["", "edit", "laptop_deleted", "office_deleted"] = ""
    laptop: Record | None = None
    laptop_hashes: Hashes | None = None
    ancestor: Hashes | None = None
    # An added record the office holds otherwise than the file (a district's unit placed in
    # the city's tree, levels/placement.py): the ancestor to remember instead of the file's.
    settled: Hashes | None = None

    def decide(self, side: Side) -> None:
        """Keep the office's record or take the laptop's, every field at once."""
        for f in self.fields:
            f.choice = side

    @property
    def undecided(self) -> int:
        return sum(1 for f in self.fields if f.choice is None)

    @property
    def action_label(self) -> str:
        return {"add": "新增", "update": "更新", "delete": "删除", "conflict": "冲突"}[self.action]


@dataclass
class PackageInfo:
    name: str
    package_id: str
    campaign: str
    campaign_uid: str
    exported_at: str
    exported_by: str
    digest: str
    laptop_operations: int
    drafts: int

    @property
    def exported_text(self) -> str:
        import datetime as dt

        try:
            return f"{dt.datetime.fromisoformat(self.exported_at).astimezone():%Y-%m-%d %H:%M}"
        except ValueError:
            return self.exported_at


@dataclass
class MergePlan:
    package: PackageInfo
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # uid → name, for showing references
    kinds: tuple[Kind, ...] = KINDS  # what kinds of record were compared, in dependency order

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def conflicts(self) -> list[Change]:
        return self.of("conflict")

    def undecided(self) -> int:
        return sum(c.undecided for c in self.conflicts)

    def prefer(self, side: Side) -> None:
        """Settle every undecided field (changed on both sides) in favour of one side."""
        for c in self.conflicts:
            for f in c.fields:
                if f.choice is None:
                    f.choice = side

    def summary(self) -> str:
        text = (f"新增 {len(self.of('add'))} 条，更新 {len(self.of('update'))} 条，删除 {len(self.of('delete'))} 条，"
                f"冲突 {len(self.conflicts)} 条")
        if self.conflicts:
            text += f"（未决定 {self.undecided()} 处）"
        return text

    def signature(self) -> str:
        """What the merge would do, decisions aside: equal signatures mean the same merge."""
        h = hashlib.sha256()
        for c in self.changes:
            h.update(f"{c.kind.table}|{c.uid}|{c.action}|{c.situation}|".encode())
            h.update("|".join(f"{f.name}:{f.changed}" for f in c.fields).encode() + b"\n")
        return h.hexdigest()

    def choices(self) -> dict[tuple[str, str, str], Side | None]:
        return {(c.kind.table, c.uid, f.name): f.choice for c in self.changes for f in c.fields}


# --- opening ----------------------------------------------------------------------------------

@dataclass
class PackageView:
    path: Path
    engine: Engine
    session: Session
    manifest: dict[str, Any]
    digest: str


@contextlib.contextmanager
def open_package(path: Path | str, password: str, *, name: str | None = None,
                 manifest_key: str = MANIFEST) -> Iterator[PackageView]:
    """A private copy of the package, checked page by page and opened read-only in spirit.

    The package may sit on a read-only USB stick or still be open on the laptop; the copy
    (encrypted, in the state folder) is what is read, and it is removed afterwards. `name`:
    the file the user chose when `path` was taken out of it (a report file between levels,
    services/exchange/levels), and `manifest_key` the setting its manifest is kept under."""
    src = Path(path)
    shown = name or src.name
    if not src.exists():
        raise FileRefused(f"找不到数据包 {src}")
    safe_read.check_regular(src)  # a named pipe or a device is refused before it is opened
    if slots_path(src).exists():
        raise FileRefused(f"{shown} 是一个数据库（旁边有密钥文件），而不是外出考核数据包")
    if not package_file.is_package(src):
        raise FileRefused(f"{shown} 不是一线考核的外出考核数据包（或文件头已损坏）")
    guard = PackageGuard(src)  # wrong passwords counted and locked as a database's are
    guard.begin("")
    key = package_file.unlock(src, password)
    guard.succeeded("")
    folder = Path(tempfile.mkdtemp(prefix="package-", dir=paths.state_dir()))
    engine = None
    try:
        copy = folder / "package.db"
        shutil.copyfile(src, copy)
        if Path(f"{src}-wal").exists():  # the laptop program is still running or crashed
            shutil.copyfile(f"{src}-wal", f"{copy}-wal")
        digest = hashlib.sha256(copy.read_bytes()).hexdigest()
        package_file.check(copy, key, name=shown)
        engine = sqlcipher_engine(copy, key)
        with engine.connect() as conn:
            current = migrate.current_revision(conn)
        if current not in migrate.known_revisions():
            raise FileRefused(f"数据包 {shown} 由更新版本的程序导出，请升级一线考核后再导入")
        if current != migrate.head_revision():
            with engine.execution_options(**WRITE).begin() as conn:
                migrate.upgrade(conn, chain_key(key))
        with engine.connect() as conn:
            package_check.check(conn, shown)
        session = sessionmaker(bind=engine)()
        try:
            row = session.get(Setting, manifest_key)
            try:
                manifest = check_manifest(decode_manifest(row.value if row is not None else None))
            except (ValueError, KeyError, TypeError):
                raise FileRefused(f"{shown} 的导出清单缺失或已损坏，不是由一线考核导出的完整数据包") from None
            yield PackageView(src, engine, session, manifest, digest)
        finally:
            session.close()
    finally:
        if engine is not None:
            engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


# --- planning ---------------------------------------------------------------------------------

def _names(*sessions: Session) -> dict[str, str]:
    """uid → what a clerk calls it, for showing references."""
    from desktop.models import Cadre, DirectiveItem, SheetTemplate, Tag, TemplateItem, Unit

    out: dict[str, str] = {}
    for s in sessions:
        for model, column in ((Cadre, Cadre.name), (Unit, Unit.name), (Tag, Tag.name), (Campaign, Campaign.name),
                              (SheetTemplate, SheetTemplate.name), (TemplateItem, TemplateItem.text),
                              (DirectiveItem, DirectiveItem.text)):
            out.update({uid: str(name)[:24] for uid, name in s.execute(select(model.uid, column))})
    return out


def read_sync(session: Session, package_id: str) -> dict[str, dict[str, Hashes]]:
    row = session.get(Setting, sync_key(package_id))
    if row is None:
        return {"a": {}, "d": {}}
    doc = decode_manifest(row.value)
    return {"a": doc.get("a", {}), "d": doc.get("d", {})}


def _base(manifest: dict[str, Any]) -> dict[str, dict[str, Hashes]]:
    fields = manifest.get("fields", {})
    return {table: {uid: dict(zip(fields.get(table, []), values, strict=False)) for uid, values in rows.items()}
            for table, rows in manifest.get("base", {}).items()}


def _diff(kind: Kind, uid: str, laptop: Record, office: Record, lh: Hashes, oh: Hashes, ancestor: Hashes,
          decided: Hashes | None, names: dict[str, str], label: str) -> Change | None:
    fields: list[FieldDiff] = []
    for name in sorted(set(lh) | set(oh)):
        lf, of, af = lh.get(name), oh.get(name), ancestor.get(name)
        if lf == of:
            continue
        laptop_changed = lf != af and not (decided is not None and decided.get(name) == lf)
        office_changed = of != af
        changed: Literal["laptop", "office", "both"]
        if laptop_changed and office_changed:
            changed, choice = "both", None
        elif laptop_changed:
            changed, choice = "laptop", "laptop"
        else:
            changed, choice = "office", "office"
        fields.append(FieldDiff(name, field_label(name, names, kind.table), show(office.get(name), names),
                                show(laptop.get(name), names), changed, choice))  # type: ignore[arg-type]
    if any(f.changed == "both" for f in fields):
        return Change(kind, uid, label, "conflict", fields, "edit", laptop, lh, ancestor)
    mine = [f for f in fields if f.changed == "laptop"]
    if mine:
        return Change(kind, uid, label, "update", mine, "", laptop, lh, ancestor)
    return None


def plan(office: Session, view: PackageView, office_salt: str) -> MergePlan:
    """Everything the import would do, with conflicts undecided. Writes nothing."""
    m = view.manifest
    if m.get("office_salt") and m["office_salt"] != office_salt:
        raise FrontlineError(f"数据包 {view.path.name} 是从另一个数据库导出的，只能导回导出它的数据库")
    campaign = office.scalar(select(Campaign).where(Campaign.uid == m.get("campaign_uid")))
    if campaign is None:
        raise FrontlineError(f"办公室数据库中已没有考核“{m.get('campaign_name')}”，无法导入该数据包")
    scopes.check_campaign(office, None, campaign.id)  # a scoped account: one of its campaigns
    if campaign.status == "closed":
        raise FrontlineError(f"“{campaign.name}”已结束，记录已冻结。如需导入外出考核数据包，请先重新开启该考核")
    laptop_ops = int(view.session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
    drafts = int(view.session.scalar(select(func.count()).select_from(Draft)) or 0)
    info = PackageInfo(view.path.name, m["package_id"], m.get("campaign_name", ""), m.get("campaign_uid", ""),
                       m.get("exported_at", ""), m.get("exported_by", ""), view.digest, max(0, laptop_ops - 1), drafts)
    result = MergePlan(info)
    if drafts:
        result.notes.append(f"笔记本上还有 {drafts} 份未保存的草稿（如谈话记录），草稿不会导入；"
                            "请在笔记本上保存后重新导入")
    compare(office, view.session, result, _base(m), read_sync(office, m["package_id"]))
    return result


def compare(office: Session, laptop: Session, result: MergePlan, base: dict[str, dict[str, Hashes]],
            sync: dict[str, dict[str, Hashes]]) -> None:
    """Fill `result` with what merging `laptop`'s records of `result.kinds` into `office` would
    do, given the ancestors (`base`, and `sync` after an earlier import); then drop what points
    at records the office deleted and refuse what goes past a cap or outside the scope."""
    names = _names(laptop, office)
    result.names = names
    laptop_reader, office_reader = Reader(laptop), Reader(office)
    for kind in result.kinds:
        records = laptop_reader.records(kind)
        was = base.get(kind.table, {})
        uids = set(records) | set(was)
        here = office_reader.records(kind, uids)
        for uid in sorted(uids):
            change = _classify(kind, uid, records.get(uid), here.get(uid), was.get(uid), sync, names, result)
            if change is not None:
                result.changes.append(change)
    _check_references(office, result, names)
    _check_caps(office, result, names)
    package_scope.check(office, laptop, result.package.name, result.changes, names)


def _check_caps(office: Session, result: MergePlan, names: dict[str, str]) -> None:
    """A package cannot give a cadre more records of a kind than the cap (models/limits.py)."""
    from desktop.services.exchange.packages.records import table_of

    adding: dict[str, dict[str, int]] = {}
    for c in result.changes:
        if c.action == "add" and c.laptop is not None and c.kind.table in limits.PER_CADRE:
            owner = c.laptop.get("cadre_id")
            if isinstance(owner, str):
                per = adding.setdefault(c.kind.table, {})
                per[owner] = per.get(owner, 0) + 1
    cadre = table_of("cadre")
    for table, counts in adding.items():
        t = table_of(table)
        owned = t.join(cadre, t.c.cadre_id == cadre.c.id)
        uids = sorted(counts)
        have: dict[str, int] = {}
        for start in range(0, len(uids), 500):
            have.update(office.execute(select(cadre.c.uid, func.count()).select_from(owned)
                                       .where(cadre.c.uid.in_(uids[start:start + 500])).group_by(cadre.c.uid)).all())
        for uid, n in sorted(counts.items()):
            message = limits.over_cap(table, have.get(uid, 0) + n, names.get(uid, uid))
            if message:
                raise FrontlineError(f"数据包 {result.package.name}：{message}，没有导入任何数据")


def _classify(kind: Kind, uid: str, laptop: Record | None, office: Record | None, base: Hashes | None,
              sync: dict[str, dict[str, Hashes]], names: dict[str, str], result: MergePlan) -> Change | None:
    ancestor = sync["a"].get(uid) or base
    decided = sync["d"].get(uid)
    lh = hashes(laptop) if laptop is not None else None
    if lh is not None and office is not None and lh in (ancestor, decided):
        return None  # nothing new on the laptop: whatever the office did stands
    oh = hashes(office) if office is not None else None
    shown = laptop if laptop is not None else office
    label = label_of(kind, shown or {}, names)
    if kind.mode == "append":
        if laptop is not None and office is None and ancestor is None:
            return Change(kind, uid, label, "add", laptop=laptop, laptop_hashes=lh)
        return None  # append-only: present on both sides means the same entry
    if laptop is not None and office is None:
        if ancestor is None:
            return Change(kind, uid, label, "add", laptop=laptop, laptop_hashes=lh)
        if lh in (ancestor, decided):
            return None  # deleted in the office, untouched on the laptop: stays deleted
        return Change(kind, uid, label, "conflict", [FieldDiff(RECORD, "整条记录", "已在办公室删除", "在笔记本上修改过",
                                                               "both", None)], "office_deleted", laptop, lh, ancestor)
    if laptop is not None and office is not None:
        assert lh is not None and oh is not None
        if lh == oh:
            return None
        return _diff(kind, uid, laptop, office, lh, oh, ancestor or {}, decided, names, label)
    if office is not None and ancestor is not None:  # deleted on the laptop
        if decided == DELETED:
            return None
        if not kind.deletable:
            result.notes.append(f"笔记本上删除了{label}；导入不删除此类记录，办公室数据库中保留")
            return None
        if oh == ancestor:
            return Change(kind, uid, label, "delete", ancestor=ancestor)
        return Change(kind, uid, label, "conflict", [FieldDiff(RECORD, "整条记录", "在办公室修改过", "已在笔记本上删除",
                                                               "both", None)], "laptop_deleted", None, None, ancestor)
    return None


def _check_references(office: Session, result: MergePlan, names: dict[str, str]) -> None:
    """A laptop record pointing at something the office has deleted cannot be added."""
    from desktop.models import PointEntry
    from desktop.services.exchange.packages.records import fk_targets, table_of

    adding = {(c.kind.table, c.uid) for c in result.changes if c.action in ("add", "conflict") and c.laptop}
    reversed_ids = select(PointEntry.reverses_id).where(PointEntry.reverses_id.is_not(None))
    reversed_here = set(office.scalars(select(PointEntry.uid).where(PointEntry.id.in_(reversed_ids))))
    keep = []
    for c in result.changes:
        missing = ""
        if c.kind.table == "point_entry" and c.laptop is not None and c.laptop.get("reverses_id") in reversed_here:
            result.notes.append(f"{c.label}（冲正记录）：原记录已在办公室冲正过，未导入，以免重复冲正")
            continue
        if c.action in ("add", "update") and c.laptop is not None:
            for column, ref in fk_targets(table_of(c.kind.table)).items():
                value = c.laptop.get(column)
                if value is None or ref == "account" or (ref, value) in adding:
                    continue
                if c.action == "update" and not any(f.name == column for f in c.fields):
                    continue
                t = table_of(ref)
                if office.scalar(select(t.c.id).where(t.c.uid == value)) is None:
                    missing = f"{c.label} 引用的记录（{names.get(value, value)}）在办公室数据库中已被删除，未导入"
                    break
        if missing:
            result.notes.append(missing)
        else:
            keep.append(c)
    result.changes = keep
