"""奖惩情况 and 年度考核结果 as the 任免审批表 writes them, and back.

Written one entry per line, ``2019.06 海滨市人民政府给予嘉奖`` and ``2021年度考核优秀``, so
that what we write reads back into the same records. Other people's wording is read where
it can be (2021、2022年度考核称职); 奖惩情况 that does not read back exactly is kept as text
(Cadre.rewards_override) rather than turned into entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from desktop.interchange.cells import halfwidth
from desktop.models.annual_text import compose_annual, parse_annual
from desktop.models.dates import DateFormatError, PartialDate

NONE_WORDS = ("无", "无。", "暂无", "没有")
PUNISH_WORDS = ("处分", "警告", "记过", "记大过", "降级", "撤职", "开除", "留党察看", "诫勉", "通报批评")
_DATE = r"(\d{4})\s*[.．年]\s*(\d{1,2})\s*月?"
_ENTRY = re.compile(rf"^(?:{_DATE})?\s*(.*?)给予(.+?)(?:（(.*)）)?(?:，(\d{{4}}[.．]\d{{1,2}})解除)?$")
_LIFTED = re.compile(r"(\d{4})[.．](\d{1,2})")

class RewardLike(Protocol):
    date: PartialDate | None
    title: str
    granted_by: str
    reason: str


def _month(year: str | None, month: str | None) -> PartialDate | None:
    if not year or not month:
        return None
    try:
        return PartialDate(int(year), int(month))
    except DateFormatError:
        return None


def _line(r: Any, punishment: bool) -> str:
    title = r.title
    if punishment and not title.endswith("处分"):
        title += "处分"
    text = f"{r.granted_by}给予{title}"
    if r.reason:
        text += f"（{r.reason}）"
    if punishment and getattr(r, "lifted", None):
        text += f"，{r.lifted.month_only().dotted()}解除"
    date = r.date.month_only().dotted() if r.date else ""
    return f"{date} {text}".strip()


def compose_rewards(rewards: Iterable[RewardLike], punishments: Iterable[Any]) -> str:
    lines = [_line(r, False) for r in rewards] + [_line(p, True) for p in punishments]
    return "\n".join(lines) if lines else "无"


def read_rewards(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(rewards, punishments, exact) read from 奖惩情况. `exact` says every line was read as an
    entry and the entries print the text back unchanged: only then do they replace the
    cadre's records. Free text (2019年被评为全省优秀公务员；2021年记三等功) is not forced into
    entries: "给予" would be printed in front of it and the sentence would change meaning."""
    rewards: list[dict[str, Any]] = []
    punishments: list[dict[str, Any]] = []
    readable = True
    for raw in halfwidth(text or "").replace("\r", "").split("\n"):
        line = raw.strip()
        if not line or line in NONE_WORDS:
            continue
        m = _ENTRY.match(line)
        if not m:
            readable = False
            continue
        date = _month(m[1], m[2])
        title = m[4].strip()
        is_punishment = title.endswith("处分")
        record = {"date": date, "title": title.removesuffix("处分") if is_punishment else title,
                  "granted_by": m[3].strip(), "reason": (m[5] or "").strip()}
        if is_punishment:
            lifted = _LIFTED.match(m[6] or "")
            record["lifted"] = _month(lifted[1], lifted[2]) if lifted else None
            punishments.append(record)
        else:
            rewards.append(record)
    printed = compose_rewards([_Entry(r) for r in rewards], [_Entry(p) for p in punishments])
    exact = readable and printed == (text or "").replace("\r", "").strip()
    return rewards, punishments, exact


class _Entry:
    def __init__(self, values: dict[str, Any]) -> None:
        self.date = values.get("date")
        self.title = values.get("title") or ""
        self.granted_by = values.get("granted_by") or ""
        self.reason = values.get("reason") or ""
        self.lifted = values.get("lifted")


def read_annual(text: str) -> tuple[list[dict[str, Any]], bool]:
    """(results, exact): `exact` when the results print the text back unchanged."""
    results = parse_annual(text)
    printed = compose_annual(_Result(r) for r in results)
    return results, bool(results) and printed == (text or "").strip()


class _Result:
    def __init__(self, values: dict[str, Any]) -> None:
        self.year = int(values["year"])
        self.grade = str(values["grade"])
        self.note = str(values.get("note") or "")
