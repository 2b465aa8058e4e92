"""The audit log as the 安全审计员 reads it: who did what when, filtered, and exported to xlsx.

Reading needs "audit.read"; exporting "audit.export", checked before a byte is written, and
the export is itself an entry of the log (traces.record), so the auditor's own reading of the
log leaves a trace like any other export.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select

from desktop.models.audit import AuditEntry
from desktop.services import permissions, traces
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

READ = "audit.read"
EXPORT = "audit.export"
DEFAULT_LIMIT = 2000


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # account name, exact
    action: str = ""  # an action or its start: "cadre" matches cadre.update, cadre.read …
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive

    def describe(self) -> str:
        parts = [f"账户 {self.actor}" if self.actor else "", f"操作 {self.action}" if self.action else "",
                 f"自 {self.since:%Y-%m-%d}" if self.since else "", f"至 {self.until:%Y-%m-%d}" if self.until else ""]
        return "，".join(p for p in parts if p) or "全部记录"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    what: str  # the action in words: 修改干部档案 …
    entity: str
    entity_id: int | None
    cadre_id: int | None
    detail: str  # before → after, as compact JSON

    @property
    def time_text(self) -> str:
        return f"{self.at.astimezone():%Y-%m-%d %H:%M:%S}"  # stored in UTC, read in local time

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_id": self.entity_id, "cadre_id": self.cadre_id, "detail": self.detail}


def _local_midnight(day: dt.date) -> dt.datetime:
    """The start of a calendar day on this PC, as the UTC instant the log stores."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC)


def _statement(flt: AuditFilter) -> Select[AuditEntry]:
    stmt = select(AuditEntry)
    if flt.actor:
        stmt = stmt.where(AuditEntry.actor == flt.actor)
    if flt.action:
        family = flt.action.rstrip(".") + "."
        stmt = stmt.where((AuditEntry.action == flt.action) | AuditEntry.action.startswith(family))
    if flt.since:
        stmt = stmt.where(AuditEntry.at >= _local_midnight(flt.since))
    if flt.until:
        stmt = stmt.where(AuditEntry.at < _local_midnight(flt.until + dt.timedelta(days=1)))
    return stmt.order_by(AuditEntry.id.desc())


def _detail(entry: AuditEntry) -> str:
    parts: list[str] = []
    for label, value in (("前", entry.before), ("后", entry.after)):
        if value:
            parts.append(f"{label}：{json.dumps(value, ensure_ascii=False, sort_keys=True)}")
    return "；".join(parts)


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(entry.id, entry.at, entry.actor, entry.action, permissions.describe(entry.action), entry.entity,
                    entry.entity_id, entry.cadre_id, _detail(entry))


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    total: int  # entries matching the filter, of which the newest `len(rows)` are here
    actors: tuple[str, ...]  # every account name in the log, for the filter's choices


def audit_rows(ws: Workspace, flt: AuditFilter | None = None, limit: int | None = DEFAULT_LIMIT) -> AuditPage:
    """The newest entries matching `flt`, newest first (at most `limit`; None: all)."""
    flt = flt or AuditFilter()
    stmt = _statement(flt)
    with ws.read(READ) as s:
        total = int(s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
        entries = s.scalars(stmt if limit is None else stmt.limit(limit))
        rows = tuple(_row(e) for e in entries)
        actors = tuple(s.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))
    return AuditPage(rows, total, actors)


def export(ws: Workspace, out: Path | str, flt: AuditFilter | None = None) -> int:
    """Write the entries matching `flt` (oldest first, as the chain runs) to an xlsx file;
    returns how many. Refused before a byte is written without "audit.export"."""
    flt = flt or AuditFilter()
    with ws.read(EXPORT) as s:  # refused before a byte is written
        rows = [_row(e) for e in s.scalars(_statement(flt).order_by(None).order_by(AuditEntry.id))]

    def values() -> Iterator[list[Any]]:
        for r in rows:
            yield [r.id, r.time_text, r.actor, r.action, r.what, r.entity, r.entity_id, r.cadre_id, r.detail]

    # The spreadsheet writer (openpyxl, ~0.3 s to import) loads when a log is exported, not
    # with the audit page that the window builds when it opens.
    from desktop.interchange.xlsx_export import Column, Sheet, write_table

    columns = (Column("序号", "number", 8), Column("时间", width=20), Column("账户", width=12),
               Column("操作", width=22), Column("说明", width=16), Column("对象", width=12),
               Column("对象编号", "number", 10), Column("干部编号", "number", 10), Column("内容", width=80))
    with atomic_writer(out) as fh:
        write_table(fh, Sheet("审计日志", columns, values(), len(rows), flt.describe(), unit="条"))
    traces.record(ws, "audit", [Path(out)], records=len(rows), named=EXPORT, detail={"filter": flt.describe()})
    return len(rows)
