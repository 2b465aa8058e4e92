"""上报: a district's cadres and assessment results, written as a signed report file for the city.

What goes in (`Scope`): the cadres now in post in the chosen units (with their sub-units; all
the cadres the account sees when none are chosen), and for the chosen period (whole years)
the kinds chosen from `KINDS_OFFERED`:

- files     the cadre files' records: posts, studies, work records, family, rewards and
            punishments, trainings, tags and photo (attachments stay in the district);
- annual    年度考核结果 of the years in the period;
- appraisal 政治素质鉴定 of those years;
- ledger    political-performance ledger entries dated in the period (a reversal brings the
            entry it reverses; evidence files stay in the district).

Every cadre's own record (name, ID number, birth …) always goes: it is who the results are
about. The units the posts name go with their parents, so the city sees where each cadre
works. References to what stays behind (a ledger entry's campaign, talk, visit or rule) are
left empty: the city has no such records.

The records are written into a package database (packages/file.py, encrypted with the report
password) by the same code that writes a field-laptop package, and merged at the city by the
same code that merges one (levels/receive.py); container.py wraps it with the signature.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, StorageError
from desktop.models import Cadre, Post, Unit
from desktop.models.base import utcnow
from desktop.services import scopes, traces
from desktop.services.admin.settings import REPORT_ISSUER
from desktop.services.exchange.levels import container, keys
from desktop.services.exchange.packages import file as package_file
from desktop.services.exchange.packages.export import CHUNK, _ids, _prepare, _t, encode_manifest, table_rows
from desktop.services.exchange.packages.records import BY_TABLE, Kind, fk_targets
from desktop.services.units.units import subtree_ids
from desktop.services.workspace import Workspace
from desktop.store import migrate, scratch
from desktop.store.anchor import chain_key
from desktop.store.atomic import atomic_writer, storage_message
from desktop.store.engine import WRITE, sqlcipher_engine
from desktop.store.keyslots import remove_files

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
MANIFEST = "report_file.manifest"
FORMAT = 1
EXPORT_ACTION = "report_file.export"

KINDS_OFFERED: dict[str, str] = {
    "files": "干部档案（任职、学习和工作经历、家庭成员、奖惩、培训、标签、照片）",
    "annual": "年度考核结果",
    "appraisal": "政治素质鉴定",
    "ledger": "政治表现积分记录",
}
_FILE_TABLES = ("post", "study", "work_record", "family_member", "reward", "punishment", "training")
# What a report file's records are, in dependency order (the merge goes through them in turn).
REPORT_KINDS: tuple[Kind, ...] = (
    *(BY_TABLE[t] for t in ("unit", "tag", "cadre", *_FILE_TABLES, "annual_result")),
    Kind("appraisal", "政治素质鉴定", ignore=("updated_at",)),
    BY_TABLE["point_entry"],
)
# Tables written into the payload, in order; link tables go where their owner does.
_ORDER = ("unit", "tag", "cadre", "cadre_tag", "cadre_photo", *_FILE_TABLES, "annual_result", "appraisal",
          "point_entry")


@dataclass(frozen=True)
class Scope:
    first_year: int
    last_year: int
    kinds: frozenset[str]
    units: tuple[int, ...] = ()  # with their sub-units; () for every cadre the account sees

    def check(self) -> None:
        unknown = sorted(self.kinds - set(KINDS_OFFERED))
        if unknown:
            raise FrontlineError(f"不认识的上报内容：{'、'.join(unknown)}（可选 {'、'.join(KINDS_OFFERED)}）")
        if not 1900 <= self.first_year <= self.last_year <= 2200:
            raise FrontlineError(f"上报期间不对：{self.first_year} 年至 {self.last_year} 年")

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return f"{self.first_year}年"
        return f"{self.first_year}年至{self.last_year}年"


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    district: str
    fingerprint: str
    cadres: int
    counts: dict[str, int]


def _owned_where(s: Session, table: str, cadres: set[int], *conditions: Any) -> set[int]:
    t = _t(table)
    ordered = sorted(cadres)
    found: set[int] = set()
    for start in range(0, len(ordered), CHUNK):
        found |= set(s.scalars(select(t.c.id).where(t.c.cadre_id.in_(ordered[start:start + CHUNK]), *conditions)))
    return found


def _in_years(s: Session, table: str, cadres: set[int], scope: Scope) -> set[int]:
    year = _t(table).c.year
    return _owned_where(s, table, cadres, year >= scope.first_year, year <= scope.last_year)


def _entries(s: Session, cadres: set[int], scope: Scope) -> set[int]:
    t = _t("point_entry")
    found = _owned_where(s, "point_entry", cadres, t.c.date >= dt.date(scope.first_year, 1, 1),
                         t.c.date <= dt.date(scope.last_year, 12, 31))
    ordered = sorted(found)
    for start in range(0, len(ordered), CHUNK):  # a reversal brings the entry it reverses
        found |= set(s.scalars(select(t.c.reverses_id).where(t.c.id.in_(ordered[start:start + CHUNK]),
                                                             t.c.reverses_id.is_not(None))))
    return found


def cadres_in(s: Session, units: Iterable[int]) -> set[int]:
    """The cadres now in post in `units` (with their sub-units), or all, as the account sees them."""
    chosen = sorted(units)
    for unit in chosen:  # a unit the account does not work on is not its to report
        name = s.scalar(select(Unit.name).where(Unit.id == unit))
        if name is None:
            raise FrontlineError(f"没有编号为 {unit} 的单位")
        scopes.check_unit(s, unit, f"单位“{name}”")
    if chosen:
        below = sorted(subtree_ids(s, chosen))
        ids = set(s.scalars(select(Post.cadre_id).where(Post.end.is_(None), Post.unit_id.in_(below))))
    else:
        ids = set(s.scalars(select(Cadre.id)))
    return scopes.visible_cadres(s, None, ids)


def selection(s: Session, scope: Scope) -> dict[str, set[int] | None]:
    """Table → the ids to write."""
    cadres = cadres_in(s, scope.units)
    out: dict[str, set[int] | None] = {t: set() for t in _ORDER}
    out["cadre"] = cadres
    if "files" in scope.kinds:
        for table in _FILE_TABLES:
            out[table] = _ids(s, table, "cadre_id", cadres)
        link = _t("cadre_tag")
        out["tag"] = set(s.scalars(select(link.c.tag_id).where(link.c.cadre_id.in_(sorted(cadres)))))
    if "annual" in scope.kinds:
        out["annual_result"] = _in_years(s, "annual_result", cadres, scope)
    if "appraisal" in scope.kinds:
        out["appraisal"] = _in_years(s, "appraisal", cadres, scope)
    if "ledger" in scope.kinds:
        out["point_entry"] = _entries(s, cadres, scope)
    post = _t("post")
    named = {u for u in s.scalars(select(post.c.unit_id).where(post.c.id.in_(sorted(out["post"] or ()))))
             if u is not None}
    out["unit"] = _with_parents(s, named)
    return out


def _with_parents(s: Session, units: set[int]) -> set[int]:
    parents: dict[int, int | None] = {u: p for u, p in s.execute(select(Unit.id, Unit.parent_id))}
    found: set[int] = set()
    for unit in units:
        at: int | None = unit
        while at is not None and at not in found:
            found.add(at)
            at = parents.get(at)
    return found


def _detach(table: str, row: dict[str, Any], wanted: dict[str, set[int] | None]) -> None:
    """References to records that stay in the district become empty."""
    for column, ref in fk_targets(_t(table)).items():
        ids = wanted.get(ref)
        if row.get(column) is not None and (ids is None or row[column] not in ids):
            row[column] = None


def district_name(s: Session, scope: Scope) -> str:
    """The reporting office: the report issuer setting (报表设置 → 发文单位), or else the top
    unit of those chosen (of the account's scope, or of the whole tree, when none are)."""
    from desktop.services.admin import settings

    issuer = str(settings.get(s, REPORT_ISSUER, "") or "").strip()
    if issuer:
        return issuer
    limited = scopes.session_scope(s)
    chosen = sorted(scope.units or (limited.units if limited is not None else ()))
    parents: dict[int, int | None] = {u: p for u, p in s.execute(select(Unit.id, Unit.parent_id))}
    tops = [u for u in chosen if not (_with_parents(s, {u}) - {u}) & set(chosen)] if chosen else \
        [u for u, p in parents.items() if p is None]
    names = list(s.scalars(select(Unit.name).where(Unit.id.in_(tops)).order_by(Unit.sort_order, Unit.id)))
    return names[0] if names else "（未设置发文单位）"


def _payload(ws: Workspace, scope: Scope, tmp: Path, password: str, progress: Progress | None,
             cancelled: Check | None) -> tuple[str, dict[str, int], int]:
    key = package_file.create(tmp, password)
    os.chmod(tmp, 0o600)
    engine = sqlcipher_engine(tmp, key)
    try:
        with engine.execution_options(**WRITE).begin() as conn:
            migrate.upgrade(conn, chain_key(key))
        with ws.read(EXPORT_ACTION) as s:
            wanted = selection(s, scope)
            if not wanted["cadre"]:
                raise FrontlineError("所选单位中没有（账户工作范围内的）在职干部，没有生成上报文件")
            name = district_name(s, scope)
            counts: dict[str, int] = {}
            with engine.execution_options(**WRITE).begin() as conn:
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                for n, table in enumerate(_ORDER, start=1):
                    if cancelled is not None and cancelled():
                        raise FrontlineError("已取消上报，没有生成上报文件")
                    files_only = table in ("cadre_tag", "cadre_photo") and "files" not in scope.kinds
                    rows = [] if files_only else table_rows(s, table, wanted)
                    for row in rows:
                        _detach(table, row, wanted)
                    if rows:
                        conn.execute(_t(table).insert(), rows)
                    counts[table] = len(rows)
                    if progress is not None:
                        progress(n, len(_ORDER) + 2)
        manifest = {"format": FORMAT, "package_id": f"report-{uuid.uuid4().hex}", "district": name,
                    "first_year": scope.first_year, "last_year": scope.last_year, "kinds": sorted(scope.kinds),
                    "exported_at": utcnow().isoformat(), "exported_by": ws.actor.username, "fields": {}, "base": {}}
        with engine.execution_options(**WRITE).begin() as conn:
            conn.execute(_t("setting").insert(), [{"key": MANIFEST, "value": encode_manifest(manifest),
                                                   "updated_at": utcnow()}])
    finally:
        engine.dispose()
    package_file.settle(tmp, key)
    return name, counts, sum(counts.values())


def export(ws: Workspace, scope: Scope, out: Path | str, password: str, *, progress: Progress | None = None,
           cancelled: Check | None = None) -> ReportSummary:
    """Write the report file for `scope` to `out`, encrypted with `password`, signed with this
    database's key (made the first time)."""
    from desktop.services.admin.accounts import check_password_length

    scope.check()
    check_password_length(password)
    if ws.db.is_package:
        raise FrontlineError("这是一个外出考核数据包：只能在办公室数据库中上报")
    signer = keys.signing_key(ws)
    public = keys.public_bytes(signer.public_key())
    out = Path(out)
    tmp = _prepare(out)
    noted = scratch.note(tmp)
    try:
        name, counts, total = _payload(ws, scope, tmp, password, progress, cancelled)
        header = {"format": FORMAT, "district": name, "public_key": public.hex(), "exported_by": ws.actor.username,
                  "exported_at": utcnow().isoformat(), "first_year": scope.first_year, "last_year": scope.last_year,
                  "kinds": sorted(scope.kinds), "counts": counts}
        with atomic_writer(out, 0o600) as fh:
            container.write(fh, header, tmp, signer)
    except OSError as exc:
        raise StorageError(storage_message(exc, out)) from exc
    finally:
        remove_files(tmp)
        scratch.forget(noted)
    fp = keys.fingerprint(public)
    traces.record(ws, "report_file", [out], records=total, named=EXPORT_ACTION, entity="report_file",
                  detail={"district": name, "fingerprint": fp, "period": scope.period, "kinds": sorted(scope.kinds),
                          "cadres": counts["cadre"], "file": out.name})
    if progress is not None:
        progress(len(_ORDER) + 2, len(_ORDER) + 2)
    return ReportSummary(out, name, fp, counts["cadre"], counts)


def default_name(district: str, scope: Scope) -> str:
    bad = '\\/:*?"<>|'
    stem = "".join("_" if ch in bad else ch for ch in district)[:40] or "上报"
    return f"{stem}-上报-{scope.period}-{dt.date.today():%Y%m%d}{container.SUFFIX}"
