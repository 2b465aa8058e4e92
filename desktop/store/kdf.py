"""Argon2id key derivation with parameters calibrated on the machine that creates a slot.

Parameters are stored in each slot, so a slot made on a fast office PC still opens on a slow
laptop (more slowly), and a stronger calibration later only needs a password change.
"""

from __future__ import annotations

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


@lru_cache(maxsize=4)
def calibrate(target: int | None = None) -> KdfParams:
    """Choose a time cost so that one derivation takes roughly `target` milliseconds."""
    target = target or target_ms()
    memory = 64 * 1024 if target >= LIGHT_TARGET_MS else 8 * 1024
    parallelism = max(1, min(4, os.cpu_count() or 1))
    probe = KdfParams(1, memory, parallelism)
    started = time.perf_counter()
    derive("calibration", b"\0" * SALT_LEN, probe)
    elapsed_ms = max((time.perf_counter() - started) * 1000, 0.1)
    time_cost = max(1, min(MAX_TIME_COST, round(target / elapsed_ms)))
    return KdfParams(time_cost, memory, parallelism)
