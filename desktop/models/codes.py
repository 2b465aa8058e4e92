"""Code tables (代码表): the vocabularies of sex, ethnic group, education and so on.

The program ships defaults under resources/codes; each database keeps its own copy so that
administrators can edit it and every clerk sharing the database sees the same lists.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

# Table name → what it is called in the window.
CODE_TABLES: dict[str, str] = {
    "sex": "性别",
    "ethnicity": "民族",
    "political_status": "政治面貌",
    "education": "学历",
    "degree": "学位",
    "civil_rank": "职级",
    "leadership_level": "领导职务层次",
    "health": "健康状况",
    "relation": "称谓",
    "annual_grade": "年度考核等次",
}


class CodeItem(Base):
    __tablename__ = "code_item"
    __table_args__ = (
        UniqueConstraint("table_name", "code"),
        UniqueConstraint("table_name", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(20))  # kept for exchange with national systems
    name: Mapped[str] = mapped_column(String(60))  # what records store and forms print
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
