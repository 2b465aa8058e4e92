"""Names sorted as a clerk reads them: 陈 (chen) before 程 (cheng), 单 as shan, 曾 as zeng.

The roster orders by cadre.name_pinyin, which held the full readings run together
(chenzhi after chengan) with a surname's everyday reading first (单 dan). Its first word is
now the sort key, syllable by syllable with the surname read as a surname
(models/search_keys.stored_keys); every cadre's keys are computed again here. Searching is
unchanged: it matches at the start of any word, and the old readings are all still there.

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


def downgrade() -> None:
    pass  # the keys stay valid search keys for 0006 (an extra first word it never matches)
