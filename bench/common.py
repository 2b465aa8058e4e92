"""Helpers shared by the benchmarks: timing, percentiles, a cached demo database.

Benchmarks print figures; they never assert. Machines are shared and noisy, so each compares
against a baseline measured in the same run and reports the ratio.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).parent / "out"
# Meets the account password rule (services/admin/accounts.py); the "-p2" in cached demo names
# keeps databases made with the older password from being reopened with this one.
PASSWORD = "Bench-password-1"
os.environ.setdefault("FRONTLINE_HOME", str(OUT / "home"))


def cadres_default() -> int:
    return int(os.environ.get("BENCH_CADRES", "100000"))


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50, p95


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def demo_database(cadres: int, seed: int = 1) -> Path:
    """A demo database of that size, built once and kept in bench/out between runs."""
    from desktop.demo.database import create_demo_database
    from desktop.store.migrate import HEAD

    OUT.mkdir(exist_ok=True)
    # The schema in the name: a database cached under an older schema would be upgraded on its
    # first open, and the window's "数据库已升级" message would stop a start-up probe.
    path = OUT / f"demo-{cadres}-{seed}-p2-s{HEAD}.db"
    if not path.exists():
        ws, _, _ = create_demo_database(path, "admin", PASSWORD, cadres, seed=seed)
        ws.close()
    return path
