"""The rows of an exchange package checked before the merge reads them.

A package comes back from a laptop the office does not control. SQLCipher proves that
whoever wrote it knew the package password, not that the rows are sound: SQLite stores any
value in any column, so a doctored (or badly repaired) package can hold a picture where a
date belongs, text where a row id belongs, or a link to a record that does not exist. The
merge would meet those values deep inside its comparisons and fail as a bug. Here every
column's values are checked against what the schema declares (storage class, and the
conversion the column's type makes when reading), and every reference must point at a row,
so that such a package is refused as damaged, naming the kind of record, before anything
is planned.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Connection, Float, Integer, LargeBinary, Numeric, select, text
from sqlalchemy.types import TypeEngine

from desktop.interchange.errors import FileRefused
from desktop.models import Base
from desktop.services.exchange.packages.records import BY_TABLE

LINK_LABELS = {"cadre_tag": "干部标签", "campaign_unit": "考核单位", "campaign_cadre": "被考核干部",
               "campaign_directive_item": "考核事项", "talk_cadre": "谈话对象", "visit_unit": "走访单位",
               "cadre_photo": "照片", "sheet_answer": "测评表答案", "setting": "设置"}


def _storage(kind: TypeEngine[object]) -> tuple[str, ...]:
    """SQLite storage classes a column of this type may hold (besides NULL)."""
    impl = getattr(kind, "impl", kind)
    if isinstance(impl, (Integer, Boolean)):
        return ("integer",)
    if isinstance(impl, (Float, Numeric)):
        return ("integer", "real")
    if isinstance(impl, LargeBinary):
        return ("blob",)
    return ("text",)


def _label(table: str) -> str:
    kind = BY_TABLE.get(table)
    return kind.label if kind is not None else LINK_LABELS.get(table, table)


def check(conn: Connection, name: str) -> None:
    """FileRefused if any row of the package at `conn` is not what the schema allows."""
    damaged = "数据包 {name} 中的{label}数据已损坏或被改动（{detail}），无法导入。请重新导出数据包"
    for table in Base.metadata.sorted_tables:
        for column in table.c:
            allowed = ", ".join(f"'{s}'" for s in ("null", *_storage(column.type)))
            bad = conn.execute(text(f'SELECT count(*) FROM "{table.name}" WHERE typeof("{column.name}") '
                                    f"NOT IN ({allowed})")).scalar()
            if bad:
                raise FileRefused(damaged.format(name=name, label=_label(table.name),
                                                 detail=f"{bad} 条的“{column.name}”类型不对"))
        try:
            for _row in conn.execute(select(table)):  # every value through its column type's conversion
                pass
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError):
            raise FileRefused(damaged.format(name=name, label=_label(table.name),
                                             detail="有的值无法按其类型读出")) from None
    broken = conn.execute(text("PRAGMA foreign_key_check")).first()
    if broken is not None:
        raise FileRefused(damaged.format(name=name, label=_label(str(broken[0])), detail="引用了不存在的记录"))
