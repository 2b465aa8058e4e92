"""Units (单位): the organization tree cadres belong to."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UidMixin, Versioned, relationship


class Unit(UidMixin, Versioned, Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), index=True, default=None
    )
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    # 机构类别: 党委部门, 政府部门, 区, 镇街, 事业单位 … (free text, grows with practice)
    kind: Mapped[str] = mapped_column(String(20), default="")
    code: Mapped[str] = mapped_column(String(30), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.sort_order")

    def __repr__(self) -> str:
        return f"Unit({self.id}, {self.name!r})"
