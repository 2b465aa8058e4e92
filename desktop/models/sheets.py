"""Evaluation sheet templates (评议表, 测评表), filled sheets and paper ballots.

A template is versioned: editing a published template makes a new version, and every
filled sheet keeps the version it used, so an old result is always read against the
questions that were actually asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, relationship, utcnow

RATER_CATEGORIES = ("上级", "同级", "下级", "服务对象", "考核组")
TEMPLATE_KINDS = ("政治素质评议", "民主测评", "年度考核", "其他")


class SheetTemplate(UidMixin, Versioned, Base):
    __tablename__ = "sheet_template"
    __table_args__ = (UniqueConstraint("family", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Versions of one template share a family key; (family, version) is unique.
    family: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="其他")
    description: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    sections: Mapped[list[TemplateSection]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateSection.seq")
    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateItem.seq")


class TemplateSection(UidMixin, Base):
    __tablename__ = "template_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("sheet_template.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(100))
    # A checklist section (负面行为清单) holds flag items that deduct instead of weigh.
    checklist: Mapped[bool] = mapped_column(Boolean, default=False)

    template: Mapped[SheetTemplate] = relationship(back_populates="sections")


class TemplateItem(UidMixin, Base):
    """One question. `scale` says how it is answered:

    {"type": "grades", "grades": [["好", 100], ["较好", 80], ["一般", 60], ["差", 0]]},
    {"type": "score", "max": 10}, or {"type": "flag", "penalty": 5} for a checklist item.
    A rating below `fact_below` points (or a ticked flag) must come with a written fact.
    """

    __tablename__ = "template_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("sheet_template.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("template_section.id", ondelete="CASCADE"),
                                                   index=True, default=None)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    weight_centi: Mapped[int] = mapped_column(Integer, default=0)  # hundredths of a point: exact sums
    scale: Mapped[dict[str, Any]] = mapped_column(JSON)
    fact_below: Mapped[int] = mapped_column(Integer, default=61)
    is_overall: Mapped[bool] = mapped_column(Boolean, default=False)  # the sheet's overall grade

    template: Mapped[SheetTemplate] = relationship(back_populates="items")
    section: Mapped[TemplateSection | None] = relationship()


class Sheet(UidMixin, Versioned, Base):
    """One sheet: one rater's evaluation of one cadre, with the template version it used."""

    __tablename__ = "sheet"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    template_id: Mapped[int] = mapped_column(ForeignKey("sheet_template.id", ondelete="RESTRICT"), index=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="CASCADE"), index=True)
    rater_category: Mapped[str] = mapped_column(String(10))
    rater_name: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, complete
    author: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    answers: Mapped[list[SheetAnswer]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", order_by="SheetAnswer.item_id")


class SheetAnswer(UidMixin, Base):
    __tablename__ = "sheet_answer"
    __table_args__ = (UniqueConstraint("sheet_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheet.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("template_item.id", ondelete="RESTRICT"))
    value: Mapped[str] = mapped_column(String(20), default="")  # a grade label, a number, or "1" for a flag
    fact: Mapped[str] = mapped_column(Text, default="")

    sheet: Mapped[Sheet] = relationship(back_populates="answers")


class BallotBatch(UidMixin, Base):
    """A stack of paper democratic-evaluation ballots for one rater category."""

    __tablename__ = "ballot_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    template_id: Mapped[int] = mapped_column(ForeignKey("sheet_template.id", ondelete="RESTRICT"))
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="CASCADE"), index=True)
    rater_category: Mapped[str] = mapped_column(String(10))
    issued: Mapped[int] = mapped_column(Integer, default=0)  # ballots handed out
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    ballots: Mapped[list[Ballot]] = relationship(back_populates="batch", cascade="all, delete-orphan",
                                                 order_by="Ballot.seq")


class Ballot(UidMixin, Base):
    """One paper ballot as entered: a grade label per item id ("" where left blank)."""

    __tablename__ = "ballot"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("ballot_batch.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    marks: Mapped[dict[str, str]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    batch: Mapped[BallotBatch] = relationship(back_populates="ballots")
