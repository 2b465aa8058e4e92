"""Judging and using the results: the comprehensive analysis (versioned conclusions whose
sentences cite facts), the political-quality appraisal, annual grading rounds within quota
with their public notice and objections, and the records of how results were used.

New tables only; nothing existing changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=20), nullable=False),
    sa.Column('sentence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('ref_uid', sa.String(length=32), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citation')),
    sa.UniqueConstraint('uid', name=op.f('uq_citation_uid'))
    )
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citation_owner_id'), ['owner_id'], unique=False)

    op.create_table('analysis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('weaknesses', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('signed_by', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_analysis_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis')),
    sa.UniqueConstraint('cadre_id', 'version', name=op.f('uq_analysis_cadre_id_version')),
    sa.UniqueConstraint('uid', name=op.f('uq_analysis_uid'))
    )
    with op.batch_alter_table('analysis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('appraisal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sheets_issued', sa.Integer(), nullable=False),
    sa.Column('sheets_returned', sa.Integer(), nullable=False),
    sa.Column('sheets_valid', sa.Integer(), nullable=False),
    sa.Column('count_good', sa.Integer(), nullable=False),
    sa.Column('count_fair', sa.Integer(), nullable=False),
    sa.Column('count_average', sa.Integer(), nullable=False),
    sa.Column('count_poor', sa.Integer(), nullable=False),
    sa.Column('supervisor_comment', sa.Text(), nullable=False),
    sa.Column('suggested_grade', sa.String(length=10), nullable=False),
    sa.Column('committee_opinion', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_appraisal_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal')),
    sa.UniqueConstraint('cadre_id', 'year', name=op.f('uq_appraisal_cadre_id_year')),
    sa.UniqueConstraint('uid', name=op.f('uq_appraisal_uid'))
    )
    with op.batch_alter_table('appraisal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('grade_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('staff_type', sa.String(length=10), nullable=False),
    sa.Column('bands', sa.String(length=60), nullable=False),
    sa.Column('quota_share', sa.Float(), nullable=False),
    sa.Column('frontline_share', sa.Float(), nullable=False),
    sa.Column('frontline_rule', sa.String(length=200), nullable=False),
    sa.Column('frontline_months', sa.Integer(), nullable=False),
    sa.Column('min_service_months', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('approval', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=40), nullable=False),
    sa.Column('approved_excellent', sa.Integer(), nullable=False),
    sa.Column('notice_start', sa.Date(), nullable=True),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('signed_by', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_grade_round_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_round')),
    sa.UniqueConstraint('uid', name=op.f('uq_grade_round_uid')),
    sa.UniqueConstraint('unit_id', 'year', 'staff_type', name=op.f('uq_grade_round_unit_id_year_staff_type'))
    )
    with op.batch_alter_table('grade_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grade_round_unit_id'), ['unit_id'], unique=False)

    op.create_table('result_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('subtype', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_result_use_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_result_use_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_use')),
    sa.UniqueConstraint('uid', name=op.f('uq_result_use_uid'))
    )
    with op.batch_alter_table('result_use', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_use_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_use_kind'), ['kind'], unique=False)

    op.create_table('grade_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('proposed', sa.String(length=10), nullable=False),
    sa.Column('grade', sa.String(length=10), nullable=False),
    sa.Column('undetermined_reason', sa.String(length=200), nullable=False),
    sa.Column('frontline', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_grade_proposal_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['grade_round.id'], name=op.f('fk_grade_proposal_round_id_grade_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_proposal')),
    sa.UniqueConstraint('round_id', 'cadre_id', name=op.f('uq_grade_proposal_round_id_cadre_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_grade_proposal_uid'))
    )
    with op.batch_alter_table('grade_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grade_proposal_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grade_proposal_round_id'), ['round_id'], unique=False)

    op.create_table('notice_objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('handling', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_notice_objection_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['grade_round.id'], name=op.f('fk_notice_objection_round_id_grade_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_objection')),
    sa.UniqueConstraint('uid', name=op.f('uq_notice_objection_uid'))
    )
    with op.batch_alter_table('notice_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_objection_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notice_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_objection_round_id'))

    op.drop_table('notice_objection')
    with op.batch_alter_table('grade_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grade_proposal_round_id'))
        batch_op.drop_index(batch_op.f('ix_grade_proposal_cadre_id'))

    op.drop_table('grade_proposal')
    with op.batch_alter_table('result_use', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_use_kind'))
        batch_op.drop_index(batch_op.f('ix_result_use_cadre_id'))

    op.drop_table('result_use')
    with op.batch_alter_table('grade_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grade_round_unit_id'))

    op.drop_table('grade_round')
    with op.batch_alter_table('appraisal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_cadre_id'))

    op.drop_table('appraisal')
    with op.batch_alter_table('analysis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_cadre_id'))

    op.drop_table('analysis')
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citation_owner_id'))

    op.drop_table('citation')
