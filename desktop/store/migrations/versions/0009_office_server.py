"""The office server: row versions against lost updates, and the audit chain's head kept
outside the audited table.

- Every record clerks edit in place gets `row_version` (1 for existing rows): the ORM adds
  `WHERE row_version = …` to each UPDATE and counts it up (models/base.py: Versioned), and a
  cadre file saved over another clerk's newer save is refused with both versions
  (services/cadres/conflicts.py).
- `audit_head` holds one row: the number and link of the newest audit entry. Every write takes
  it under a row lock first (SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
  already serialises writers), so two clerks' operations append to the chain one after the
  other without a gap, and a chain cut short or extended behind the program's back no longer
  matches it (store/server.py).

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Kept equal to desktop.models.base.VERSIONED_TABLES (a test compares them).
VERSIONED = (
    "account", "analysis", "appraisal", "cadre", "campaign", "directive", "directive_item",
    "grade_proposal", "grade_round", "indicator", "indicator_set", "point_rule", "problem",
    "result_use", "sheet", "sheet_template", "talk", "target", "unit", "verification", "visit",
)


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('row_version', sa.Integer(), nullable=False, server_default='1'))
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.execute(
        "INSERT INTO audit_head (id, seq, hash) "
        "SELECT 1, COALESCE(MAX(id), 0), COALESCE((SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1), "
        f"'{'0' * 64}') FROM audit_entry"
    )


def downgrade() -> None:
    op.drop_table('audit_head')
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('row_version')
