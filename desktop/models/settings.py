"""Preferences that change what the program produces (report marks, numbering …).

They live in the database, not in the PC's settings, so every clerk sharing a database
prints the same documents. Values are JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, utcnow


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class SavedFilter(UidMixin, Base):
    """A named roster filter (常用筛选), shared by everyone using the database."""

    __tablename__ = "saved_filter"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    filter_json: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
