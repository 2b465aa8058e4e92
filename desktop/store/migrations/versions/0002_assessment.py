"""Front-line assessment: instruction ledger, campaigns, visits, talks, drafts, sheets,
ballots and the political-performance points ledger (append-only, enforced by triggers).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:12:38.788143
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None



# The points ledger is append-only: a correction is a new reversing entry. The program
# never updates or deletes an entry; these triggers make the database refuse it too, so
# that no other tool can quietly rewrite a cadre's record.
SQLITE_TRIGGERS = (
    "CREATE TRIGGER point_entry_no_update BEFORE UPDATE ON point_entry "
    "BEGIN SELECT RAISE(ABORT, 'point_entry is append-only'); END",
    "CREATE TRIGGER point_entry_no_delete BEFORE DELETE ON point_entry "
    "BEGIN SELECT RAISE(ABORT, 'point_entry is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION point_entry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'point_entry is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER point_entry_no_change BEFORE UPDATE OR DELETE ON point_entry "
    "FOR EACH ROW EXECUTE FUNCTION point_entry_append_only()",
)


def _append_only(create: bool) -> None:
    dialect = op.get_bind().dialect.name
    statements: tuple[str, ...]
    if dialect == "sqlite":
        statements = SQLITE_TRIGGERS if create else (
            "DROP TRIGGER IF EXISTS point_entry_no_update", "DROP TRIGGER IF EXISTS point_entry_no_delete")
    elif dialect == "postgresql":
        statements = POSTGRES_TRIGGERS if create else (
            "DROP TRIGGER IF EXISTS point_entry_no_change ON point_entry",
            "DROP FUNCTION IF EXISTS point_entry_append_only()")
    else:
        statements = ()
    for statement in statements:
        op.execute(statement)

def upgrade() -> None:

    op.create_table('directive',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('issued_by', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('doc_no', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directive')),
    sa.UniqueConstraint('uid', name=op.f('uq_directive_uid'))
    )
    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft'))
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_owner'), ['owner'], unique=False)

    op.create_table('point_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=10), nullable=False),
    sa.Column('behaviour', sa.String(length=200), nullable=False),
    sa.Column('positive', sa.Boolean(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('min_points', sa.Integer(), nullable=False),
    sa.Column('max_points', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_rule')),
    sa.UniqueConstraint('uid', name=op.f('uq_point_rule_uid'))
    )
    op.create_table('sheet_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_template')),
    sa.UniqueConstraint('family', 'version', name=op.f('uq_sheet_template_family_version')),
    sa.UniqueConstraint('uid', name=op.f('uq_sheet_template_uid'))
    )
    with op.batch_alter_table('sheet_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_template_family'), ['family'], unique=False)

    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('topic_source', sa.String(length=20), nullable=False),
    sa.Column('source_detail', sa.Text(), nullable=False),
    sa.Column('follows', sa.String(length=200), nullable=False),
    sa.Column('follows_unit_id', sa.Integer(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rater_weights', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['follows_unit_id'], ['unit.id'], name=op.f('fk_campaign_follows_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('uid', name=op.f('uq_campaign_uid'))
    )
    op.create_table('directive_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['directive_id'], ['directive.id'], name=op.f('fk_directive_item_directive_id_directive'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directive_item')),
    sa.UniqueConstraint('uid', name=op.f('uq_directive_item_uid'))
    )
    with op.batch_alter_table('directive_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directive_item_directive_id'), ['directive_id'], unique=False)

    op.create_table('template_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('checklist', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['sheet_template.id'], name=op.f('fk_template_section_template_id_sheet_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_section')),
    sa.UniqueConstraint('uid', name=op.f('uq_template_section_uid'))
    )
    with op.batch_alter_table('template_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_template_section_template_id'), ['template_id'], unique=False)

    op.create_table('ballot_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('rater_category', sa.String(length=10), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_ballot_batch_cadre_id_cadre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_ballot_batch_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['sheet_template.id'], name=op.f('fk_ballot_batch_template_id_sheet_template'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_batch')),
    sa.UniqueConstraint('uid', name=op.f('uq_ballot_batch_uid'))
    )
    with op.batch_alter_table('ballot_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_batch_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_batch_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_cadre',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_campaign_cadre_cadre_id_cadre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_cadre_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'cadre_id', name=op.f('pk_campaign_cadre'))
    )
    with op.batch_alter_table('campaign_cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_cadre_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('campaign_directive_item',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_directive_item_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['directive_item.id'], name=op.f('fk_campaign_directive_item_item_id_directive_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'item_id', name=op.f('pk_campaign_directive_item'))
    )
    with op.batch_alter_table('campaign_directive_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_directive_item_item_id'), ['item_id'], unique=False)

    op.create_table('campaign_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_campaign_member_account_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_member_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_member')),
    sa.UniqueConstraint('uid', name=op.f('uq_campaign_member_uid'))
    )
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_member_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_unit',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_unit_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_campaign_unit_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'unit_id', name=op.f('pk_campaign_unit'))
    )
    with op.batch_alter_table('campaign_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_unit_unit_id'), ['unit_id'], unique=False)

    op.create_table('sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('rater_category', sa.String(length=10), nullable=False),
    sa.Column('rater_name', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_sheet_cadre_id_cadre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_sheet_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['sheet_template.id'], name=op.f('fk_sheet_template_id_sheet_template'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet')),
    sa.UniqueConstraint('uid', name=op.f('uq_sheet_uid'))
    )
    with op.batch_alter_table('sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sheet_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sheet_template_id'), ['template_id'], unique=False)

    op.create_table('talk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('interviewers', sa.JSON(), nullable=False),
    sa.Column('interviewee_cadre_id', sa.Integer(), nullable=True),
    sa.Column('interviewee_name', sa.String(length=40), nullable=False),
    sa.Column('interviewee_unit', sa.String(length=200), nullable=False),
    sa.Column('interviewee_post', sa.String(length=100), nullable=False),
    sa.Column('start_at', sa.DateTime(), nullable=True),
    sa.Column('end_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('recorder', sa.String(length=40), nullable=False),
    sa.Column('confidentiality', sa.String(length=10), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_talk_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interviewee_cadre_id'], ['cadre.id'], name=op.f('fk_talk_interviewee_cadre_id_cadre'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talk')),
    sa.UniqueConstraint('uid', name=op.f('uq_talk_uid'))
    )
    with op.batch_alter_table('talk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talk_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talk_interviewee_cadre_id'), ['interviewee_cadre_id'], unique=False)

    op.create_table('template_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('weight_centi', sa.Integer(), nullable=False),
    sa.Column('scale', sa.JSON(), nullable=False),
    sa.Column('fact_below', sa.Integer(), nullable=False),
    sa.Column('is_overall', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['template_section.id'], name=op.f('fk_template_item_section_id_template_section'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['sheet_template.id'], name=op.f('fk_template_item_template_id_sheet_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_item')),
    sa.UniqueConstraint('uid', name=op.f('uq_template_item_uid'))
    )
    with op.batch_alter_table('template_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_template_item_section_id'), ['section_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_template_item_template_id'), ['template_id'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('unannounced', sa.Boolean(), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.Column('seen', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_visit_campaign_id_campaign'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
    sa.UniqueConstraint('uid', name=op.f('uq_visit_uid'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('marks', sa.JSON(), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['ballot_batch.id'], name=op.f('fk_ballot_batch_id_ballot_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('uid', name=op.f('uq_ballot_uid'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_batch_id'), ['batch_id'], unique=False)

    op.create_table('point_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=10), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('behaviour', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('fact', sa.Text(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('talk_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_point_entry_cadre_id_cadre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_point_entry_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reverses_id'], ['point_entry.id'], name=op.f('fk_point_entry_reverses_id_point_entry'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rule_id'], ['point_rule.id'], name=op.f('fk_point_entry_rule_id_point_rule'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['talk_id'], ['talk.id'], name=op.f('fk_point_entry_talk_id_talk'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_point_entry_visit_id_visit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_entry')),
    sa.UniqueConstraint('uid', name=op.f('uq_point_entry_uid'))
    )
    with op.batch_alter_table('point_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_entry_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_entry_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_point_entry_reverses_id'), ['reverses_id'], unique=False)

    op.create_table('sheet_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.Column('fact', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['template_item.id'], name=op.f('fk_sheet_answer_item_id_template_item'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sheet_id'], ['sheet.id'], name=op.f('fk_sheet_answer_sheet_id_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_answer')),
    sa.UniqueConstraint('sheet_id', 'item_id', name=op.f('uq_sheet_answer_sheet_id_item_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_sheet_answer_uid'))
    )
    with op.batch_alter_table('sheet_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_answer_sheet_id'), ['sheet_id'], unique=False)

    op.create_table('talk_cadre',
    sa.Column('talk_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_talk_cadre_cadre_id_cadre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['talk_id'], ['talk.id'], name=op.f('fk_talk_cadre_talk_id_talk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('talk_id', 'cadre_id', name=op.f('pk_talk_cadre'))
    )
    with op.batch_alter_table('talk_cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talk_cadre_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('visit_unit',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_visit_unit_unit_id_unit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_visit_unit_visit_id_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('visit_id', 'unit_id', name=op.f('pk_visit_unit'))
    )
    with op.batch_alter_table('visit_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_unit_unit_id'), ['unit_id'], unique=False)

    op.create_table('point_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['point_entry.id'], name=op.f('fk_point_evidence_entry_id_point_entry'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_evidence')),
    sa.UniqueConstraint('uid', name=op.f('uq_point_evidence_uid'))
    )
    with op.batch_alter_table('point_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_evidence_entry_id'), ['entry_id'], unique=False)
    _append_only(create=True)


def downgrade() -> None:
    _append_only(create=False)

    with op.batch_alter_table('point_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_evidence_entry_id'))

    op.drop_table('point_evidence')
    with op.batch_alter_table('visit_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_unit_unit_id'))

    op.drop_table('visit_unit')
    with op.batch_alter_table('talk_cadre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talk_cadre_cadre_id'))

    op.drop_table('talk_cadre')
    with op.batch_alter_table('sheet_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_answer_sheet_id'))

    op.drop_table('sheet_answer')
    with op.batch_alter_table('point_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_entry_reverses_id'))
        batch_op.drop_index(batch_op.f('ix_point_entry_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_point_entry_cadre_id'))

    op.drop_table('point_entry')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_batch_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_campaign_id'))

    op.drop_table('visit')
    with op.batch_alter_table('template_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_template_item_template_id'))
        batch_op.drop_index(batch_op.f('ix_template_item_section_id'))

    op.drop_table('template_item')
    with op.batch_alter_table('talk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talk_interviewee_cadre_id'))
        batch_op.drop_index(batch_op.f('ix_talk_campaign_id'))

    op.drop_table('talk')
    with op.batch_alter_table('sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_template_id'))
        batch_op.drop_index(batch_op.f('ix_sheet_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_sheet_cadre_id'))

    op.drop_table('sheet')
    with op.batch_alter_table('campaign_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_unit_unit_id'))

    op.drop_table('campaign_unit')
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_member_campaign_id'))

    op.drop_table('campaign_member')
    with op.batch_alter_table('campaign_directive_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_directive_item_item_id'))

    op.drop_table('campaign_directive_item')
    with op.batch_alter_table('campaign_cadre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_cadre_cadre_id'))

    op.drop_table('campaign_cadre')
    with op.batch_alter_table('ballot_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_batch_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_ballot_batch_cadre_id'))

    op.drop_table('ballot_batch')
    with op.batch_alter_table('template_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_template_section_template_id'))

    op.drop_table('template_section')
    with op.batch_alter_table('directive_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directive_item_directive_id'))

    op.drop_table('directive_item')
    op.drop_table('campaign')
    with op.batch_alter_table('sheet_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_template_family'))

    op.drop_table('sheet_template')
    op.drop_table('point_rule')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_owner'))

    op.drop_table('draft')
    op.drop_table('directive')
