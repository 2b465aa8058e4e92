"""The office server: the same schema on a PostgreSQL database that several clerks share.

An SQLite file on a shared drive is no place for several clerks at once (its locking fails on
network file systems), so an office runs PostgreSQL on its LAN and every clerk's program
connects to it: `--db postgresql://user@host:port/dbname`, or the window's connection dialog.

- Who: the server account (a PostgreSQL role) is the program's account of the same name; its
  role and scope are the program's own rows, as in a file (services/permissions.py). The
  password goes to the server and nowhere else: never into settings, never into a URL.
- TLS: `sslmode=require` (or verify-ca / verify-full) unless the clerk turns it off for a
  loopback address or a unix socket, where nothing crosses the network.
- Schema: the same Alembic migrations create and upgrade it. A server schema newer than the
  program is refused; an older one is upgraded only by an administrator who says so, under an
  advisory lock so that two administrators never upgrade at once.
- The audit chain: its head row (models/audit.py: AuditHead) is locked by every write, so
  clerks' operations take their turns and append without gaps; the chain's HMAC key lives in
  the database (every clerk's program must extend the chain), so on the server it is the
  database's own access control that keeps the log append-only (see the README).
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, insert, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from desktop.errors import (
    AlreadyExists,
    DatabaseNotFound,
    DatabaseTooNew,
    FrontlineError,
    PermissionDenied,
    WrongPassword,
)
from desktop.models.audit import AuditEntry, AuditHead
from desktop.models.meta import DatabaseMeta
from desktop.store import migrate
from desktop.store.chain_guard import (
    OK,
    ROLLBACK,
    TAMPERED,
    UNANCHORED,
    AuditTampered,
    ChainGuard,
    ChainState,
    chain_head,
)
from desktop.store.database import Database
from desktop.store.keyslots import KeySlots

if TYPE_CHECKING:  # psycopg is loaded only when a window listens
    from desktop.store.notices import NoticeListener

log = logging.getLogger(__name__)

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
TLS_MODES = ("require", "verify-ca", "verify-full")
PLAIN_MODES = ("disable", "allow", "prefer")
CHAIN_KEY = "chain_key"  # database_meta: the audit chain's HMAC key on a server (hex)
# pg_advisory_xact_lock number taken while the schema is created or upgraded ("FRON").
SCHEMA_LOCK = 0x46524F4E


class SchemaOutdated(FrontlineError):
    """The server's schema is older than the program: an administrator may upgrade it."""

    def __init__(self, current: str, head: str, location: str) -> None:
        self.current, self.head = current, head
        super().__init__(f"服务器数据库 {location} 的结构版本为 {current}，本程序需要 {head}。"
                         "请由管理员升级（管理员在窗口中登录时会询问；命令行：frontline upgrade-db --db …）")


def is_server_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class ServerAddress:
    host: str  # a name, an IP address, or a unix-socket folder (starts with "/")
    database: str
    user: str
    port: int = 5432
    sslmode: str = "require"

    @classmethod
    def parse(cls, location: str, user: str = "") -> ServerAddress:
        """`postgresql://user@host:port/dbname?sslmode=…` (a password in it is refused: it
        would end up in the shell's history and the settings)."""
        try:
            url = make_url(location.strip())
        except ArgumentError as exc:
            raise FrontlineError(f"无法识别的服务器地址：{location}") from exc
        if url.password:
            raise FrontlineError("服务器地址中不能写密码：密码在登录时输入（或用 --password-file）")
        query = {k: v if isinstance(v, str) else v[0] for k, v in url.query.items()}
        host = query.get("host") or url.host or ""
        if not host or not url.database:
            raise FrontlineError(f"服务器地址需要主机和数据库名，如 postgresql://wang@192.168.1.10/frontline：{location}")
        sslmode = query.get("sslmode", "require")
        if sslmode not in TLS_MODES + PLAIN_MODES:
            raise FrontlineError(f"无法识别的 TLS 模式 {sslmode}（可用：{'、'.join((*TLS_MODES, 'disable'))}）")
        address = cls(host, url.database, url.username or user, int(query.get("port") or url.port or 5432), sslmode)
        if not address.user:
            raise FrontlineError("请给出服务器账户：postgresql://账户@主机/数据库，或 --user")
        address.check_tls()
        return address

    @property
    def socket(self) -> bool:
        return self.host.startswith("/")

    @property
    def loopback(self) -> bool:
        if self.socket or self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def check_tls(self) -> None:
        if self.sslmode not in TLS_MODES and not self.loopback:
            raise FrontlineError(f"连接 {self.host} 必须使用 TLS 加密（sslmode=require 或更严格）："
                                 "只有本机地址（127.0.0.1、localhost 或本机套接字）可以关闭 TLS")

    def url(self) -> str:
        """The address as settings keep it and the window shows it (no password)."""
        host = "" if self.socket else (f"[{self.host}]" if ":" in self.host else self.host)
        query = [f"sslmode={self.sslmode}"] if self.sslmode != "require" else []
        if self.socket:
            query.insert(0, f"host={quote(self.host)}")
        tail = f"?{'&'.join(query)}" if query else ""
        return f"postgresql://{quote(self.user)}@{host}:{self.port}/{quote(self.database)}{tail}"

    def label(self) -> str:
        where = "本机" if self.socket else self.host
        return f"{self.database}@{where}"


def server_engine(address: ServerAddress, password: str) -> Engine:
    # A server that vanishes from the network (a pulled cable, not a restart) is given up on
    # within about half a minute instead of the system's quarter of an hour of retransmissions
    # (tcp_user_timeout) or two hours of silence (keepalives): the clerk gets a refusal, not a
    # window that hangs. Both are ignored on a unix socket.
    query: dict[str, str] = {"sslmode": address.sslmode, "application_name": "frontline", "connect_timeout": "10",
                             "keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10",
                             "keepalives_count": "3", "tcp_user_timeout": "20000"}
    if address.socket:
        query["host"] = address.host
    url = URL.create("postgresql+psycopg", username=address.user, password=password or None,
                     host=None if address.socket else address.host, port=address.port,
                     database=address.database, query=query)
    # pre_ping: a connection the server dropped (a restart, an idle timeout) is replaced
    # instead of failing the clerk's next save.
    return create_engine(url, pool_size=4, max_overflow=4, pool_pre_ping=True)


def connect_refusal(exc: BaseException, address: ServerAddress) -> FrontlineError | None:
    """A connection failure in the clerk's words; None if it is not one."""
    # SQLAlchemy wraps the driver's OperationalError (a failed connection) in its own.
    if not isinstance(exc, OperationalError):
        return None
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    message = str(orig).strip()
    where = "本机" if address.socket else f"{address.host}:{address.port}"
    if state in ("28P01", "28000") or "password authentication failed" in message:
        return WrongPassword(f"服务器账户 {address.user} 的用户名或密码错误（或不允许该账户从本机连接）")
    if "is not permitted to log in" in message:
        # A deactivated account (its role NOLOGIN): as a file's destroyed key slot, its password
        # opens nothing; the server says so only once the password was right.
        return WrongPassword(f"服务器账户 {address.user} 已停用，不能登录：请找管理员重新启用")
    if "no password supplied" in message:
        return WrongPassword(f"请输入服务器账户 {address.user} 的密码")
    if state == "3D000":
        return DatabaseNotFound(f"服务器 {where} 上没有数据库 {address.database}")
    if "SSL" in message or "ssl" in message:
        return FrontlineError(f"服务器 {where} 不接受 TLS 加密连接（或证书校验未通过）：请管理员为服务器配置 TLS")
    first = message.splitlines()[0] if message else type(orig).__name__
    return FrontlineError(f"无法连接数据库服务器 {where}：{first}")


def _chain_key(session_or_conn: Session | Connection) -> bytes:
    value = session_or_conn.execute(select(DatabaseMeta.value).where(DatabaseMeta.key == CHAIN_KEY)).scalar()
    return bytes.fromhex(value) if value else b""


class ServerChainGuard(ChainGuard):
    """The chain checked against its head row on the server instead of a file on this PC."""

    def __init__(self, address: ServerAddress, key: bytes) -> None:
        super().__init__(Path(address.label()), key, anchored=False)
        self.key = key  # the chain key itself, kept on the server (not derived from a file key)

    def check(self, session: Session) -> ChainState:
        seq, _ = chain_head(session)
        head = session.get(AuditHead, 1)
        if head is None:
            self.state = ChainState(UNANCHORED, f"服务器上没有审计链头记录（共 {seq} 条审计记录）", seq)
        elif head.seq > seq:
            self.state = ChainState(ROLLBACK, f"服务器记录的审计链已到第 {head.seq} 条，审计记录只有 {seq} 条："
                                              "审计记录被截断，或数据库被换成了旧的备份", seq)
        elif head.seq < seq:
            self.state = ChainState(TAMPERED, f"第 {head.seq + 1} 条之后的审计记录不是由本程序写入的", seq)
        else:
            entry = session.get(AuditEntry, seq) if seq else None
            if entry is not None and (entry.hash != head.hash or entry.compute_hash(self.key) != entry.hash):
                self.state = ChainState(TAMPERED, f"第 {seq} 条审计记录与服务器上的链头不一致：审计记录被改动", seq)
            else:
                self.state = ChainState(OK, f"审计链与服务器上的链头一致（共 {seq} 条）", seq)
        return self.state

    def before_write(self, session: Session) -> None:
        state = self.check(session)
        if state.alarm:
            raise AuditTampered(f"审计链异常：{state.message}。为免掩盖，程序拒绝写入；"
                                "请做数据库完整性校验（工具菜单，或 frontline verify）")

    def reanchor(self, session: Session) -> ChainState:
        seq, link = chain_head(session)
        head = session.get(AuditHead, 1)
        if head is None:
            session.add(AuditHead(id=1, seq=seq, hash=link))
        else:
            head.seq, head.hash = seq, link
        session.flush()
        return self.check(session)

    def record_writer(self, session: Session, seq: int) -> None:
        return None  # the head row itself is the record (services/operations.py)

    def after_commit(self, session_uid: str, seq: int, link: str) -> None:
        self.state = ChainState(OK, f"审计链与服务器上的链头一致（共 {seq} 条）", seq)


class ServerDatabase(Database):
    """An open office-server database: the same sessions as a file's, no key slots, no lock file."""

    is_server = True

    def __init__(self, address: ServerAddress, engine: Engine, chain_key: bytes) -> None:
        self.address = address
        self.path = Path(address.label())  # shown in the title bar; never a file of ours
        self.key = chain_key
        self.slots = KeySlots(Path("/nonexistent/frontline-server.keys"), {}, "")
        self.via_recovery = False
        self.is_package = False
        self.backups: list[Path] = []
        self.upgraded_from: str | None = None  # announced by the login dialog; no backup of ours
        self.last_login = None
        self.chain = ServerChainGuard(address, chain_key)
        self._bind(engine)
        self.final_path = None
        self._creation_note = None

    @property
    def location(self) -> str:
        return self.address.url()

    @classmethod
    def create_schema(cls, address: ServerAddress, password: str) -> ServerDatabase:
        """Create the schema (newest revision) in an empty server database."""
        engine = server_engine(address, password)
        try:
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
                if migrate.current_revision(conn) is not None:
                    raise AlreadyExists(f"服务器数据库 {address.label()} 已经建好了表，不能再次初始化")
                key = secrets.token_bytes(32)
                migrate.upgrade(conn, key)
                conn.execute(insert(DatabaseMeta).values(key=CHAIN_KEY, value=key.hex()))
        except DBAPIError as exc:
            engine.dispose()
            raise (connect_refusal(exc, address) or exc) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(address, engine, key)

    @classmethod
    def open_server(cls, address: ServerAddress, password: str, *,
                    may_upgrade: Callable[[Connection], bool] | None = None) -> ServerDatabase:
        """Connect, refuse a schema newer than the program, and upgrade an older one only when
        `may_upgrade` (the administrator's consent, checked on the server) says so."""
        engine = server_engine(address, password)
        try:
            return cls._opened(address, engine, may_upgrade)
        except DBAPIError as exc:
            engine.dispose()
            raise (connect_refusal(exc, address) or exc) from exc
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def _opened(cls, address: ServerAddress, engine: Engine,
                may_upgrade: Callable[[Connection], bool] | None) -> ServerDatabase:
        with engine.connect() as conn:
            current = migrate.current_revision(conn)
        head = migrate.head_revision()
        upgraded = False
        if current is None:
            raise DatabaseNotFound(f"服务器数据库 {address.label()} 还没有建表：请管理员先运行 "
                                   f"frontline init --db {address.url()}")
        if current != head:
            if current not in migrate.known_revisions():
                raise DatabaseTooNew(f"服务器数据库 {address.label()} 的结构版本为 {current}，"
                                     f"比本程序支持的 {head} 更新。请升级一线考核程序后再连接")
            if may_upgrade is None:
                raise SchemaOutdated(current, head, address.label())
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
                if migrate.current_revision(conn) != head:  # unless another administrator just did
                    if not may_upgrade(conn):
                        raise PermissionDenied(f"服务器数据库的结构版本为 {current}，本程序需要 {head}："
                                               "只有管理员可以升级，请联系管理员")
                    migrate.upgrade(conn, _chain_key(conn) or b"\0" * 32)
                    grant_tables(conn, program_accounts_with_roles(conn))  # the new tables too
                    if not _chain_key(conn):
                        conn.execute(insert(DatabaseMeta).values(key=CHAIN_KEY, value=secrets.token_hex(32)))
                    log.info("upgraded server database %s from %s to %s", address.label(), current, head)
                    upgraded = True
        with engine.connect() as conn:
            key = _chain_key(conn)
        if not key:
            raise FrontlineError(f"服务器数据库 {address.label()} 缺少审计链密钥：它不是由本程序初始化的")
        db = cls(address, engine, key)
        db.upgraded = upgraded
        with db.read_session() as s:
            db.chain.check(s)
        return db

    def checkpoint(self) -> None:
        return None  # the server manages its own write-ahead log

    def announce(self, session: Session, message: str) -> None:
        from desktop.store import notices

        notices.announce(session, message)

    def notice_listener(self, on_notices: Callable[[list[str]], None],
                        on_state: Callable[[bool, str], None]) -> NoticeListener:
        from desktop.store import notices

        return notices.NoticeListener(notices.listener_connector(self.engine), on_notices, on_state)

    def resync_sequences(self) -> None:
        with self.engine.begin() as conn:
            resync_sequences(conn)

    def close(self) -> None:
        self.engine.dispose()


def resync_sequences(conn: Connection) -> None:
    """Move every table's id sequence past its largest id: rows inserted with their ids given
    (the demo generator, migrate-db) do not advance PostgreSQL's sequences, and the next row
    added the ordinary way would meet an id already taken."""
    rows = conn.execute(text(
        "SELECT c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) "
        "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
        "AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL"))
    for table, column, sequence in list(rows):
        conn.execute(text(f'SELECT setval(:seq, COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'),
                     {"seq": sequence})


def administrator_consents(username: str, roles: tuple[str, ...]) -> Callable[[Connection], bool]:
    """`may_upgrade` for an account: true if the program's account row of that name is active
    and has one of `roles` (read with plain SQL: the schema is the old one)."""

    def check(conn: Connection) -> bool:
        row: Any = conn.execute(text("SELECT role, active FROM account WHERE username = :u"), {"u": username}).first()
        return row is not None and bool(row[1]) and str(row[0]) in roles

    return check


# --- server accounts ------------------------------------------------------------------------

def _literal(value: str) -> str:
    # Role statements take no parameters; standard_conforming_strings (on since PostgreSQL
    # 9.1) makes a doubled quote the only escape a literal needs.
    return "'" + value.replace("'", "''") + "'"


def _role(username: str) -> str:
    # Usernames are letters, digits, 汉字, "_", "." and "-" only (services/admin/accounts.py).
    return '"' + username.replace('"', '""') + '"'


class ServerAccounts:
    """The server accounts (PostgreSQL login roles) behind the program's accounts.

    What key slots are to a file: adding an account creates its role with its password and
    the rights it needs on this database's tables; a new or reset password is the role's;
    deactivating takes its login away. Everything runs in the operation's transaction, so a
    refused change leaves the server as it was. The acting administrator's server account
    needs CREATEROLE (the README's setup gives it)."""

    def has_user(self, session: Session, username: str) -> bool:
        return bool(session.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :u"),
                                    {"u": username}).scalar())

    @staticmethod
    def role_exists(session: Session, username: str) -> bool:
        """Has the server a login (role) of this name — this database's, another database's on
        the same server, or one its administrator made?"""
        return bool(session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": username}).scalar())

    def set_password(self, session: Session, username: str, password: str) -> None:
        verb = "ALTER" if self.role_exists(session, username) else "CREATE"
        self._run(session, f"{verb} ROLE {_role(username)} LOGIN PASSWORD {_literal(password)}")
        grant_tables(session.connection(), [username])

    def remove_user(self, session: Session, username: str) -> None:
        if self.role_exists(session, username):
            self._run(session, f"ALTER ROLE {_role(username)} NOLOGIN")

    @staticmethod
    def _run(session: Session, statement: str) -> None:
        try:
            with session.begin_nested():
                session.execute(text(statement))
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", "") == "42501":
                raise PermissionDenied("当前的服务器账户没有管理账户的权限（CREATEROLE）：请数据库管理员授予，"
                                       "或用 psql 创建账户") from exc
            raise


def grant_tables(conn: Connection, usernames: list[str]) -> None:
    """The rights a program's account needs on every table: read and write the records, and
    only append to the audit log (no UPDATE or DELETE on audit_entry, so even a clerk who
    connects with psql cannot rewrite history). The tables' owner (the administrator who
    created them, who runs the migrations) keeps its own rights."""
    owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                              "AND tablename = 'audit_entry'")).scalar()
    for name in usernames:
        if name == owner:
            continue
        role = _role(name)
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM {role}"))


def program_accounts_with_roles(conn: Connection) -> list[str]:
    """The program's active accounts that have a login role on the server (to grant new tables to)."""
    rows = conn.execute(text("SELECT a.username FROM account a JOIN pg_roles r ON r.rolname = a.username "
                             "WHERE a.active AND r.rolcanlogin AND NOT r.rolsuper"))
    return [str(r[0]) for r in rows]
