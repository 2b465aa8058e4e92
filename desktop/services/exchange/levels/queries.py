"""What the window and the command line read about reporting between levels."""

from __future__ import annotations

from desktop.services.exchange.levels import keys, placement
from desktop.services.workspace import Workspace


def own_fingerprint(ws: Workspace) -> str | None:
    """This database's signing fingerprint (None before its first report file)."""
    with ws.read("report_file.read") as s:
        return keys.own_fingerprint(s)


def districts(ws: Workspace) -> list[keys.District]:
    """The reporting offices whose files this database accepts."""
    with ws.read("report_file.read") as s:
        return keys.districts(s)


def unit_ids(ws: Workspace, given: list[str]) -> tuple[int, ...]:
    """Units given by number or by exact name (a name several units share is refused, naming
    their numbers)."""
    from sqlalchemy import select

    from desktop.errors import FrontlineError
    from desktop.models import Unit

    found: list[int] = []
    with ws.read("unit.read") as s:
        for text in given:
            text = text.strip()
            ids = list(s.scalars(select(Unit.id).where(Unit.id == int(text)))) if text.isdigit() else \
                list(s.scalars(select(Unit.id).where(Unit.name == text).order_by(Unit.id)))
            if not ids:
                raise FrontlineError(f"没有单位“{text}”")
            if len(ids) > 1:
                raise FrontlineError(f"有 {len(ids)} 个单位名为“{text}”（编号 {'、'.join(map(str, ids))}），请用编号")
            found.append(ids[0])
    return tuple(found)


def placement_choices(ws: Workspace) -> list[tuple[str, str]]:
    """The city's units a report's new top units can go under: (path label, uid)."""
    with ws.read("unit.read") as s:
        return placement.choices(s)


def placement_named(ws: Workspace, text: str) -> placement.Choice:
    """The city unit named by path, name or code (the command line's --under)."""
    with ws.read("unit.read") as s:
        return placement.resolve(s, text)
