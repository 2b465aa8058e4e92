"""What the window and the command line may read about units and code tables: the unit tree,
the unit pickers' labels, what a merge would move, the code tables' entries.

Each function passes the permission hook by opening its session with `ws.read("unit.read")`
(units) or `ws.read("code.read")` (code tables), and returns plain frozen rows or plain
values, never ORM objects.
"""

from __future__ import annotations

from desktop.services import scopes
from desktop.services.units import codes, units
from desktop.services.units.codes import Item
from desktop.services.units.units import MergeSummary, UnitNode
from desktop.services.workspace import Workspace

UNIT_READ = "unit.read"
CODE_READ = "code.read"


def unit_tree(ws: Workspace, *, counts: bool = True) -> list[UnitNode]:
    """Every unit, parents before children; with each unit's own current head count when
    `counts` (which reads every post: leave it out where no count is shown). A scoped account
    (services/scopes.py) sees every unit, its place in the tree is no secret, but counts only
    the cadres of its scope."""
    with ws.read(UNIT_READ) as s:
        return units.tree(s, counts=counts, scope=scopes.cadre_clause(s, ws.actor))


def unit_choices(ws: Workspace) -> dict[str, tuple[int, str]]:
    """Unit pickers: full path label (甲 / 乙 / 丙) → (unit id, name as a post prints it)."""
    with ws.read(UNIT_READ) as s:
        return units.choices(s)


def merge_preview(ws: Workspace, source_id: int, target_id: int) -> MergeSummary:
    """What merging `source_id` into `target_id` would move: its posts and its sub-units."""
    with ws.read(UNIT_READ) as s:
        return units.merge_preview(s, source_id, target_id)


def code_items(ws: Workspace, table: str) -> list[Item]:
    """A code table's entries in display order, retired ones included."""
    with ws.read(CODE_READ) as s:
        return codes.items(s, table)


def code_names(ws: Workspace, table: str) -> list[str]:
    """The names a field drawing on `table` offers (entries in use), in display order."""
    with ws.read(CODE_READ) as s:
        return codes.names(s, table)

