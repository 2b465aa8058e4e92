"""What part of the department an account works on: the cadres and campaigns it may see.

Rights (services/permissions.py) say what an account may do; its scope says on which cadres
and campaigns. Scopes narrow only the three roles that work with cadre data:

- 经办人 and 领导: the units (with their sub-units) and the campaigns given to the account in
  系统管理 → 账户 (account_scope). A cadre is in scope when it holds a current post in one of
  those units or is assessed in one of those campaigns; a campaign, when it was given or
  takes in one of those units. An account given no scope works on the whole department.
- 考核组成员: the campaigns whose team names the account (campaign_member.account_id), and the
  cadres those campaigns assess. An account in no team sees no cadre and no campaign.

Every other role either may read no cadre data at all (the permission table refuses it) or
all of it (管理员（全部权限）). Reads filter with `cadre_clause` / `campaign_clause` (the query
reads only what is in scope); a read or change of one named cadre or campaign checks it with
`check_cadre` / `check_campaign`, which refuse in Chinese.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from desktop.errors import PermissionDenied
from desktop.models import Cadre, Campaign, CampaignMember, Post, campaign_cadre, campaign_unit
from desktop.models.accounts import ROLE_CLERK, ROLE_LEADER, ROLE_TEAM, AccountScope
from desktop.services.units.units import subtree_ids
from desktop.services.workspace import Actor

SCOPED_ROLES = (ROLE_CLERK, ROLE_LEADER, ROLE_TEAM)


@dataclass(frozen=True)
class Scope:
    """None: the whole department. Otherwise the unit ids (sub-units included) and the
    campaign ids the account works on."""

    units: frozenset[int]
    campaigns: frozenset[int]
    # The units (sub-units included) taken in by the campaigns *given* to the account (or whose
    # team it is on): with `units`, the units it works on as subjects (unit_ids).
    campaign_units: frozenset[int] = frozenset()


def acting(session: Session) -> Actor | None:
    """The account a session works for: Workspace.read and Workspace.run put it in the
    session, so that a check deep in a service (campaigns.ensure_open) needs no extra argument."""
    actor = session.info.get("actor")
    return actor if isinstance(actor, Actor) else None


def scope_of(session: Session, actor: Actor) -> Scope | None:
    if actor.role not in SCOPED_ROLES:
        return None
    cached = session.info.get("scope")
    if isinstance(cached, tuple) and cached[0] == actor:
        return cached[1]  # type: ignore[no-any-return]
    scope = _read_scope(session, actor)
    session.info["scope"] = (actor, scope)
    return scope


def _read_scope(session: Session, actor: Actor) -> Scope | None:
    if actor.role == ROLE_TEAM:
        ids = set(session.scalars(select(CampaignMember.campaign_id)
                                  .where(CampaignMember.account_id == actor.account_id)))
        return Scope(frozenset(), frozenset(ids), _units_of_campaigns(session, ids))
    rows = session.execute(select(AccountScope.unit_id, AccountScope.campaign_id)
                           .where(AccountScope.account_id == actor.account_id)).all()
    if not rows:
        return None
    units = subtree_ids(session, [u for u, _c in rows if u is not None])
    given = {c for _u, c in rows if c is not None}
    if units:
        given |= set(session.scalars(select(campaign_unit.c.campaign_id)
                                     .where(campaign_unit.c.unit_id.in_(sorted(units)))))
    taken_in = _units_of_campaigns(session, {c for _u, c in rows if c is not None})
    return Scope(frozenset(units), frozenset(given), taken_in)


def _units_of_campaigns(session: Session, campaign_ids: Collection[int]) -> frozenset[int]:
    if not campaign_ids:
        return frozenset()
    taken = session.scalars(select(campaign_unit.c.unit_id)
                            .where(campaign_unit.c.campaign_id.in_(sorted(campaign_ids))))
    return frozenset(subtree_ids(session, list(taken)))


def _cadre_clause(scope: Scope) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if scope.units:
        current = select(Post.cadre_id).where(Post.end.is_(None), Post.unit_id.in_(sorted(scope.units)))
        parts.append(Cadre.id.in_(current))
    if scope.campaigns:
        parts.append(Cadre.id.in_(select(campaign_cadre.c.cadre_id)
                                  .where(campaign_cadre.c.campaign_id.in_(sorted(scope.campaigns)))))
    return or_(*parts) if parts else false()


def cadre_clause(session: Session, actor: Actor) -> ColumnElement[bool] | None:
    """A condition on Cadre.id for the cadres the actor may see (None: all of them)."""
    scope = scope_of(session, actor)
    return None if scope is None else _cadre_clause(scope)


def campaign_clause(session: Session, actor: Actor) -> ColumnElement[bool] | None:
    """A condition on Campaign.id for the campaigns the actor may see (None: all of them)."""
    scope = scope_of(session, actor)
    if scope is None:
        return None
    return Campaign.id.in_(sorted(scope.campaigns)) if scope.campaigns else false()


def session_scope(session: Session) -> Scope | None:
    """The scope of the account the session works for (None: all, or no account)."""
    actor = acting(session)
    return None if actor is None else scope_of(session, actor)


def session_cadre_clause(session: Session) -> ColumnElement[bool] | None:
    """`cadre_clause` for the account the session works for (None when it has none)."""
    actor = acting(session)
    return None if actor is None else cadre_clause(session, actor)


def unit_ids(session: Session) -> frozenset[int] | None:
    """The units the session's account works on as units (None: all of them): the units given
    with their sub-units, and those its given campaigns take in (with their sub-units).

    Only the campaigns *given* count here, not those a unit scope brings in: a campaign that
    takes in the account's district and three others does not open those three (a cadre they
    assess is in scope, `cadre_clause`, but their units are not). This is how the quarterly
    indicators of unit subjects are scoped (services/indicators/subjects.py)."""
    scope = session_scope(session)
    return None if scope is None else scope.units | scope.campaign_units


@contextmanager
def department_wide(session: Session) -> Iterator[None]:
    """Reads inside see the whole department, as for an account without scope. Only for a
    check whose answer is a department-wide fact (is this unit among the department's bottom
    three?); what is read inside is never shown to the account."""
    saved = session.info.pop("actor", None), session.info.pop("scope", None)
    try:
        yield
    finally:
        for key, value in zip(("actor", "scope"), saved, strict=True):
            if value is not None:
                session.info[key] = value


def visible_cadres(session: Session, actor: Actor | None, ids: Collection[int]) -> set[int]:
    """Those of `ids` the actor (None: the session's) may see."""
    actor = actor or acting(session)
    clause = None if actor is None else cadre_clause(session, actor)
    if clause is None:
        return set(ids)
    found: set[int] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        found |= set(session.scalars(select(Cadre.id).where(Cadre.id.in_(chunk), clause)))
    return found


def _outside(actor: Actor, what: str) -> PermissionDenied:
    return PermissionDenied(f"{what}不在账户 {actor.username} 的工作范围内")


def check_cadre(session: Session, actor: Actor | None, cadre_id: int | None) -> None:
    """Refuse a cadre outside the actor's scope (no actor: the session's, if any; a new
    cadre, None, is not refused here)."""
    actor = actor or acting(session)
    if cadre_id is None or actor is None:
        return
    clause = cadre_clause(session, actor)
    if clause is not None and session.scalar(select(Cadre.id).where(Cadre.id == cadre_id, clause)) is None:
        raise _outside(actor, "该干部档案")


def check_unattached(session: Session, cadre_id: int | None, what: str) -> None:
    """A record outside any campaign (a visit, a talk): a scoped account may write it only
    when it concerns a cadre of its scope; otherwise it must belong to one of its campaigns."""
    actor = acting(session)
    if actor is None or scope_of(session, actor) is None:
        return
    if cadre_id is None:
        raise PermissionDenied(f"账户 {actor.username} 只能记录其工作范围内考核的{what}：请选择考核")
    check_cadre(session, actor, cadre_id)


def check_unit(session: Session, unit_id: int, what: str = "该单位") -> None:
    """Refuse a unit the session's account does not work on as a unit (`unit_ids`): a
    grading round of another unit, a team adjustment there."""
    units = unit_ids(session)
    actor = acting(session)
    if units is not None and actor is not None and unit_id not in units:
        raise _outside(actor, what)


def check_campaign(session: Session, actor: Actor | None, campaign_id: int | None) -> None:
    """Refuse a campaign outside the actor's scope (no actor: the session's, if any)."""
    actor = actor or acting(session)
    if campaign_id is None or actor is None:
        return
    scope = scope_of(session, actor)
    if scope is not None and campaign_id not in scope.campaigns:
        raise _outside(actor, "该考核活动")
