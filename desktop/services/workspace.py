"""A Workspace is an open database plus the account acting on it: what every service takes."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import PermissionDenied
from desktop.models.accounts import Account
from desktop.services import live, permissions
from desktop.services.operations import Changes, OpContext, OpResult, execute
from desktop.store import server
from desktop.store.database import Database
from desktop.store.login_guard import LoginGuard
from desktop.store.package_guard import PackageGuard
from desktop.store.sql_errors import refusal_for as refusal_for  # the window and the command line tell these

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    account_id: int | None = None
    cadre_id: int | None = None
    display_name: str = ""


def _destroy_inactive_slots(db: Database) -> None:
    """Databases from before deactivation destroyed key slots may still hold a slot for a
    deactivated account: destroy it at the next login, so its password stops opening the file."""
    if db.is_package or db.is_server:
        return
    with db.read_session() as s:
        inactive = list(s.scalars(select(Account.username).where(Account.active.is_(False))))
    stale = [name for name in inactive if db.slots.has_user(name)]
    if stale:
        for name in stale:
            db.slots.remove_user(name)
        db.slots.save()
        log.info("destroyed the key slots of deactivated accounts: %s", ", ".join(stale))


class Workspace:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        # Called with each OpResult after its commit (on the thread that ran it). The window
        # turns this into one Qt signal; services never know who listens.
        self.listeners: list[Callable[[OpResult[Any]], None]] = []
        # Marks this workspace's change notices on an office server, so that its own window
        # does not refresh again for what it already heard of (services/live.py).
        self.origin = uuid.uuid4().hex[:12]

    @classmethod
    def open(cls, path: Path | str, username: str, password: str, *,
             guard: LoginGuard | None = None, package_guard: PackageGuard | None = None,
             upgrade: bool = False) -> Workspace:
        """Open a database file, or an office server's database (`postgresql://…`: the
        account is the server account; `upgrade` is an administrator's consent to upgrade an
        older server schema)."""
        from desktop.services.exchange.packages import file as package_file

        db: Database
        if server.is_server_url(path):
            address = server.ServerAddress.parse(str(path), username)
            username = address.user
            consent = server.administrator_consents(username, permissions.UPGRADERS) if upgrade else None
            db = server.ServerDatabase.open_server(address, password, may_upgrade=consent)
        else:
            db = Database.open(path, username, password, packages=package_file, guard=guard,
                               package_guard=package_guard)
        try:
            with db.read_session() as s:
                account = s.scalar(select(Account).where(Account.username == username))
            if account is None or not account.active:
                if db.is_package:
                    with db.read_session() as s:
                        names = "、".join(s.scalars(select(Account.username).where(Account.active.is_(True))))
                    raise PermissionDenied(f"数据包中没有账户 {username}；可用的账户：{names}")
                raise PermissionDenied(f"账户 {username} 不存在或已停用")
            _destroy_inactive_slots(db)
        except BaseException:
            db.close()
            raise
        ws = cls(db, actor_of(account))
        if db.backups or db.upgraded:
            # Just migrated: give the database the shipped data its new tables expect.
            from desktop.services.units import defaults

            defaults.ensure(ws)
        return ws

    @contextlib.contextmanager
    def read(self, action: str) -> Iterator[Session]:
        """A read-only session for one named read ("cadre.read"), checked by the same permission
        hook as every change: the window and the command line never open one themselves, they
        call the services' query functions, so a role's read rights live in one place."""
        self.require(action)
        with self.db.read_session() as s:
            s.info["actor"] = self.actor  # whose scope the services narrow reads to (services/scopes.py)
            yield s

    def require(self, action: str) -> None:
        """The permission hook alone, for work that must be refused before it starts rather
        than when its audit entry is written (a backup's copy, a file being written out)."""
        permissions.require(self.actor.username, self.actor.role, action)

    def run(self, action: str, fn: Callable[[OpContext], T]) -> OpResult[T]:
        """Check permission, run `fn` in a write transaction, audit it, return what changed."""
        self.require(action)
        actor = self.actor

        def scoped(ctx: OpContext) -> T:
            ctx.session.info["actor"] = actor  # whose scope the services check changes against
            return fn(ctx)

        result, _ = execute(self.db.write_session, self.actor.username, action, scoped, self.db.chain,
                            self._announcer(action))
        for listener in list(self.listeners):
            listener(result)
        return result

    def _announcer(self, action: str) -> Callable[[Session, Changes], None] | None:
        """How an operation tells other clerks' windows what it changed (services/live.py):
        on an office server a notice sent with its commit; a file has nobody to tell."""
        if not self.db.is_server:
            return None

        def announce(session: Session, changes: Changes) -> None:
            self.db.announce(session, live.notice_for(self.origin, action, changes))

        return announce

    def close(self) -> None:
        self.db.close()


def actor_of(account: Account) -> Actor:
    return Actor(account.username, account.role, account.id, account.cadre_id, account.display_name)
