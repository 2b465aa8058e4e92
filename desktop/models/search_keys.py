"""Pinyin search keys for names, computed on write so that filtering is a plain LIKE.

A name gets every reading a clerk might type: the dictionary reading and, for surnames that
read differently as surnames (曾 zeng, 单 shan …), that reading too. Keys are stored
space-separated so a query never matches across two readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

# Surnames whose reading as a surname differs from the everyday reading pypinyin chooses.
_SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai",
    "秘": "bi", "种": "chong", "员": "yun", "召": "shao", "莘": "shen", "折": "she",
    "黑": "he", "繁": "po", "牟": "mou", "任": "ren", "沈": "shen", "尉": "yu",
    "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi", "澹台": "tantai",
}

_ASCII_QUERY = re.compile(r"^[a-z]+$")
_NOT_LETTER = re.compile(r"[^0-9a-z]")
# Chinese characters and pinyin letters, at least one of each: 王l, 王lihua, w丽.
_MIXED_QUERY = re.compile(r"^(?=.*[a-z])(?=.*[\u3400-\u9fff])[a-z\u3400-\u9fff]+$")
_RUNS = re.compile(r"[a-z]+|[^a-z]+")
MAX_READINGS = 16  # combinations of a query's characters' readings worth trying


def _pinyin(text: str) -> list[str]:
    # Imported on first use: pypinyin loads a large dictionary (about half a second) that
    # start-up does not need.
    from pypinyin import Style, lazy_pinyin

    result: list[Any] = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    return [str(r) for r in result]


def warm_up() -> None:
    """Load the dictionary now (the window calls this in the background after start-up)."""
    _pinyin("张")


# name_keys and sort_key both read a name's syllables, one after the other for each stored
# name (stored_keys): pypinyin was half an import's commit. Callers only read the lists.
@lru_cache(maxsize=64)
def _syllables(name: str) -> list[list[str]]:
    """For each position, the readings worth indexing (first one is pypinyin's choice)."""
    raw = _pinyin(name)
    # Separators such as the middle dot in 阿不都·热合曼 are not typed when searching.
    cleaned = (_NOT_LETTER.sub("", s.lower()) for s in raw)
    readings = [[s] for s in cleaned if s]
    for surname, reading in _SURNAME_READINGS.items():
        if name.startswith(surname) and len(name) > len(surname):
            # A compound surname replaces its characters' readings by one syllable group.
            if len(surname) == 1:
                if reading not in readings[0]:
                    readings[0].append(reading)
            else:
                readings = [[reading], *readings[len(surname):]]
            break
    return readings


def name_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin keys, initials keys), e.g. ('zengguofan cengguofan', 'zgf cgf')."""
    name = "".join(name.split())
    if not name:
        return "", ""
    fulls: list[str] = []
    initials: list[str] = []
    for combo in product(*_syllables(name)):
        full = "".join(combo)
        first = "".join(s[0] for s in combo if s)
        if full not in fulls:
            fulls.append(full)
        if first not in initials:
            initials.append(first)
    return " ".join(fulls), " ".join(initials)


SORT_MARK = "'"  # between syllables of the sort key: below every letter, never typed in a search
STORED_MAX = 200  # the name_pinyin column's width


def sort_key(name: str) -> str:
    """The name as the roster sorts it: syllable by syllable (陈 chen before 程 cheng, whatever
    follows), the surname read as a surname (曾 zeng, 单 shan). E.g. 单小平 → shan'xiao'ping."""
    name = "".join(name.split())
    if not name:
        return ""
    syllables = _syllables(name)
    first = syllables[0]
    surname = next((r for s, r in _SURNAME_READINGS.items() if name.startswith(s) and len(name) > len(s)), None)
    chosen = [surname if surname in first else first[0], *(options[0] for options in syllables[1:])]
    return SORT_MARK.join(chosen)


# An import computes a name's keys when it validates the row and again when it writes it.
@lru_cache(maxsize=16384)
def stored_keys(name: str) -> tuple[str, str]:
    """What the cadre table stores: (the sort key, then every full reading; the initials).

    The roster orders by this column, so its first word is the sort key; a search matches at
    the start of any word, and nobody types the sort key's marks, so it never matches wrongly
    (its letters up to the first mark are the surname, which the full readings also start with)."""
    fulls, initials = name_keys(name)
    stored = f"{sort_key(name)} {fulls}".strip()
    while len(stored) > STORED_MAX and " " in stored:
        stored = stored.rsplit(" ", 1)[0]  # the least likely readings go first
    return stored, initials


def normalize_query(text: str) -> str:
    return "".join((text or "").split()).lower()


def is_pinyin_query(query: str) -> bool:
    """Latin letters only: match against the pinyin keys rather than the characters."""
    return bool(_ASCII_QUERY.match(query))


@dataclass(frozen=True)
class MixedQuery:
    """A query of characters and pinyin, as the stored keys can answer it.

    `name_like` keeps the characters where they were typed (王l → 王%); `fulls` and
    `initials` are the query with each character replaced by its pinyin or its initial
    (wangl, wl), to match at the start of the name's full-pinyin or initials key."""

    name_like: str
    fulls: tuple[str, ...]
    initials: tuple[str, ...]


def _char_readings(char: str, first: bool) -> list[str]:
    from pypinyin import Style, pinyin

    found: list[Any] = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = [str(r) for r in (found[0] if found else [])]
    surname = _SURNAME_READINGS.get(char) if first else None
    if surname and surname not in readings:
        readings.append(surname)
    return [r for r in readings if _ASCII_QUERY.match(r)]


def mixed_query(query: str) -> MixedQuery | None:
    """王l → name like 王%, full key like wangl%, initials like wl%; None unless the query mixes
    characters with pinyin letters. Every reading of a character is tried (the stored key
    may hold any of them); the characters themselves keep the match exact."""
    if not _MIXED_QUERY.match(query):
        return None
    options: list[list[tuple[str, str]]] = []  # per part: (full, initials) alternatives
    pattern = []
    for run in _RUNS.findall(query):
        if _ASCII_QUERY.match(run):
            options.append([(run, run)])
            pattern.append("%")
            continue
        pattern.append(run)
        for char in run:
            readings = _char_readings(char, first=not options)
            if not readings:
                return None  # a character without pinyin cannot be matched on the keys
            options.append([(r, r[0]) for r in readings])
    combos = list(product(*options))
    if len(combos) > MAX_READINGS:
        combos = [tuple(o[0] for o in options)]
    fulls = tuple(dict.fromkeys("".join(full for full, _i in c) for c in combos))
    initials = tuple(dict.fromkeys("".join(i for _f, i in c) for c in combos))
    name_like = "".join(pattern)
    return MixedQuery(name_like if name_like.endswith("%") else f"{name_like}%", fulls, initials)
