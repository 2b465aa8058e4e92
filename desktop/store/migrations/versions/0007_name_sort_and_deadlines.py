"""Names sorted as a clerk reads them, and directive deadlines as precise as they were typed.

1. Names: 陈 (chen) before 程 (cheng), 单 as shan, 曾 as zeng.

The roster orders by cadre.name_pinyin, which held the full readings run together
(chenzhi after chengan) with a surname's everyday reading first (单 dan). Its first word is
now the sort key, syllable by syllable with the surname read as a surname
(models/search_keys.stored_keys); every cadre's keys are computed again here. Searching is
unchanged: it matches at the start of any word, and the old readings are all still there.

2. A directive item's deadline is kept as precise as it was typed: 2026.06 is "by June", not
the 1st of June that reports printed (2026年6月1日). The column becomes a partial date
('YYYYMM' or 'YYYYMMDD', as the cadre file's dates). Existing deadlines were all stored as
days; they stay days ('2026-06-01' → '20260601'), since nothing says which were typed as
months.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    from desktop.models.search_keys import stored_keys

    bind = op.get_bind()
    cadre = sa.table("cadre", sa.column("id", sa.Integer), sa.column("name", sa.String),
                     sa.column("name_pinyin", sa.String), sa.column("name_initials", sa.String))
    rows = bind.execute(sa.select(cadre.c.id, cadre.c.name).order_by(cadre.c.id)).all()
    stmt = (sa.update(cadre).where(cadre.c.id == sa.bindparam("cid"))
            .values(name_pinyin=sa.bindparam("p"), name_initials=sa.bindparam("i")))
    for start in range(0, len(rows), BATCH):
        updates = []
        for cid, name in rows[start:start + BATCH]:
            pinyin, initials = stored_keys(name or "")
            updates.append({"cid": cid, "p": pinyin, "i": initials})
        bind.execute(stmt, updates)
    if bind.dialect.name != "sqlite":
        op.alter_column("directive_item", "deadline", type_=sa.String(8), existing_type=sa.Date(),
                        postgresql_using="to_char(deadline, 'YYYYMMDD')")
        return
    op.execute("UPDATE directive_item SET deadline = replace(deadline, '-', '') WHERE deadline IS NOT NULL")
    # SQLite changes a column's type by rebuilding the table, and dropping the old table
    # deletes the campaigns' links to its items (ON DELETE CASCADE, foreign keys are on):
    # they are kept aside and put back, all in this migration's one transaction.
    op.execute("CREATE TEMP TABLE kept_item_links AS SELECT campaign_id, item_id FROM campaign_directive_item")
    with op.batch_alter_table("directive_item", recreate="always") as batch:
        batch.alter_column("deadline", type_=sa.String(8), existing_type=sa.Date())
    op.execute("INSERT OR IGNORE INTO campaign_directive_item (campaign_id, item_id) "
               "SELECT campaign_id, item_id FROM kept_item_links")
    op.execute("DROP TABLE kept_item_links")


def downgrade() -> None:
    # Back to days (a month becomes its 1st, as before); the name keys stay valid search keys.
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.alter_column("directive_item", "deadline", type_=sa.Date(), existing_type=sa.String(8),
                        postgresql_using="to_date(rpad(deadline, 8, '01'), 'YYYYMMDD')")
        return
    op.execute("UPDATE directive_item SET deadline = substr(deadline, 1, 4) || '-' || substr(deadline, 5, 2) || '-' "
               "|| coalesce(nullif(substr(deadline, 7, 2), ''), '01') WHERE deadline IS NOT NULL")
    op.execute("CREATE TEMP TABLE kept_item_links AS SELECT campaign_id, item_id FROM campaign_directive_item")
    with op.batch_alter_table("directive_item", recreate="always") as batch:
        batch.alter_column("deadline", type_=sa.Date(), existing_type=sa.String(8))
    op.execute("INSERT OR IGNORE INTO campaign_directive_item (campaign_id, item_id) "
               "SELECT campaign_id, item_id FROM kept_item_links")
    op.execute("DROP TABLE kept_item_links")
