"""Partial dates as cadre records use them: year and month, sometimes a day.

Clerks type 1975.03, 197503, 1975-03 or 1975年3月 and mean the same month; the official
forms print 1975.03 and LRMX stores 197503. One value type keeps all of that in one place.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")

_SEPARATED = re.compile(
    r"^(\d{4})\s*(?:[.\-/年]\s*(\d{1,2})\s*(?:月)?\s*(?:[.\-/]?\s*(\d{1,2})\s*(?:日)?)?)?\s*$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")

MIN_YEAR = 1900
MAX_YEAR = 2100


class DateFormatError(ValueError):
    """Raised with a Chinese message when text is not a date a clerk could mean."""


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A year and month, optionally a day. Orders chronologically; a month sorts before its days."""

    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DateFormatError(f"年份 {self.year} 超出范围（{MIN_YEAR}—{MAX_YEAR}）")
        if not 1 <= self.month <= 12:
            raise DateFormatError(f"月份 {self.month} 无效")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateFormatError(f"{self.year}年{self.month}月没有{self.day}日")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read what a clerk typed; raise DateFormatError with a message in Chinese."""
        raw = (text or "").strip().translate(_FULLWIDTH)
        if not raw:
            raise DateFormatError("日期为空")
        m = _COMPACT.match(raw)
        if m:
            year, month, day = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
            return cls(year, month, day)
        m = _SEPARATED.match(raw)
        if m and m[2]:
            return cls(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
        raise DateFormatError(f"无法识别的日期“{text.strip()}”，请写作 1975.03、197503 或 1975-03")

    @classmethod
    def parse_optional(cls, text: str | None) -> PartialDate | None:
        """Like parse, but empty text means no date."""
        if text is None or not text.strip():
            return None
        return cls.parse(text)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def from_storage(cls, text: str) -> PartialDate:
        """Inverse of `storage()`: 'YYYYMM' or 'YYYYMMDD'."""
        if cls is PartialDate:
            return _from_storage(text)
        return cls(int(text[0:4]), int(text[4:6]), int(text[6:8]) if len(text) == 8 else None)

    def storage(self) -> str:
        """Compact form kept in the database and used by LRMX: 197503 or 19750315."""
        base = f"{self.year:04d}{self.month:02d}"
        return base if self.day is None else f"{base}{self.day:02d}"

    def dotted(self) -> str:
        """Form printed on the official forms: 1975.03 (or 1975.03.15)."""
        base = f"{self.year:04d}.{self.month:02d}"
        return base if self.day is None else f"{base}.{self.day:02d}"

    def chinese(self) -> str:
        """As reports print it, only as precise as it was entered: 2026年6月, 2026年6月15日."""
        return f"{self.year}年{self.month}月" + (f"{self.day}日" if self.day is not None else "")

    def month_only(self) -> PartialDate:
        return PartialDate(self.year, self.month)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def age_on(self, when: dt.date) -> int:
        """Full years on `when`; with no day known, the birthday counts from the month's start."""
        years = when.year - self.year
        if (when.month, when.day) < (self.month, self.day or 1):
            years -= 1
        return years

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.dotted()


# A roster of 100,000 cadres reads some 400,000 dates, a few thousand different months among
# them: dates are immutable, so one instance per stored text serves them all.
@lru_cache(maxsize=16384)
def _from_storage(text: str) -> PartialDate:
    return PartialDate(int(text[0:4]), int(text[4:6]), int(text[6:8]) if len(text) == 8 else None)
