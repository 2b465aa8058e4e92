"""New files written by an import's bulk INSERTs (services/exchange/bulk_add.py) against the
ORM path they replace: the same import into two copies of the same database gives the same
rows in every table, the same audit entries, and a chain that verifies."""

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.models.base import Base
from desktop.services.admin import verify
from desktop.services.cadres.roster_columns import COLUMNS
from desktop.services.exchange import imports, lrmx_export, roster_export
from desktop.services.workspace import Workspace
from tests.conftest import PASSWORD, data_digest

ALL_KEYS = [c.key for c in COLUMNS]
# Values made fresh per row whatever the path (uuid4, the clock) and the links that cover them.
FRESH = {"uid", "created_at", "updated_at", "at", "op_id", "hash", "prev_hash"}
NOT_COMPARED = {"database_meta", "audit_head"}  # the anchor's bookkeeping and the chain's head link


def _twin(path: Path, folder: Path) -> Workspace:
    folder.mkdir()
    copy = folder / path.name
    shutil.copy2(path, copy)
    shutil.copy2(f"{path}.keys", f"{copy}.keys")
    return Workspace.open(copy, "admin", PASSWORD)


def _pair(db: Path, folder: Path) -> Iterator[tuple[Workspace, Workspace]]:
    a, b = _twin(db, folder / "bulk"), _twin(db, folder / "orm")
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def twins(tmp_path: Path, empty_db: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """Two copies of the same empty database: one for each path."""
    yield from _pair(empty_db, tmp_path)


@pytest.fixture
def demo_twins(tmp_path: Path, demo_db: Path) -> Iterator[tuple[Workspace, Workspace]]:
    yield from _pair(demo_db, tmp_path)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in FRESH}
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return _plain(json.loads(value))
        except ValueError:
            return value
    return value


def tables(ws: Workspace) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in key order, the fresh values left out (audit entries' JSON too)."""
    out = {}
    with ws.db.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_COMPARED:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [_plain({k: v for k, v in row._mapping.items() if k not in FRESH})
                               for row in conn.execute(select(table).order_by(*order))]
    return out


def _unordered(entries: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, ensure_ascii=False, sort_keys=True)
                  for e in entries)


def _same_import(bulk_ws: Workspace, orm_ws: Workspace, source: Path, monkeypatch: pytest.MonkeyPatch,
                 *, ordered: bool = True) -> tuple[int, int]:
    for workspace, bulk in ((bulk_ws, True), (orm_ws, False)):
        # Each copy as if on its own PC: a second copy anchored on the same PC would take an
        # identity of its own at its first write, an audit entry the other copy does not have.
        home = workspace.db.path.parent / "home"
        home.mkdir(exist_ok=True)
        monkeypatch.setenv("FRONTLINE_HOME", str(home))
        plan = imports.preview(workspace, source)
        assert plan.rejects == [] and plan.writable
        counts = (len(plan.adds), len(plan.updates))
        imports.commit(workspace, plan, bulk=bulk)
        assert all(check.ok for check in verify.run_all(workspace))
    mine, theirs = tables(bulk_ws), tables(orm_ws)
    assert mine.keys() == theirs.keys()
    for name in mine:
        if name == "audit_entry" and not ordered:
            assert _unordered(mine[name]) == _unordered(theirs[name])
        else:
            assert mine[name] == theirs[name], name
    return counts


def test_bulk_and_orm_imports_of_a_roster_write_the_same_database(demo_ws: Workspace, twins, tmp_path: Path,
                                                                  monkeypatch):
    source = tmp_path / "花名册.xlsx"
    roster_export.export_roster(demo_ws, source, keys=ALL_KEYS)
    _same_import(*twins, source, monkeypatch)
    with twins[0].read("test.inspect") as s:
        from desktop.models import AuditEntry, Cadre

        assert len(list(s.scalars(select(Cadre.id)))) == 300
        entities = [e for e, in s.execute(select(AuditEntry.entity).where(AuditEntry.action == "import.roster")
                                          .order_by(AuditEntry.id))]
    # The new tags first (made before the files), each file's rows, the import itself last.
    assert entities[0] == "tag" and entities[-1] == "import" and {"cadre", "post"} <= set(entities)
    assert entities.count("cadre") == 300


def test_bulk_and_orm_imports_of_forms_write_the_same_database(demo_ws: Workspace, twins, tmp_path: Path, monkeypatch):
    source = tmp_path / "forms.zip"
    lrmx_export.export(demo_ws, lrmx_export.all_ids(demo_ws)[:40], source, today=dt.date(2025, 1, 1))
    _same_import(*twins, source, monkeypatch)


def test_bulk_and_orm_write_the_same_when_files_are_also_changed(demo_ws: Workspace, demo_twins, tmp_path: Path,
                                                                 monkeypatch):
    """New rows and changed cadres in one file: the new ones by bulk INSERT, the changed ones
    by the ORM. The same entries; their order is not compared, since the ORM's flush logs
    changed rows in the order of a set (session.dirty), which differs from run to run."""
    source = tmp_path / "edited.xlsx"
    roster_export.export_roster(demo_ws, source, keys=ALL_KEYS)
    wb = openpyxl.load_workbook(source)
    sheet = wb.active
    sheet["E4"] = "回族" if sheet["E4"].value != "回族" else "汉族"  # 民族
    sheet["N5"] = "调研员"  # 职务
    sheet.append(["新同志", "女", dt.datetime(1990, 3, 1), None, "汉族", "海滨市", "海滨市", "中共党员",
                  dt.datetime(2012, 6, 1), dt.datetime(2012, 7, 1), "大学", "学士", "海滨市财政局", "科员",
                  None, None, None, None, None, None, "新录用"])
    wb.save(source)
    assert _same_import(*demo_twins, source, monkeypatch, ordered=False) == (1, 2)
    plan = imports.preview(demo_twins[0], source)
    assert (len(plan.adds), len(plan.updates)) == (0, 0)


def test_a_bad_row_is_still_refused_with_its_message_and_nothing_written(ws: Workspace, tmp_path: Path):
    source = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["姓名", "性别", "出生年月", "身份证号", "入党时间"])
    sheet.append(["张三", "男", "1980.05", "", ""])
    sheet.append(["李四", "男", "1981.02", "", "1975.01"])
    wb.save(source)
    before = data_digest(ws)
    plan = imports.preview(ws, source)
    assert [r.reason for r in plan.rejects] == ["入党时间：早于出生年月 1981.02"]
    assert not plan.writable
    with pytest.raises(FrontlineError, match="有 1 处数据被拒绝"):
        imports.commit(ws, plan)
    assert data_digest(ws) == before


@pytest.mark.both_backends
def test_bulk_import_on_either_backend_gives_the_roster_it_read(demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    """INSERT … RETURNING gives the ids back in order on the office server too: every new row
    is the cadre's own (its posts, studies and tags), and the chain checks out."""
    from desktop.services.cadres import roster

    source = tmp_path / "花名册.xlsx"
    roster_export.export_roster(demo_ws, source, keys=ALL_KEYS)
    plan = imports.preview(ws, source)
    assert (len(plan.adds), plan.rejects) == (300, [])
    assert len(imports.commit(ws, plan).added) == 300

    def values(workspace: Workspace) -> list[tuple[Any, ...]]:
        with workspace.read("test.inspect") as s:
            rows = roster.rows_for(s, roster.matching_ids(s, roster.RosterFilter()), today=dt.date(2025, 1, 1))
        return sorted(tuple(str(r.values[k]) for k in ALL_KEYS) for r in rows)

    assert values(ws) == values(demo_ws)
    assert all(check.ok for check in verify.run_all(ws))


@pytest.mark.file_only
def test_on_a_file_each_table_is_written_in_one_statement_per_chunk(demo_ws: Workspace, ws: Workspace,
                                                                   tmp_path: Path):
    """SQLite cannot return the new ids of a multi-row INSERT in order, which made SQLAlchemy
    insert row by row: the ids are given instead (after the largest, as SQLite would), after
    a deleted last cadre too."""
    from sqlalchemy import delete, event, func

    from desktop.models import Cadre

    source = tmp_path / "花名册.xlsx"
    roster_export.export_roster(demo_ws, source, keys=ALL_KEYS)
    plan = imports.preview(ws, source)
    inserts: list[str] = []

    def count(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO cadre "):
            inserts.append(statement)

    event.listen(ws.db.engine, "before_cursor_execute", count)
    try:
        added = imports.commit(ws, plan).added
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", count)
    assert len(added) == 300 and len(inserts) == 1
    assert added == list(range(1, 301))
    # The last cadre deleted, the same roster again: it comes back as the one new file, with
    # the id SQLite would have chosen.
    ws.run("test.delete", lambda ctx: ctx.session.execute(delete(Cadre).where(Cadre.id == 300)))
    again = imports.commit(ws, imports.preview(ws, source))
    with ws.read("test.inspect") as s:
        assert s.scalar(select(func.count()).select_from(Cadre)) == 300
    assert again.added == [300]
    assert all(check.ok for check in verify.run_all(ws))
