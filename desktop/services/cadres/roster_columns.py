"""The columns a roster (花名册) can show, export and sort by, in one registry.

The window's column chooser, the xlsx export and `frontline list` all read this list, so a
column added here appears everywhere with the same title and the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "month", "number", "code"]


@dataclass(frozen=True)
class RosterColumn:
    key: str
    title: str
    kind: Kind = "text"  # month: PartialDate; number: int; code: text that must stay text (IDs)
    width: int = 10  # characters, for views and spreadsheets


COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "姓名", width=8),
    RosterColumn("sex", "性别", width=4),
    RosterColumn("birth", "出生年月", "month", 9),
    RosterColumn("age", "年龄", "number", 5),
    RosterColumn("ethnicity", "民族", width=7),
    RosterColumn("native_place", "籍贯", width=10),
    RosterColumn("birthplace", "出生地", width=10),
    RosterColumn("political_status", "政治面貌", width=9),
    RosterColumn("party_joined", "入党时间", "month", 9),
    RosterColumn("work_started", "参加工作时间", "month", 9),
    RosterColumn("education", "最高学历", width=8),
    RosterColumn("degree", "最高学位", width=10),
    RosterColumn("unit", "单位", width=26),
    RosterColumn("post", "职务", width=14),
    RosterColumn("level", "职务层次", width=10),
    RosterColumn("rank", "职级", width=10),
    RosterColumn("post_start", "任现职时间", "month", 9),
    RosterColumn("professional_title", "专业技术职务", width=12),
    RosterColumn("citizen_id", "身份证号", "code", 20),
    RosterColumn("mobile", "手机号码", "code", 13),
    RosterColumn("tags", "标签", width=14),
    RosterColumn("status", "状态", width=6),
)
BY_KEY = {c.key: c for c in COLUMNS}
DEFAULT_KEYS: tuple[str, ...] = ("name", "sex", "birth", "unit", "post", "rank")


def column(key: str) -> RosterColumn:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"没有名为 {key} 的列，可用的列：{', '.join(BY_KEY)}") from None


def parse_keys(text: str) -> list[str]:
    """`a,b,c` (keys or Chinese titles) → validated keys, in that order."""
    by_title = {c.title: c.key for c in COLUMNS}
    keys = []
    for part in (p.strip() for p in text.replace("，", ",").split(",")):
        if part:
            keys.append(column(by_title.get(part, part)).key)
    return keys
