"""Errors that are the environment's or the user's fault, each with a message in Chinese.

The window shows `str(error)` in a message box and the command line prints it on stderr
with exit status 1; anything else is a bug and gets a crash report instead.
"""

from __future__ import annotations

import math


class FrontlineError(Exception):
    """Base of every refusal a user can cause and understand."""


class WrongPassword(FrontlineError):
    def __init__(self, message: str = "用户名或密码错误") -> None:
        super().__init__(message)


class Throttled(FrontlineError):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(self.message_for(self.whole_seconds))

    @property
    def whole_seconds(self) -> int:
        # 0.4 s left is "1 秒", never "0 秒": rounding down would tell the user to retry now.
        return max(1, math.ceil(self.seconds))

    def message_for(self, seconds: int) -> str:
        """The sentence with `seconds` left (the login dialog counts down with it)."""
        return f"密码错误次数过多，请在 {seconds} 秒后重试"


class LoginLocked(Throttled):
    """A database locked after too many failed logins (store/login_guard.py). The command
    line refuses at once instead of waiting, as it does for the short Throttled delay."""

    def __init__(self, seconds: float, failures: int, what: str = "数据库") -> None:
        self.failures = failures
        self.what = what  # 数据库, or 数据包 (an exchange package: store/package_guard.py)
        super().__init__(seconds)

    def message_for(self, seconds: int) -> str:
        minutes, rest = divmod(seconds, 60)
        left = f"{minutes} 分 {rest} 秒" if minutes else f"{rest} 秒"
        noun = "数据包密码错误" if self.what == "数据包" else "登录失败"
        return f"连续 {self.failures} 次{noun}，{self.what}已锁定：请在 {left}后重试"


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


class InUse(FrontlineError):
    """A record other records rely on (the append-only ledger, finished assessments)."""


class FileRefused(FrontlineError):
    """A file refused as a whole (not a spreadsheet, damaged, too large, a named pipe …)."""


class StorageError(FrontlineError):
    """Disk full, read-only folder, permission denied on a file the program must write."""


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Chinese (its own strerror is English)."""
    import errno

    reasons = {
        errno.ENOENT: "文件或文件夹不存在",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "磁盘是只读的",
        errno.EIO: "读写磁盘时出错（磁盘或 U 盘可能有问题）",
        errno.ENAMETOOLONG: "文件名太长",
        errno.EBUSY: "文件正被占用",
        errno.EEXIST: "已存在",
    }
    return reasons.get(exc.errno or 0, f"系统错误 {exc.errno}" if exc.errno else "系统错误")
