"""initial schema: cadre files, accounts, audit, code tables, settings

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24 00:11:52.222618
"""
from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

def upgrade() -> None:

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=False),
    sa.Column('op_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_op_id'), ['op_id'], unique=False)

    op.create_table('cadre',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('name_pinyin', sa.String(length=200), nullable=False),
    sa.Column('name_initials', sa.String(length=60), nullable=False),
    sa.Column('sex', sa.String(length=4), nullable=False),
    sa.Column('birth', sa.String(length=8), nullable=True),
    sa.Column('ethnicity', sa.String(length=20), nullable=False),
    sa.Column('native_place', sa.String(length=60), nullable=False),
    sa.Column('birthplace', sa.String(length=60), nullable=False),
    sa.Column('political_status', sa.String(length=20), nullable=False),
    sa.Column('party_joined', sa.String(length=8), nullable=True),
    sa.Column('work_started', sa.String(length=8), nullable=True),
    sa.Column('health', sa.String(length=20), nullable=False),
    sa.Column('professional_title', sa.String(length=60), nullable=False),
    sa.Column('expertise', sa.String(length=200), nullable=False),
    sa.Column('citizen_id', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('mobile', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('current_post_override', sa.Text(), nullable=False),
    sa.Column('proposed_post', sa.Text(), nullable=False),
    sa.Column('proposed_removal', sa.Text(), nullable=False),
    sa.Column('appointment_reason', sa.Text(), nullable=False),
    sa.Column('resume_override', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadre')),
    sa.UniqueConstraint('uid', name=op.f('uq_cadre_uid'))
    )
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cadre_name'), ['name'], unique=False)
        batch_op.create_index('ix_cadre_name_birth', ['name', 'birth'], unique=False)
        batch_op.create_index('ix_cadre_search', ['name_pinyin', 'name_initials', 'name'], unique=False)

    op.create_table('code_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code_item')),
    sa.UniqueConstraint('table_name', 'code', name=op.f('uq_code_item_table_name_code')),
    sa.UniqueConstraint('table_name', 'name', name=op.f('uq_code_item_table_name_name'))
    )
    with op.batch_alter_table('code_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_item_table_name'), ['table_name'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_tag_name')),
    sa.UniqueConstraint('uid', name=op.f('uq_tag_uid'))
    )
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['unit.id'], name=op.f('fk_unit_parent_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('uid', name=op.f('uq_unit_uid'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_parent_id'), ['parent_id'], unique=False)

    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_account_cadre_id_cadre'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('username', name=op.f('uq_account_username'))
    )
    op.create_table('annual_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_annual_result_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_result')),
    sa.UniqueConstraint('cadre_id', 'year', name=op.f('uq_annual_result_cadre_id_year')),
    sa.UniqueConstraint('uid', name=op.f('uq_annual_result_uid'))
    )
    with op.batch_alter_table('annual_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_result_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_attachment_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('uid', name=op.f('uq_attachment_uid'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('cadre_photo',
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('jpeg', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_cadre_photo_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cadre_id', name=op.f('pk_cadre_photo'))
    )
    op.create_table('cadre_tag',
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_cadre_tag_cadre_id_cadre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_cadre_tag_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cadre_id', 'tag_id', name=op.f('pk_cadre_tag'))
    )
    with op.batch_alter_table('cadre_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_tag_tag_id'), ['tag_id'], unique=False)

    op.create_table('family_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('birth', sa.String(length=8), nullable=True),
    sa.Column('political_status', sa.String(length=20), nullable=False),
    sa.Column('work_unit_post', sa.String(length=200), nullable=False),
    sa.Column('is_social_relation', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_family_member_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_member')),
    sa.UniqueConstraint('uid', name=op.f('uq_family_member_uid'))
    )
    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_member_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('leadership_level', sa.String(length=10), nullable=False),
    sa.Column('grade', sa.String(length=4), nullable=False),
    sa.Column('rank', sa.String(length=20), nullable=False),
    sa.Column('is_main', sa.Boolean(), nullable=False),
    sa.Column('start', sa.String(length=8), nullable=True),
    sa.Column('end', sa.String(length=8), nullable=True),
    sa.Column('appointing_doc', sa.String(length=100), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_post_cadre_id_cadre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_post_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post')),
    sa.UniqueConstraint('uid', name=op.f('uq_post_uid'))
    )
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_unit_id'), ['unit_id'], unique=False)

    op.create_table('punishment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.String(length=8), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('granted_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('lifted', sa.String(length=8), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_punishment_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_punishment')),
    sa.UniqueConstraint('uid', name=op.f('uq_punishment_uid'))
    )
    with op.batch_alter_table('punishment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_punishment_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('reward',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.String(length=8), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('granted_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_reward_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward')),
    sa.UniqueConstraint('uid', name=op.f('uq_reward_uid'))
    )
    with op.batch_alter_table('reward', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reward_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=6), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('degree', sa.String(length=30), nullable=False),
    sa.Column('school', sa.String(length=100), nullable=False),
    sa.Column('major', sa.String(length=100), nullable=False),
    sa.Column('start', sa.String(length=8), nullable=True),
    sa.Column('end', sa.String(length=8), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_study_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study')),
    sa.UniqueConstraint('uid', name=op.f('uq_study_uid'))
    )
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_study_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('organizer', sa.String(length=100), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('start', sa.String(length=8), nullable=True),
    sa.Column('end', sa.String(length=8), nullable=True),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_training_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training')),
    sa.UniqueConstraint('uid', name=op.f('uq_training_uid'))
    )
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('work_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.String(length=8), nullable=True),
    sa.Column('end', sa.String(length=8), nullable=True),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_work_record_cadre_id_cadre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_record')),
    sa.UniqueConstraint('uid', name=op.f('uq_work_record_uid'))
    )
    with op.batch_alter_table('work_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_record_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('saved_filter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('filter_json', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filter')),
    sa.UniqueConstraint('name', name=op.f('uq_saved_filter_name')),
    sa.UniqueConstraint('uid', name=op.f('uq_saved_filter_uid'))
    )


def downgrade() -> None:
    op.drop_table('saved_filter')

    with op.batch_alter_table('work_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_record_cadre_id'))

    op.drop_table('work_record')
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_cadre_id'))

    op.drop_table('training')
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_study_cadre_id'))

    op.drop_table('study')
    with op.batch_alter_table('reward', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reward_cadre_id'))

    op.drop_table('reward')
    with op.batch_alter_table('punishment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_punishment_cadre_id'))

    op.drop_table('punishment')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_unit_id'))
        batch_op.drop_index(batch_op.f('ix_post_cadre_id'))

    op.drop_table('post')
    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_member_cadre_id'))

    op.drop_table('family_member')
    with op.batch_alter_table('cadre_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadre_tag_tag_id'))

    op.drop_table('cadre_tag')
    op.drop_table('cadre_photo')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_cadre_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('annual_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_result_cadre_id'))

    op.drop_table('annual_result')
    op.drop_table('account')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_parent_id'))

    op.drop_table('unit')
    op.drop_table('tag')
    op.drop_table('setting')
    with op.batch_alter_table('code_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_item_table_name'))

    op.drop_table('code_item')
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_index('ix_cadre_search')
        batch_op.drop_index('ix_cadre_name_birth')
        batch_op.drop_index(batch_op.f('ix_cadre_name'))
        batch_op.drop_index(batch_op.f('ix_cadre_citizen_id'))

    op.drop_table('cadre')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_op_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_cadre_id'))

    op.drop_table('audit_entry')
