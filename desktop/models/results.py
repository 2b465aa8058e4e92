"""Work results verified at the front line: the three lists (三张清单).

Before an assessment the department draws up a task list (任务清单: duties and targets per
cadre or unit, from the quotas of 发改, 招商, 住建 …); during it a problem list (问题清单, kept
per quarter, often raised from a visit or a talk); after it an implementation list (落实清单):
each target checked item by item, hard indicators (硬性指标) above all, with evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, utcnow

MET, PARTLY, NOT_MET = "met", "partly", "not_met"
RESULT_LABELS = {MET: "完成", PARTLY: "部分完成", NOT_MET: "未完成"}
# A numeric target reached to at least this share counts as partly met. The department's
# practice varies; one constant keeps the rule visible and testable.
PARTLY_FROM = 0.5
SEVERITIES = ("一般", "较重", "严重")
PROBLEM_STATUSES = ("待反馈", "已反馈", "整改中", "已解决")
# The departments targets usually come from; the field takes any name.
SOURCE_DEPARTMENTS = ("发改", "招商", "住建", "财政", "工信", "商务", "生态环境", "应急管理", "农业农村", "自然资源")


class Target(UidMixin, Versioned, Base):
    """One line of a task list: what a cadre or a unit is to achieve, by when."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True,
                                                 default=None)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True,
                                                default=None)
    duty: Mapped[str] = mapped_column(Text)  # the duty or target as written
    indicator: Mapped[str] = mapped_column(String(200), default="")
    target_value: Mapped[float | None] = mapped_column(Float, default=None)  # None: not numeric
    measure: Mapped[str] = mapped_column(String(20), default="")  # 万元, 个, %, 公里 …
    lower_is_better: Mapped[bool] = mapped_column(Boolean, default=False)  # 事故起数, 能耗 …
    deadline: Mapped[dt.date | None] = mapped_column(Date, default=None)
    hard: Mapped[bool] = mapped_column(Boolean, default=False)  # 硬性指标
    source_department: Mapped[str] = mapped_column(String(40), default="")
    post_duty: Mapped[str] = mapped_column(String(200), default="")  # the post duty it comes from
    seq: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Problem(UidMixin, Versioned, Base):
    """One line of a quarter's problem list."""

    __tablename__ = "problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    quarter: Mapped[int] = mapped_column(Integer)  # 1 … 4
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True,
                                                    default=None)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True,
                                                 default=None)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True,
                                                default=None)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("target.id", ondelete="SET NULL"), default=None)
    problem: Mapped[str] = mapped_column(Text)
    bottleneck: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(10), default=SEVERITIES[0])
    fed_back_to: Mapped[str] = mapped_column(String(100), default="")
    fed_back_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    follow_up: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=PROBLEM_STATUSES[0])
    # Raised from a visit or a talk record: the link back to it.
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"), index=True,
                                                 default=None)
    talk_id: Mapped[int | None] = mapped_column(ForeignKey("talk.id", ondelete="SET NULL"), index=True,
                                                default=None)
    raised_by: Mapped[str] = mapped_column(String(40), default="")
    raised_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Verification(UidMixin, Versioned, Base):
    """A target checked after the fact (one line of the implementation list)."""

    __tablename__ = "verification"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="RESTRICT"), unique=True)
    achieved_value: Mapped[float | None] = mapped_column(Float, default=None)
    result: Mapped[str] = mapped_column(String(10))  # MET, PARTLY, NOT_MET
    fact: Mapped[str] = mapped_column(Text, default="")  # what was seen, in the clerk's words
    verified_by: Mapped[str] = mapped_column(String(40))
    verified_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class VerificationEvidence(UidMixin, Base):
    """A file backing a verification (a statistics sheet, a photo of the site)."""

    __tablename__ = "verification_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    verification_id: Mapped[int] = mapped_column(ForeignKey("verification.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


def judge(target: float, achieved: float, *, lower_is_better: bool = False) -> str:
    """MET, PARTLY or NOT_MET for a numeric target. Higher is better unless the target is a
    ceiling (accidents, energy use): then staying at or under it is met, up to twice it partly."""
    if lower_is_better:
        if achieved <= target:
            return MET
        return PARTLY if target > 0 and achieved <= target * 2 else NOT_MET
    if target <= 0:
        return MET if achieved >= target else NOT_MET
    share = achieved / target
    if share >= 1:
        return MET
    return PARTLY if share >= PARTLY_FROM else NOT_MET


@dataclass(frozen=True)
class Completion:
    """How far a set of targets is done: verified results counted, the overdue flagged."""

    targets: int
    met: int
    partly: int
    not_met: int
    unverified: int
    overdue: int  # deadline passed, not verified as met

    @property
    def rate(self) -> float | None:
        """Share of the targets met (None when there are none)."""
        return self.met / self.targets if self.targets else None


def completion(items: list[tuple[str | None, dt.date | None]], today: dt.date) -> Completion:
    """`items` are (result or None when unverified, deadline) per target."""
    met = sum(1 for r, _ in items if r == MET)
    partly = sum(1 for r, _ in items if r == PARTLY)
    not_met = sum(1 for r, _ in items if r == NOT_MET)
    overdue = sum(1 for r, d in items if r != MET and d is not None and d < today)
    return Completion(len(items), met, partly, not_met, len(items) - met - partly - not_met, overdue)
