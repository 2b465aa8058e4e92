"""Roles and scopes: which units or campaigns a clerk's or a leader's account works on.

Existing accounts keep the role they have, "admin" (管理员（全部权限）), which may still do
everything: a clerk who upgrades opens the same database with the same password and finds
every section, every cadre file and every right they had before — nobody is locked out of
their own data by an upgrade. Separating the duties (三员分立) is a deliberate step taken
afterwards in 系统管理 → 账户 (or `frontline account-role`): give accounts the roles
系统管理员, 安全保密管理员, 安全审计员, 经办人, 领导 or 考核组成员, and scopes to clerks and
leaders. Only an account with all rights or a 安全保密管理员 assigns roles, and only an
account with all rights can give all rights, so the security administrator cannot make
themselves an all-powerful account. No account gets a scope here: an account without scope
rows works on the whole department, as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 11:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_scope',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(unit_id IS NULL) <> (campaign_id IS NULL)', name=op.f('ck_account_scope_one_target')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_account_scope_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_account_scope_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_account_scope_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_scope'))
    )
    op.create_index(op.f('ix_account_scope_account_id'), 'account_scope', ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_account_scope_account_id'), table_name='account_scope')
    op.drop_table('account_scope')
