"""Exchange packages (外出考核数据包) as files: one SQLCipher database, one password of its own.

A package goes to a field laptop on a USB stick and must be a single file that opens as a
database there. An ordinary database keeps its key wrapped in a key slot file beside it; a
package cannot, so the key is derived from the package password directly:

    key = Argon2id(password, salt[0:14], time, memory, parallelism)

where `salt` is the 16-byte SQLCipher salt that opens every SQLCipher file (stored in clear
by SQLCipher itself; we choose it when creating the file). The salt describes the package:

    bytes 0-1   b"FL"   a Frontline package
    byte  2     format version (1)
    byte  3     Argon2id time cost
    byte  4     log2 of the Argon2id memory cost in KiB
    byte  5     Argon2id parallelism
    bytes 6-13  random
    bytes 14-15 the first two bytes of HMAC-SHA256(key, "frontline-package"), so that a wrong
                password is told apart from a damaged file without trying to decrypt a page

SQLCipher authenticates every page (HMAC-SHA512), so a changed byte is detected when the
page is read, and `check` reads them all (cipher_integrity_check, then SQLite's
integrity_check, which also notices pages missing from a truncated file).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from desktop.errors import FrontlineError, WrongPassword
from desktop.store import private_files
from desktop.store.kdf import KdfParams, calibrate, derive
from desktop.store.keyslots import slots_path

MAGIC = b"FL"
VERSION = 1
SUFFIX = ".flpkg"
_CHECK = b"frontline-package"


class DamagedPackage(FrontlineError):
    pass


def _is_header(salt: bytes) -> bool:
    return len(salt) == 16 and salt[:2] == MAGIC and salt[2] == VERSION


def _params_of(salt: bytes) -> KdfParams | None:
    """The Argon2id parameters of a package header, or None when they are out of bounds (a
    damaged or doctored header: deriving with 4 GiB or 255 passes would hang the laptop)."""
    time_cost, log_memory, parallelism = salt[3], salt[4], salt[5]
    if log_memory > 30:
        return None
    params = KdfParams(time_cost, 1 << log_memory, parallelism)
    return params if params.within_bounds() else None


def _salt(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(16)
    except OSError:
        return b""


def is_package(path: Path | str) -> bool:
    """A package: no key slot file beside it, and a salt that describes a package."""
    path = Path(path)
    return path.is_file() and not slots_path(path).exists() and _is_header(_salt(path))


def _check(key: bytes) -> bytes:
    return hmac.new(key, _CHECK, hashlib.sha256).digest()[:2]


def create(path: Path | str, password: str, params: KdfParams | None = None) -> bytes:
    """Create an empty package database at `path` (which must not exist); return its key."""
    path = Path(path)
    params = params or calibrate()
    log_memory = max(3, params.memory_kib.bit_length() - 1)
    params = KdfParams(params.time_cost, 1 << log_memory, params.parallelism)
    head = MAGIC + bytes([VERSION, params.time_cost, log_memory, params.parallelism]) + secrets.token_bytes(8)
    key = derive(password, head, params)
    salt = head + _check(key)
    private_files.prepare(path)
    conn = sqlcipher.connect(str(path))
    try:
        # Raw key followed by the salt: SQLCipher writes exactly this salt into the file header.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
        conn.execute("CREATE TABLE package_init (x INTEGER)")
        conn.execute("DROP TABLE package_init")
        conn.commit()
    finally:
        conn.close()
    if _salt(path) != salt:
        raise FrontlineError("无法创建数据包：加密库没有使用指定的盐值")
    return key


def unlock(path: Path | str, password: str, *, header: bytes | None = None) -> bytes:
    """The package's key; WrongPassword if `password` is not the package's. `header`: the
    file's first bytes as already read (an open package is never read outside SQLite)."""
    salt = _salt(Path(path)) if header is None else header
    if not _is_header(salt):
        raise DamagedPackage(f"{Path(path).name} 不是一线考核数据包")
    params = _params_of(salt)
    if params is None:
        raise DamagedPackage(f"数据包 {Path(path).name} 的文件头已损坏（密钥参数超出范围），无法打开。"
                             "请重新复制或重新导出数据包")
    key = derive(password, salt[:14], params)
    if not hmac.compare_digest(_check(key), salt[14:16]):
        raise WrongPassword("数据包密码错误（或数据包文件头已损坏）")
    return key


def check(path: Path | str, key: bytes, *, name: str | None = None) -> None:
    """Read and authenticate every page; DamagedPackage if any is changed or missing.
    `name` is the file the user chose, when `path` is a working copy of it."""
    name = name or Path(path).name
    damaged = f"数据包 {name} 已损坏或不完整（文件被截断或改动过），无法使用。请重新复制或重新导出数据包"
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            result = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlcipher.DatabaseError:
            raise DamagedPackage(damaged) from None
        if problems or result != [("ok",)]:
            raise DamagedPackage(damaged)
    finally:
        conn.close()


def settle(path: Path | str, key: bytes) -> None:
    """Fold the write-ahead log into the file, so that the package is one self-contained file."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
