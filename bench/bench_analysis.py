"""Opening a cadre's comprehensive analysis (立体式研判) against opening the cadre's file.

A demo database (BENCH_ANALYSIS_CADRES cadres, default 300) in a temporary folder, where one
cadre gets BENCH_ANALYSIS_ENTRIES ledger entries (default 1,000; every tenth reversed) and
BENCH_ANALYSIS_SHEETS complete political-quality sheets (default 200, every item answered),
inserted in bulk. Figures: the time to gather the analysis (services.analysis.queries.profile:
the file, the five dimensions, the ledger facts, tallies, talks and visits, the task list,
annual results, ranks in unit and rank group) against the time to open the cadre file as the
editor does (services.cadres.queries.editor_setup), interleaved, BENCH_ANALYSIS_RUNS runs
(default 7), with the spread of each, the ratio of the medians and the number of SQL
statements each read sends. Also the same two for an ordinary demo cadre. Figures only.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, select

from bench.common import PASSWORD, ms, timed

CADRES = int(os.environ.get("BENCH_ANALYSIS_CADRES", "300"))
ENTRIES = int(os.environ.get("BENCH_ANALYSIS_ENTRIES", "1000"))
SHEETS = int(os.environ.get("BENCH_ANALYSIS_SHEETS", "200"))
RUNS = int(os.environ.get("BENCH_ANALYSIS_RUNS", "7"))
CATEGORIES = ("上级", "同级", "下级", "服务对象")


def _fill(ws: Any, cadre_id: int) -> None:
    """The cadre's ledger entries and political-quality sheets, in bulk."""
    from desktop.models import PointEntry, Sheet, SheetAnswer, SheetTemplate
    from desktop.models.ledger import DIMENSIONS
    from desktop.models.scoring import is_flag
    from desktop.services.evaluation import templates

    r = random.Random(14)

    def op(ctx: Any) -> None:
        s = ctx.session
        start = dt.date(2022, 1, 1)
        first = (s.scalar(select(PointEntry.id).order_by(PointEntry.id.desc()).limit(1)) or 0) + 1
        rows = []
        for n in range(ENTRIES):
            entry_id = first + n
            reverses = entry_id - 1 if n % 10 == 9 else None  # every tenth corrects the one before
            points = -rows[-1]["points"] if reverses is not None else r.choice((5, 3, 2, -2, -3))
            rows.append({"id": entry_id, "cadre_id": cadre_id, "date": start + dt.timedelta(days=n),
                         "dimension": DIMENSIONS[n % 5], "points": points, "source": "一线考核",
                         "behaviour": "基准行为", "fact": f"基准事实第{n + 1}条：在一线攻坚中的具体表现。",
                         "reverses_id": reverses, "reason": "基准冲正" if reverses else "", "author": "bench",
                         "uid": f"pe{entry_id:030x}"})
        s.execute(insert(PointEntry), rows)
        template = templates.current(s, "政治素质评议")
        assert template is not None and isinstance(template, SheetTemplate)
        grades = [g for g in ("好", "较好", "一般")]
        first_sheet = (s.scalar(select(Sheet.id).order_by(Sheet.id.desc()).limit(1)) or 0) + 1
        sheets, answers = [], []
        for n in range(SHEETS):
            sid = first_sheet + n
            sheets.append({"id": sid, "template_id": template.id, "cadre_id": cadre_id,
                           "rater_category": CATEGORIES[n % len(CATEGORIES)], "rater_name": f"评议人{n}",
                           "status": "complete", "author": "bench", "uid": f"sh{sid:030x}"})
            for item in template.items:
                value = "" if is_flag(item) else r.choice(grades)
                answers.append({"sheet_id": sid, "item_id": item.id, "value": value,
                                "fact": "会议纪要显示其未按时反馈" if value == "一般" else "",
                                "uid": f"sa{len(answers):030x}"})
        s.execute(insert(Sheet), sheets)
        s.execute(insert(SheetAnswer), answers)
        ctx.record("bench", kind="create", after={"entries": ENTRIES, "sheets": SHEETS})

    ws.run("bench.fill", op)


def _spread(samples: list[float]) -> str:
    return f"median {ms(statistics.median(samples))} (min {ms(min(samples))}, max {ms(max(samples))})"


def _statements(ws: Any, fn: Any) -> int:
    counted = []

    def count(*_args: Any) -> None:
        counted.append(1)

    event.listen(ws.db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", count)
    return len(counted)


def _compare(ws: Any, cadre_id: int, label: str) -> None:
    from desktop.services.analysis import queries
    from desktop.services.cadres import queries as cadre_queries

    analysis: list[float] = []
    file: list[float] = []
    queries.profile(ws, cadre_id)  # warm: the first read pays for the page cache and the mapper set-up
    cadre_queries.editor_setup(ws, cadre_id)
    for _ in range(RUNS):  # interleaved: a slow moment of the machine hits both
        file.append(timed(lambda: cadre_queries.editor_setup(ws, cadre_id)))
        analysis.append(timed(lambda: queries.profile(ws, cadre_id)))
    found = queries.profile(ws, cadre_id)
    print(f"{label}: {len(found.ledger)} ledger facts, {found.pq_sheets} political-quality sheets, "
          f"{len(found.categories)} rater-category rows, {len(found.excerpts)} talks/visits")
    print(f"  analysis (profile), {RUNS} runs: {_spread(analysis)}; "
          f"{_statements(ws, lambda: queries.profile(ws, cadre_id))} SQL statements")
    print(f"  cadre file (editor_setup): {_spread(file)}; "
          f"{_statements(ws, lambda: cadre_queries.editor_setup(ws, cadre_id))} SQL statements")
    print(f"  ratio of the medians: {statistics.median(analysis) / statistics.median(file):.2f}x")


def main() -> None:
    from desktop.demo.database import create_demo_database

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FRONTLINE_HOME"] = str(Path(tmp) / "home")
        ws, _, _ = create_demo_database(Path(tmp) / "analysis.db", "admin", PASSWORD, CADRES, seed=3)
        try:
            busy, ordinary = 7, 72  # cadres of the demo with sheets, ledger entries and talks
            fill = timed(lambda: _fill(ws, busy))
            print(f"demo of {CADRES} cadres; added {ENTRIES} ledger entries and {SHEETS} sheets "
                  f"to cadre {busy} in {fill:.1f} s")
            _compare(ws, busy, f"cadre {busy} (the busy one)")
            _compare(ws, ordinary, f"cadre {ordinary} (an ordinary demo cadre)")
        finally:
            ws.close()


if __name__ == "__main__":
    main()
