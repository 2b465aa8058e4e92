"""任免审批表 fidelity: 奖惩情况 as written, 入党时间 and 年度考核结果 as the form wrote them,
呈报单位 per cadre, and the two fields of the 2025 retirement-age reform (改革前任职年龄界限,
到龄年月).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Existing rows get the model's own default ('' for text); the server default only serves
# that, since the program always writes every column itself.
TEXT_COLUMNS = (
    ('rewards_override', sa.Text()),
    ('party_joined_text', sa.String(length=60)),
    ('annual_results_text', sa.Text()),
    ('reporting_unit', sa.String(length=200)),
    ('pre_reform_age_limit', sa.String(length=40)),
)


def upgrade() -> None:
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        for name, type_ in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=''))
        batch_op.add_column(sa.Column('retirement_due', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_column('retirement_due')
        for name, _type in reversed(TEXT_COLUMNS):
            batch_op.drop_column(name)
