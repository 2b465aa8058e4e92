"""A sheet's answers as one record that another clerk, or a field laptop's merge, may have saved
since this clerk opened it (services/record_versions.py). Its parts are its items: an item's
rating and its written fact are compared, shown and taken together, labelled with the item's
text. Blank and unanswered are the same answer, and so are answers that differ only in spaces
at the ends (the sheet stores them stripped)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sqlalchemy.orm import Session

from desktop.models import Cadre, Sheet
from desktop.models.scoring import checked, is_flag
from desktop.services.record_versions import RecordKind


class Asked(Protocol):
    """A template item, or the read-only copy a window holds (queries.SheetItem)."""

    @property
    def id(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def scale(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SheetAnswers:
    """Item id → (rating, fact), at the sheet's row version when the form opened it (None: not
    checked — the command line, the demo, tests that set up a sheet)."""

    answers: Mapping[int, tuple[str, str]]
    version: int | None = None


def answer(record: SheetAnswers, key: str) -> tuple[str, str]:
    value, fact = record.answers.get(int(key), ("", ""))
    return value.strip(), fact.strip()


def with_answers(record: SheetAnswers, taken: dict[str, Any]) -> SheetAnswers:
    answers = dict(record.answers)
    answers.update({int(key): value for key, value in taken.items()})
    return replace(record, answers=answers)


def sheet_kind(items: Iterable[Asked]) -> RecordKind:
    """The sheet's items in the template's order, each labelled with its text."""
    return RecordKind("测评表", {str(i.id): i.text for i in items}, part=answer, with_parts=with_answers)


def rating_text(item: Asked, value: str) -> str:
    if is_flag(item):  # 无 answered reads differently from a line not yet looked at
        return "☑ 有此行为" if checked(item, value) else ("☐ 无" if value else "")
    if item.scale.get("type") == "score" and value:
        return f"{value} 分"
    return value


def shown(items: Iterable[Asked]) -> Callable[[str, Any], str]:
    """An answer as the side-by-side dialog shows it: the rating, then the fact."""
    by_key = {str(i.id): i for i in items}

    def view(key: str, found: Any) -> str:
        value, fact = found
        parts = (rating_text(by_key[key], value), f"具体事实：{fact}" if fact else "")
        return "；".join(p for p in parts if p)

    return view


def stored(sheet: Sheet) -> SheetAnswers:
    """The answers the sheet holds now (answers loaded), at its row version."""
    return SheetAnswers({a.item_id: (a.value, a.fact) for a in sheet.answers}, sheet.row_version)


def sheet_name(session: Session, sheet: Sheet) -> str:
    """张三 · 同级 王五: whose sheet it is, as the refusal names it."""
    cadre = session.get(Cadre, sheet.cadre_id)
    rater = f"{sheet.rater_category} {sheet.rater_name}".strip()
    return f"{cadre.name if cadre else ''} · {rater}"
