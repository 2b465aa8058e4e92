"""The results-use records as an xlsx workbook: the records (with the evidence they cite) and,
for a period, the promoted cadres with their front-line records.

Refused before a byte is written without "export.result_uses", written atomically, and
leaving an audit entry with the file's SHA-256 (traces.record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop.errors import FrontlineError
from desktop.interchange.xlsx_export import Column, Sheet, write_tables
from desktop.services import traces
from desktop.services.results_use import queries
from desktop.services.results_use.figures import PromotionShare
from desktop.services.results_use.queries import UseDetail
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

KIND = "result_uses"
COLUMNS = (Column("编号", "number", 6), Column("类型", "text", 12), Column("对象", "text", 14),
           Column("日期", "date", 12), Column("事项", "text", 30), Column("细分类型", "text", 10),
           Column("具体情况", "text", 36), Column("办理状态", "text", 8), Column("跟进情况", "text", 30),
           Column("依据的事实", "text", 60), Column("记录人", "text", 10))
PEOPLE = (Column("姓名", "text", 10), Column("类型", "text", 10), Column("日期", "date", 12),
          Column("事项", "text", 30), Column("有一线记录", "text", 10), Column("一线记录", "text", 40))


def _rows(details: Sequence[UseDetail]) -> Iterator[list[Any]]:
    for d in details:
        r = d.row
        facts = "；".join(f.label if f is not None else "（所引用的记录已不存在）" for f in d.evidence)
        yield [r.id, r.kind_label, r.subject, r.date, r.title, r.subtype, r.detail, r.state, r.follow_up, facts,
               r.author]


def _people(figure: PromotionShare) -> Iterator[list[Any]]:
    for p in figure.people:
        yield [p.name, p.kind, p.date, p.title, p.front_line_text, p.basis]


def export_uses(ws: Workspace, path: Path | str, *, kind: str | None = None, state: str | None = None,
                period: tuple[dt.date, dt.date] | None = None) -> int:
    """Write the records chosen (and the promotion figure's people for `period`); returns the
    number of records written."""
    ws.require(traces.action(KIND))  # refused before a byte is written
    rows = queries.uses(ws, kind=kind, state=state)
    if not rows:
        raise FrontlineError("没有符合条件的结果运用记录，没有生成文件")
    details = [queries.use(ws, r.id) for r in rows]
    sheets = [Sheet("结果运用记录", COLUMNS, _rows(details), len(details), unit="条", name="结果运用")]
    if period is not None:
        figure = queries.promotion_share(ws, *period)
        sheets.append(Sheet("新提拔干部一线记录", PEOPLE, _people(figure), figure.promoted, figure.sentence(),
                            name="新提拔干部"))
    with atomic_writer(path) as fh:
        write_tables(fh, sheets)
    traces.record(ws, KIND, [Path(path)], records=len(details), detail={"kind": kind, "state": state})
    return len(details)
