"""Errors that are the environment's or the user's fault, each with a message in Chinese.

The window shows `str(error)` in a message box and the command line prints it on stderr
with exit status 1; anything else is a bug and gets a crash report instead.
"""

from __future__ import annotations


class FrontlineError(Exception):
    """Base of every refusal a user can cause and understand."""


class WrongPassword(FrontlineError):
    def __init__(self, message: str = "用户名或密码错误") -> None:
        super().__init__(message)


class Throttled(FrontlineError):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"密码错误次数过多，请在 {seconds:.0f} 秒后重试")


class DamagedKeyFile(FrontlineError):
    pass


class DamagedDatabase(FrontlineError):
    pass


class DatabaseTooNew(FrontlineError):
    pass


class DatabaseNotFound(FrontlineError):
    pass


class AlreadyExists(FrontlineError):
    pass


class PermissionDenied(FrontlineError):
    pass


class NotFound(FrontlineError):
    pass


class StorageError(FrontlineError):
    """Disk full, read-only folder, permission denied on a file the program must write."""
