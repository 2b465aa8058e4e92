"""The cadre (干部) and the fields of the 干部任免审批表 kept on it directly."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, PartialDateType, UidMixin, UtcDateTime, Versioned, relationship, utcnow
from desktop.models.dates import PartialDate

if TYPE_CHECKING:
    from desktop.models.records import (
        AnnualResult,
        Attachment,
        FamilyMember,
        Post,
        Punishment,
        Reward,
        Study,
        Training,
        WorkRecord,
    )

cadre_tag = Table(
    "cadre_tag",
    Base.metadata,
    Column("cadre_id", ForeignKey("cadre.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(UidMixin, Base):
    """A label such as 优秀年轻干部 that rosters filter by."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Cadre(UidMixin, Versioned, Base):
    __tablename__ = "cadre"
    __table_args__ = (
        Index("ix_cadre_name_birth", "name", "birth"),
        # Covering index for the roster filter: a keystroke scans these few megabytes
        # instead of the whole (encrypted) table, and gets roster order for free.
        Index("ix_cadre_search", "name_pinyin", "name_initials", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    # Search keys computed on write (see search_keys.py): every reading, space-separated.
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    name_initials: Mapped[str] = mapped_column(String(60), default="")
    sex: Mapped[str] = mapped_column(String(4), default="")
    birth: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    native_place: Mapped[str] = mapped_column(String(60), default="")  # 籍贯
    birthplace: Mapped[str] = mapped_column(String(60), default="")  # 出生地
    political_status: Mapped[str] = mapped_column(String(20), default="")
    party_joined: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    work_started: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    health: Mapped[str] = mapped_column(String(20), default="")
    professional_title: Mapped[str] = mapped_column(String(60), default="")  # 专业技术职务
    expertise: Mapped[str] = mapped_column(String(200), default="")  # 熟悉专业有何专长
    citizen_id: Mapped[str] = mapped_column(String(18), default="", index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    mobile: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    # 任免审批表 fields that are decided per appointment rather than derived from records.
    current_post_override: Mapped[str] = mapped_column(Text, default="")  # 现任职务 (blank: from posts)
    proposed_post: Mapped[str] = mapped_column(Text, default="")  # 拟任职务
    proposed_removal: Mapped[str] = mapped_column(Text, default="")  # 拟免职务
    appointment_reason: Mapped[str] = mapped_column(Text, default="")  # 任免理由
    # The generated 简历 can be replaced by hand; the override is kept apart so that
    # regenerating never destroys a clerk's wording.
    resume_override: Mapped[str] = mapped_column(Text, default="")
    # 奖惩情况 as written, printed and exported in place of the one composed from the reward
    # and punishment records: other tools' free text ("2019年被评为全省优秀公务员") is not
    # records, and rewriting it as records changed its meaning.
    rewards_override: Mapped[str] = mapped_column(Text, default="")
    # Texts of the last imported 任免审批表 that records cannot reproduce word for word: used
    # on output only while they still say what the records say (lrmx_map.form_of).
    party_joined_text: Mapped[str] = mapped_column(String(60), default="")  # 入党时间 "2010.05 九三学社"
    annual_results_text: Mapped[str] = mapped_column(Text, default="")  # 年度考核结果
    reporting_unit: Mapped[str] = mapped_column(String(200), default="")  # 呈报单位 (blank: the office's)
    # The 2025 retirement-age reform (see retirement.py): 改革前任职年龄界限 as recorded, and 到龄年月
    # when a file or the clerk gives it (blank: computed from birth month, sex and that limit).
    pre_reform_age_limit: Mapped[str] = mapped_column(String(40), default="")
    retirement_due: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    status: Mapped[str] = mapped_column(String(10), default="在职")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    photo: Mapped[CadrePhoto | None] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary=cadre_tag, order_by=Tag.name)
    posts: Mapped[list[Post]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Post.sort_order",
    )
    studies: Mapped[list[Study]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Study.sort_order",
    )
    work_records: Mapped[list[WorkRecord]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="WorkRecord.sort_order",
    )
    family: Mapped[list[FamilyMember]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="FamilyMember.sort_order",
    )
    rewards: Mapped[list[Reward]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Reward.sort_order",
    )
    punishments: Mapped[list[Punishment]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Punishment.sort_order",
    )
    annual_results: Mapped[list[AnnualResult]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="AnnualResult.year",
    )
    trainings: Mapped[list[Training]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Training.sort_order",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="cadre", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Attachment.id",
    )

    def __repr__(self) -> str:
        return f"Cadre({self.id}, {self.name!r})"


class CadrePhoto(Base):
    """The 任免审批表 photo, kept apart so that roster queries never load image bytes."""

    __tablename__ = "cadre_photo"

    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="CASCADE"), primary_key=True)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    cadre: Mapped[Cadre] = relationship(back_populates="photo")
