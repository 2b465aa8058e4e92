"""Failures that are the disk's fault, not ours, told to the user in Chinese.

A damaged page (a flipped bit, a copy cut short) is only noticed when a query reads it,
long after the database opened; a full disk or a read-only folder is noticed on a write.
Both must reach the clerk as a refusal with advice, not as an internal error. The same goes
for any file the program writes (an export, a report, a folder of forms): an OSError saying
the disk is full, read-only or not ours to write becomes a refusal naming the file.

Read-only media (a write-protected USB stick, a CD, a share mounted read-only) must say so:
SQLite cannot even open a database there (it needs to create the write-ahead log beside it),
and "damaged" would send the clerk restoring a backup of a perfectly sound file.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop.errors import DamagedDatabase, FrontlineError, StorageError

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM = 3
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

DAMAGED_PAGE = ("数据库文件已损坏，其中部分数据无法读取（页面校验失败）。"
                "请勿继续修改；用“frontline verify”检查，并从备份恢复")
MESSAGES = {
    SQLITE_CORRUPT: DAMAGED_PAGE,
    SQLITE_NOTADB: DAMAGED_PAGE,
    SQLITE_FULL: "磁盘空间不足，本次操作没有完成，数据没有改动。请清理磁盘后重试",
    SQLITE_IOERR: "读写数据库文件时出错（磁盘或网络盘故障），本次操作没有完成。请检查磁盘后重试",
    SQLITE_READONLY: "数据库文件是只读的（文件或文件夹没有写权限），无法保存修改",
    SQLITE_PERM: "没有访问数据库文件的权限，本次操作没有完成",
    SQLITE_CANTOPEN: "无法打开或创建数据库文件：所在的文件夹不存在、没有写权限，或磁盘是只读的",
}
READ_ONLY = ("数据库 {name} 所在的文件夹或磁盘是只读的（如写保护的U盘、光盘），无法打开。"
             "请把数据库文件和同名的 .keys 文件一起复制到本机可写的文件夹后再打开")
# OSError numbers that are the environment's doing, whatever file the program was writing.
_OS_MESSAGES = {
    errno.ENOSPC: "磁盘空间不足，无法写入 {path}。请清理磁盘后重试",
    errno.EDQUOT: "磁盘配额已满，无法写入 {path}",
    errno.EROFS: "{path} 所在的磁盘是只读的，无法写入。请换一个可写的文件夹",
    errno.EACCES: "没有读写 {path} 的权限，请换一个文件夹或请管理员设置权限",
    errno.EPERM: "没有读写 {path} 的权限，请换一个文件夹或请管理员设置权限",
    errno.EIO: "读写 {path} 时磁盘出错（磁盘或网络盘故障），本次操作没有完成",
    errno.EFBIG: "{path} 超过了该磁盘允许的最大文件大小",
}


# PostgreSQL (office server) text cannot hold the NUL character; SQLite can. A name or a text
# brought in from a hostile or damaged file may carry one: refused plainly, nothing written.
NUL_IN_TEXT = "文本中含有空字符（NUL，\\0），服务器数据库不能保存，本次操作没有完成。请去掉该字符后重试"


NO_ROOM = "数据库 {name} 所在的磁盘空间不足，无法打开。请清理磁盘后重试"
# Opening needs room for the write-ahead log and its index (a few hundred KB at most).
MIN_FREE_TO_OPEN = 2 * 2**20


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < MIN_FREE_TO_OPEN
    except OSError:
        return False


def is_read_only(path: Path | str) -> bool:
    """Whether `path` (or its folder) sits on read-only media or cannot be written by us."""
    path = Path(path)
    folder = path.parent if not path.is_dir() else path
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    return not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


def opening_refusal(exc: BaseException, path: Path) -> FrontlineError | None:
    """Opening the database at `path` failed with `exc`: a read-only place is told as such;
    other storage trouble keeps its own message; None when the file itself is at fault."""
    if is_read_only(path):
        return StorageError(READ_ONLY.format(name=path.name))
    refusal = refusal_for(exc)
    if isinstance(refusal, StorageError) and _nearly_full(path):
        # SQLite says only "disk I/O error" when it cannot create the write-ahead log's index.
        return StorageError(NO_ROOM.format(name=path.name))
    return refusal if isinstance(refusal, StorageError) else None


# SQLite's own wording of a result code (sqlite3_errstr), for errors raised without the code
# attached: sqlcipher3's Connection.backup raises a bare OperationalError.
_ERRSTR = {"database or disk is full": SQLITE_FULL, "attempt to write a readonly database": SQLITE_READONLY,
           "unable to open database file": SQLITE_CANTOPEN, "disk i/o error": SQLITE_IOERR,
           "database disk image is malformed": SQLITE_CORRUPT, "file is not a database": SQLITE_NOTADB}


def _code_of_message(exc: BaseException) -> int | None:
    if type(exc).__module__.split(".")[0] not in ("sqlcipher3", "sqlite3"):
        return None
    return _ERRSTR.get(str(exc).strip().lower())


def refusal_for(exc: BaseException) -> FrontlineError | None:
    """The user-facing refusal an SQLite or OS error stands for, or None for a bug of ours."""
    if isinstance(exc, OSError) and exc.errno in _OS_MESSAGES:
        where = exc.filename if exc.filename is not None else "文件"
        return StorageError(_OS_MESSAGES[exc.errno].format(path=where))
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if "cannot contain NUL (0x00) bytes" in str(original):  # psycopg's words for it
        return FrontlineError(NUL_IN_TEXT)
    code = getattr(original, "sqlite_errorcode", None)
    if not isinstance(code, int):
        code = _code_of_message(original)
    if code is None:
        return None
    message = MESSAGES.get(code & 0xFF)
    if message is None:
        return None
    kind = DamagedDatabase if code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB) else StorageError
    return kind(message)
