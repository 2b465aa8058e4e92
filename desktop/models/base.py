"""Declarative base shared by every entity, and the column types the domain needs."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator, orm
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from desktop.models.dates import PartialDate

# Explicit constraint names so that Alembic migrations are identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Every relationship of the model loads only when a query asks for it (selectinload and
# friends): touching one that was not loaded raises instead of quietly sending one query per
# row, so a screen that would grow slow with the data fails a test instead.
relationship = functools.partial(orm.relationship, lazy="raise")

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_uid() -> str:
    return uuid.uuid4().hex


class UidMixin:
    """A stable identity that survives copying between databases.

    Row ids are local to one database; a field laptop's copy and the office database give
    the same record different ids. The uid lets an exchange package recognise "the same
    record" when it comes back, and lets importing a package twice change nothing.
    """

    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)


# The tables of Versioned records (kept equal to migrations 0009's and 0010's lists by a test).
VERSIONED_TABLES = (
    "account", "analysis", "appraisal", "cadre", "campaign", "directive", "directive_item",
    "grade_proposal", "grade_round", "indicator", "indicator_set", "notice_objection", "point_rule",
    "problem", "result_use", "sheet", "sheet_template", "talk", "target", "unit", "verification", "visit",
)


class Versioned:
    """A record clerks edit in place: `row_version` counts its saves.

    SQLAlchemy's version counter adds `WHERE row_version = <the version read>` to every UPDATE
    and raises StaleDataError when another transaction saved the row in between; a dialog that
    keeps the version it opened with compares it before saving (services/cadres/conflicts.py),
    so a clerk never silently overwrites another clerk's newer save (the office server)."""

    row_version: Mapped[int] = mapped_column(Integer, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.row_version}


class PartialDateType(TypeDecorator[PartialDate]):
    """Stores a PartialDate as 'YYYYMM' or 'YYYYMMDD' text, which sorts chronologically."""

    impl = String(8)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = PartialDate.parse(value)
        if not isinstance(value, PartialDate):
            raise TypeError(f"expected PartialDate, got {type(value).__name__}")
        return value.storage()

    def process_result_value(self, value: Any, dialect: Dialect) -> PartialDate | None:
        # str(): SQLite keeps '202606' in a column declared DATE (directive_item.deadline before
        # schema 0008) as the number 202606.
        return None if value is None else PartialDate.from_storage(str(value))


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
