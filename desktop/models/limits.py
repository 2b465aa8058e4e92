"""How many records of each kind one cadre may have: the caps, in one place.

No real file comes near them (a real 简历 has fewer than a hundred lines, a family a dozen
members); they exist so that one import or one exchange package cannot add millions of
records to a cadre and leave a file no window can open and no report can print. The editor,
the importers and the package merge all refuse beyond them with `over_cap`'s message.
"""

from __future__ import annotations

# Table name → (what a clerk calls it, at most this many per cadre).
PER_CADRE: dict[str, tuple[str, int]] = {
    "post": ("任职", 200),
    "study": ("学习经历", 100),
    "work_record": ("工作经历", 1000),
    "family_member": ("家庭成员", 200),
    "reward": ("奖励", 1000),
    "punishment": ("惩处", 500),
    "annual_result": ("年度考核结果", 200),
    "training": ("培训", 2000),
    "attachment": ("附件", 2000),
    "point_entry": ("积分记录", 20000),
}
# Lines of one 简历 text (each may become a study or a work record).
RESUME_LINES = 1000


def cap(table: str) -> int:
    return PER_CADRE[table][1]


def over_cap(table: str, count: int, cadre: str) -> str | None:
    """The refusal when `cadre` would have `count` records of `table`, or None within the cap."""
    label, limit = PER_CADRE[table]
    if count <= limit:
        return None
    return f"干部“{cadre}”的{label}将有 {count} 条，超过每名干部 {limit} 条的上限"
