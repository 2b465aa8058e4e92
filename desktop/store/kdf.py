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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("algorithm") != "argon2id":
            raise ValueError(f"unknown KDF {data.get('algorithm')!r}")
        params = cls(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]))
        if not (1 <= params.time_cost <= 100 and 8 <= params.memory_kib <= 4 * 1024 * 1024
                and 1 <= params.parallelism <= 64):
            raise ValueError("KDF parameters out of range")
        return params


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
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
    time_cost = max(1, min(50, round(target / elapsed_ms)))
    return KdfParams(time_cost, memory, parallelism)
