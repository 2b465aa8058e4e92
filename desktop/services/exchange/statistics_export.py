"""The statistics page as a spreadsheet: every dimension's counts and percentages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.interchange.xlsx_export import Column, Sheet, write_table
from desktop.services import traces
from desktop.services.cadres import statistics
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

COLUMNS = (Column("统计项目", width=14), Column("类别", width=16), Column("人数", "number", 8),
           Column("占比（%）", "number", 10))


def sheet(stats: statistics.Statistics, scope: str) -> Sheet:
    def rows() -> Iterator[list[Any]]:
        for d in stats.dimensions:
            for label, n in d.counts:
                yield [d.title, label, n, round(d.percent(n), 1)]
            yield [d.title, "合计", d.total, 100.0 if d.total else 0.0]
        if stats.average_age is not None:
            yield ["年龄", "平均年龄（岁）", round(stats.average_age, 1), None]

    total = sum(len(d.counts) + 1 for d in stats.dimensions) + 1
    return Sheet("干部统计", COLUMNS, rows(), total, f"{scope}，共 {stats.total} 人", unit="行")


def export(ws: Workspace, out: Path | str, flt: RosterFilter | None = None) -> int:
    """Compute and write the statistics of `flt` (everyone when None); returns the rows written."""
    flt = flt or RosterFilter()
    with ws.read(traces.action("statistics")) as s:  # refused before a byte is written
        stats = statistics.compute(s, flt)
    written = write_stats(stats, flt.describe(), out)
    traces.record(ws, "statistics", [Path(out)], records=stats.total)
    return written


def write_stats(stats: statistics.Statistics, scope: str, out: Path | str) -> int:
    with atomic_writer(out) as fh:
        return write_table(fh, sheet(stats, scope))
