"""Argon2id key derivation with parameters calibrated on the machine that creates a slot.

Parameters are stored in each slot, so a slot made on a fast office PC still opens on a slow
laptop (more slowly), and a stronger calibration later only needs a password change.

Calibration (等保: at least half a second per guess on an idle machine, and never weaker than
a floor however busy the machine is when a password is set):

- The floor is RFC 9106's second recommended setting: 3 passes over 64 MiB (FLOOR_TIME_COST,
  FLOOR_MEMORY_KIB). Calibration only ever adds to it, so a machine too loaded to measure well
  still gets the floor.
- One pass over the memory is timed twice and the faster kept (the idle speed: load only ever
  makes a pass slower, which would give fewer passes). Each timing is the smaller of the wall
  time and this process's CPU time, which other programs' load hardly changes (`_seconds`).
  The number of passes is rounded up to reach the target, then one derivation with the
  chosen parameters is timed, and if that still falls short, passes are added.
- On a fast machine, where more than 10 passes would be needed, the memory doubles instead
  (up to 256 MiB): memory is what makes guessing on graphics cards expensive.

FRONTLINE_KDF_TARGET_MS below LIGHT_TARGET_MS (the test suite sets 1) skips all this for
parameters that derive in about a millisecond; no real use goes there.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from argon2.low_level import Type, hash_secret_raw

KEY_LEN = 32
SALT_LEN = 16
# Bounds on parameters read from a file (a key slot file, a package header). They are well
# above anything calibration chooses and below what would let a doctored file make the
# program allocate many gigabytes or spin for minutes before saying "wrong password".
MAX_TIME_COST = 20
MAX_MEMORY_KIB = 1 << 20  # 1 GiB
MAX_PARALLELISM = 8
MIN_MEMORY_KIB = 8  # per lane: Argon2 refuses less than 8 KiB × parallelism
DEFAULT_TARGET_MS = 500
# Below this target (tests, CI) the memory cost drops too; real use never goes there.
LIGHT_TARGET_MS = 50


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int

    def to_json(self) -> dict[str, Any]:
        return {"algorithm": "argon2id", **asdict(self)}

    def within_bounds(self) -> bool:
        return (1 <= self.time_cost <= MAX_TIME_COST and 1 <= self.parallelism <= MAX_PARALLELISM
                and MIN_MEMORY_KIB * self.parallelism <= self.memory_kib <= MAX_MEMORY_KIB)

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        """Parameters stored in a file; ValueError (the file is damaged) unless they are whole
        numbers within the bounds above, checked before anything is derived with them."""
        if not isinstance(data, dict) or data.get("algorithm") != "argon2id":
            raise ValueError("unknown KDF")
        values = [data.get(k) for k in ("time_cost", "memory_kib", "parallelism")]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError("KDF parameters are not whole numbers")
        time_cost, memory_kib, parallelism = (int(v) for v in values if v is not None)
        params = cls(time_cost, memory_kib, parallelism)
        if not params.within_bounds():
            raise ValueError("KDF parameters out of range")
        return params


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    if not params.within_bounds():  # every reader checks first; this is the last line
        raise ValueError("KDF parameters out of range")
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_LEN,
        type=Type.ID,
    )


def target_ms() -> int:
    """FRONTLINE_KDF_TARGET_MS sets the calibration target (the test suite makes it tiny)."""
    try:
        return max(1, int(os.environ.get("FRONTLINE_KDF_TARGET_MS", DEFAULT_TARGET_MS)))
    except ValueError:
        return DEFAULT_TARGET_MS


FLOOR_TIME_COST = 3
FLOOR_MEMORY_KIB = 64 * 1024
CALIBRATED_MAX_MEMORY_KIB = 256 * 1024
PASSES_BEFORE_MORE_MEMORY = 10


def _seconds(params: KdfParams) -> float:
    """What one derivation would take on this machine idle. Wall time grows with other
    programs' load; this process's CPU time hardly does. The smaller of the two is kept.
    (argon2-cffi's bundled library computes the lanes one after another, so CPU time is
    the idle wall time; a build that ran them on several cores would make CPU time the
    larger, and wall time, possibly inflated by load, would count: fewer passes, never
    fewer than the floor.)"""
    wall, cpu = time.perf_counter(), time.process_time()
    derive("calibration", b"\0" * SALT_LEN, params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return max(min(wall, cpu), 1e-4)


def floor_params(parallelism: int | None = None) -> KdfParams:
    """The weakest parameters calibration ever returns (outside the test suite's light mode)."""
    return KdfParams(FLOOR_TIME_COST, FLOOR_MEMORY_KIB, parallelism or _parallelism())


def _parallelism() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@lru_cache(maxsize=4)
def calibrate(target: int | None = None) -> KdfParams:
    """Parameters for about `target` milliseconds per derivation (at least that on an idle
    machine), never below floor_params(); see the module docstring."""
    target = target or target_ms()
    parallelism = _parallelism()
    if target < LIGHT_TARGET_MS:
        return KdfParams(1, 8 * 1024, parallelism)
    goal = target / 1000
    memory = FLOOR_MEMORY_KIB
    while True:
        per_pass = min(_seconds(KdfParams(1, memory, parallelism)) for _ in range(2))
        passes = math.ceil(goal / per_pass)
        if passes <= PASSES_BEFORE_MORE_MEMORY or memory >= CALIBRATED_MAX_MEMORY_KIB:
            break
        memory *= 2
    params = KdfParams(max(FLOOR_TIME_COST, min(MAX_TIME_COST, passes)), memory, parallelism)
    if params.time_cost < MAX_TIME_COST:
        took = _seconds(params)
        if took < goal:  # the first pass costs less than the others: add what is missing
            more = math.ceil(params.time_cost * goal / took)
            params = KdfParams(min(MAX_TIME_COST, max(more, params.time_cost + 1)), memory, parallelism)
    return params
