"""The refusals of interchange: a whole file that cannot be read, with a Chinese message."""

from __future__ import annotations

from desktop.errors import FrontlineError


class FileRefused(FrontlineError):
    """A file refused as a whole (not a spreadsheet, damaged, too large, no header row …)."""


class Cancelled(FrontlineError):
    def __init__(self, message: str = "已取消，没有写入任何数据") -> None:
        super().__init__(message)
