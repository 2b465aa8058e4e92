from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from desktop.models import Base
from desktop.store import migrate


def test_migrations_from_an_empty_database_match_the_models(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    with engine.begin() as conn:
        migrate.upgrade(conn, b"k" * 32)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
        assert migrate.current_revision(conn) == migrate.head_revision()
    engine.dispose()


def test_downgrade_to_nothing_and_back(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    with engine.begin() as conn:
        migrate.upgrade(conn, b"k" * 32)
        migrate.downgrade(conn, "base")
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
        migrate.upgrade(conn, b"k" * 32)
        assert "cadre" in inspect(conn).get_table_names()
    engine.dispose()


def test_the_shipped_head_constant_is_alembics_head():
    assert migrate.alembic_head() == migrate.HEAD
