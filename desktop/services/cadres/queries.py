"""What the window and the command line may read about cadres: the roster, a cadre file, its
attachments and change history, statistics and data quality.

Each function passes the permission hook by opening its session with
`ws.read("cadre.read")`, and returns plain values (frozen dataclasses, lists of them, or the
service's own plain dataclasses such as CadreFile and Statistics), never ORM objects: the
session is closed when they reach a widget. Where a screen reads several things at once,
one function reads them in one session, so that they agree with each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.models.dates import PartialDate
from desktop.models.validation import Problem
from desktop.services import scopes
from desktop.services.cadres import (
    attachments,
    cadre_files,
    history,
    quality,
    roster,
    roster_index,
    saved_filters,
    statistics,
)
from desktop.services.cadres.attachments import AttachmentContent, AttachmentInfo
from desktop.services.cadres.cadre_files import CadreFile, Duplicate
from desktop.services.cadres.history import HistoryRow
from desktop.services.cadres.quality import Issue
from desktop.services.cadres.roster import RosterRow
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.cadres.saved_filters import Saved
from desktop.services.cadres.statistics import Statistics
from desktop.services.units import codes, units
from desktop.services.workspace import Workspace

READ = "cadre.read"


# --- the roster -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RosterIds:
    """The cadres a filter matches, in order, and how many there are in all."""

    ids: tuple[int, ...]
    total: int


def roster_ids(ws: Workspace, flt: RosterFilter, *, order: str = "name", descending: bool = False) -> RosterIds:
    with ws.read(READ) as s:
        scope = scopes.cadre_clause(s, ws.actor)
        ids = tuple(roster.matching_ids(s, flt, order=order, descending=descending, scope=scope))
        # No filter: the ids are every cadre in scope, counted already.
        return RosterIds(ids, len(ids) if flt.is_empty() else roster.count_all(s, scope))


def roster_start(ws: Workspace, count: int) -> RosterIds:
    """The first `count` ids of the whole roster in name order, and how many cadres are in
    scope: what a window needs to show its first rows (reading every id costs far more)."""
    with ws.read(READ) as s:
        scope = scopes.cadre_clause(s, ws.actor)
        first = roster.matching_ids(s, RosterFilter(), scope=scope, limit=count)
        return RosterIds(tuple(first), roster.count_all(s, scope))


def roster_names(ws: Workspace) -> roster_index.NameIndex:
    """The names of the cadres in scope, in name order, for filtering as one types."""
    with ws.read(READ) as s:
        return roster_index.build(s, scopes.cadre_clause(s, ws.actor))


def roster_rows(ws: Workspace, ids: Sequence[int]) -> list[RosterRow]:
    """Row values (every roster column) for `ids`, in that order; unknown ids are left out."""
    with ws.read(READ) as s:
        visible = scopes.visible_cadres(s, ws.actor, ids)
        return roster.rows_for(s, [i for i in ids if i in visible])


def cadre_matches(ws: Workspace, text: str, limit: int | None = None) -> list[RosterRow]:
    """Cadres whose name, full pinyin or initials match `text`, by name, at most `limit`."""
    with ws.read(READ) as s:
        ids = roster.matching_ids(s, RosterFilter(text=text), scope=scopes.cadre_clause(s, ws.actor))
        return roster.rows_for(s, ids if limit is None else ids[:limit])


@dataclass(frozen=True)
class RosterChoices:
    """What the roster's facet buttons offer: the code tables' names and every tag."""

    codes: dict[str, list[str]]
    tags: list[str]


def roster_choices(ws: Workspace) -> RosterChoices:
    with ws.read(READ) as s:
        return RosterChoices(codes.all_names(s), roster.tag_names(s))


def tag_names(ws: Workspace) -> list[str]:
    with ws.read(READ) as s:
        return roster.tag_names(s)


def saved_filter_rows(ws: Workspace) -> list[Saved]:
    """The saved filters (常用筛选), by name."""
    with ws.read(READ) as s:
        return saved_filters.all_saved(s)


# --- one cadre file -------------------------------------------------------------------------

@dataclass(frozen=True)
class EditorSetup:
    """What the cadre file editor opens with: the file (None for a new one) and the choices
    its fields offer: code tables, tags, and unit labels → (unit id, name as a post prints it)."""

    file: CadreFile | None
    codes: dict[str, list[str]]
    tags: list[str]
    unit_labels: dict[str, tuple[int, str]]


def editor_setup(ws: Workspace, cadre_id: int | None) -> EditorSetup:
    with ws.read(READ) as s:
        scopes.check_cadre(s, ws.actor, cadre_id)
        file = cadre_files.as_file(cadre_files.load(s, cadre_id)) if cadre_id else None
        return EditorSetup(file, codes.all_names(s), roster.tag_names(s), units.choices(s))


def file_for_editing(ws: Workspace, cadre_id: int) -> CadreFile:
    with ws.read(READ) as s:
        scopes.check_cadre(s, ws.actor, cadre_id)
        return cadre_files.as_file(cadre_files.load(s, cadre_id))


def file_problems(ws: Workspace, file: CadreFile) -> list[Problem]:
    """What is wrong with a form's content, as saving it would say (nothing is written)."""
    with ws.read(READ) as s:
        return cadre_files.validate(s, file)


def duplicates_of(ws: Workspace, name: str, birth: PartialDate | None, citizen_id: str,
                  exclude_id: int | None = None) -> list[Duplicate]:
    """Files with the same ID number, or the same name and birth month."""
    with ws.read(READ) as s:
        return cadre_files.find_duplicates(s, name, birth, citizen_id, exclude_id)


def attachment_rows(ws: Workspace, cadre_id: int) -> list[AttachmentInfo]:
    with ws.read(READ) as s:
        scopes.check_cadre(s, ws.actor, cadre_id)
        return attachments.listing(s, cadre_id)


def attachment_content(ws: Workspace, attachment_id: int) -> AttachmentContent:
    """An attachment's bytes for the preview, which keeps them in memory; a copy on disk is
    attachments.save_copy, which needs the export right and leaves a trace."""
    with ws.read(READ) as s:
        scopes.check_cadre(s, ws.actor, attachments.cadre_of(s, attachment_id))
        return attachments.content(s, attachment_id)


def history_rows(ws: Workspace, cadre_id: int) -> list[HistoryRow]:
    """The file's change history (变更记录), newest first: a part of the file, read with it."""
    with ws.read(READ) as s:
        scopes.check_cadre(s, ws.actor, cadre_id)
        return history.for_cadre(s, cadre_id)


# --- over many files ------------------------------------------------------------------------

def statistics_of(ws: Workspace, flt: RosterFilter) -> Statistics:
    with ws.read(READ) as s:
        return statistics.compute(s, flt, scope=scopes.cadre_clause(s, ws.actor))


def quality_issues(ws: Workspace, *, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[Issue]:
    """Missing and inconsistent data in every file (may run in a worker thread)."""
    with ws.read(READ) as s:
        return quality.scan(s, progress=progress, cancelled=cancelled, scope=scopes.cadre_clause(s, ws.actor))
