"""A scoped account's package import (services/scopes.py): the whole package is refused when
it would add, change or delete a record of a cadre outside the account's scope, or when its
campaign is outside it.

A record touches the cadres it names: a cadre file itself, a column pointing at a cadre
(cadre_id, interviewee_cadre_id …) on the laptop's or the office's side, a talk's or a
campaign's cadres, and a ballot's or a ledger evidence's cadre through its batch or entry.
Cadres made on the laptop (not yet in the office) are no one's to refuse; they arrive in the
campaign, which is in scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import PermissionDenied
from desktop.models import Cadre
from desktop.services import scopes
from desktop.services.exchange.packages.records import fk_targets, table_of

if TYPE_CHECKING:
    from desktop.services.exchange.packages.merge import Change

# Records owned by a record that names the cadre: (the owner column, the owner's table).
_THROUGH = {"ballot": ("batch_id", "ballot_batch"), "point_evidence": ("entry_id", "point_entry")}
MAX_NAMED = 5


def _cadre_columns(table: str) -> list[str]:
    return [column for column, ref in fk_targets(table_of(table)).items() if ref == "cadre"]


def _named_in(table: str, record: dict[str, Any]) -> set[str]:
    found = {str(record[c]) for c in _cadre_columns(table) if record.get(c)}
    linked = record.get("cadres") if table in ("talk", "campaign") else None
    if isinstance(linked, list):
        found |= {str(u) for u in linked}
    return found


def _office_refs(office: Session, table: str, uids: Iterable[str]) -> dict[str, set[str]]:
    """record uid → the cadres the office's version of it names (direct columns)."""
    t, cadre = table_of(table), table_of("cadre")
    wanted = sorted(set(uids))
    found: dict[str, set[str]] = {}
    for column in _cadre_columns(table):
        for start in range(0, len(wanted), 500):
            for record, named in office.execute(select(t.c.uid, cadre.c.uid).join(t, t.c[column] == cadre.c.id)
                                                .where(t.c.uid.in_(wanted[start:start + 500]))):
                found.setdefault(record, set()).add(named)
    return found


def _through(sessions: tuple[Session, ...], table: str, owner_uids: set[str]) -> set[str]:
    t, cadre = table_of(table), table_of("cadre")
    found: set[str] = set()
    wanted = sorted(owner_uids)
    for s in sessions:
        for start in range(0, len(wanted), 500):
            found |= set(s.scalars(select(cadre.c.uid).join(t, t.c.cadre_id == cadre.c.id)
                                   .where(t.c.uid.in_(wanted[start:start + 500]))))
    return found


def check(office: Session, laptop: Session, package: str, changes: Iterable[Change],
          names: dict[str, str]) -> None:
    """PermissionDenied naming the cadres outside the scope the changes touch (nothing is
    written: the import is refused whole)."""
    clause = scopes.session_cadre_clause(office)
    if clause is None:
        return
    touched: dict[str, set[str]] = {}  # cadre uid → the records' labels
    per_table: dict[str, list[tuple[str, str]]] = {}
    owners: dict[str, dict[str, set[str]]] = {}
    for c in changes:
        table, uid, label = c.kind.table, c.uid, c.label
        record = c.laptop or {}
        cadres = {uid} if table == "cadre" else _named_in(table, record)
        if table in _THROUGH and record.get(_THROUGH[table][0]):
            owners.setdefault(table, {}).setdefault(str(record[_THROUGH[table][0]]), set()).add(label)
        per_table.setdefault(table, []).append((uid, label))
        for cadre in cadres:
            touched.setdefault(cadre, set()).add(label)
    for table, rows in per_table.items():  # the office's side: an update or a deletion
        named = _office_refs(office, table, (uid for uid, _label in rows)) if table != "cadre" else {}
        for uid, label in rows:
            for cadre in named.get(uid, ()):
                touched.setdefault(cadre, set()).add(label)
    for table, by_owner in owners.items():
        for owner, labels in by_owner.items():
            for cadre in _through((laptop, office), _THROUGH[table][1], {owner}):
                touched.setdefault(cadre, set()).update(labels)
    if not touched:
        return
    known = dict(office.execute(select(Cadre.uid, Cadre.id).where(Cadre.uid.in_(sorted(touched)))).all())
    visible = scopes.visible_cadres(office, None, known.values())
    barred = sorted(uid for uid, cid in known.items() if cid not in visible)
    if not barred:
        return
    actor = scopes.acting(office)
    who = names_text([names.get(u, u) for u in barred])
    records = len({label for u in barred for label in touched[u]})
    raise PermissionDenied(f"数据包 {package} 中有 {records} 条记录涉及账户 {actor.username if actor else ''} "
                           f"工作范围以外的干部（{who}），没有导入任何数据")


def names_text(names: list[str]) -> str:
    shown = "、".join(names[:MAX_NAMED])
    return shown + (f" 等 {len(names)} 人" if len(names) > MAX_NAMED else "")
