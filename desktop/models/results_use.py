"""Use of the results (结果运用): what the department did with what it found.

Promotion recommendations, the outstanding-young-cadre pool, team adjustments, removals,
rewards, training matched to weaknesses, care measures — each a record with a follow-up
status, linked to the evidence it rests on through `judgement.Citation` rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, utcnow

USE_KINDS = {
    "promotion": "提拔",
    "rank": "晋升职级",
    "pool_in": "列入优秀年轻干部名单",
    "pool_out": "调出优秀年轻干部名单",
    "team": "班子调整",
    "removal": "免职",
    "reward": "奖励表彰",
    "training": "培训计划",
    "care": "关心关爱",
}
TRAINING_TYPES = ("思想淬炼", "政治历练", "实践锻炼", "专业训练")
CARE_TYPES = ("轮休", "体检", "谈心")
USE_STATES = ("拟办", "办理中", "已落实", "未采纳")


class ResultUse(UidMixin, Versioned, Base):
    __tablename__ = "result_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # a key of USE_KINDS
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True,
                                                 default=None)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), default=None)  # 班子
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))  # 拟提拔为区发改局局长; 体检 …
    detail: Mapped[str] = mapped_column(Text, default="")
    subtype: Mapped[str] = mapped_column(String(20), default="")  # training or care type
    state: Mapped[str] = mapped_column(String(10), default="拟办")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
