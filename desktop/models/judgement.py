"""Comprehensive analysis (立体式研判): a written conclusion on one cadre that cites facts.

Each save of a conclusion is a version; a leader's sign-off locks that version (a later
change starts the next version, the signed one stays as it was printed). Every sentence may
cite facts — ledger entries, sheets, talks, visits, verifications, problems — through
`Citation` rows, which the results-use records share: a citation names its fact by row id
and by uid, so it still resolves after a package round trip, and a cited ledger entry that
is later reversed stays cited (the ledger is append-only; the reversal is shown beside it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, UtcDateTime, Versioned, utcnow

# The parts of a written conclusion, in the order a report prints them.
PARTS = {"strengths": "主要优点", "weaknesses": "不足和问题", "recommendation": "使用建议"}
# What a citation may point at: the kind names the table of the cited row.
CITED_KINDS = {
    "point_entry": "积分记录",
    "sheet": "评议表",
    "talk": "谈话",
    "visit": "走访",
    "verification": "落实核验",
    "problem": "问题清单",
}
# Who owns a citation: an analysis version or a results-use record.
OWNER_ANALYSIS, OWNER_RESULT_USE = "analysis", "result_use"


class Analysis(UidMixin, Versioned, Base):
    """One version of the written conclusion on a cadre; signed means locked."""

    __tablename__ = "analysis"
    __table_args__ = (UniqueConstraint("cadre_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    strengths: Mapped[str] = mapped_column(Text, default="")
    weaknesses: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(40), default="")
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    signed_by: Mapped[str] = mapped_column(String(40), default="")  # the leader; blank: a draft
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class Citation(UidMixin, Base):
    """A fact cited by one sentence of an analysis part, or by a results-use record."""

    __tablename__ = "citation"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(20))  # OWNER_ANALYSIS / OWNER_RESULT_USE
    owner_id: Mapped[int] = mapped_column(Integer, index=True)
    part: Mapped[str] = mapped_column(String(20), default="")  # a key of PARTS ('' for a results-use record)
    sentence: Mapped[int] = mapped_column(Integer, default=0)  # 0-based sentence of the part
    kind: Mapped[str] = mapped_column(String(20))  # a key of CITED_KINDS
    ref_id: Mapped[int] = mapped_column(Integer)
    ref_uid: Mapped[str] = mapped_column(String(32), default="")


class SignedLocked(RuntimeError):
    """Raised if code tries to change or remove a signed version (the services refuse first,
    in Chinese; this is the last guard)."""


def _was_signed(target: Analysis) -> bool:
    history = inspect(target).attrs.signed_by.history
    before = history.deleted or history.unchanged
    return bool(before and before[0])


@event.listens_for(Analysis, "before_update")
def _no_update(_mapper: object, _conn: object, target: Analysis) -> None:
    if _was_signed(target):
        raise SignedLocked(f"综合研判第 {target.version} 版已签发，不能修改")


@event.listens_for(Analysis, "before_delete")
def _no_delete(_mapper: object, _conn: object, target: Analysis) -> None:
    if _was_signed(target):
        raise SignedLocked(f"综合研判第 {target.version} 版已签发，不能删除")
