"""Exporting the roster (花名册) as xlsx: the chosen columns, in the chosen order, for the
current filter and sort, streamed so that 100,000 cadres need little memory.

A hidden last column carries each cadre's 档案标识 (uid): an exported roster edited in Excel
and imported back matches every row to its cadre even if the name or ID number was changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.interchange.xlsx_export import Column, Sheet, write_table
from desktop.models import Cadre
from desktop.services import traces
from desktop.services.cadres import roster
from desktop.services.cadres.roster_columns import DEFAULT_KEYS, column
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
CHUNK = 1000
# From this many cadres on, the rows are read one table at a time (roster.scan_rows) rather
# than looked up by id a chunk at a time: both give the same cells.
SCAN_FROM = 5000
UID_TITLE = "档案标识"


def describe(flt: RosterFilter) -> str:
    """The filter in words for the sheet's second row (empty when everyone is shown)."""
    parts = []
    if flt.text:
        parts.append(f"姓名含“{flt.text}”")
    for label, values in (("性别", flt.sexes), ("政治面貌", flt.political_statuses), ("民族", flt.ethnicities),
                          ("学历", flt.educations), ("职级", flt.ranks), ("职务层次", flt.levels),
                          ("年龄", flt.age_bands), ("标签", flt.tags), ("状态", flt.statuses)):
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    if flt.unit_ids:
        parts.append(f"限定 {len(flt.unit_ids)} 个单位")
    if flt.ids is not None:
        parts.append(f"选定的 {len(flt.ids)} 人")
    return "筛选条件：" + "；".join(parts) if parts else ""


def export_roster(ws: Workspace, out: Path | str, *, flt: RosterFilter | None = None,
                  keys: Sequence[str] | None = None, order: str = "name", descending: bool = False,
                  title: str = "干部花名册", progress: Progress | None = None, cancelled: Check | None = None,
                  today: dt.date | None = None) -> int:
    """Write the roster to `out` (xlsx); returns the number of cadres written."""
    flt = flt or RosterFilter()
    keys = list(keys or DEFAULT_KEYS)
    if not keys:
        raise FrontlineError("至少需要选择一列")
    specs = [column(k) for k in keys]
    columns = [Column(c.title, c.kind, c.width) for c in specs] + [Column(UID_TITLE, "code", 34, hidden=True)]
    with ws.read(traces.action("roster")) as s:  # refused before a byte is written
        ids = roster.matching_ids(s, flt, order=order, descending=descending, today=today)

        def rows() -> Iterator[list[Any]]:
            if len(ids) >= SCAN_FROM:
                for row in roster.scan_rows(s, ids, today=today):
                    yield [row.values.get(k) for k in keys] + [row.values["uid"]]
                return
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                uids = dict(s.execute(select(Cadre.id, Cadre.uid).where(Cadre.id.in_(chunk))).all())
                for row in roster.rows_for(s, chunk, today=today):
                    yield [row.values.get(k) for k in keys] + [uids.get(row.id, "")]

        with atomic_writer(out) as fh:
            written = write_table(fh, Sheet(title, columns, rows(), len(ids), describe(flt)),
                                  progress=progress, cancelled=cancelled)
    traces.record(ws, "roster", [Path(out)], records=written, detail={"columns": keys})
    return written
