"""Argon2 calibration: at least the target on an idle machine, never below the floor on a
loaded one. The clock of a derivation is replaced, so nothing slow runs here (bench/bench_kdf.py
measures the real thing)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from desktop.store import kdf
from desktop.store.kdf import KdfParams


@pytest.fixture(autouse=True)
def fresh_calibration() -> Iterator[None]:
    kdf.calibrate.cache_clear()
    yield
    kdf.calibrate.cache_clear()


def machine(first_pass: float, other_passes: float) -> Callable[[KdfParams], float]:
    """Seconds a derivation takes: per 64 MiB, the first pass and each further one."""

    def seconds(params: KdfParams) -> float:
        scale = params.memory_kib / kdf.FLOOR_MEMORY_KIB
        return scale * (first_pass + (params.time_cost - 1) * other_passes)

    return seconds


def test_a_loaded_machine_cannot_go_below_the_floor(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(kdf, "_seconds", machine(5.0, 5.0))  # every pass crawls
    params = kdf.calibrate(500)
    assert params == kdf.floor_params()
    assert (params.time_cost, params.memory_kib) == (3, 64 * 1024)


def test_an_idle_machine_reaches_at_least_half_a_second(monkeypatch: pytest.MonkeyPatch):
    seconds = machine(0.05, 0.08)  # the first pass is cheaper than the others
    monkeypatch.setattr(kdf, "_seconds", seconds)
    params = kdf.calibrate(500)
    assert params.memory_kib == 64 * 1024 and params.time_cost >= kdf.FLOOR_TIME_COST
    assert seconds(params) >= 0.5


def test_a_fast_machine_gets_more_memory_rather_than_endless_passes(monkeypatch: pytest.MonkeyPatch):
    seconds = machine(0.01, 0.01)
    monkeypatch.setattr(kdf, "_seconds", seconds)
    params = kdf.calibrate(500)
    assert params.memory_kib == kdf.CALIBRATED_MAX_MEMORY_KIB
    assert seconds(params) >= 0.5 and params.within_bounds()


def test_the_fastest_of_the_probes_counts(monkeypatch: pytest.MonkeyPatch):
    timings = iter([0.4, 0.1, 0.5])  # a busy moment, then the idle speed; then the check

    monkeypatch.setattr(kdf, "_seconds", lambda _params: next(timings))
    assert kdf.calibrate(500).time_cost == 5


def test_the_test_suite_light_mode_is_explicit_and_separate():
    assert kdf.calibrate(1) == KdfParams(1, 8 * 1024, kdf.floor_params().parallelism)
    assert kdf.LIGHT_TARGET_MS > 1
