"""`make bench`: run every benchmark in this folder and print its figures.

BENCH_CADRES sets the database size (default 100,000); BENCH_ONLY=name runs one benchmark
(BENCH_ONLY=fuzz: the hostile-file fuzz run of fuzz_inputs.py).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    only = os.environ.get("BENCH_ONLY")
    # fuzz_inputs prints counts rather than timings, but runs the same way (BENCH_ONLY=fuzz).
    names = [*sorted(p.stem for p in HERE.glob("bench_*.py")), "fuzz_inputs"]
    for name in names:
        if only and only not in name:
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
