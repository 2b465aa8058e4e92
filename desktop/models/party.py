"""The 入党时间 cell of the 任免审批表: a date for CPC members, the party's name for others.

Organization departments fill it as "1998.06" for a member of the CPC, "2010.05 九三学社" for
a member of a democratic party (date of joining, then the party), "无党派人士", or nothing
for 群众. Another tool's wording ("九三学社 2010.05", "2010.05九三学社社员") is kept as written
and printed again as long as it still says what the record says; a changed record prints
the composed form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from desktop.models.dates import DateFormatError, PartialDate

CPC = ("中共党员", "中共预备党员")
# A date somewhere in the cell: 2010.05, 2010-5, 201005, 20100501, 2010年5月(1日).
_DATE = re.compile(r"(?<!\d)(\d{4})"
                   r"(?:\s*[.\-/年]\s*(\d{1,2})(?:\s*[.\-/月]\s*(\d{1,2})\s*日?|\s*月)?"  # 2010.05, 2010年5月1日
                   r"|(\d{2})(\d{2})?)(?!\d)")  # 201005, 20100501
# The names a cell may give a party: the short one forms use, the full one (GB/T 4762 names
# the member, 民盟盟员; a cell names the party).
PARTY_NAMES: dict[str, tuple[str, ...]] = {
    "民革会员": ("民革", "中国国民党革命委员会"), "民盟盟员": ("民盟", "中国民主同盟"),
    "民建会员": ("民建", "中国民主建国会"), "民进会员": ("民进", "中国民主促进会"),
    "农工党党员": ("农工党", "中国农工民主党"), "致公党党员": ("致公党", "中国致公党"),
    "九三学社社员": ("九三学社",), "台盟盟员": ("台盟", "台湾民主自治同盟"), "无党派人士": ("无党派",),
}


def find_date(text: str) -> tuple[PartialDate | None, str]:
    """The first date in `text` and the text without it (None and the text when there is none)."""
    for m in _DATE.finditer(text or ""):
        month, day = (m[2], m[3]) if m[2] else (m[4], m[5])
        if month is None:
            continue
        try:
            found = PartialDate(int(m[1]), int(month), int(day) if day else None)
        except DateFormatError:
            continue
        return found, (text[: m.start()] + " " + text[m.end():]).strip()
    return None, (text or "").strip()


def names_of(status: str) -> tuple[str, ...]:
    """九三学社社员 → 九三学社, 民盟盟员 → 民盟 or 中国民主同盟: how a cell may name the party."""
    return (status, *PARTY_NAMES.get(status, ()))


def composed(status: str, joined: PartialDate | None, cpc_date: Callable[[PartialDate], str], *,
             masses: bool = False) -> str:
    """The cell made from the record; `cpc_date` writes a CPC member's date (1998.06 on paper,
    199806 in LRMX). Paper leaves a 群众's cell empty; LRMX, whose only place for the
    political status this cell is, writes it (`masses`)."""
    if status in (*CPC, ""):
        return cpc_date(joined.month_only()) if joined else ""
    if status == "群众" and not masses:
        return ""
    return f"{joined.month_only().dotted()} {status}" if joined else status


def agrees(text: str, status: str, joined: PartialDate | None) -> bool:
    """Whether a cell as written still says this record's party and date."""
    found, rest = find_date(text)
    if (found.month_only() if found else None) != (joined.month_only() if joined else None):
        return False
    if status in (*CPC, ""):
        return not rest.strip(" （）()") or rest.strip(" （）()") in CPC
    return bool(status) and any(name in rest for name in names_of(status))


def party_cell(status: str, joined: PartialDate | None, as_written: str = "", *,
               cpc_date: Callable[[PartialDate], str] = PartialDate.dotted, masses: bool = False) -> str:
    """The 入党时间 cell: as written when that still agrees with the record, else composed."""
    if as_written.strip() and agrees(as_written, status, joined):
        return as_written.strip()
    return composed(status, joined, cpc_date, masses=masses)
