"""Which files in a folder were opened, by anyone: Linux inotify's IN_OPEN, through ctypes.

strace would say the same, but inotify needs no extra program or privileges, so the check
runs in the normal suite. Events are queued by the kernel at open() time; reading them
afterwards misses nothing that happened while watching.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import struct
import sys
from pathlib import Path

IN_OPEN = 0x00000020
IN_ISDIR = 0x40000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of name

AVAILABLE = sys.platform.startswith("linux")


class OpenWatch:
    """Context manager: `opened()` lists the names of files (not folders) opened in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd = -1

    def __enter__(self) -> OpenWatch:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        if libc.inotify_add_watch(self.fd, os.fsencode(self.folder), IN_OPEN) < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {self.folder}")
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def opened(self) -> list[str]:
        names: list[str] = []
        while True:
            try:
                buffer = os.read(self.fd, 64 * 1024)
            except OSError as exc:
                if exc.errno == errno.EAGAIN:
                    return names
                raise
            offset = 0
            while offset < len(buffer):
                _wd, mask, _cookie, length = _EVENT.unpack_from(buffer, offset)
                start = offset + _EVENT.size
                name = buffer[start:start + length].rstrip(b"\0")
                offset = start + length
                # The folder itself is opened to list it; that is not reading a file.
                if name and not mask & IN_ISDIR:
                    names.append(os.fsdecode(name))
