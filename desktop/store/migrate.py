"""Schema versions: which revision a database is at, and upgrading it.

Revisions are numbered 0001, 0002 … in desktop/store/migrations/versions; the number a
database carries is its schema version.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
# The newest revision this program ships. Kept here so that opening an up-to-date database
# does not import Alembic (a quarter of a second at every start); a test checks that it is
# Alembic's head.
HEAD = "0010"


def config(connection: Connection | None = None, chain_key: bytes | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        cfg.attributes["connection"] = connection
    if chain_key is not None:
        # Revision 0004 recomputes the audit chain's links under this key.
        cfg.attributes["chain_key"] = chain_key
    return cfg


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head_revision() -> str:
    return HEAD


def alembic_head() -> str | None:
    return _scripts().get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database (None for an empty one), read with plain SQL."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(connection: Connection, chain_key: bytes, target: str = "head") -> None:
    """Upgrade inside the caller's transaction (DDL is transactional on SQLite and PostgreSQL)."""
    from alembic import command

    command.upgrade(config(connection, chain_key), target)


def downgrade(connection: Connection, target: str) -> None:
    from alembic import command

    command.downgrade(config(connection), target)
