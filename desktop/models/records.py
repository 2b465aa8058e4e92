"""The records of a cadre file: posts, study, work history, family, rewards and the rest."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from desktop.models.base import Base, PartialDateType, UidMixin, UtcDateTime, relationship, utcnow
from desktop.models.cadres import Cadre
from desktop.models.dates import PartialDate
from desktop.models.units import Unit


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("cadre.id", ondelete="CASCADE"), index=True)


class Post(UidMixin, Base):
    """A post held (任职): unit, title, leadership level, rank, main or concurrent, period."""

    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), index=True, default=None
    )
    # The unit as printed; also covers posts in units outside the managed tree.
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")  # 职务, e.g. 局长
    leadership_level: Mapped[str] = mapped_column(String(10), default="")  # 县处级 …
    grade: Mapped[str] = mapped_column(String(4), default="")  # 正 or 副
    rank: Mapped[str] = mapped_column(String(20), default="")  # 职级, e.g. 一级调研员
    is_main: Mapped[bool] = mapped_column(Boolean, default=True)  # 主职 / 兼职
    start: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    end: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    appointing_doc: Mapped[str] = mapped_column(String(100), default="")  # 任职文号
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="posts")
    unit: Mapped[Unit | None] = relationship()

    @property
    def is_current(self) -> bool:
        return self.end is None


class Study(UidMixin, Base):
    """Education (学习经历): 全日制 or 在职, 学历, 学位, school, department and major."""

    __tablename__ = "study"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    mode: Mapped[str] = mapped_column(String(6), default="全日制")  # 全日制 / 在职
    education: Mapped[str] = mapped_column(String(20), default="")  # 学历
    degree: Mapped[str] = mapped_column(String(30), default="")  # 学位
    school: Mapped[str] = mapped_column(String(100), default="")
    major: Mapped[str] = mapped_column(String(100), default="")  # 院系及专业
    start: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    end: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="studies")


class WorkRecord(UidMixin, Base):
    """A line of work history (工作经历) as it appears in the 简历."""

    __tablename__ = "work_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    start: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    end: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    description: Mapped[str] = mapped_column(String(300), default="")  # 单位及职务
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="work_records")


class FamilyMember(UidMixin, Base):
    """家庭主要成员及重要社会关系."""

    __tablename__ = "family_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    relation: Mapped[str] = mapped_column(String(20), default="")  # 称谓
    name: Mapped[str] = mapped_column(String(40), default="")
    birth: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    political_status: Mapped[str] = mapped_column(String(20), default="")
    work_unit_post: Mapped[str] = mapped_column(String(200), default="")
    is_social_relation: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="family")

    @property
    def deceased(self) -> bool:
        return is_deceased(self.work_unit_post)


# How 任免审批表 mark a family member who has died: in 工作单位及职务, with no age printed.
DECEASED_WORDS = ("去世", "已故", "病故", "逝世", "亡故", "过世", "故去", "牺牲")


def is_deceased(work_unit_post: str) -> bool:
    return any(word in (work_unit_post or "") for word in DECEASED_WORDS)


class Reward(UidMixin, Base):
    __tablename__ = "reward"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    date: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    title: Mapped[str] = mapped_column(String(100), default="")  # 嘉奖, 记三等功 …
    granted_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="rewards")


class Punishment(UidMixin, Base):
    __tablename__ = "punishment"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    date: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    title: Mapped[str] = mapped_column(String(100), default="")  # 警告, 记过 …
    granted_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    lifted: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)  # 解除/影响期满
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="punishments")


class AnnualResult(UidMixin, Base):
    """年度考核结果: one grade per cadre per year."""

    __tablename__ = "annual_result"
    __table_args__ = (UniqueConstraint("cadre_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    year: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(10), default="")  # 优秀 / 称职 / 基本称职 / 不称职 …
    note: Mapped[str] = mapped_column(String(200), default="")

    cadre: Mapped[Cadre] = relationship(back_populates="annual_results")


class Training(UidMixin, Base):
    __tablename__ = "training"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    title: Mapped[str] = mapped_column(String(150), default="")
    organizer: Mapped[str] = mapped_column(String(100), default="")
    mode: Mapped[str] = mapped_column(String(10), default="脱产")  # 脱产 / 在职 / 网络
    start: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    end: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    hours: Mapped[int] = mapped_column(Integer, default=0)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    cadre: Mapped[Cadre] = relationship(back_populates="trainings")


class Attachment(UidMixin, Base):
    """A file kept with the cadre file. The bytes live inside the encrypted database."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = _owner()
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    # Deferred: listing attachments must not pull every file into memory.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    note: Mapped[str] = mapped_column(String(200), default="")
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    cadre: Mapped[Cadre] = relationship(back_populates="attachments")
