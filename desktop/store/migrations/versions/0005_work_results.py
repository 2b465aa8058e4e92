"""Work results verified at the front line: task, problem and implementation lists (with
evidence files), quarterly indicator rule sets, their values, and the bottom-ranked units'
explanations for the quarterly analysis meeting.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('indicator_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_set')),
    sa.UniqueConstraint('name', 'year', 'version', name=op.f('uq_indicator_set_name_year_version')),
    sa.UniqueConstraint('uid', name=op.f('uq_indicator_set_uid'))
    )
    op.create_index(op.f('ix_indicator_set_year'), 'indicator_set', ['year'], unique=False)
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('rule', sa.String(length=10), nullable=False),
    sa.Column('cap', sa.Float(), nullable=False),
    sa.Column('min_value', sa.Float(), nullable=False),
    sa.Column('max_value', sa.Float(), nullable=False),
    sa.Column('lower_is_better', sa.Boolean(), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('source_department', sa.String(length=40), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['set_id'], ['indicator_set.id'], name=op.f('fk_indicator_set_id_indicator_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('uid', name=op.f('uq_indicator_uid'))
    )
    op.create_index(op.f('ix_indicator_set_id'), 'indicator', ['set_id'], unique=False)
    op.create_table('ranking_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_ranking_note_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['set_id'], ['indicator_set.id'], name=op.f('fk_ranking_note_set_id_indicator_set'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_ranking_note_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_note')),
    sa.UniqueConstraint('set_id', 'year', 'quarter', 'unit_id', 'cadre_id', name=op.f('uq_ranking_note_set_id_year_quarter_unit_id_cadre_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_ranking_note_uid'))
    )
    op.create_index(op.f('ix_ranking_note_set_id'), 'ranking_note', ['set_id'], unique=False)
    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('reported_by', sa.String(length=40), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_indicator_value_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_value_indicator_id_indicator'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_indicator_value_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('indicator_id', 'year', 'quarter', 'unit_id', 'cadre_id', name=op.f('uq_indicator_value_indicator_id_year_quarter_unit_id_cadre_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_indicator_value_uid'))
    )
    op.create_index(op.f('ix_indicator_value_cadre_id'), 'indicator_value', ['cadre_id'], unique=False)
    op.create_index(op.f('ix_indicator_value_indicator_id'), 'indicator_value', ['indicator_id'], unique=False)
    op.create_index(op.f('ix_indicator_value_unit_id'), 'indicator_value', ['unit_id'], unique=False)
    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('duty', sa.Text(), nullable=False),
    sa.Column('indicator', sa.String(length=200), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('lower_is_better', sa.Boolean(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('hard', sa.Boolean(), nullable=False),
    sa.Column('source_department', sa.String(length=40), nullable=False),
    sa.Column('post_duty', sa.String(length=200), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_target_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_target_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_target_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target')),
    sa.UniqueConstraint('uid', name=op.f('uq_target_uid'))
    )
    op.create_index(op.f('ix_target_cadre_id'), 'target', ['cadre_id'], unique=False)
    op.create_index(op.f('ix_target_campaign_id'), 'target', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_target_unit_id'), 'target', ['unit_id'], unique=False)
    op.create_table('problem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('bottleneck', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('fed_back_to', sa.String(length=100), nullable=False),
    sa.Column('fed_back_on', sa.Date(), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('talk_id', sa.Integer(), nullable=True),
    sa.Column('raised_by', sa.String(length=40), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_problem_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_problem_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['talk_id'], ['talk.id'], name=op.f('fk_problem_talk_id_talk'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['target_id'], ['target.id'], name=op.f('fk_problem_target_id_target'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_problem_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_problem_visit_id_visit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem')),
    sa.UniqueConstraint('uid', name=op.f('uq_problem_uid'))
    )
    op.create_index(op.f('ix_problem_cadre_id'), 'problem', ['cadre_id'], unique=False)
    op.create_index(op.f('ix_problem_campaign_id'), 'problem', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_problem_talk_id'), 'problem', ['talk_id'], unique=False)
    op.create_index(op.f('ix_problem_unit_id'), 'problem', ['unit_id'], unique=False)
    op.create_index(op.f('ix_problem_visit_id'), 'problem', ['visit_id'], unique=False)
    op.create_index(op.f('ix_problem_year'), 'problem', ['year'], unique=False)
    op.create_table('verification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('achieved_value', sa.Float(), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('fact', sa.Text(), nullable=False),
    sa.Column('verified_by', sa.String(length=40), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['target.id'], name=op.f('fk_verification_target_id_target'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification')),
    sa.UniqueConstraint('target_id', name=op.f('uq_verification_target_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_verification_uid'))
    )
    op.create_table('verification_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verification_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['verification_id'], ['verification.id'], name=op.f('fk_verification_evidence_verification_id_verification'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_evidence')),
    sa.UniqueConstraint('uid', name=op.f('uq_verification_evidence_uid'))
    )
    op.create_index(op.f('ix_verification_evidence_verification_id'), 'verification_evidence', ['verification_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_verification_evidence_verification_id'), table_name='verification_evidence')
    op.drop_table('verification_evidence')
    op.drop_table('verification')
    op.drop_index(op.f('ix_problem_year'), table_name='problem')
    op.drop_index(op.f('ix_problem_visit_id'), table_name='problem')
    op.drop_index(op.f('ix_problem_unit_id'), table_name='problem')
    op.drop_index(op.f('ix_problem_talk_id'), table_name='problem')
    op.drop_index(op.f('ix_problem_campaign_id'), table_name='problem')
    op.drop_index(op.f('ix_problem_cadre_id'), table_name='problem')
    op.drop_table('problem')
    op.drop_index(op.f('ix_target_unit_id'), table_name='target')
    op.drop_index(op.f('ix_target_campaign_id'), table_name='target')
    op.drop_index(op.f('ix_target_cadre_id'), table_name='target')
    op.drop_table('target')
    op.drop_index(op.f('ix_indicator_value_unit_id'), table_name='indicator_value')
    op.drop_index(op.f('ix_indicator_value_indicator_id'), table_name='indicator_value')
    op.drop_index(op.f('ix_indicator_value_cadre_id'), table_name='indicator_value')
    op.drop_table('indicator_value')
    op.drop_index(op.f('ix_ranking_note_set_id'), table_name='ranking_note')
    op.drop_table('ranking_note')
    op.drop_index(op.f('ix_indicator_set_id'), table_name='indicator')
    op.drop_table('indicator')
    op.drop_index(op.f('ix_indicator_set_year'), table_name='indicator_set')
    op.drop_table('indicator_set')
