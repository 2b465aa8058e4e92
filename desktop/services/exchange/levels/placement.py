"""放在：where a district's units new to the city go in the city's tree.

A report file carries the units its cadres' posts name, with their parents up to the top of
the district's tree. A unit at that top which the city does not have (区委办公室, 某某镇 …)
would become a top-level unit of the city's tree beside 市委 and 市政府. So the clerk chooses
one unit of the city's tree to hold them — or the top level, which the preview then says
plainly — and the merge gives those units that parent. Units the city recognised
(recognise.py) keep their place; the district's units below the new ones keep theirs.

The default is a guess, in this order:

1. what the clerk chose the last time this district's report was received (the clerk's own
   choice for this very district outweighs a guess from its name);
2. the city unit named by the report's header: the header names the district by its 发文单位
   setting (“中共集贤区委组织部”) or, without one, by the top unit of what it reported
   (“集贤区”), so a unit whose name or code is that text, then one named by the region the
   text is about (“集贤区”), then one whose name is about that region (“中共集贤区委”) —
   each only when exactly one unit fits, and never a unit another district's report brought
   (翔安区, reporting as “区委办公室”, does not go under 集贤区's 区委办公室);
3. what the clerk chose the last time any district's report was received;
4. the top level.

The merge remembers the file's own version (at the top) as what it decided on and the placed
one as the common ancestor (Change.settled): the same file again changes nothing, a unit the
clerk has since moved stays where the clerk put it, and a later report in which the district
itself moved the unit moves it here too, unless the clerk moved it as well (a conflict).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import Setting, Unit
from desktop.services.exchange.packages.merge import Change, MergePlan
from desktop.services.exchange.packages.records import field_hash, hashes
from desktop.services.units.units import tree

MEMORY = "report_file.placement"  # {"last": uid or "" (top), "districts": {fingerprint: uid or ""}}
TOP_TEXT = "顶层"
SHOWN = 5
_PREFIXES = ("中国共产党", "中共")
# Longest first: “…区委组织部” is about “…区”, and so are “…区委” and “…区人民政府”.
_SUFFIXES = ("委员会组织部", "委组织部", "人民政府", "委员会", "组织部", "政府", "委")
_TOP_PARENT = field_hash(None)


@dataclass(frozen=True)
class Choice:
    """Where the new units go: a city unit (`under`, its uid; `path` 甲 / 乙) or the top level
    (None); `why` says how a default was found ("" when someone chose it)."""

    under: str | None
    path: str = ""
    why: str = ""


@dataclass(frozen=True)
class _Unit:
    id: int
    uid: str
    name: str
    code: str
    path: str


def _units(session: Session) -> dict[str, _Unit]:
    rows = {i: (uid, p, n, c) for i, uid, p, n, c in session.execute(
        select(Unit.id, Unit.uid, Unit.parent_id, Unit.name, Unit.code).order_by(Unit.sort_order, Unit.id))}
    paths: dict[int, str] = {}

    def path(unit: int) -> str:
        chain: list[int] = []
        at: int | None = unit
        while at is not None and at in rows and at not in paths and at not in chain:
            chain.append(at)
            at = rows[at][1]
        above = paths.get(at, "") if at is not None else ""
        for u in reversed(chain):
            above = paths[u] = f"{above} / {rows[u][2]}" if above else rows[u][2]
        return paths[unit]

    return {uid: _Unit(i, uid, n, (c or "").strip(), path(i)) for i, (uid, _p, n, c) in rows.items()}


def choices(session: Session) -> list[tuple[str, str]]:
    """(path label, uid) of every city unit in the tree's order; two units of one path are
    told apart by their code (or their place in the list)."""
    by_id = {u.id: u for u in _units(session).values()}
    units = [by_id[node.id] for node in tree(session, counts=False) if node.id in by_id]
    seen: dict[str, int] = {}
    for u in units:
        seen[u.path] = seen.get(u.path, 0) + 1
    out: list[tuple[str, str]] = []
    counted: dict[str, int] = {}
    for u in units:
        label = u.path
        if seen[u.path] > 1:
            counted[u.path] = counted.get(u.path, 0) + 1
            label += f"（代码 {u.code}）" if u.code else f"（第 {counted[u.path]} 个）"
        out.append((label, u.uid))
    return out


def region(name: str) -> str:
    """The place an office's name is about: 中共集贤区委组织部 → 集贤区."""
    text = "".join(name.split())
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[:-len(suffix)]
    return text


def _only(found: Iterable[_Unit]) -> _Unit | None:
    found = list(found)
    return found[0] if len(found) == 1 else None


def _by_district(units: dict[str, _Unit], district: str, others: Collection[str]) -> _Unit | None:
    text = "".join(district.split())
    if not text:
        return None
    place = region(text)

    def named(u: _Unit) -> bool:
        return u.name == text or (u.code != "" and u.code == text)

    tests: list[Callable[[_Unit], bool]] = [named]
    if len(place) >= 2:
        tests += [lambda u: u.name == place, lambda u: region(u.name) == place]
    for test in tests:
        found = [u for u in units.values() if test(u) and u.uid not in others]
        if found:
            return _only(found)  # several fit: no guess rather than the wrong one
    return None


def _memory(session: Session) -> dict[str, Any]:
    row = session.get(Setting, MEMORY)
    value = row.value if row is not None else None
    if not isinstance(value, dict):
        return {"districts": {}}
    districts = value.get("districts")
    return {**value, "districts": districts if isinstance(districts, dict) else {}}


def _remembered(units: dict[str, _Unit], uid: Any, why: str) -> Choice | None:
    if uid == "":
        return Choice(None, "", why)
    if isinstance(uid, str) and uid in units:
        return Choice(uid, units[uid].path, why)
    return None  # deleted or merged away since: not a choice any more


def guess(session: Session, district: str, fingerprint: str, others: Collection[str] = frozenset()) -> Choice:
    """The default (see the module's docstring) for the district `district` names, signing
    with `fingerprint`; `others`: uids other districts' reports brought, never its namesake
    (翔安区's 区委办公室 does not go under 集贤区's)."""
    units = _units(session)
    memory = _memory(session)
    mine = memory["districts"].get(fingerprint)
    if mine is not None:
        found = _remembered(units, mine, "上次接收该单位的上报文件时所选")
        if found is not None:
            return found
    named = _by_district(units, district, others)
    if named is not None:
        return Choice(named.uid, named.path, f"与报送单位“{district}”的名称相符")
    found = _remembered(units, memory.get("last"), "上次接收上报文件时所选")
    return found if found is not None else Choice(None)


def resolve(session: Session, text: str) -> Choice:
    """The city unit a clerk names by path (甲 / 乙), name or code; FrontlineError when none or
    several fit."""
    wanted = text.strip()
    if not wanted:
        raise FrontlineError("请给出放置新单位的单位名称或代码")
    units = _units(session)
    found = [u for u in units.values() if wanted in (u.path, u.name) or (u.code and u.code == wanted)]
    if not found:
        raise FrontlineError(f"本级没有名称、代码或路径为“{wanted}”的单位，没有导入任何数据。"
                             "请写出本级单位树中的单位名称、机构代码或完整路径（如“海滨市 / 各区县”）")
    if len(found) > 1:
        shown = "、".join(f"“{u.path}”" + (f"（代码 {u.code}）" if u.code else "") for u in found[:SHOWN])
        raise FrontlineError(f"本级有 {len(found)} 个单位与“{wanted}”相符：{shown}，没有导入任何数据。"
                             "请写出完整路径或机构代码")
    return Choice(found[0].uid, found[0].path)


def check(session: Session, choice: Choice) -> None:
    """The chosen unit still exists (another clerk may have deleted or merged it since)."""
    if choice.under is not None and session.scalar(select(Unit.id).where(Unit.uid == choice.under)) is None:
        raise FrontlineError(f"放置新单位的“{choice.path}”已不在本级单位树中（可能已被删除或合并），"
                             "没有写入任何数据。请重新选择")


def at_top(change: Change) -> bool:
    """A unit the city does not have, at the top of the district's tree: the file's own
    version (laptop_hashes, never changed by placing) has no parent."""
    return (change.kind.table == "unit" and change.action == "add" and change.laptop_hashes is not None
            and change.laptop_hashes.get("parent_id") == _TOP_PARENT)


def place(plan: MergePlan, choice: Choice) -> list[str]:
    """Give the plan's new top units `choice` as their parent (again when the clerk chooses
    another); the names of those units."""
    placed: list[str] = []
    for c in plan.changes:
        if at_top(c) and c.laptop is not None:
            c.laptop = {**c.laptop, "parent_id": choice.under}
            c.settled = hashes(c.laptop) if choice.under is not None else None
            placed.append(str(c.laptop.get("name") or c.label))
    return placed


def note(session: Session, placed: list[str], choice: Choice, district: str) -> str:
    """What the preview says about where the new units go ("" when none is new)."""
    if not placed:
        return ""
    names = "、".join(placed[:SHOWN]) + (f" 等 {len(placed)} 个" if len(placed) > SHOWN else "")
    head = f"上报文件中本级没有的顶层单位（{names}）"
    why = f"（{choice.why}）" if choice.why else ""
    if choice.under is not None:
        return f"{head}将放在“{choice.path}”之下{why}"
    roots = list(session.scalars(select(Unit.name).where(Unit.parent_id.is_(None)).order_by(Unit.sort_order, Unit.id)))
    listed = "、".join(f"“{n}”" for n in roots[:SHOWN]) + (f"等 {len(roots)} 个单位" if len(roots) > SHOWN else "")
    beside = f"，与{listed}并列" if roots else ""
    reason = why or (f"（本级没有与报送单位“{district}”名称相符的单位，也没有上次的选择）" if roots else "")
    return f"{head}将作为本级单位树的顶层单位{beside}{reason}"


def remember(session: Session, fingerprint: str, choice: Choice) -> None:
    """Keep the choice for this district's next report and as the last choice of all."""
    memory = _memory(session)
    chosen = choice.under or ""
    value = {**memory, "last": chosen, "districts": {**memory["districts"], fingerprint: chosen}}
    row = session.get(Setting, MEMORY)
    if row is None:
        session.add(Setting(key=MEMORY, value=value))
    else:
        row.value = value
