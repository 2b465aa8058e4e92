"""The roster (花名册): which cadres match a filter, in which order, and their row values.

Filtering returns ids only (cheap even for 100,000 cadres); row values are fetched for the
ids a view actually displays. The window, `frontline list` and exports share this.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, case, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from desktop.models import Cadre, CodeItem, Post, Study, Tag, Unit, cadre_tag
from desktop.models.dates import PartialDate
from desktop.models.education import (
    DEGREE_LEVELS,
    EDUCATION_LEVELS,
    UNKNOWN,
    degree_rank,
    education_label,
    education_rank,
)
from desktop.models.search_keys import is_pinyin_query, mixed_query, normalize_query
from desktop.services import scopes
from desktop.services.cadres.roster_columns import column
from desktop.services.cadres.roster_filter import AGE_BANDS, NON_LEADER, RosterFilter
from desktop.services.units.units import subtree_ids

__all__ = ["AGE_BANDS", "RosterFilter", "RosterRow", "count_all", "matching_ids", "rows_for"]


@dataclass(frozen=True)
class RosterRow:
    id: int
    values: dict[str, Any]

    def __getattr__(self, key: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            raise AttributeError(key) from None

    def text(self, key: str) -> str:
        """The value as a view or a CSV prints it."""
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, PartialDate):
            return value.month_only().dotted()
        return str(value)

    def as_json(self) -> dict[str, object]:
        """The stable shape of `frontline list --json`."""
        return {"id": self.id, "name": self.values["name"], "sex": self.values["sex"],
                "birth": self.text("birth"), "unit": self.values["unit"], "post": self.values["post"]}


# --- filtering ------------------------------------------------------------------------------

def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_clause(text: str) -> ColumnElement[bool] | None:
    """Characters match anywhere in the name; Latin letters match the start of the full
    pinyin or of the initials (zs → 张三, zhang → 张三, but not 赵张生), for any reading.
    Both at once (王l, 王lihua) is the characters in the name and the query, read as
    pinyin, at the start of a key: 王磊 and 王丽 but not 汪磊 or 王海林."""
    query = normalize_query(text)
    if not query:
        return None
    escaped = _escape_like(query)
    if is_pinyin_query(query):
        return _key_match([escaped], [escaped])
    mixed = mixed_query(query)
    if mixed is not None:
        # Every clause is on a column of ix_cadre_search, so SQLite still answers from the
        # covering index without reading a row.
        return and_(Cadre.name.like(mixed.name_like, escape="\\"), _key_match(mixed.fulls, mixed.initials))
    return Cadre.name.like(f"%{escaped}%", escape="\\")


def _key_match(fulls: Sequence[str], initials: Sequence[str]) -> ColumnElement[bool]:
    """Keys hold one reading per word, space-separated: match at the start of any of them."""
    return or_(*(key.like(pattern, escape="\\")
                 for key, prefixes in ((Cadre.name_initials, initials), (Cadre.name_pinyin, fulls))
                 for prefix in prefixes
                 for pattern in (f"{prefix}%", f"% {prefix}%")))


def _current(main_only: bool, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """The cadre holds a current post (end open) meeting the conditions."""
    where = [Post.cadre_id == Cadre.id, Post.end.is_(None), *conditions]
    if main_only:
        where.append(Post.is_main.is_(True))
    return exists(select(Post.id).where(*where))


def education_case(column: Any) -> Any:
    """SQL for education_rank(): the level number of a study's 学历."""
    return case(*((column.in_(sorted(names)), i) for i, (_l, names) in enumerate(EDUCATION_LEVELS, 1)),
                else_=UNKNOWN)


def _highest_education() -> Any:
    return (select(func.min(education_case(Study.education))).where(Study.cadre_id == Cadre.id)
            .correlate(Cadre).scalar_subquery())


def born_on_or_before(years: int, today: dt.date) -> str:
    """Storage text of the latest birth date at which one is `years` old on `today`."""
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return f"{limit:%Y%m%d}"


def _age_clause(bands: Sequence[str], today: dt.date) -> ColumnElement[bool]:
    parts = []
    for label in bands:
        low, high = AGE_BANDS[label]
        conds = []
        if low is not None:
            conds.append(Cadre.birth <= born_on_or_before(low, today))
        if high is not None:
            conds.append(Cadre.birth > born_on_or_before(high + 1, today))
        parts.append(and_(Cadre.birth.is_not(None), *conds))
    return or_(*parts)


def where_clauses(session: Session, flt: RosterFilter, today: dt.date | None = None,
                  scope: ColumnElement[bool] | None = None) -> list[ColumnElement[bool]]:
    """The filter's conditions, and the scope (services/scopes.py) given or, by default, that of
    the account the session works for: every list of cadres a service reads passes here."""
    today = today or dt.date.today()
    scope = scope if scope is not None else scopes.session_cadre_clause(session)
    clauses: list[ColumnElement[bool]] = [] if scope is None else [scope]
    text = text_clause(flt.text)
    if text is not None:
        clauses.append(text)
    if flt.unit_ids:
        units = subtree_ids(session, flt.unit_ids) if flt.include_subunits else set(flt.unit_ids)
        clauses.append(_current(False, Post.unit_id.in_(sorted(units))))
    if flt.sexes:
        clauses.append(Cadre.sex.in_(flt.sexes))
    if flt.political_statuses:
        clauses.append(Cadre.political_status.in_(flt.political_statuses))
    if flt.ethnicities:
        clauses.append(Cadre.ethnicity.in_(flt.ethnicities))
    if flt.statuses:
        clauses.append(Cadre.status.in_(flt.statuses))
    if flt.ranks:
        clauses.append(_current(True, Post.rank.in_(flt.ranks)))
    if flt.levels:
        # "县处级正职" → level 县处级, grade 正.
        pairs = [and_(Post.leadership_level == lv[:-2], Post.grade == lv[-2]) for lv in flt.levels
                 if lv != NON_LEADER]
        parts = [_current(True, or_(*pairs))] if pairs else []
        if NON_LEADER in flt.levels:
            parts.append(not_(_current(True, Post.leadership_level != "")))
        clauses.append(or_(*parts))
    if flt.age_bands:
        clauses.append(_age_clause(flt.age_bands, today))
    if flt.educations:
        ranks = [education_rank(e) if e != "未填写" else UNKNOWN for e in flt.educations]
        clauses.append(func.coalesce(_highest_education(), UNKNOWN).in_(ranks))
    if flt.tags:
        clauses.append(exists(select(cadre_tag.c.cadre_id).join(Tag, Tag.id == cadre_tag.c.tag_id)
                              .where(cadre_tag.c.cadre_id == Cadre.id, Tag.name.in_(flt.tags))))
    if flt.ids is not None:
        clauses.append(Cadre.id.in_(flt.ids))
    return clauses


# --- ordering -------------------------------------------------------------------------------

def _main_post_value(attr: Any) -> Any:
    return (select(attr).where(Post.cadre_id == Cadre.id, Post.end.is_(None))
            .order_by(Post.is_main.desc(), Post.sort_order, Post.id).limit(1)
            .correlate(Cadre).scalar_subquery())


def _rank_order() -> Any:
    rank = _main_post_value(Post.rank)
    return (select(CodeItem.sort_order).where(CodeItem.table_name == "civil_rank", CodeItem.name == rank)
            .scalar_subquery())


def sort_key(key: str) -> Any:
    column(key)  # validates
    simple = {"name": Cadre.name_pinyin, "sex": Cadre.sex, "birth": Cadre.birth, "ethnicity": Cadre.ethnicity,
              "native_place": Cadre.native_place, "birthplace": Cadre.birthplace,
              "political_status": Cadre.political_status, "party_joined": Cadre.party_joined,
              "work_started": Cadre.work_started, "professional_title": Cadre.professional_title,
              "citizen_id": Cadre.citizen_id, "mobile": Cadre.mobile, "status": Cadre.status}
    if key in simple:
        return simple[key]
    if key == "age":
        return Cadre.birth.desc()
    if key == "unit":
        return _main_post_value(func.coalesce(func.nullif(Post.unit_name, ""), ""))
    if key == "post":
        return _main_post_value(Post.title)
    if key == "level":
        # 正职 before 副职 within a level; levels by the code table's order.
        return _main_post_value(Post.leadership_level + Post.grade)
    if key == "rank":
        return func.coalesce(_rank_order(), 999)
    if key == "post_start":
        return _main_post_value(Post.start)
    if key == "education":
        return func.coalesce(_highest_education(), UNKNOWN)
    if key == "degree":
        return (select(func.min(case(*((Study.degree.contains(m), i) for i, (_l, m) in enumerate(DEGREE_LEVELS, 1)),
                                     else_=9)))
                .where(Study.cadre_id == Cadre.id).correlate(Cadre).scalar_subquery())
    # tags
    # aggregate_strings: group_concat in SQLite, string_agg on the office server.
    return (select(func.aggregate_strings(Tag.name, ",")).join(cadre_tag, cadre_tag.c.tag_id == Tag.id)
            .where(cadre_tag.c.cadre_id == Cadre.id).correlate(Cadre).scalar_subquery())


# By name: the pinyin sort key, then (for names that read alike) the name itself, so that
# namesakes stand together, then the id. These are the columns of ix_cadre_search in order
# (its entries end with the id): SQLite reads the roster from that index without sorting.
NAME_ORDER = (Cadre.name_pinyin, Cadre.name_initials, Cadre.name, Cadre.id)


def matching_ids(session: Session, flt: RosterFilter, *, order: str = "name", descending: bool = False,
                 today: dt.date | None = None, scope: ColumnElement[bool] | None = None,
                 limit: int | None = None) -> list[int]:
    """Ids of matching cadres, ordered by a column (then pinyin of the name, then id); the
    first `limit` of them if given."""
    stmt = select(Cadre.id).where(*where_clauses(session, flt, today, scope))
    key = sort_key(order)
    if order == "age":
        key = Cadre.birth if descending else Cadre.birth.desc()
    elif descending:
        key = key.desc()
    if order != "name":
        stmt = stmt.order_by(key, *NAME_ORDER)
    elif descending:
        stmt = stmt.order_by(*(c.desc() for c in NAME_ORDER[:-1]), Cadre.id)
    else:
        stmt = stmt.order_by(*NAME_ORDER)
    if limit is not None:
        stmt = stmt.limit(limit)
    # Plain rows, not through the ORM's loading: 100,000 ids in a third of the time; and
    # straight from the DB-API cursor, since SQLAlchemy's handling of each row (an id needs
    # none) cost a third of a second more at 100,000 cadres (issue 17 P1b).
    result = session.connection().execute(stmt)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def tag_names(session: Session) -> list[str]:
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def count_all(session: Session, scope: ColumnElement[bool] | None = None) -> int:
    scope = scope if scope is not None else scopes.session_cadre_clause(session)
    stmt = select(func.count()).select_from(Cadre)
    return int(session.scalar(stmt if scope is None else stmt.where(scope)) or 0)


# --- row values -----------------------------------------------------------------------------

CADRE_FIELDS = ("name", "sex", "birth", "ethnicity", "native_place", "birthplace", "political_status",
                "party_joined", "work_started", "professional_title", "citizen_id", "mobile", "status")


PostInfo = tuple[str, str, str, str, PartialDate | None]
_POST_COLUMNS = (Post.cadre_id, Unit.name, Post.unit_name, Post.title, Post.leadership_level, Post.grade,
                 Post.rank, Post.start)
_POST_ORDER = (Post.cadre_id, Post.is_main.desc(), Post.sort_order, Post.id)


# The reads of a page of rows, built once with the ids as one expanding parameter and run on
# the connection: a view reads a page after most filter keystrokes, and building, coercing
# each id and running them through the ORM layer cost as much as SQLite's work (issue 17 P2).
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_POSTS = (select(*_POST_COLUMNS).outerjoin(Unit, Unit.id == Post.unit_id)
          .where(Post.cadre_id.in_(_IDS), Post.end.is_(None)).order_by(*_POST_ORDER))
_STUDIES = (select(Study.cadre_id, Study.education, Study.degree).where(Study.cadre_id.in_(_IDS))
            .order_by(Study.cadre_id, Study.id))
_TAGS = (select(cadre_tag.c.cadre_id, Tag.name).join(Tag, Tag.id == cadre_tag.c.tag_id)
         .where(cadre_tag.c.cadre_id.in_(_IDS)).order_by(Tag.name))
_CADRES = select(Cadre.id, *(getattr(Cadre, f) for f in CADRE_FIELDS)).where(Cadre.id.in_(_IDS))


def _read(session: Session, stmt: Any, ids: Sequence[int]) -> Any:
    return session.connection().execute(stmt, {"ids": list(ids)})


def _fold_posts(rows: Iterable[Any]) -> dict[int, PostInfo]:
    """Current main post per cadre from rows in _POST_ORDER: unit as printed, title, level, rank, start."""
    out: dict[int, PostInfo] = {}
    for cid, unit_name, printed, title, level, grade, rank, start in rows:
        if cid not in out:
            # The name as printed on the post is the full one (市财政局预算科, not 预算科).
            level_text = f"{level}{grade}职" if level and grade else level
            out[cid] = (printed or unit_name or "", title or "", level_text or "", rank or "", start)
    return out


def _posts(session: Session, ids: Sequence[int]) -> dict[int, PostInfo]:
    return _fold_posts(_read(session, _POSTS, ids))


def _fold_studies(rows: Iterable[Any]) -> dict[int, tuple[str, str]]:
    """Highest 学历 and 学位 per cadre (on a tie, the earlier study's words)."""
    best: dict[int, tuple[int, str, int, str]] = {}
    for cid, education, degree in rows:
        e_rank, d_rank = education_rank(education), degree_rank(degree or "")
        current = best.get(cid, (UNKNOWN + 1, "", 99, ""))
        best[cid] = (min(current[0], e_rank), current[1] if current[0] <= e_rank else education_label(e_rank),
                     min(current[2], d_rank), current[3] if current[2] <= d_rank else (degree or ""))
    return {cid: (v[1], v[3]) for cid, v in best.items()}


def _studies(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    return _fold_studies(_read(session, _STUDIES, ids))


def _fold_tags(rows: Iterable[Any]) -> dict[int, str]:
    out: dict[int, list[str]] = defaultdict(list)
    for cid, name in rows:
        out[cid].append(name)
    return {cid: "、".join(names) for cid, names in out.items()}


def _tags(session: Session, ids: Sequence[int]) -> dict[int, str]:
    return _fold_tags(_read(session, _TAGS, ids))


def _row(cid: int, values: Sequence[Any], posts: dict[int, PostInfo], studies: dict[int, tuple[str, str]],
         tags: dict[int, str], today: dt.date) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(CADRE_FIELDS, values, strict=True))
    birth: PartialDate | None = row["birth"]
    row["age"] = birth.age_on(today) if birth else None
    unit, title, level, rank, start = posts.get(cid, ("", "", "", "", None))
    row.update(unit=unit, post=title, level=level, rank=rank, post_start=start)
    row["education"], row["degree"] = studies.get(cid, ("", ""))
    row["tags"] = tags.get(cid, "")
    return row


def rows_for(session: Session, ids: Sequence[int], today: dt.date | None = None) -> list[RosterRow]:
    """Row values (every column) for `ids`, in the same order; unknown ids are skipped."""
    today = today or dt.date.today()
    by_id: dict[int, RosterRow] = {}
    for chunk in _chunks(ids, 500):
        posts, studies, tags = _posts(session, chunk), _studies(session, chunk), _tags(session, chunk)
        for cid, *values in _read(session, _CADRES, chunk):
            by_id[cid] = RosterRow(cid, _row(cid, values, posts, studies, tags, today))
    return [by_id[i] for i in ids if i in by_id]


# The whole roster in one pass per table, for exports of many cadres. rows_for's lookups by id
# land all over a 100,000-cadre file (the roster's order is by name, the rows' by id), and
# every page read is decrypted: reading each table once in its own order is several times
# cheaper. Plain Core statements, built once.
_SCAN_CADRES = select(Cadre.id, Cadre.uid, *(getattr(Cadre, f) for f in CADRE_FIELDS))
_SCAN_POSTS = (select(*_POST_COLUMNS).outerjoin(Unit, Unit.id == Post.unit_id).where(Post.end.is_(None))
               .order_by(*_POST_ORDER))
# In id order within a cadre, as the lookup by cadre_id (its index) reads them.
_SCAN_STUDIES = select(Study.cadre_id, Study.education, Study.degree).order_by(Study.cadre_id, Study.id)
_SCAN_TAGS = (select(cadre_tag.c.cadre_id, Tag.name).join(Tag, Tag.id == cadre_tag.c.tag_id)
              .order_by(cadre_tag.c.cadre_id, Tag.name))


def scan_rows(session: Session, ids: Sequence[int], today: dt.date | None = None) -> Iterator[RosterRow]:
    """What rows_for gives for `ids` (the same values, in the same order), each row's values
    with the cadre's "uid" besides, read in one pass per table: for exports of many cadres."""
    today = today or dt.date.today()
    conn = session.connection()
    wanted = set(ids)
    posts = _fold_posts(r for r in conn.execute(_SCAN_POSTS) if r[0] in wanted)
    studies = _fold_studies(r for r in conn.execute(_SCAN_STUDIES) if r[0] in wanted)
    tags = _fold_tags(r for r in conn.execute(_SCAN_TAGS) if r[0] in wanted)
    cadres = {r[0]: r for r in conn.execute(_SCAN_CADRES) if r[0] in wanted}
    for cid in ids:
        found = cadres.get(cid)
        if found is not None:
            row = _row(cid, found[2:], posts, studies, tags, today)
            row["uid"] = found[1]
            yield RosterRow(cid, row)


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]

