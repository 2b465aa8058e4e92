"""The instruction ledger (工作台账) and front-line assessment campaigns (一线考核)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, PartialDateType, UidMixin, UtcDateTime, Versioned, relationship, utcnow
from desktop.models.dates import PartialDate

CAMPAIGN_KINDS = ("点穴式", "沉浸式", "应急", "专项", "平时", "年度")
TOPIC_SOURCES = ("工作台账", "中心工作", "突发事件", "其他")
# Stored value → what the window shows.
STATUS_LABELS = {"draft": "筹备中", "active": "进行中", "closed": "已结束"}
TEAM_ROLES = ("组长", "副组长", "成员")


class Directive(UidMixin, Versioned, Base):
    """An entry of the instruction ledger: a higher-level instruction or central task."""

    __tablename__ = "directive"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(40), default="")  # 上级批示, 中心工作, 会议部署 …
    issued_by: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    doc_no: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    items: Mapped[list[DirectiveItem]] = relationship(
        back_populates="directive", cascade="all, delete-orphan", order_by="DirectiveItem.seq")


class DirectiveItem(UidMixin, Versioned, Base):
    """One item an instruction breaks into; campaigns assess how it is carried out."""

    __tablename__ = "directive_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directive.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    # As precise as the instruction says it: 2026.06 (by the end of June) or 2026.06.15.
    deadline: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    responsible: Mapped[str] = mapped_column(String(200), default="")

    directive: Mapped[Directive] = relationship(back_populates="items")


campaign_unit = Table(
    "campaign_unit", Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, index=True),
)
campaign_cadre = Table(
    "campaign_cadre", Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("cadre_id", ForeignKey("cadre.id", ondelete="CASCADE"), primary_key=True, index=True),
)
campaign_directive_item = Table(
    "campaign_directive_item", Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("directive_item.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Campaign(UidMixin, Versioned, Base):
    """A front-line assessment: draft → active → closed; closing freezes its records."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # the topic (选题)
    kind: Mapped[str] = mapped_column(String(10))
    topic_source: Mapped[str] = mapped_column(String(20), default="工作台账")
    source_detail: Mapped[str] = mapped_column(Text, default="")
    # The major task, headquarters (指挥部) or task force (专班) the campaign follows.
    follows: Mapped[str] = mapped_column(String(200), default="")
    follows_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), default=None)
    start: Mapped[dt.date | None] = mapped_column(Date, default=None)
    end: Mapped[dt.date | None] = mapped_column(Date, default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    # Weights of rater categories in a cadre's tally, e.g. {"上级": 30, "同级": 30 …}.
    rater_weights: Mapped[dict[str, int] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    members: Mapped[list[CampaignMember]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignMember.seq")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


class CampaignMember(UidMixin, Base):
    """A member of the assessment team (考核组): the department's staff."""

    __tablename__ = "campaign_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(10), default="成员")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"), default=None)
    seq: Mapped[int] = mapped_column(Integer, default=0)

    campaign: Mapped[Campaign] = relationship(back_populates="members")
