"""The refusals of interchange: a whole file that cannot be read, with a Chinese message."""

from __future__ import annotations

from desktop.errors import FileRefused, FrontlineError

__all__ = ["Cancelled", "FileRefused"]


class Cancelled(FrontlineError):
    def __init__(self, message: str = "已取消，没有写入任何数据") -> None:
        super().__init__(message)
