"""New cadre files written with Core bulk INSERTs, for imports.

What `cadre_files.apply_file` and a flush write for a new file, row for row and audit entry
for audit entry, without an ORM object per row: an import of 10,000 files spent most of its
time in the ORM's attribute events and unit of work. The values are converted by the same
`cadre_files.converted`, the rows get the same defaults, one INSERT per table and chunk
(on the office server its ids come back in order by RETURNING; on a file they are given,
as SQLite would have chosen them: `_insert`), and each row is logged through
`OpContext.record` in the order the flush hook would have logged it: a cadre, its records
kind by kind, its photo, then the next cadre. tests/services/exchange/test_bulk_import.py
compares the two paths table by table, audit entries included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from desktop.interchange.errors import Cancelled
from desktop.models import Cadre, CadrePhoto, Tag
from desktop.models.base import Base
from desktop.models.cadres import cadre_tag
from desktop.models.search_keys import stored_keys
from desktop.services.cadres.cadre_files import RECORD_KINDS, CadreFile, converted, normal_citizen_id
from desktop.services.operations import OpContext

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
# Rows per INSERT … RETURNING: bounded so that a cancel is noticed and progress moves.
CHUNK = 1000


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _full_row(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """Every column of `model` but its generated id, in the mapper's order: the given value,
    else the column's default as the flush would have applied it. (One executemany needs the
    same keys in every row; the audit entry lists every column as the flush hook does.)"""
    mapper = model.__mapper__
    version = mapper.version_id_col
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        key = attr.key
        if key in values:
            out[key] = values[key]
        elif column.primary_key and key == "id":  # generated: INSERT … RETURNING gives it
            continue
        elif version is not None and column is version:
            out[key] = 1  # the ORM's version counter starts every new row at 1
        elif column.default is None:
            out[key] = None
        elif column.default.is_scalar:
            out[key] = column.default.arg
        else:
            out[key] = column.default.arg(None)  # utcnow, new_uid (wrapped to take a context)
    return out


def _audited(row: dict[str, Any], new_id: int | None, model: type[Base]) -> dict[str, Any]:
    """The row as the flush hook logs a new object: every column in the mapper's order."""
    return {key: (new_id if key == "id" else row[key]) for key in _keys(model)}


@functools.cache
def _keys(model: type[Base]) -> tuple[str, ...]:
    return tuple(a.key for a in model.__mapper__.column_attrs)


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows`, returning their new ids in the same order."""
    if not rows:
        return []
    table = _table(model)
    if session.connection().dialect.name == "sqlite":
        # SQLite cannot tell which new rowid went to which row of one multi-row INSERT, so an
        # ordered RETURNING ran one INSERT per row: 30,000 statements for an import of
        # 10,000 files, a sixth of its time (issue 17 P7). A write holds the database from
        # its BEGIN (IMMEDIATE, store/engine.py), and no table is AUTOINCREMENT: the ids
        # SQLite would choose are those after the largest, and they are given here.
        first = int(session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        session.execute(insert(table), [{"id": new_id, **row} for new_id, row in zip(ids, rows, strict=True)])
        return ids
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.scalars(stmt, rows)]


def add_files(ctx: OpContext, files: Sequence[CadreFile], *, progress: Progress | None = None,
              cancelled: Check | None = None) -> list[int]:
    """Write new cadre files (already validated by the import's plan); their new ids."""
    session = ctx.session
    tag_ids = {name: tag_id for name, tag_id in session.execute(select(Tag.name, Tag.id))}
    added: list[int] = []
    for start in range(0, len(files), CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled()
        added += _add_chunk(ctx, files[start:start + CHUNK], tag_ids)
        if progress is not None:
            progress(len(added), len(files))
    return added


def _cadre_values(file: CadreFile) -> dict[str, Any]:
    problems: list[Any] = []  # the plan converted these values already and refused any problem
    values = converted(Cadre, "", file.fields, problems)
    if "citizen_id" in file.fields:
        values["citizen_id"] = normal_citizen_id(values["citizen_id"])
    values["name_pinyin"], values["name_initials"] = stored_keys(values.get("name") or "")
    return _full_row(Cadre, values)


def _add_chunk(ctx: OpContext, files: Sequence[CadreFile], tag_ids: dict[str, int]) -> list[int]:
    session = ctx.session
    cadre_rows = [_cadre_values(f) for f in files]
    ids = _insert(session, Cadre, cadre_rows)
    # kind → [(file index, record row)], in the order the ORM would insert them.
    records: dict[str, list[tuple[int, dict[str, Any]]]] = {kind: [] for kind in RECORD_KINDS}
    for n, (file, cadre_id) in enumerate(zip(files, ids, strict=True)):
        for kind, rows in file.records.items():
            model = RECORD_KINDS[kind]
            for i, row in enumerate(rows):
                values = converted(model, f"{kind}[{i}].", row, [])
                if hasattr(model, "sort_order"):
                    values["sort_order"] = i
                values["cadre_id"] = cadre_id
                records[kind].append((n, _full_row(model, values)))
    record_ids = {kind: _insert(session, RECORD_KINDS[kind], [r for _n, r in rows])
                  for kind, rows in records.items()}
    photos = [_full_row(CadrePhoto, {"cadre_id": cadre_id, "jpeg": f.photo})
              for f, cadre_id in zip(files, ids, strict=True) if f.photo is not None]
    if photos:
        session.execute(insert(_table(CadrePhoto)), photos)
    links = [{"cadre_id": cadre_id, "tag_id": tag_ids[name]}
             for f, cadre_id in zip(files, ids, strict=True)
             for name in dict.fromkeys(t.strip() for t in (f.tags or [])) if name]
    if links:
        session.execute(insert(cadre_tag), links)
    _log(ctx, files, ids, cadre_rows, records, record_ids, photos)
    return ids


def _log(ctx: OpContext, files: Sequence[CadreFile], ids: list[int], cadre_rows: list[dict[str, Any]],
         records: dict[str, list[tuple[int, dict[str, Any]]]], record_ids: dict[str, list[int]],
         photos: list[dict[str, Any]]) -> None:
    """The audit entries, in the flush hook's order: each cadre, its records in the order its
    file gives the kinds, then its photo."""
    per_file: list[dict[str, list[tuple[int, dict[str, Any]]]]] = [{} for _ in files]
    for kind, rows in records.items():
        for (n, row), rid in zip(rows, record_ids[kind], strict=True):
            per_file[n].setdefault(kind, []).append((rid, row))
    photo_of = {row["cadre_id"]: row for row in photos}
    for file, cadre_id, row, mine in zip(files, ids, cadre_rows, per_file, strict=True):
        ctx.record("cadre", entity_id=cadre_id, cadre_id=cadre_id, kind="create", after=_audited(row, cadre_id, Cadre))
        for kind in file.records:
            model = RECORD_KINDS[kind]
            for rid, rec in mine.get(kind, []):
                ctx.record(str(model.__tablename__), entity_id=rid, cadre_id=cadre_id, kind="create",
                           after=_audited(rec, rid, model))
        photo = photo_of.get(cadre_id)
        if photo is not None:
            ctx.record("cadre_photo", entity_id=cadre_id, cadre_id=cadre_id, kind="create",
                       after=_audited(photo, None, CadrePhoto))
