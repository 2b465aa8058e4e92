"""现任职务 as one line of text, and back: 海滨市财政局局长、党组书记，海滨市某指挥部副指挥长.

The 任免审批表 (and LRMX) carry the current posts as text, not as records. Composing is
exact; splitting a unit from a title is a best effort over the titles cadre posts use, and
a text that does not come back the same is kept verbatim as the override.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from desktop.models.dates import PartialDate


class PostLike(Protocol):
    unit_name: str
    title: str
    is_main: bool
    end: PartialDate | None
    sort_order: int


# Title endings, longest first, so that 副局长 is not read as 局长 of a unit named …副.
TITLE_WORDS = sorted((
    "党组书记", "党组副书记", "党组成员", "党委书记", "党委副书记", "党委委员", "党工委书记", "党工委副书记",
    "纪检监察组组长", "书记", "副书记", "常委", "委员", "主任", "副主任", "局长", "副局长", "处长", "副处长",
    "科长", "副科长", "股长", "部长", "副部长", "区长", "副区长", "县长", "副县长", "镇长", "副镇长",
    "乡长", "副乡长", "市长", "副市长", "主席", "副主席", "秘书长", "副秘书长", "指挥长", "副指挥长",
    "院长", "副院长", "所长", "副所长", "站长", "副站长", "馆长", "副馆长", "校长", "副校长", "总经理",
    "副总经理", "董事长", "主任科员", "副主任科员", "科员", "办事员", "调研员", "副调研员", "巡视员",
    "一级调研员", "二级调研员", "三级调研员", "四级调研员", "一级主任科员", "二级主任科员", "三级主任科员",
    "四级主任科员", "一级科员", "二级科员", "街道办事处主任", "街道办事处副主任", "组长", "副组长",
    "队长", "副队长", "主任委员", "副主任委员", "检察长", "副检察长", "庭长", "副庭长", "审判员",
), key=len, reverse=True)
_GROUP_SPLIT = re.compile(r"[，,；;]")
_TITLE_SPLIT = re.compile(r"[、]")


def current_posts(posts: Iterable[PostLike]) -> list[PostLike]:
    """Posts held now, main ones first, in the clerk's order."""
    now = [p for p in posts if p.end is None and (p.unit_name or p.title)]
    return sorted(now, key=lambda p: (not p.is_main, p.sort_order))


def compose(posts: Iterable[PostLike]) -> str:
    """One unit, its titles joined by 、; units joined by ，(the form's usual wording)."""
    groups: list[tuple[str, list[str]]] = []
    for p in current_posts(posts):
        if groups and groups[-1][0] == p.unit_name:
            groups[-1][1].append(p.title)
        else:
            groups.append((p.unit_name, [p.title]))
    return "，".join(unit + "、".join(t for t in titles if t) for unit, titles in groups)


def split_title(text: str) -> tuple[str, str]:
    """(unit, title) of 海滨市财政局局长; ("", text) when no known title ends it."""
    for word in TITLE_WORDS:
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)], word
    return "", text


def parse(text: str, start: PartialDate | None = None) -> list[dict[str, Any]]:
    """Post records for a 现任职务 text (for new cadres; existing posts are never rewritten)."""
    out: list[dict[str, Any]] = []
    for group in _GROUP_SPLIT.split(text.strip()):
        titles = [t.strip() for t in _TITLE_SPLIT.split(group) if t.strip()]
        if not titles:
            continue
        unit, first = split_title(titles[0])
        for i, title in enumerate([first, *titles[1:]]):
            out.append({"unit_name": unit, "title": title, "is_main": not out and i == 0,
                        "start": start, "end": None})
    return out
