"""Exporting a campaign's working set as an exchange package for a field laptop.

The package is a complete database (packages/file.py) holding the campaign, its team,
its units, instruction items, talks, visits, sheets and ballots; the files of the cadres it
concerns with their ledger entries; every template, point rule, unit, tag, code table and
account (accounts carry no secrets: the package password is the only key). Rows keep their
office ids, so references stay valid without rewriting; records made on the laptop get new
ones, and the merge matches everything by uid, never by id.

The manifest (setting "package.manifest") records the package id, the office database it
came from and a per-field fingerprint of every record as exported: the base the merge
compares both sides against (see services/exchange/packages/merge.py).

A scoped account's package carries only the cadres of its scope (`_within_scope`).

A package is a copy of sensitive records leaving on a laptop: it is read under the right to
export packages ("package.export"), so a role without it is refused before a file is made,
and the finished file leaves an audit entry with its SHA-256 (services/traces.py), or is
removed again when that entry cannot be written.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from desktop import safe_read
from desktop.errors import FrontlineError, StorageError
from desktop.models import Base
from desktop.models.base import utcnow
from desktop.services import scopes, traces
from desktop.services.campaigns import campaigns
from desktop.services.exchange.packages import file as package_file
from desktop.services.exchange.packages.records import KINDS, Reader, hashes
from desktop.services.operations import OpContext, execute
from desktop.services.workspace import Workspace
from desktop.store import migrate, scratch
from desktop.store.anchor import chain_key
from desktop.store.atomic import storage_message
from desktop.store.chain_guard import ChainGuard
from desktop.store.engine import WRITE, sqlcipher_engine
from desktop.store.keyslots import remove_files, slots_path

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
MANIFEST = "package.manifest"
FORMAT = 1
CHUNK = 500
EXPORT_ACTION = "package.export"


@dataclass
class PackageSummary:
    path: Path
    campaign: str
    cadres: int
    records: int
    package_id: str


def _t(name: str) -> Table:
    return Base.metadata.tables[name]


def _ids(s: Session, table: str, column: str, values: set[int] | list[int]) -> set[int]:
    t = _t(table)
    out: set[int] = set()
    values = list(values)
    for start in range(0, len(values), CHUNK):
        out |= set(s.scalars(select(t.c.id).where(t.c[column].in_(values[start:start + CHUNK]))))
    return out


def _column(s: Session, table: str, column: str, ids: set[int]) -> set[int]:
    t = _t(table)
    out: set[int] = set()
    values = list(ids)
    for start in range(0, len(values), CHUNK):
        out |= {v for v in s.scalars(select(t.c[column]).where(t.c.id.in_(values[start:start + CHUNK])))
                if v is not None}
    return out


def working_set(s: Session, campaign_id: int) -> dict[str, set[int] | None]:
    """Table → ids to copy (None: the whole table)."""
    campaigns.get(s, campaign_id)
    link = {name: _t(name) for name in ("campaign_cadre", "campaign_unit", "campaign_directive_item", "talk_cadre")}
    talks = _ids(s, "talk", "campaign_id", [campaign_id])
    sheet_ids = _ids(s, "sheet", "campaign_id", [campaign_id])
    batch_ids = _ids(s, "ballot_batch", "campaign_id", [campaign_id])
    cadres = set(s.scalars(select(link["campaign_cadre"].c.cadre_id)
                           .where(link["campaign_cadre"].c.campaign_id == campaign_id)))
    cadres |= _column(s, "sheet", "cadre_id", sheet_ids) | _column(s, "ballot_batch", "cadre_id", batch_ids)
    cadres |= _column(s, "talk", "interviewee_cadre_id", talks)
    cadres |= set(s.scalars(select(link["talk_cadre"].c.cadre_id).where(link["talk_cadre"].c.talk_id.in_(talks))))
    outside = cadres - scopes.visible_cadres(s, None, cadres)
    if outside:
        talks, sheet_ids, batch_ids = _within_scope(s, outside, talks, sheet_ids, batch_ids)
        cadres -= outside
    item_ids = set(s.scalars(select(link["campaign_directive_item"].c.item_id)
                             .where(link["campaign_directive_item"].c.campaign_id == campaign_id)))
    directives = _column(s, "directive_item", "directive_id", item_ids)
    entries = _ids(s, "point_entry", "cadre_id", cadres)
    out: dict[str, set[int] | None] = {
        "unit": None, "tag": None, "code_item": None, "account": None, "point_rule": None,
        "sheet_template": None, "template_section": None, "template_item": None,
        "cadre": cadres, "campaign": {campaign_id}, "directive": directives,
        "directive_item": _ids(s, "directive_item", "directive_id", directives),
        "campaign_member": _ids(s, "campaign_member", "campaign_id", [campaign_id]),
        "visit": _ids(s, "visit", "campaign_id", [campaign_id]), "talk": talks, "sheet": sheet_ids,
        "sheet_answer": _ids(s, "sheet_answer", "sheet_id", sheet_ids), "ballot_batch": batch_ids,
        "ballot": _ids(s, "ballot", "batch_id", batch_ids), "point_entry": entries,
        "point_evidence": _ids(s, "point_evidence", "entry_id", entries),
    }
    for table in ("post", "study", "work_record", "family_member", "reward", "punishment", "annual_result",
                  "training", "attachment"):
        out[table] = _ids(s, table, "cadre_id", cadres)
    return out


def _within_scope(s: Session, outside: set[int], talks: set[int], sheets: set[int],
                  batches: set[int]) -> tuple[set[int], set[int], set[int]]:
    """A scoped account's package (services/scopes.py) carries no cadre outside its scope:
    the campaign's own cadres are all within it (a campaign in scope brings its cadres), so
    these are cadres met in its talks, sheets and ballots. Those records stay in the office,
    whole: they are left out of the package and of its manifest, so the merge back neither
    sees them nor takes their absence for a deletion."""
    t, tc = _t("talk"), _t("talk_cadre")
    barred = sorted(outside)
    drop = set(s.scalars(select(t.c.id).where(t.c.id.in_(sorted(talks)), t.c.interviewee_cadre_id.in_(barred))))
    drop |= set(s.scalars(select(tc.c.talk_id).where(tc.c.talk_id.in_(sorted(talks)), tc.c.cadre_id.in_(barred))))
    kept = []
    for table, ids in (("sheet", sheets), ("ballot_batch", batches)):
        owned = _t(table)
        kept.append(ids - set(s.scalars(select(owned.c.id).where(owned.c.id.in_(sorted(ids)),
                                                                  owned.c.cadre_id.in_(barred)))))
    return talks - drop, kept[0], kept[1]


# Link tables and 1:1 tables: copied where their owner is.
_OWNED = {"cadre_tag": ("cadre_id", "cadre"), "cadre_photo": ("cadre_id", "cadre"),
          "campaign_unit": ("campaign_id", "campaign"), "campaign_cadre": ("campaign_id", "campaign"),
          "campaign_directive_item": ("campaign_id", "campaign"), "talk_cadre": ("talk_id", "talk"),
          "visit_unit": ("visit_id", "visit")}
_ORDER = ("unit", "tag", "code_item", "cadre", "cadre_tag", "cadre_photo", "account", "post", "study",
          "work_record", "family_member", "reward", "punishment", "annual_result", "training", "attachment",
          "directive", "directive_item", "campaign", "campaign_member", "campaign_unit", "campaign_cadre",
          "campaign_directive_item", "sheet_template", "template_section", "template_item", "visit", "visit_unit",
          "talk", "talk_cadre", "sheet", "sheet_answer", "ballot_batch", "ballot", "point_rule", "point_entry",
          "point_evidence", "setting")


def table_rows(s: Session, table: str, wanted: dict[str, set[int] | None]) -> list[dict[str, Any]]:
    t = _t(table)
    if table == "setting":
        # Neither the office's merge bookkeeping nor its signing key for reports to the level
        # above (services/exchange/levels/keys.py) goes out to a laptop.
        return [dict(r._mapping) for r in s.execute(select(t).where(~t.c.key.like("package.%"),
                                                                    ~t.c.key.like("report_file.%")))]
    if table in _OWNED:
        column, owner = _OWNED[table]
        ids = list(wanted[owner] or [])
        rows = []
        for start in range(0, len(ids), CHUNK):
            rows += [dict(r._mapping) for r in s.execute(select(t).where(t.c[column].in_(ids[start:start + CHUNK])))]
        return rows
    ids_or_all = wanted.get(table)
    if ids_or_all is None:
        return [dict(r._mapping) for r in s.execute(select(t))]
    ids = list(ids_or_all)
    rows = []
    for start in range(0, len(ids), CHUNK):
        rows += [dict(r._mapping) for r in s.execute(select(t).where(t.c.id.in_(ids[start:start + CHUNK])))]
    return rows


def _outside(table: str, row: dict[str, Any], wanted: dict[str, set[int] | None]) -> None:
    """References to records left out of the package become empty (they stay in the office)."""
    refs = {"account": {"cadre_id": "cadre"},
            "point_entry": {"campaign_id": "campaign", "talk_id": "talk", "visit_id": "visit"}}
    for column, target in refs.get(table, {}).items():
        ids = wanted.get(target)
        if row.get(column) is not None and ids is not None and row[column] not in ids:
            row[column] = None


def encode_manifest(doc: dict[str, Any]) -> dict[str, str]:
    raw = zlib.compress(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode(), 9)
    return {"zlib": base64.b64encode(raw).decode("ascii")}


MAX_MANIFEST_BYTES = 512 * 2**20  # fingerprints of a province's campaign are a few tens of MB


def decode_manifest(value: Any) -> dict[str, Any]:
    """The manifest (or a sync state) kept in a package; ValueError for anything damaged,
    including data that would inflate past MAX_MANIFEST_BYTES or JSON nested absurdly deep."""
    if not isinstance(value, dict) or not isinstance(value.get("zlib"), str):
        raise ValueError("no manifest")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(value["zlib"], validate=True), MAX_MANIFEST_BYTES)
    except zlib.error as exc:
        raise ValueError(f"damaged manifest: {exc}") from None
    if inflater.unconsumed_tail:
        raise ValueError("manifest too large")
    doc = safe_read.parse_json(raw)
    if not isinstance(doc, dict):
        raise ValueError("manifest is not an object")
    return doc


def _str_lists(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values())


def check_manifest(doc: dict[str, Any]) -> dict[str, Any]:
    """The package manifest, if it has the shape export writes; ValueError otherwise (a
    package is edited on a laptop the office does not control, so nothing is assumed)."""
    if not all(isinstance(doc.get(k, ""), str) for k in ("package_id", "campaign_uid", "campaign_name",
                                                          "office_salt", "exported_at", "exported_by")):
        raise ValueError("manifest fields of the wrong type")
    if not doc.get("package_id") or not _str_lists(doc.get("fields", {})):
        raise ValueError("manifest without an id or field lists")
    base = doc.get("base", {})
    if not isinstance(base, dict) or not all(_str_lists(rows) for rows in base.values()):
        raise ValueError("manifest fingerprints of the wrong shape")
    return doc


def fingerprints(session: Session) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """(fields per table, {table: {uid: hash per field}}) of every mergeable record."""
    reader = Reader(session)
    fields: dict[str, list[str]] = {}
    base: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        records = reader.records(kind)
        names = sorted({f for r in records.values() for f in r if not f.startswith("_")})
        fields[kind.table] = names
        base[kind.table] = {}
        for uid, record in records.items():
            found = hashes(record)
            base[kind.table][uid] = [found.get(f, "") for f in names]
    return fields, base


def _prepare(out: Path) -> Path:
    if slots_path(out).exists():
        raise FrontlineError(f"{out.name} 是一个数据库（旁边有密钥文件），不能用数据包覆盖它，请换一个文件名")
    if not out.parent.is_dir():
        raise FrontlineError(f"文件夹 {out.parent} 不存在")
    tmp = out.with_name(f".{out.name}.partial")
    remove_files(tmp)
    return tmp


def export(ws: Workspace, campaign_id: int, out: Path | str, password: str, *, progress: Progress | None = None,
           cancelled: Check | None = None) -> PackageSummary:
    """Write the campaign's working set to `out` as a package protected by `password`."""
    from desktop.services.admin.accounts import check_password_length

    check_password_length(password)
    if ws.db.is_package:
        raise FrontlineError("这是一个外出考核数据包：只能在办公室数据库中导出数据包")
    with ws.read(EXPORT_ACTION) as s:
        # Nothing can be recorded in a closed campaign, on the laptop either.
        campaigns.ensure_open(s, campaign_id)
    out = Path(out)
    tmp = _prepare(out)
    package_id = uuid.uuid4().hex
    # Noted so that a kill midway leaves nothing beside `out` after the next start.
    noted = scratch.note(tmp)
    try:
        key = package_file.create(tmp, password)
        os.chmod(tmp, 0o600)  # encrypted, and still nobody else's business
        engine = sqlcipher_engine(tmp, key)
        try:
            with engine.execution_options(**WRITE).begin() as conn:
                migrate.upgrade(conn, chain_key(key))
            with ws.read(EXPORT_ACTION) as s:
                campaign = campaigns.get(s, campaign_id)
                name, campaign_uid = campaign.name, campaign.uid
                wanted = working_set(s, campaign_id)
                count = 0
                with engine.execution_options(**WRITE).begin() as conn:
                    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                    for n, table in enumerate(_ORDER, start=1):
                        if cancelled is not None and cancelled():
                            raise FrontlineError("已取消导出，没有生成数据包")
                        rows = table_rows(s, table, wanted)
                        for row in rows:
                            _outside(table, row, wanted)
                        if rows:
                            conn.execute(_t(table).insert(), rows)
                        count += len(rows)
                        if progress is not None:
                            progress(n, len(_ORDER) + 1)
            factory = sessionmaker(bind=engine.execution_options(**WRITE), expire_on_commit=False)
            with factory() as ps:
                fields, base = fingerprints(ps)
            manifest = {"format": FORMAT, "package_id": package_id, "campaign_uid": campaign_uid,
                        "campaign_name": name, "office_salt": ws.db.slots.database_salt,
                        "exported_at": utcnow().isoformat(), "exported_by": ws.actor.username,
                        "fields": fields, "base": base}
            setting = _t("setting")
            with engine.execution_options(**WRITE).begin() as conn:
                conn.execute(setting.insert(), [{"key": MANIFEST, "value": encode_manifest(manifest),
                                                 "updated_at": utcnow()}])

            def mark(ctx: OpContext) -> None:
                ctx.record("package", kind="create", after={"package_id": package_id, "campaign": name,
                                                            "exported_by": ws.actor.username, "records": count})

            # The package's own chain starts here; its anchor is written where it is opened.
            execute(factory, ws.actor.username, "package.create", mark, ChainGuard(tmp, key, anchored=False))
        finally:
            engine.dispose()
        package_file.settle(tmp, key)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{out}{suffix}")
        os.replace(tmp, out)
    except OSError as exc:
        raise StorageError(storage_message(exc, out)) from exc
    finally:
        remove_files(tmp)
        scratch.forget(noted)

    traces.record(ws, "package", [out], records=count, named=EXPORT_ACTION, entity="package",
                  detail={"package_id": package_id, "campaign_id": campaign_id, "file": out.name})
    if progress is not None:
        progress(len(_ORDER) + 1, len(_ORDER) + 1)
    return PackageSummary(out, name, len(wanted["cadre"] or ()), count, package_id)


def default_name(campaign: str, today: dt.date | None = None) -> str:
    bad = '\\/:*?"<>|'
    stem = "".join("_" if ch in bad else ch for ch in campaign)[:40]
    return f"{stem}-外出考核数据包-{(today or dt.date.today()):%Y%m%d}{package_file.SUFFIX}"
