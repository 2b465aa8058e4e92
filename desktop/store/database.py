"""Opening and creating the encrypted database.

Creating: a random key, the key slot file, the schema at the newest revision, all under a
hidden name that becomes the real one when complete (store/creation.py).
Opening: take the file for this program (store/lock.py), count the attempt in the key file
and unlock a slot (five failures lock the database for a while: store/login_guard.py),
check that the key file belongs to this database, open SQLCipher, refuse a schema newer
than this program, back up and migrate an older one, and compare the audit chain with this
PC's anchor (store/chain_guard.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import (
    AlreadyExists,
    DamagedDatabase,
    DamagedKeyFile,
    DatabaseNotFound,
    DatabaseTooNew,
)
from desktop.store import creation, legacy_anchor, lock, migrate, scratch
from desktop.store.anchor import chain_key
from desktop.store.backup import backup_database, backup_path
from desktop.store.chain_guard import ChainGuard, ChainState
from desktop.store.engine import WRITE, sqlcipher_engine
from desktop.store.kdf import KdfParams
from desktop.store.keyslots import KeySlots, remove_files, slots_path
from desktop.store.lock import read_header
from desktop.store.login_guard import LastLogin, LoginGuard
from desktop.store.package_guard import PackageGuard
from desktop.store.sql_errors import opening_refusal

if TYPE_CHECKING:  # psycopg is loaded only when a server is used
    from desktop.store.notices import NoticeListener

log = logging.getLogger(__name__)

DAMAGED = "数据库文件 {name} 已损坏或不是一线考核数据库，无法打开。请从备份恢复"


class PackageFormat(Protocol):
    """The exchange-package file format (services/exchange/packages/file.py), which the store
    opens like any database but does not know: a package has no key slot file, its password
    gives the key."""

    def is_package(self, path: Path | str) -> bool: ...

    def unlock(self, path: Path | str, password: str) -> bytes: ...


class Database:
    """An open database: its engine, sessions, key slots and audit anchor. Knows nothing of
    accounts' roles. Holds the file's lock until closed. (An office server's database is a
    store/server.py ServerDatabase, with the same sessions.)"""

    is_server = False
    upgraded = False  # an office server's schema was upgraded at this open (a file keeps its backup instead)

    def __init__(self, path: Path, engine: Engine, key: bytes, slots: KeySlots, *,
                 via_recovery: bool = False, is_package: bool = False) -> None:
        self.path = path
        self.key = key
        self.slots = slots
        self.via_recovery = via_recovery
        # An exchange package (services/exchange/packages/file.py): one password, no key slot file.
        self.is_package = is_package
        self.backups: list[Path] = []
        # The schema version this open upgraded from (None when it was up to date).
        self.upgraded_from: str | None = None
        # The account's previous login, as the key file had it (None for a package or a new file).
        self.last_login: LastLogin | None = None
        self.chain = ChainGuard(path, key)
        self._bind(engine)
        # Set while a new database still lives under its hidden name (store/creation.py).
        self.final_path: Path | None = None
        self._creation_note: Path | None = None

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(**WRITE), expire_on_commit=False)

    @property
    def location(self) -> str:
        """What settings remember and `--db` takes to open it again: the file's path here, the
        server's address (without a password) for an office server."""
        return str(self.path)

    # --- creating -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, username: str, password: str, *,
               params: KdfParams | None = None) -> tuple[Database, str]:
        """Create an empty database at the newest schema; return it and the recovery key.

        The database is built under a hidden name; `finish_creation()` moves it into place.
        """
        # The real file: through a symbolic link, the lock and the key file would be another
        # program's and another file (a slot written beside the link, not the database).
        path = Path(os.path.realpath(path))
        if not path.parent.is_dir():
            raise DatabaseNotFound(f"文件夹 {path.parent} 不存在")
        lock.acquire(path, creating=True)
        note: Path | None = None
        try:
            creation.settle_interrupted(path)
            if path.exists() or slots_path(path).exists():
                raise AlreadyExists(f"{path} 已存在，请选择其他文件名")
            # Noted before the first hidden file exists: a kill at any later moment leaves
            # files the next start of the program clears (store/scratch.py).
            note = scratch.note_creation(path)
            tmp = creation.pending_path(path)
            remove_files(tmp)
            # Noted before the first hidden file is made: a kill from here on is cleared (or
            # finished) at the next start, even one in the middle of writing the key file.
            note = scratch.note_creation(path)
            slots, key, code = KeySlots.create(tmp, username, password, params)
            engine = sqlcipher_engine(tmp, key)
            try:
                with engine.execution_options(**WRITE).begin() as conn:
                    migrate.upgrade(conn, chain_key(key))
                    # Asked of SQLCipher, not read from the file: see store/lock.py.
                    salt = str(conn.execute(text("PRAGMA cipher_salt")).scalar() or "")
                slots.database_salt = salt
                slots.save()
            except BaseException:
                engine.dispose()
                remove_files(tmp)
                raise
        except BaseException:
            scratch.forget(note)
            lock.release(path)
            raise
        lock.refresh_header(path, bytes.fromhex(salt))
        db = cls(tmp, engine, key, slots)
        db.final_path = path
        db._creation_note = note
        db.chain = ChainGuard(path, key)
        return db, code

    def finish_creation(self) -> None:
        """Move a database built by `create` to its real name (after its recovery key was shown)."""
        if self.final_path is None:
            return
        tmp, path = self.path, self.final_path
        with self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        self.engine.dispose()
        creation.promote(tmp, path)
        self.path, self.final_path = path, None
        scratch.forget(self._creation_note)
        self.slots.path = slots_path(path)
        self._bind(sqlcipher_engine(path, self.key))

    def discard_creation(self) -> None:
        """Give up a database that `create` was building."""
        if self.final_path is None:
            return
        self.engine.dispose()
        remove_files(self.path)
        lock.release(self.final_path)
        self.final_path = None
        scratch.forget(self._creation_note)

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, username: str, password: str, *,
             packages: PackageFormat | None = None, guard: LoginGuard | None = None,
             package_guard: PackageGuard | None = None) -> Database:
        """Open with an account's password or the recovery key; with `packages`, a file in
        that exchange-package format opens with its package password instead. `guard`
        counts a database's attempts (its clock is replaced in tests); `package_guard`, a package's."""
        # The real file: through a symbolic link, the lock and the key file would be another
        # program's and another file (a slot written beside the link, not the database).
        path = Path(os.path.realpath(path))
        if path.exists() and not path.is_file():  # before a lock file is made beside it
            raise DatabaseNotFound(f"{path} 不是数据库文件（是文件夹、设备或管道）")
        lock.acquire(path)
        try:
            if creation.settle_interrupted(path):
                lock.refresh_header(path, read_header(path))
            if not path.is_file():
                raise DatabaseNotFound(f"找不到数据库文件 {path}")
            if packages is not None and packages.is_package(path):
                return cls._open_package(path, password, package_guard or PackageGuard(path), packages)
            return cls._open(path, username, password, guard or LoginGuard(path))
        except BaseException:
            lock.release(path)
            raise

    @classmethod
    def _open(cls, path: Path, username: str, password: str, guard: LoginGuard) -> Database:
        slots = KeySlots.load(path)
        guard.begin(username)  # counted before trying: a wrong password has nothing left to record
        key, via_recovery = slots.unlock(username, password)
        last_login = guard.succeeded(username)
        if slots.database_salt and lock.header(path).hex() != slots.database_salt:
            raise DamagedKeyFile(
                f"密钥文件 {slots.path.name} 与数据库文件 {path.name} 不匹配（或数据库文件头已损坏）"
            )
        engine = sqlcipher_engine(path, key)
        db = cls(path, engine, key, slots, via_recovery=via_recovery)
        db.last_login = last_login
        try:
            db._check_and_migrate()
        except BaseException:
            engine.dispose()
            raise
        return db

    @classmethod
    def _open_package(cls, path: Path, password: str, guard: PackageGuard, packages: PackageFormat) -> Database:
        """A field laptop opening an exchange package: the package password is the key,
        its attempts counted as a database's are (store/package_guard.py)."""
        guard.begin("")  # counted before trying: a wrong password has nothing left to record
        key = packages.unlock(path, password)
        guard.succeeded("")
        salt = lock.header(path).hex()
        engine = sqlcipher_engine(path, key)
        db = cls(path, engine, key, KeySlots(slots_path(path), {}, salt), is_package=True)
        try:
            db._check_and_migrate()
        except BaseException:
            engine.dispose()
            raise
        return db

    def _check_and_migrate(self) -> None:
        try:
            with self.engine.connect() as conn:
                current = migrate.current_revision(conn)
        except SADatabaseError as exc:
            # A read-only folder or a full disk is not damage: say what it is.
            raise opening_refusal(exc, self.path) or DamagedDatabase(DAMAGED.format(name=self.path.name)) from exc
        head = migrate.head_revision()
        if current != head:
            if current is not None and current not in migrate.known_revisions():
                raise DatabaseTooNew(
                    f"数据库 {self.path.name} 的结构版本为 {current}，比本程序支持的 {head} 更新。"
                    "请升级一线考核程序后再打开"
                )
            target = backup_path(self.path, f"before-{head}")
            self.backups.append(backup_database(self.path, self.key, target, self.slots))
            log.info("backed up %s to %s before migrating %s → %s", self.path, target, current, head)
            legacy = legacy_anchor.before_upgrade(self.engine, self.slots.database_salt, self.key)
            with self.engine.execution_options(**WRITE).begin() as conn:
                migrate.upgrade(conn, self.chain.key)
            legacy_anchor.after_upgrade(self.engine, legacy, self.path, self.key)
            self.upgraded_from = current or "无"
        with self.read_session() as s:
            self.chain.check(s)

    # --- using ----------------------------------------------------------------------------

    def read_session(self) -> Session:
        return self._read()

    def write_session(self) -> Session:
        """A session whose transaction takes the write lock at BEGIN."""
        return self._write()

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def schema_version(self) -> str:
        with self.engine.connect() as conn:
            return migrate.current_revision(conn) or ""

    @property
    def chain_state(self) -> ChainState:
        return self.chain.state

    def resync_sequences(self) -> None:
        """After rows were inserted with their ids given (the demo generator, migrate-db):
        nothing to do in SQLite, which takes the next id from the table itself."""

    def announce(self, session: Session, message: str) -> None:
        """Tell other clerks' windows what the session's transaction changed (store/notices.py):
        a file has no other clerks connected to it, so nothing is sent."""
        return None

    def notice_listener(self, on_notices: Callable[[list[str]], None],
                        on_state: Callable[[bool, str], None]) -> NoticeListener | None:
        """A listener for other clerks' notices (store/notices.py); None for a file."""
        return None

    def checkpoint(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def close(self) -> None:
        if self.final_path is not None:
            self.discard_creation()
            return
        self.engine.dispose()
        lock.release(self.path)
