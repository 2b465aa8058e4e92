"""Giving accounts their roles and scopes (三员分立), and what the account page shows of them.

Who may give what:
- 管理员（全部权限） any role, including all rights;
- 安全保密管理员 any role except all rights ("account.role"), and scopes ("account.scope");
- 系统管理员 creates accounts ("account.create"), which wait as 待分配角色 until the security
  administrator gives them a role: the one who makes accounts does not decide their rights.
Nobody changes their own role: no one raises themselves, and the account giving a role always
keeps its own ability to give roles, so a database never ends up with roles nobody can change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound, PermissionDenied
from desktop.models import Campaign, Unit
from desktop.models.accounts import (
    ROLE_ADMIN,
    ROLE_CLERK,
    ROLE_LEADER,
    ROLE_PENDING,
    ROLE_SECURITY,
    ROLES,
    Account,
    AccountScope,
)
from desktop.services.operations import OpContext
from desktop.services.permissions import ROLE_LABELS
from desktop.services.record_versions import RecordKind, StaleRecord, differences, last_saved, shown_with_names
from desktop.services.units import units
from desktop.services.workspace import Workspace

ASSIGNERS = (ROLE_ADMIN, ROLE_SECURITY)
SCOPED = (ROLE_CLERK, ROLE_LEADER)


def role_of(text: str) -> str:
    """A role from its stored name or its Chinese label (系统管理员, clerk …)."""
    text = text.strip()
    for role in ROLES:
        if text in (role, ROLE_LABELS[role]):
            return role
    named = "、".join(f"{ROLE_LABELS[r]}（{r}）" for r in ROLES)
    raise FrontlineError(f"没有“{text}”这个角色；可用的角色：{named}")


def default_role(ws: Workspace) -> str:
    """The role of an account made without one: all rights when made by an account with all
    rights (as before roles), otherwise waiting for the security administrator."""
    return ROLE_ADMIN if ws.actor.role == ROLE_ADMIN else ROLE_PENDING


def check_assignable(ws: Workspace, role: str, *, creating: bool = False) -> None:
    """Refuse giving `role` unless the acting account may (see the module's docstring)."""
    role_of(role)
    if role == ROLE_ADMIN and ws.actor.role != ROLE_ADMIN:
        raise PermissionDenied(f"账户 {ws.actor.username} 不能授予全部权限：只有拥有全部权限的账户才能授予")
    if creating and role == ROLE_PENDING:
        return
    if creating and not _may(ws, "account.role"):
        raise PermissionDenied(f"账户 {ws.actor.username}（{ROLE_LABELS.get(ws.actor.role, ws.actor.role)}）"
                               f"只能添加待分配角色的账户，角色由安全保密管理员分配")
    ws.require("account.role")


def _may(ws: Workspace, action: str) -> bool:
    try:
        ws.require(action)
    except PermissionDenied:
        return False
    return True


def _account(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        raise NotFound(f"账户 {username} 不存在")
    return account


@dataclass(frozen=True)
class RoleInput:
    role: str


@dataclass(frozen=True)
class ScopeInput:
    """An account's scope as the scope dialog read or chose it (ids in order: two reads compare equal)."""

    units: tuple[int, ...] = ()
    campaigns: tuple[int, ...] = ()

    @classmethod
    def of(cls, unit_ids: Sequence[int], campaign_ids: Sequence[int]) -> ScopeInput:
        return cls(tuple(sorted(set(unit_ids))), tuple(sorted(set(campaign_ids))))


# An account's role and scope are each set on their own (one dialog, one operation) and carry no
# row version of their own (the scope is rows of account_scope), so a dialog keeps what it showed
# and the save compares it with what is stored: another administrator's change in between is
# shown side by side rather than replaced unseen.
ROLE = RecordKind("账户的角色", {"role": "角色"})
SCOPE = RecordKind("工作范围", {"units": "单位（含下级单位）", "campaigns": "考核"})


def _refuse_if_changed(s: Session, account: Account, kind: RecordKind, mine: Any, stored: Any, opened: Any,
                       shown: Callable[[str, Any], str]) -> None:
    if opened is None or stored == opened:
        return
    found = differences(kind, mine, stored, shown)
    if found:
        who, when = last_saved(s, "account", account.id)
        raise StaleRecord(kind, account.username, mine, stored, found, who, when)


def set_role(ws: Workspace, username: str, role: str, opened: str | None = None) -> None:
    """`opened`: the role the dialog showed; another administrator's change since is refused (StaleRecord)."""
    role = role_of(role)
    check_assignable(ws, role)
    if username == ws.actor.username:
        raise FrontlineError("不能修改当前登录账户自己的角色")

    def op(ctx: OpContext) -> None:
        account = _account(ctx.session, username)
        _refuse_if_changed(ctx.session, account, ROLE, RoleInput(role), RoleInput(account.role),
                           None if opened is None else RoleInput(opened),
                           lambda _key, value: ROLE_LABELS.get(value, str(value)))
        account.role = role
        if role not in SCOPED:  # a scope means nothing to other roles: none is left behind
            ctx.session.execute(delete(AccountScope).where(AccountScope.account_id == account.id))

    ws.run("account.role", op)


def _scope_of(s: Session, account: Account) -> ScopeInput:
    rows = s.execute(select(AccountScope.unit_id, AccountScope.campaign_id)
                     .where(AccountScope.account_id == account.id)).all()
    return ScopeInput.of([u for u, _c in rows if u is not None], [c for _u, c in rows if c is not None])


def set_scope(ws: Workspace, username: str, unit_ids: Sequence[int], campaign_ids: Sequence[int],
              opened: ScopeInput | None = None) -> None:
    """The units (with their sub-units) and campaigns a clerk or leader works on; none: the
    whole department. `opened`: the scope the dialog showed; another administrator's change
    since is refused (StaleRecord) rather than replaced."""

    def op(ctx: OpContext) -> None:
        s = ctx.session
        account = _account(s, username)
        if account.role not in SCOPED:
            label = ROLE_LABELS.get(account.role, account.role)
            raise FrontlineError(f"只有经办人和领导的账户有工作范围；{username} 是{label}"
                                 "（考核组成员的范围是其所在的考核组）")
        for unit_id in unit_ids:
            if s.get(Unit, unit_id) is None:
                raise NotFound(f"单位 {unit_id} 不存在")
        for campaign_id in campaign_ids:
            if s.get(Campaign, campaign_id) is None:
                raise NotFound(f"考核 {campaign_id} 不存在")
        before, mine = _scope_of(s, account), ScopeInput.of(unit_ids, campaign_ids)
        names = shown_with_names(s, {"units": Unit, "campaigns": Campaign})
        _refuse_if_changed(s, account, SCOPE, mine, before, opened,
                           lambda key, ids: names(key, ids) if ids else "（未选）")
        s.execute(delete(AccountScope).where(AccountScope.account_id == account.id))
        s.add_all([AccountScope(account_id=account.id, unit_id=u) for u in dict.fromkeys(unit_ids)]
                  + [AccountScope(account_id=account.id, campaign_id=c) for c in dict.fromkeys(campaign_ids)])
        # The rows removed went by a bulk statement the audit does not see; the account's entry
        # says the whole change (and who changed the scope last).
        ctx.record("account", entity_id=account.id, before={"scope": asdict(before)}, after={"scope": asdict(mine)})

    ws.run("account.scope", op)


@dataclass(frozen=True)
class ScopeChoices:
    """What the scope dialog offers: unit labels (甲 / 乙) and campaign names, with their ids,
    and what the account has now."""

    units: tuple[tuple[int, str], ...]
    campaigns: tuple[tuple[int, str], ...]
    chosen_units: frozenset[int]
    chosen_campaigns: frozenset[int]

    @property
    def opened(self) -> ScopeInput:
        return ScopeInput.of(list(self.chosen_units), list(self.chosen_campaigns))


def scope_choices(ws: Workspace, username: str) -> ScopeChoices:
    with ws.read("account.scope") as s:
        account = _account(s, username)
        rows = s.execute(select(AccountScope.unit_id, AccountScope.campaign_id)
                         .where(AccountScope.account_id == account.id)).all()
        unit_rows = tuple((uid, label) for label, (uid, _printed) in units.choices(s).items())
        campaign_rows = tuple((i, n) for i, n in s.execute(select(Campaign.id, Campaign.name)
                                                           .order_by(Campaign.start.desc(), Campaign.id.desc())))
    return ScopeChoices(unit_rows, campaign_rows, frozenset(u for u, _c in rows if u is not None),
                        frozenset(c for _u, c in rows if c is not None))


def scope_texts(session: Session) -> dict[int, str]:
    """Account id → its scope in words, for the account list."""
    names: dict[int, str] = {i: n for i, n in session.execute(select(Unit.id, Unit.name))}
    campaigns: dict[int, str] = {i: n for i, n in session.execute(select(Campaign.id, Campaign.name))}
    parts: dict[int, list[str]] = {}
    for account_id, unit_id, campaign_id in session.execute(
            select(AccountScope.account_id, AccountScope.unit_id, AccountScope.campaign_id).order_by(AccountScope.id)):
        text = names.get(unit_id, "") if unit_id is not None else f"考核：{campaigns.get(campaign_id or 0, '')}"
        parts.setdefault(account_id, []).append(text)
    return {a: "、".join(p) for a, p in parts.items()}
