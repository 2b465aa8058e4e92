"""Visits (走访) and talk records (谈话记录), and drafts that survive a crash."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, utcnow

CONFIDENTIALITY = ("", "内部", "秘密", "机密")

visit_unit = Table(
    "visit_unit", Base.metadata,
    Column("visit_id", ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, index=True),
)
talk_cadre = Table(
    "talk_cadre", Base.metadata,
    Column("talk_id", ForeignKey("talk.id", ondelete="CASCADE"), primary_key=True),
    Column("cadre_id", ForeignKey("cadre.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Visit(UidMixin, Versioned, Base):
    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    date: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    unannounced: Mapped[bool] = mapped_column(Boolean, default=False)  # 四不两直
    members: Mapped[list[str]] = mapped_column(JSON, default=list)  # team members present
    seen: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Talk(UidMixin, Versioned, Base):
    """A talk record. The interviewee is a cadre on file or another person named in full."""

    __tablename__ = "talk"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    interviewers: Mapped[list[str]] = mapped_column(JSON, default=list)
    interviewee_cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="SET NULL"),
                                                             index=True, default=None)
    interviewee_name: Mapped[str] = mapped_column(String(40), default="")
    interviewee_unit: Mapped[str] = mapped_column(String(200), default="")
    interviewee_post: Mapped[str] = mapped_column(String(100), default="")
    start_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    end_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    place: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    recorder: Mapped[str] = mapped_column(String(40), default="")
    confidentiality: Mapped[str] = mapped_column(String(10), default="内部")
    author: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Draft(Base):
    """Work in progress saved every second or two while a clerk types (a talk in talk mode).

    Kept inside the encrypted database, never in a temporary file. A draft is deleted when
    its record is saved; one still here at start-up means the program did not get that far.
    """

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "talk"
    owner: Mapped[str] = mapped_column(String(40), index=True)
    target_id: Mapped[int | None] = mapped_column(default=None)  # the record being edited, if any
    title: Mapped[str] = mapped_column(String(200), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
