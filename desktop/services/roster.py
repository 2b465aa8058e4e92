"""The roster (花名册): which cadres match a filter, and the row values to show for them.

Filtering returns ids only (cheap even for 100,000 cadres); rows are fetched for the ids a
view actually displays. The window, `frontline list` and exports share this.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Post, Unit
from desktop.models.dates import PartialDate
from desktop.models.search_keys import is_pinyin_query, normalize_query


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""


@dataclass(frozen=True)
class RosterRow:
    id: int
    name: str
    sex: str
    birth: PartialDate | None
    unit: str
    post: str
    rank: str

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "sex": self.sex,
            "birth": self.birth.month_only().dotted() if self.birth else "",
            "unit": self.unit,
            "post": self.post,
        }


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_clause(text: str) -> ColumnElement[bool] | None:
    """Characters match anywhere in the name; Latin letters match the start of the full
    pinyin or of the initials (zs → 张三, zhang → 张三, but not 赵张生), for any reading."""
    query = normalize_query(text)
    if not query:
        return None
    escaped = _escape_like(query)
    if is_pinyin_query(query):
        # Keys hold one reading per word, space-separated: match at the start of any of them.
        starts = f"{escaped}%"
        later = f"% {escaped}%"
        return or_(
            Cadre.name_initials.like(starts, escape="\\"),
            Cadre.name_initials.like(later, escape="\\"),
            Cadre.name_pinyin.like(starts, escape="\\"),
            Cadre.name_pinyin.like(later, escape="\\"),
        )
    return Cadre.name.like(f"%{escaped}%", escape="\\")


def filter_statement(flt: RosterFilter) -> Select[tuple[int]]:
    stmt = select(Cadre.id)
    clause = text_clause(flt.text)
    if clause is not None:
        stmt = stmt.where(clause)
    return stmt


def matching_ids(session: Session, flt: RosterFilter) -> list[int]:
    """Ids of matching cadres, in roster order (pinyin of the name, then id)."""
    stmt = filter_statement(flt).order_by(Cadre.name_pinyin, Cadre.id)
    return list(session.scalars(stmt))


def _main_posts(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Current main post per cadre: (unit, title, rank). The first by sort order wins."""
    out: dict[int, tuple[str, str, str]] = {}
    rows = session.execute(
        select(Post.cadre_id, Unit.name, Post.unit_name, Post.title, Post.rank)
        .outerjoin(Unit, Unit.id == Post.unit_id)
        .where(and_(Post.cadre_id.in_(ids), Post.end.is_(None)))
        .order_by(Post.cadre_id, Post.is_main.desc(), Post.sort_order, Post.id)
    )
    for cadre_id, unit_name, free_unit, title, rank in rows:
        if cadre_id not in out:
            # The name as printed on the post is the full one (市财政局预算科, not 预算科).
            out[cadre_id] = (free_unit or unit_name or "", title or "", rank or "")
    return out


def rows_for(session: Session, ids: Sequence[int]) -> list[RosterRow]:
    """Row values for `ids`, in the same order; unknown ids are skipped."""
    by_id: dict[int, RosterRow] = {}
    for chunk in _chunks(ids, 500):
        posts = _main_posts(session, chunk)
        for cid, name, sex, birth in session.execute(
            select(Cadre.id, Cadre.name, Cadre.sex, Cadre.birth).where(Cadre.id.in_(chunk))
        ):
            unit, title, rank = posts.get(cid, ("", "", ""))
            by_id[cid] = RosterRow(cid, name, sex, birth, unit, title, rank)
    return [by_id[i] for i in ids if i in by_id]


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def count_all(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Cadre)) or 0)
