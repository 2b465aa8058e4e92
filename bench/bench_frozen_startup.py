"""Start-up of the frozen program (PyInstaller one-folder build, `make package`) beside the
same program run from source, interleaved, in fresh processes:

- `--version`: the process and the command line's imports (the frozen build also unpacks
  nothing: one-folder builds start from files on disk);
- `info --db`: that plus opening an encrypted database (Argon2 key slot, SQLCipher);
- `gui` to the painted login dialog (FRONTLINE_STARTUP_PROBE closes it at once): what a clerk
  waits for after double-clicking the icon.

Prints the median and the spread of BENCH_RUNS (default 5) runs of each, and frozen ÷ source.
Skipped, saying so, when build/dist/frontline has not been built.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PASSWORD, demo_database

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "build" / "dist" / "frontline" / "frontline"


def _run(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def main() -> None:
    if not FROZEN.is_file():
        print(f"   skipped: {FROZEN} not built (make package)")
        return
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    db = str(demo_database(1000))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTLINE_PASSWORD": PASSWORD,
           "FRONTLINE_STARTUP_PROBE": "1"}
    cases = {"--version": ["--version"], "info --db": ["info", "--db", db], "gui → login dialog": ["gui"]}
    programs = {"source": [sys.executable, "-m", "desktop"], "frozen": [str(FROZEN)]}
    times: dict[tuple[str, str], list[float]] = {(c, p): [] for c in cases for p in programs}
    for program in programs.values():  # warm the disk cache once each, not counted
        _run([*program, "--version"], env)
    for _ in range(runs):
        for case, args in cases.items():
            for name, program in programs.items():
                times[(case, name)].append(_run([*program, *args], env))
    print(f"   {'':22} {'source':>20} {'frozen':>20} {'frozen/source':>14}")
    for case in cases:
        cells = []
        for name in programs:
            samples = times[(case, name)]
            cells.append(f"{statistics.median(samples):6.2f} s ({min(samples):.2f}–{max(samples):.2f})")
        ratio = statistics.median(times[(case, "frozen")]) / statistics.median(times[(case, "source")])
        print(f"   {case:22} {cells[0]:>20} {cells[1]:>20} {ratio:13.2f}×")
    print(f"   ({runs} runs each, interleaved; wall time from launch to exit)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
