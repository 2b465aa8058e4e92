"""Reading files that come from outside the program without trusting them.

Whatever the program reads (an import, a key slot file, a state file, a photo, a font) may
be a named pipe that never ends, a device such as /dev/zero, a file of gigabytes or junk.
Opening a named pipe blocks until someone writes to it and reading /dev/zero never stops,
so the kind of file is checked before a single byte is read, the read itself is bounded,
and JSON nested deeper than anything the program writes is refused rather than left to
exhaust the interpreter's stack.

Every refusal is a `FileRefused` naming the file, in Chinese.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

from desktop.errors import FileRefused, os_reason

log = logging.getLogger(__name__)

# Nesting the program's own JSON never comes near (settings and manifests are 2-4 deep).
MAX_JSON_DEPTH = 64


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISDIR(mode):
        return "文件夹"
    return "特殊文件"


def _refuse_special(name: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(f"{name} 不是普通文件（是{_kind(mode)}），不能读取")


def check_regular(path: Path | str, name: str | None = None) -> os.stat_result:
    """The file's status; refuses pipes, devices, sockets and folders without opening them."""
    path = Path(path)
    name = name or path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRefused(f"找不到 {name}") from None
    except OSError as exc:
        raise FileRefused(f"无法读取 {name}：{os_reason(exc)}") from None
    _refuse_special(name, info.st_mode)
    return info


def read_limited(path: Path | str, limit: int, name: str | None = None) -> bytes:
    """The whole file, if it is a regular file of at most `limit` bytes.

    The check is made again on the opened descriptor (non-blocking, so a pipe swapped in
    after the first check cannot hang the open), and at most `limit` + 1 bytes are read,
    so a file that grows meanwhile cannot exhaust memory either.
    """
    path = Path(path)
    name = name or path.name or str(path)
    check_regular(path, name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"无法读取 {name}：{os_reason(exc)}") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            _refuse_special(name, os.fstat(fd).st_mode)
            data = fh.read(limit + 1)
        except OSError as exc:
            raise FileRefused(f"无法读取 {name}：{os_reason(exc)}") from None
    if len(data) > limit:
        raise FileRefused(f"{name} 过大（超过 {_size(limit)}），不像是本程序能读取的文件")
    return data


def _size(limit: int) -> str:
    return f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{max(1, limit // 1024)} KB"


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed value (iteratively: no recursion)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def parse_json(data: bytes | str, limit: int = MAX_JSON_DEPTH) -> Any:
    """JSON from `data`; ValueError for anything that is not JSON the program could have written
    (bad UTF-8, bad syntax, nesting deeper than `limit`, numbers of thousands of digits)."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc}") from None
    try:
        # The decoder recurses once per level: a file of ten thousand "[" would otherwise end
        # in RecursionError, which is not a ValueError and would pass for a bug of ours.
        value = json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if _depth(value) > limit:
        raise ValueError("JSON nested too deeply")
    return value


def read_json(path: Path | str, limit_bytes: int, name: str | None = None) -> Any:
    """A small JSON file; FileRefused if it is not a regular file, too large, or not valid JSON."""
    path = Path(path)
    name = name or path.name
    data = read_limited(path, limit_bytes, name)
    try:
        return parse_json(data)
    except ValueError:
        raise FileRefused(f"{name} 的内容已损坏（不是有效的 JSON）") from None


STATE_FILE_BYTES = 4 * 2**20


def read_state(path: Path | str, limit: int = STATE_FILE_BYTES) -> Any | None:
    """A small JSON file the program keeps for itself (state, settings): None if there is none.

    Such a file is damaged by a full disk, a crash on a file system without journaling or a
    curious hand; it is never worth refusing to start over. A damaged one counts as absent,
    with a warning in the log, and is replaced the next time the program writes it."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return read_json(path, limit)
    except FileRefused as exc:
        log.warning("%s ignored and reset: %s", path, exc)
        return None


SECRET_FILE_BYTES = 64 * 1024


def first_line(path: Path | str, name: str) -> str:
    """The first line of a password file, as UTF-8. Pipes are welcome here (`--password-file
    <(pass show db)` is one), but the read stops after 64 KB, so /dev/zero cannot exhaust memory."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(SECRET_FILE_BYTES)
    except OSError as exc:
        raise FileRefused(f"无法读取{name} {path}：{os_reason(exc)}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(f"{name} {path} 不是 UTF-8 编码的文本文件") from None
    # Only the first line counts, so that an editor's trailing newline is not part of it.
    return text.splitlines()[0] if text else ""
