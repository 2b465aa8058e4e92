"""Annual grades (年度考核定等) within quota, and the political-quality appraisal.

A grading round is one unit's cadres of one staff type for one year. Grades are proposed
from scores with configurable bands; 优秀 is capped per unit (20% by default), with a higher
cap (up to 30%) for front-line cadres who meet a stated rule. A round goes draft → public
notice (公示, at least five working days, objections recorded) → final; sign-off locks the
grades and writes them into each cadre's annual results.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, utcnow

ROUND_DRAFT, ROUND_NOTICE, ROUND_FINAL = "draft", "notice", "final"
ROUND_STATES = {ROUND_DRAFT: "拟定中", ROUND_NOTICE: "公示中", ROUND_FINAL: "已定等"}
STAFF_TYPES = ("公务员", "事业编")
# The grade words per staff type, best first (DOMAIN §6: 公务员 称职, 事业编 合格).
GRADE_WORDS = {
    "公务员": ("优秀", "称职", "基本称职", "不称职"),
    "事业编": ("优秀", "合格", "基本合格", "不合格"),
}
UNDETERMINED = "不定等次"
APPRAISAL_LEVELS = ("好", "较好", "一般", "较差")


class Appraisal(UidMixin, Versioned, Base):
    """政治素质鉴定: one per cadre per year."""

    __tablename__ = "appraisal"
    __table_args__ = (UniqueConstraint("cadre_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    sheets_issued: Mapped[int] = mapped_column(Integer, default=0)
    sheets_returned: Mapped[int] = mapped_column(Integer, default=0)
    sheets_valid: Mapped[int] = mapped_column(Integer, default=0)
    count_good: Mapped[int] = mapped_column(Integer, default=0)  # 好
    count_fair: Mapped[int] = mapped_column(Integer, default=0)  # 较好
    count_average: Mapped[int] = mapped_column(Integer, default=0)  # 一般
    count_poor: Mapped[int] = mapped_column(Integer, default=0)  # 较差
    supervisor_comment: Mapped[str] = mapped_column(Text, default="")
    suggested_grade: Mapped[str] = mapped_column(String(10), default="")
    committee_opinion: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class GradeRound(UidMixin, Versioned, Base):
    """One unit's annual grading of one staff type for one year."""

    __tablename__ = "grade_round"
    __table_args__ = (UniqueConstraint("unit_id", "year", "staff_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    staff_type: Mapped[str] = mapped_column(String(10), default="公务员")
    # Score bands, best grade first: "90,75,60" means ≥90 优秀, ≥75 称职 … (text keeps it simple).
    bands: Mapped[str] = mapped_column(String(60), default="90,75,60")
    quota_share: Mapped[float] = mapped_column(Float, default=0.20)
    frontline_share: Mapped[float] = mapped_column(Float, default=0.30)
    frontline_rule: Mapped[str] = mapped_column(String(200), default="")  # the stated rule, as printed
    frontline_months: Mapped[int] = mapped_column(Integer, default=6)  # months in a headquarters/emergency campaign
    min_service_months: Mapped[int] = mapped_column(Integer, default=6)  # less service: 不定等次
    state: Mapped[str] = mapped_column(String(10), default=ROUND_DRAFT)
    approval: Mapped[str] = mapped_column(Text, default="")  # the recorded approval to exceed the cap
    approved_by: Mapped[str] = mapped_column(String(40), default="")
    # How many 优秀 the approval covers: more than that needs a new approval.
    approved_excellent: Mapped[int] = mapped_column(Integer, default=0)
    notice_start: Mapped[dt.date | None] = mapped_column(Date, default=None)
    notice_days: Mapped[int] = mapped_column(Integer, default=5)  # working days
    signed_by: Mapped[str] = mapped_column(String(40), default="")
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class GradeProposal(UidMixin, Versioned, Base):
    """One cadre's proposed and final grade within a round."""

    __tablename__ = "grade_proposal"
    __table_args__ = (UniqueConstraint("round_id", "cadre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("grade_round.id", ondelete="CASCADE"), index=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    proposed: Mapped[str] = mapped_column(String(10), default="")  # from the bands
    grade: Mapped[str] = mapped_column(String(10), default="")  # as decided (may differ from proposed)
    undetermined_reason: Mapped[str] = mapped_column(String(200), default="")  # set: 不定等次
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)  # meets the round's front-line rule
    note: Mapped[str] = mapped_column(Text, default="")


class NoticeObjection(UidMixin, Versioned, Base):
    """An objection received during a round's public notice, and how it was handled (its handling
    is edited in place by clerks, so it counts its saves: schema 0010)."""

    __tablename__ = "notice_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("grade_round.id", ondelete="CASCADE"), index=True)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), default=None)
    received_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
