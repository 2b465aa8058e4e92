"""SQLite failures that are the disk's fault, not ours, told to the user in Chinese.

A damaged page (a flipped bit, a copy cut short) is only noticed when a query reads it,
long after the database opened; a full disk or a read-only folder is noticed on a write.
Both must reach the clerk as a refusal with advice, not as an internal error.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from desktop.errors import DamagedDatabase, FrontlineError, StorageError

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26

DAMAGED_PAGE = ("数据库文件已损坏，其中部分数据无法读取（页面校验失败）。"
                "请勿继续修改；用“frontline verify”检查，并从备份恢复")
MESSAGES = {
    SQLITE_CORRUPT: DAMAGED_PAGE,
    SQLITE_NOTADB: DAMAGED_PAGE,
    SQLITE_FULL: "磁盘空间不足，本次修改没有保存。请清理磁盘后重试",
    SQLITE_IOERR: "读写数据库文件时出错（磁盘或网络盘故障），本次操作没有完成。请检查磁盘后重试",
    SQLITE_READONLY: "数据库文件是只读的（文件或文件夹没有写权限），无法保存修改",
}


def refusal_for(exc: BaseException) -> FrontlineError | None:
    """The user-facing refusal an SQLite error stands for, or None for a bug of ours."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(original, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    message = MESSAGES.get(code & 0xFF)
    if message is None:
        return None
    kind = DamagedDatabase if code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB) else StorageError
    return kind(message)
