"""Accounts of the department's staff who use the program, their roles and their scopes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UtcDateTime, Versioned, utcnow

# Roles (三员分立 plus the three who work with cadre data). The stored values are short ASCII
# names; the Chinese labels live with the rules in services/permissions.py.
ROLE_ADMIN = "admin"  # 管理员（全部权限）: a database's first account, and every account made before roles
ROLE_SYSADMIN = "sysadmin"  # 系统管理员: accounts, backups, settings; no cadre data
ROLE_SECURITY = "security"  # 安全保密管理员: roles, scopes, password resets, keys
ROLE_AUDITOR = "auditor"  # 安全审计员: the audit log only
ROLE_CLERK = "clerk"  # 经办人: cadre files and assessments, within its scope
ROLE_LEADER = "leader"  # 领导: reads within its scope, signs off (closes and reopens campaigns)
ROLE_TEAM = "team"  # 考核组成员: only the campaigns whose team it is in
ROLE_PENDING = "pending"  # 待分配角色: made by a 系统管理员, waiting for the 安全保密管理员 to give it a role
ROLES = (ROLE_ADMIN, ROLE_SYSADMIN, ROLE_SECURITY, ROLE_AUDITOR, ROLE_CLERK, ROLE_LEADER, ROLE_TEAM, ROLE_PENDING)


class Account(Versioned, Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(20), default=ROLE_ADMIN)
    # The staff member's own cadre file, if any: nobody records judgements about themselves.
    cadre_id: Mapped[int | None] = mapped_column(
        ForeignKey("cadre.id", ondelete="SET NULL"), default=None
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class AccountScope(Base):
    """One unit (with its sub-units) or one campaign a clerk's or a leader's account works on.

    An account with no scope rows works on the whole department, as every account did before
    roles. A 考核组成员's campaigns are not kept here: they are the campaigns whose team
    (campaign_member.account_id) names the account."""

    __tablename__ = "account_scope"
    __table_args__ = (
        CheckConstraint("(unit_id IS NULL) <> (campaign_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), default=None)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), default=None)
