"""Alembic environment. Migrations run only through desktop.store.migrate, which passes an
open connection (the key is already set on it; Alembic never sees a password)."""

from alembic import context

from desktop.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through desktop.store.migrate.upgrade(), not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
