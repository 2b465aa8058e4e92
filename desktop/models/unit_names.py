"""Finding a unit of the tree from the name a form or a roster prints for it.

Rosters and 任免审批表 write a unit's full name the way documents do: the place in front, the
unit's own 市/区/县 merged into it, the parent department before a 科室 —

    tree: 中共海滨市委员会 › 市委办公室           printed: 海滨市委办公室
    tree: 海滨市人民政府 › 市民政局 › 政策法规科    printed: 海滨市民政局政策法规科
    tree: 海港区 › 区发展和改革局                 printed: 海滨市海港区发展和改革局

An import that kept only the text left every imported post outside the tree: missing from
the unit filter, the unit statistics and "add people by unit". `UnitNames.resolve` builds the
names each unit is printed under from its path and finds the one a text names; a text that
names no unit, or more than one equally well, resolves to None and stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LEVELS = "省市区县旗"
# The place a top-level unit stands for: 中共海滨市委员会, 海滨市人民政府 → 海滨市; 鹭江区 → 鹭江区.
_PLACE = re.compile(rf"^(?:中共)?(.{{1,12}}?[{_LEVELS}])(?:委员会|人民政府|人大常委会|政协|委|$)")
_SPACES = re.compile(r"\s+")


def _join(prefix: str, name: str) -> str:
    """Append a unit's name to its place: a leading 市/区/县 merges with the place's own."""
    if name and prefix and name[0] in _LEVELS and prefix.endswith(name[0]):
        return prefix + name[1:]
    return prefix + name


def _clean(text: str) -> str:
    return _SPACES.sub("", text or "")


class UnitNames:
    """The printed names of every unit of a tree, for resolving imported text."""

    def __init__(self, units: Iterable[tuple[int, str, int | None]]) -> None:
        rows = {uid: (_clean(name), parent) for uid, name, parent in units}
        self._names: dict[str, set[int]] = {}
        self._prefixes: dict[int, set[str]] = {}
        for uid in rows:
            for printed in self._printed(uid, rows):
                self._names.setdefault(printed, set()).add(uid)

    def _printed(self, uid: int, rows: dict[int, tuple[str, int | None]]) -> set[str]:
        if uid in self._prefixes:
            return self._prefixes[uid]
        self._prefixes[uid] = set()  # a cycle in a damaged tree ends here
        name, parent = rows[uid]
        out = {name}
        if parent is None or parent not in rows:
            place = _PLACE.match(name)
            if place:
                out.add(place.group(1))
        else:
            for prefix in self._printed(parent, rows):
                out.add(_join(prefix, name))
        self._prefixes[uid] = out
        return out

    def __bool__(self) -> bool:
        return bool(self._names)

    def resolve(self, text: str) -> int | None:
        """The unit `text` prints, or None if it names none or several."""
        text = _clean(text)
        if not text:
            return None
        found = self._names.get(text)
        if found is None:
            # A place written in front of the tree's own top (海滨市 before 海港区…): the
            # longest printed name the text ends with, right after a 市/区/县.
            best = max((len(p) for p in self._names
                        if len(p) >= 2 and text.endswith(p) and text[: -len(p)][-1:] in _LEVELS), default=0)
            found = set().union(*(units for p, units in self._names.items()
                                  if len(p) == best and text.endswith(p))) if best else None
        if found and len(found) == 1:
            return next(iter(found))
        return None
