"""Argon2id calibration on this machine: the parameters chosen, what one derivation (one
password guess, one login) then costs, the floor's cost, and what a loaded machine chooses.

Run: `.venv/bin/python -m bench.bench_kdf` (about 15 s). Prints figures, asserts nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics

from bench.common import ms, timed


def _spin(stop: multiprocessing.synchronize.Event) -> None:
    while not stop.is_set():
        sum(range(10_000))


def _describe(label: str, params: object) -> None:
    from desktop.store.kdf import KdfParams, derive

    assert isinstance(params, KdfParams)
    runs = [timed(lambda: derive("bench", b"\0" * 16, params)) for _ in range(3)]
    print(f"   {label}: time_cost={params.time_cost} memory={params.memory_kib // 1024} MiB "
          f"parallelism={params.parallelism} → median {ms(statistics.median(runs))} "
          f"(min {ms(min(runs))}, max {ms(max(runs))})", flush=True)


def main() -> None:
    os.environ.pop("FRONTLINE_KDF_TARGET_MS", None)  # the real target, not the tests' 1 ms
    from desktop.store import kdf

    kdf.calibrate.cache_clear()
    took = timed(kdf.calibrate)
    print(f"   calibration itself took {ms(took)} (target {kdf.target_ms()} ms)")
    _describe("calibrated (this machine, now)", kdf.calibrate())
    _describe("floor", kdf.floor_params())
    # A machine made busy by one spinning process per core: calibration measures slow passes,
    # so it chooses fewer; the floor is what keeps that from going lower.
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,)) for _ in range(os.cpu_count() or 1)]
    for p in spinners:
        p.start()
    try:
        kdf.calibrate.cache_clear()
        loaded = kdf.calibrate()
    finally:
        stop.set()
        for p in spinners:
            p.join()
    print(f"   chosen while loaded: time_cost={loaded.time_cost} memory={loaded.memory_kib // 1024} MiB "
          f"(floor {kdf.FLOOR_TIME_COST} × {kdf.FLOOR_MEMORY_KIB // 1024} MiB)")
    _describe("loaded choice, timed idle", loaded)


if __name__ == "__main__":
    main()
