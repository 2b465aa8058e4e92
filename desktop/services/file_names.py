"""File names that come from the database, made safe to write into a folder the user chose.

An attachment's or an evidence file's name was typed or imported elsewhere, and can arrive in
a field-laptop package: "../../启动/x.bat" or an absolute path must never escape the folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_FORBIDDEN = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
# Names Windows reserves in every folder, with or without an extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_LENGTH = 120


def safe_name(name: str, fallback: str = "文件") -> str:
    """The last component of `name`, without characters a file system refuses or reads as a path."""
    base = re.split(r"[/\\]", name)[-1]
    base = _FORBIDDEN.sub("_", base).strip().lstrip(".").rstrip(". ")
    if base.split(".")[0].upper() in _RESERVED:
        base = f"_{base}"
    if len(base) > MAX_LENGTH:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: MAX_LENGTH - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 10 else base[:MAX_LENGTH]
    return base or fallback


def unique_in(folder: Path, name: str, taken: set[str] | None = None) -> Path:
    """`folder/name`, or `name (2)`, `name (3)` … if that is taken: never overwrite."""
    taken = taken or set()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = name, 1
    # lexists: a dangling symbolic link is taken too (writing would replace the link).
    while candidate in taken or os.path.lexists(folder / candidate):
        n += 1
        candidate = f"{stem} ({n}){dot}{suffix}"
    return folder / candidate
