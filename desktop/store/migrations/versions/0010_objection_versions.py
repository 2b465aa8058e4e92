"""Objections to a grading notice (公示异议) count their saves too.

Their handling (处理情况) is written in a dialog that two clerks can have open at once; with
`row_version` (1 for existing rows) the ORM adds `WHERE row_version = …` to each UPDATE, and a
handling saved over another clerk's newer one is refused with both versions
(services/record_versions.py), as 0009 did for the other records clerks edit in place.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# With 0009's list, kept equal to desktop.models.base.VERSIONED_TABLES (a test compares them).
VERSIONED = ("notice_objection",)


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('row_version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('row_version')
