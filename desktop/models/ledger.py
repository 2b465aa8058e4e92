"""The political-performance ledger (政治表现积分): points backed by facts, append-only.

A correction is a new entry that reverses an earlier one and says why; entries are never
edited or deleted (the database refuses too, by trigger), so the ledger is its own history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import Mapped, deferred, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, utcnow

DIMENSIONS = ("政治忠诚", "政治定力", "政治担当", "政治能力", "政治自律")
SOURCES = ("一线考核", "巡视巡察", "审计", "信访", "公安", "个人档案", "重点业绩", "民主生活会发言", "其他")


class PointRule(UidMixin, Versioned, Base):
    """Points for a kind of behaviour, with the range a clerk may adjust them within."""

    __tablename__ = "point_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(10))
    behaviour: Mapped[str] = mapped_column(String(200))
    positive: Mapped[bool] = mapped_column(Boolean, default=True)
    points: Mapped[int] = mapped_column(Integer)  # default magnitude
    min_points: Mapped[int] = mapped_column(Integer)
    max_points: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PointEntry(UidMixin, Base):
    __tablename__ = "point_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)  # when the behaviour happened
    dimension: Mapped[str] = mapped_column(String(10))
    points: Mapped[int] = mapped_column(Integer)  # signed: + adds, - subtracts
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("point_rule.id", ondelete="SET NULL"), default=None)
    behaviour: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(20))
    fact: Mapped[str] = mapped_column(Text)  # the concrete example, required
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    talk_id: Mapped[int | None] = mapped_column(ForeignKey("talk.id", ondelete="SET NULL"), default=None)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"), default=None)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("point_entry.id", ondelete="RESTRICT"),
                                                    index=True, default=None)
    reason: Mapped[str] = mapped_column(Text, default="")  # why a reversing entry was made
    author: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class PointEvidence(UidMixin, Base):
    """A file backing a ledger entry (a document scan, a photo from the site)."""

    __tablename__ = "point_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("point_entry.id", ondelete="RESTRICT"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class AppendOnly(RuntimeError):
    """Raised if code tries to change or remove a ledger entry."""


@event.listens_for(PointEntry, "before_update")
def _no_update(_mapper: object, _conn: object, target: PointEntry) -> None:
    raise AppendOnly(f"积分记录 {target.id} 不能修改：更正请追加一条冲正记录")


@event.listens_for(PointEntry, "before_delete")
def _no_delete(_mapper: object, _conn: object, target: PointEntry) -> None:
    raise AppendOnly(f"积分记录 {target.id} 不能删除：更正请追加一条冲正记录")
