"""A district's cadre or unit the city already has on file separately: recognised, not added twice.

A report file names its records by the uids the district made. The city may have the same
person on file already — typed in from a 任免审批表, imported from LRMX — under a uid of its
own; taking the district's as new would make two files of one person. So before the merge,
in the file's private copy (never the file itself):

- a cadre new to the city (its uid unknown here and never received from this district) whose
  身份证号 matches exactly one city cadre takes that cadre's uid. The merge then compares the
  two as one record; with no earlier report to tell who changed what, each field they hold
  differently is a conflict the clerk decides. The cadre's own records (任职, 学习经历, 奖励 …)
  that are the same on both sides are recognised too, so they are not doubled; different
  ones are added;
- a unit new to the city with the same 机构代码 as exactly one city unit, or else the same
  name (at the top of the district's tree: anywhere in the city's; below it: under the unit
  its parent was recognised as), takes that unit's uid, and the city's own description of it
  is kept (where it sits in the city's tree is the city's business), as if the district had
  not changed it since it last reported. A unit another district's report brought (or had
  recognised) is that district's: it is never taken by name for this one's, so 翔安区's
  区委办公室 does not become 集贤区's. (A cadre is: a person moves between districts.)

A second import of the same file recognises the same records again, and so changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from desktop.services.exchange.packages.records import BY_TABLE, Reader, hashes, table_of
from desktop.store.engine import WRITE

# A cadre's own records, recognised when the district's is the same as one the city has.
OWN_RECORDS = ("post", "study", "work_record", "family_member", "reward", "punishment", "annual_result", "training")
SHOWN = 8  # names listed in a note before "等 N 人"


@dataclass
class Recognised:
    """district uid → city uid, per table; and the ancestors to assume for recognised units."""

    uids: dict[str, dict[str, str]] = field(default_factory=dict)
    ancestors: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _listed(names: list[str], unit: str) -> str:
    shown = "、".join(names[:SHOWN])
    return shown + (f"等 {len(names)} {unit}" if len(names) > SHOWN else "")


def _city_uids(city: Session, table: str, uids: Iterable[str]) -> set[str]:
    t = table_of(table)
    wanted = list(uids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(city.scalars(select(t.c.uid).where(t.c.uid.in_(wanted[start:start + 500]))))
    return found


def _cadres(city: Session, district: Session, received: Collection[str]) -> dict[str, tuple[str, str]]:
    """district uid → (city uid, name) for cadres recognised by 身份证号."""
    t = table_of("cadre")
    rows = list(district.execute(select(t.c.uid, t.c.citizen_id, t.c.name).where(t.c.citizen_id != "")))
    unknown = set(r[0] for r in rows) - _city_uids(city, "cadre", (r[0] for r in rows)) - set(received)
    in_file = {r[0] for r in rows}
    by_id: dict[str, list[str]] = {}
    ids = sorted({str(r[1]).strip().upper() for r in rows if r[0] in unknown})
    for start in range(0, len(ids), 500):
        for uid, citizen_id in city.execute(select(t.c.uid, t.c.citizen_id)
                                            .where(t.c.citizen_id.in_(ids[start:start + 500]))):
            by_id.setdefault(str(citizen_id).strip().upper(), []).append(uid)
    out: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for uid, citizen_id, name in rows:
        here = by_id.get(str(citizen_id).strip().upper(), [])
        # Exactly one person here, not in the file under its own uid, not claimed twice.
        if uid in unknown and len(here) == 1 and here[0] not in in_file and here[0] not in taken:
            out[uid] = (here[0], name)
            taken.add(here[0])
    return out


def _units(city: Session, district: Session, received: Collection[str],
           others: Collection[str]) -> dict[str, tuple[str, str]]:
    """district uid → (city uid, name) for units recognised by code or by name in the tree;
    `others`: uids other districts' reports brought (not matched by name)."""
    t = table_of("unit")
    mine = {r.id: r for r in district.execute(select(t.c.id, t.c.uid, t.c.parent_id, t.c.name, t.c.code))}
    theirs = list(city.execute(select(t.c.uid, t.c.parent_id, t.c.id, t.c.name, t.c.code)))
    city_uid_of = {r.id: r.uid for r in theirs}
    known = {r.uid for r in theirs}
    in_file = {r.uid for r in mine.values()}
    out: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()

    def only(found: list[str]) -> str | None:
        return found[0] if len(found) == 1 and found[0] not in in_file and found[0] not in taken else None

    def visit(row: Any) -> None:
        if row.uid in known or row.uid in received:
            return
        parent = mine.get(row.parent_id) if row.parent_id is not None else None
        match = None
        code = (row.code or "").strip()
        if code:
            match = only([r.uid for r in theirs if (r.code or "").strip() == code])
        if match is None and parent is None:
            match = only([r.uid for r in theirs if r.name == row.name and r.uid not in others])
        elif match is None and parent is not None:
            city_parent = out.get(parent.uid, (parent.uid, ""))[0]
            match = only([r.uid for r in theirs if r.name == row.name and r.uid not in others
                          and r.parent_id is not None and city_uid_of.get(r.parent_id) == city_parent])
        if match is not None:
            out[row.uid] = (match, row.name)
            taken.add(match)

    done: set[int] = set()
    pending = list(mine.values())
    while pending:  # parents first: a child is matched under what its parent was recognised as
        ready = [r for r in pending if r.parent_id is None or r.parent_id in done or r.parent_id not in mine]
        if not ready:
            break  # a cycle cannot come from the program: leave the rest as they are
        for r in ready:
            visit(r)
            done.add(r.id)
        pending = [r for r in pending if r.id not in done]
    return out


def _own_records(city: Session, district: Session, cadres: Collection[str]) -> dict[str, dict[str, str]]:
    """For recognised cadres (their city uids, already given to the file's copy): the district's
    records of theirs that are the same as one the city has, field for field."""
    if not cadres:
        return {}
    here, there = Reader(city), Reader(district)
    c = table_of("cadre")
    city_ids = list(city.scalars(select(c.c.id).where(c.c.uid.in_(list(cadres)))))
    file_ids = list(district.scalars(select(c.c.id).where(c.c.uid.in_(list(cadres)))))
    out: dict[str, dict[str, str]] = {}
    for table in OWN_RECORDS:
        t = table_of(table)
        mine = list(district.scalars(select(t.c.uid).where(t.c.cadre_id.in_(file_ids))))
        theirs = set(city.scalars(select(t.c.uid).where(t.c.cadre_id.in_(city_ids))))
        mine = [uid for uid in mine if uid not in theirs]  # received before: the merge knows it
        if not mine or not theirs:
            continue
        kind = BY_TABLE[table]
        available: dict[tuple[tuple[str, str], ...], list[str]] = {}
        for uid, record in sorted(here.records(kind, theirs).items()):
            available.setdefault(tuple(sorted(hashes(record).items())), []).append(uid)
        for uid, record in sorted(there.records(kind, mine).items()):
            same = available.get(tuple(sorted(hashes(record).items())))
            if same:
                out.setdefault(table, {})[uid] = same.pop(0)
    return out


def _rewrite(engine: Engine, uids: dict[str, dict[str, str]]) -> None:
    with engine.execution_options(**WRITE).begin() as conn:
        for table, mapping in uids.items():
            t = table_of(table)
            for old, new in mapping.items():
                conn.execute(update(t).where(t.c.uid == old).values(uid=new))


def recognise(city: Session, district: Session, engine: Engine, received: Collection[str],
              others: Collection[str] = frozenset()) -> Recognised:
    """Give the file's copy the city's uids for what the city already has (see the module's
    docstring); `received`: uids this district's earlier reports brought (never re-matched);
    `others`: those other districts' reports brought."""
    units = _units(city, district, received, others)
    cadres = _cadres(city, district, received)
    result = Recognised()
    if units:
        result.uids["unit"] = {old: new for old, (new, _n) in units.items()}
        result.notes.append("按机构代码或名称认定为本级已有的单位（保留本级的单位信息）："
                            + _listed(sorted(n for _u, n in units.values()), "个"))
    if cadres:
        result.uids["cadre"] = {old: new for old, (new, _n) in cadres.items()}
        result.notes.append("按身份证号认定为本级已有的干部（两边不同的各项列为冲突，请逐项决定）："
                            + _listed([n for _u, n in cadres.values()], "人"))
    if not result.uids:
        return result
    _give(district, engine, result.uids)
    own = _own_records(city, district, list(result.uids.get("cadre", {}).values()))
    if own:
        _give(district, engine, own)
        result.uids.update(own)
    if units:  # the district "did not change" a recognised unit: the city's description stays
        found = Reader(district).records(BY_TABLE["unit"], list(result.uids["unit"].values()))
        result.ancestors = {uid: hashes(record) for uid, record in found.items()}
    return result


def _give(district: Session, engine: Engine, uids: dict[str, dict[str, str]]) -> None:
    district.rollback()  # the copy is written on a connection of its own
    _rewrite(engine, uids)
    district.expire_all()
