"""Facts about the database file itself, not about cadres: its identity (uid)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

UID = "uid"


class DatabaseMeta(Base):
    __tablename__ = "database_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
