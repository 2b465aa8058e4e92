"""Quarterly indicator rankings at a city's scale: 2,000 units × 20 indicators × 8 quarters
(two yearly rule sets of the same name, 320,000 values in the encrypted database).

Figure: one quarter's standings with the eight-quarter trend through the service
(services.indicators.queries.rankings: scores, ranks overall and in groups, reporting,
trend), against a baseline measured in the same run that does the same data access without
the scoring (reading the subjects and every quarter's values the trend needs), interleaved,
several runs; the spread of each and the ratio of the medians are printed. Also the quarter
alone (no trend) against reading that quarter's values. Figures only, never assertions.

BENCH_RANK_UNITS, BENCH_RANK_INDICATORS, BENCH_RANK_RUNS change the size and the runs.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.common import PASSWORD, ms, timed

UNITS = int(os.environ.get("BENCH_RANK_UNITS", "2000"))
INDICATORS = int(os.environ.get("BENCH_RANK_INDICATORS", "20"))
RUNS = int(os.environ.get("BENCH_RANK_RUNS", "5"))
YEARS = (2025, 2026)
KINDS = ("区", "镇街", "政府部门", "党委部门", "区直部门")
RULES = ("target", "ranking", "manual")


def _fill(ws: Any) -> dict[int, int]:
    """Units, a rule set per year and every value, inserted in bulk; returns year → set id."""
    from desktop.models import Indicator, IndicatorSet, IndicatorValue, Unit

    r = random.Random(13)

    def op(ctx: Any) -> dict[int, int]:
        s = ctx.session
        s.execute(insert(Unit), [{"id": 1000 + i, "name": f"基准单位{i:04d}", "kind": KINDS[i % len(KINDS)],
                                  "sort_order": i, "uid": f"u{i:031x}"} for i in range(UNITS)])
        sets: dict[int, int] = {}
        indicators: list[dict[str, Any]] = []
        weight = 100 / INDICATORS
        for n, year in enumerate(YEARS, start=1):
            s.execute(insert(IndicatorSet), [{"id": n, "name": "重点任务指标", "year": year, "version": 1,
                                              "subject": "unit", "status": "active", "uid": f"s{n:031x}"}])
            sets[year] = n
            for k in range(INDICATORS):
                indicators.append({"id": n * 1000 + k, "set_id": n, "seq": k, "name": f"指标{k + 1}",
                                   "weight": weight, "rule": RULES[k % 3], "cap": 1.2, "min_value": 0.0,
                                   "max_value": 100.0, "uid": f"i{n * 1000 + k:031x}"})
        s.execute(insert(Indicator), indicators)
        rows = []
        for ind in indicators:
            year = YEARS[ind["set_id"] - 1]
            for quarter in range(1, 5):
                for i in range(UNITS):
                    if r.random() < 0.03:  # a few not reported
                        continue
                    value = r.uniform(0, 100) if ind["rule"] == "manual" else r.uniform(20, 150)
                    rows.append({"indicator_id": ind["id"], "year": year, "quarter": quarter, "unit_id": 1000 + i,
                                 "value": value, "target": 100.0 if ind["rule"] == "target" else None,
                                 "uid": f"v{len(rows):031x}"})
        for start in range(0, len(rows), 50_000):
            s.execute(insert(IndicatorValue), rows[start:start + 50_000])
        ctx.record("bench", kind="create", after={"values": len(rows)})
        return sets

    result: dict[int, int] = ws.run("bench.fill", op).value
    return result


def _read_only(ws: Any, set_id: int, year: int, quarter: int, trend: bool) -> int:
    """The baseline: the same reads as the service (the set, the subjects, each quarter's values)."""
    from desktop.services.indicators import rule_sets, subjects, values

    count = 0
    with ws.read("bench.inspect") as s:
        periods = [(y, q) for y in YEARS for q in range(1, 5)] if trend else [(year, quarter)]
        found = rule_sets.get(s, set_id)
        subjects.ranked(s, found.subject, ())
        for y, q in periods:
            version = rule_sets.get(s, set_id if y == year else set_id - 1)
            given = values.readings(s, version.indicators, version.subject, y, q)
            count += sum(len(v) for v in given.values())
    return count


def _spread(samples: list[float]) -> str:
    return f"median {ms(statistics.median(samples))} (min {ms(min(samples))}, max {ms(max(samples))})"


def main() -> None:
    from desktop.services.admin.accounts import create_database
    from desktop.services.indicators import queries, rankings

    with tempfile.TemporaryDirectory() as tmp:
        ws, _ = create_database(Path(tmp) / "rankings.db", "admin", PASSWORD)
        try:
            fill = timed(lambda: _fill(ws))
            set_id, year, quarter = 2, YEARS[-1], 4
            print(f"filled {UNITS} units × {INDICATORS} indicators × 8 quarters in {fill:.1f} s")
            service: list[float] = []
            baseline: list[float] = []
            alone: list[float] = []
            alone_base: list[float] = []

            def one_quarter() -> None:
                with ws.read("bench.inspect") as s:
                    rankings.compute(s, set_id, year, quarter, trend=False)

            for _ in range(RUNS):  # interleaved: a slow moment of the machine hits both
                baseline.append(timed(lambda: _read_only(ws, set_id, year, quarter, True)))
                service.append(timed(lambda: queries.rankings(ws, set_id, year, quarter)))
                alone_base.append(timed(lambda: _read_only(ws, set_id, year, quarter, False)))
                alone.append(timed(one_quarter))
            table = queries.rankings(ws, set_id, year, quarter)
            print(f"standings of {len(table.rows)} units with the {len(table.quarters)}-quarter trend, "
                  f"{RUNS} runs: {_spread(service)}")
            print(f"  baseline, the same reads without scoring: {_spread(baseline)}; "
                  f"ratio {statistics.median(service) / statistics.median(baseline):.2f}x")
            print(f"one quarter alone (no trend): {_spread(alone)}; reading its values: {_spread(alone_base)}; "
                  f"ratio {statistics.median(alone) / statistics.median(alone_base):.2f}x")
            print(f"  bottom flagged: {len(table.bottom)}, groups: {len(table.groups)}, "
                  f"reporting {table.reporting.rate:.1%}")
        finally:
            ws.close()


if __name__ == "__main__":
    main()
