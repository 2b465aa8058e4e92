"""The roster's names in memory, so that a keystroke in the filter reads no database.

Asking SQLite on every keystroke meant scanning the search index of 100,000 cadres and
turning every matching id into a Python object through the ORM (80-90 ms). This keeps, for
the cadres in the account's scope and in the roster's name order, their ids in one compact
array and their search keys in two long strings, one line per cadre; a query is one regular
expression over a string (in C) that hands back the matching lines' ids as text, never
building a Python object per line it passes over.

It answers what roster.text_clause answers, the same way: Latin letters at the start of any
word of the initials or full pinyin keys (zs → 张三, zhang → 张三, not 赵张生); other text
anywhere in the name (ASCII letters folded as SQLite's LIKE folds them). Characters mixed with
letters (王l) it leaves to SQL (`matching_rows` returns None).
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop.models import Cadre
from desktop.models.search_keys import is_pinyin_query, mixed_query, normalize_query
from desktop.services.cadres.roster import NAME_ORDER

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_RECENT = 32  # queries remembered: backspace and retyping ask the same again


class NameIndex:
    """Every cadre in scope, in the roster's name order (roster.NAME_ORDER)."""

    def __init__(self, rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> None:
        # rows: (id, name, name_pinyin, name_initials), in name order; read as they come, so
        # that 100,000 rows are never all in memory as Python tuples at once.
        self.ids = array("q")
        # One line per cadre: "\n", its id, a tab, then what is searched (the keys' words are
        # space-separated, so a word starts right after the tab or after a space). Each line
        # is filed under the first letter of each of its words (every word of the full pinyin
        # starts as a word of the initials does) and under each character of the name: a
        # query is searched for only among the lines filed under its first letter.
        keys: dict[str, list[str]] = defaultdict(list)
        names: dict[str, list[str]] = defaultdict(list)
        for cid, name_or_none, pinyin_or_none, initials_or_none in rows:
            name, pinyin, initials = name_or_none or "", pinyin_or_none or "", initials_or_none or ""
            self.ids.append(cid)
            line = f"\n{cid}\t{initials} {pinyin}"
            for letter in {word[:1] for word in initials.split()} | {pinyin[:1]}:
                keys[letter].append(line)
            folded = name.translate(_ASCII_LOWER)
            line = f"\n{cid}\t{folded}"
            for char in set(folded):
                names[char].append(line)
        self._keys = {letter: "".join(lines) for letter, lines in keys.items()}
        self._names = {char: "".join(lines) for char, lines in names.items()}
        self._recent: OrderedDict[str, array[int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    def matching_ids(self, text: str) -> array[int] | None:
        """Ids matching the filter text, in name order; None if SQL must answer (王l)."""
        query = normalize_query(text)
        if not query:
            return self.ids
        found = self._recent.get(query)
        if found is not None:
            self._recent.move_to_end(query)
            return found
        if is_pinyin_query(query):
            # A line whose initials or full pinyin has a word starting with the query.
            found = _findall(rf"\n(\d+)\t(?=(?:[^\n]* )?{re.escape(query)})", self._keys.get(query[0], ""))
        elif mixed_query(query) is None:
            found = _findall(rf"\n(\d+)\t(?=[^\n]*{re.escape(query)})", self._names.get(query[0], ""))
        else:
            return None
        self._recent[query] = found
        if len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return found


def _findall(pattern: str, lines: str) -> array[int]:
    # findall hands back the ids as strings, in C: no match object per line.
    return array("q", map(int, re.findall(pattern, lines)))


def build(session: Session, scope: ColumnElement[bool] | None) -> NameIndex:
    """The index of the cadres in `scope` (services/scopes.py; None: every cadre)."""
    # In the roster's order, that of ix_cadre_search: SQLite reads the index alone, unsorted.
    stmt = select(Cadre.id, Cadre.name, Cadre.name_pinyin, Cadre.name_initials).order_by(*NAME_ORDER)
    if scope is not None:
        stmt = stmt.where(scope)
    rows = session.connection().execute(stmt.execution_options(yield_per=2000))
    return NameIndex(rows)  # its rows unpack as (id, name, pinyin, initials)
