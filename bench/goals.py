"""One line per row of issue 17's table: our figure, its baseline, the ratio, its spread, the goal.

Every row compares runs made in the same process run, interleaved (baseline, ours, baseline,
ours, …), so a busy machine slows both sides alike. The spread is the lowest and highest
ratio of the paired runs; the ratio printed is the median of the pairs.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable


def paired(baseline: Callable[[], float], ours: Callable[[], float], runs: int = 3
           ) -> tuple[list[float], list[float]]:
    """Run baseline and ours alternately `runs` times; each callable returns its own figure
    (seconds, MiB, …) so it can exclude set-up it does not want counted."""
    base: list[float] = []
    mine: list[float] = []
    for _ in range(max(3, runs)):
        base.append(baseline())
        mine.append(ours())
    return base, mine


def report(code: str, measure: str, base: list[float], mine: list[float], goal: str,
           unit: str = "s", *, speedup: bool = False) -> str:
    """Print and return the row. `goal` is "<= 2.0" (ours/baseline at most) or ">= 1.85"
    (at least, for speed-ups where bigger is better). `speedup`: the ratio is baseline/ours
    (the baseline's time over ours: 1 worker's over 2 workers')."""
    ratios = [(b / m if speedup else m / b) for b, m in zip(base, mine, strict=True) if b > 0 and m > 0]
    ratio = statistics.median(ratios)
    op, limit = goal.split()
    met = ratio <= float(limit) if op == "<=" else ratio >= float(limit)
    line = (f"{code:<4} {measure}: baseline {_fmt(statistics.median(base), unit)}, "
            f"ours {_fmt(statistics.median(mine), unit)}, ratio {ratio:.2f}× "
            f"(spread {min(ratios):.2f}–{max(ratios):.2f}×, {len(ratios)} runs), "
            f"goal {op.replace('<=', '≤').replace('>=', '≥')} {limit}× "
            f"{'met' if met else 'NOT MET'}")
    print(line, flush=True)
    return line


def report_absolute(code: str, measure: str, samples: list[float], goal: str,
                    unit: str = "s") -> str:
    """A row whose goal is an absolute figure (P1b: ≤ 300 ms; P6: ≤ 250 MiB)."""
    median = statistics.median(samples)
    op, limit = goal.split()
    met = median <= float(limit) if op == "<=" else median >= float(limit)
    line = (f"{code:<4} {measure}: {_fmt(median, unit)} "
            f"(spread {_fmt(min(samples), unit)}–{_fmt(max(samples), unit)}, {len(samples)} runs), "
            f"goal {op.replace('<=', '≤').replace('>=', '≥')} {_fmt(float(limit), unit)} "
            f"{'met' if met else 'NOT MET'}")
    print(line, flush=True)
    return line


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    return f"{value:.0f} {unit}"
