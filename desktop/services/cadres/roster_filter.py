"""What a roster filter can say, as a plain value that can be saved and shared.

Saved filters (常用筛选) are stored as JSON in the database, so that a campaign can later add
"everyone matching the saved filter 优秀年轻干部（区县）" in one step.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

# Label → (lowest age, highest age), inclusive; None is open.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "30岁及以下": (None, 30),
    "31—35岁": (31, 35),
    "36—40岁": (36, 40),
    "41—45岁": (41, 45),
    "46—50岁": (46, 50),
    "51—55岁": (51, 55),
    "56岁及以上": (56, None),
}
NON_LEADER = "非领导职务"
LEVEL_CHOICES = ("省部级正职", "省部级副职", "厅局级正职", "厅局级副职", "县处级正职", "县处级副职",
                 "乡科级正职", "乡科级副职", NON_LEADER)


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""
    unit_ids: tuple[int, ...] = ()
    include_subunits: bool = True
    sexes: tuple[str, ...] = ()
    political_statuses: tuple[str, ...] = ()
    ethnicities: tuple[str, ...] = ()
    educations: tuple[str, ...] = ()  # levels: 研究生, 大学, 大专, 中专, 高中及以下, 未填写
    ranks: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # LEVEL_CHOICES
    age_bands: tuple[str, ...] = ()  # keys of AGE_BANDS
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ids: tuple[int, ...] | None = field(default=None, compare=True)  # an explicit selection

    def is_empty(self) -> bool:
        return self == RosterFilter()

    def with_text(self, text: str) -> RosterFilter:
        return replace(self, text=text)

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v not in ((), "", None) or k == "include_subunits"}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RosterFilter:
        raw: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in known}
        return cls(**values)

    def describe(self) -> str:
        """A short Chinese summary for a saved filter's tooltip or a printed roster's title."""
        parts = []
        if self.text:
            parts.append(f"姓名含“{self.text}”")
        for label, values in (("性别", self.sexes), ("政治面貌", self.political_statuses),
                              ("民族", self.ethnicities), ("学历", self.educations), ("职级", self.ranks),
                              ("职务层次", self.levels), ("年龄", self.age_bands), ("标签", self.tags),
                              ("状态", self.statuses)):
            if values:
                parts.append(f"{label}：{'、'.join(values)}")
        if self.unit_ids:
            parts.append(f"{len(self.unit_ids)} 个单位" + ("（含下级）" if self.include_subunits else ""))
        return "；".join(parts) or "全部干部"
