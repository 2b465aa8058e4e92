"""The rules of annual grading (年度考核定等), as pure functions with hand-computable results.

- Score → grade: the round's bands, best grade first ("90,75,60": ≥90 优秀, ≥75 称职, ≥60 基本称职,
  below 不称职; the words per staff type, models/grading.py GRADE_WORDS).
- The appraisal's score (政治素质鉴定): 好 100, 较好 80, 一般 60, 较差 40 per valid sheet, averaged —
  the four levels in equal steps of 20, so one 较差 lowers a score without wiping it out.
- The quota: 优秀 at most ⌊share × headcount⌋, ROUNDED DOWN (20% of 7 people = 1.4 → 1), so the
  share is never exceeded. The headcount is the cadres who get a grade: those marked 不定等次 are
  not graded and do not count. The higher front-line cap (⌊frontline share × headcount⌋, at most
  30%) is headroom only front-line cadres may fill: the 优秀 who do NOT meet the front-line rule stay
  within the ordinary cap, and all 优秀 together within the front-line cap. Beyond either, only a
  recorded approval lets the round go on.
- The front-line rule: at least N months within the assessment year in a headquarters (a post in a
  unit of the kind 指挥部) or in an emergency or headquarters campaign (assessed in a campaign of the
  kind 应急, or one that follows a 指挥部); the periods are merged (overlaps count once), clipped to
  the year, and a month is 30 days (6 months = 180 days: 1 January to 30 June is 181 days).
- 不定等次: in probation (work started less than 12 months before the end of the year: 试用期 is one
  year) or with less than the round's minimum service in the unit. Months are counted by calendar
  month, the start month included, to December of the assessment year (a post from 2026.07 has 6
  months in 2026; from 2026.08, 5).
- The public notice (公示): at least 5 working days; the start day counts when it is a working day;
  Saturdays and Sundays are skipped, and so are the listed holidays, while listed 调休 workdays count.
  The grades are final only after the end day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from desktop.models.dates import PartialDate
from desktop.models.grading import GRADE_WORDS, UNDETERMINED

EXCELLENT = "优秀"
MAX_FRONTLINE_SHARE = Decimal("0.30")
MIN_NOTICE_DAYS = 5
PROBATION_MONTHS = 12
DAYS_PER_MONTH = 30
LEVEL_POINTS = (100, 80, 60, 40)  # 好, 较好, 一般, 较差
HEADQUARTERS_KIND = "指挥部"
EMERGENCY_KIND = "应急"


class RuleError(ValueError):
    """A setting or an input the rules cannot work with; the message is in Chinese."""


# --- bands and grades -------------------------------------------------------------------------

def parse_bands(text: str) -> tuple[float, float, float]:
    """"90,75,60" → (90, 75, 60): three lower bounds, best grade first, strictly falling, 0–100."""
    parts = [p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip()]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise RuleError(f"分数段“{text}”应为三个数，如 90,75,60") from None
    if len(values) != 3:
        raise RuleError(f"分数段“{text}”应为三个数（优秀、第二等、第三等的最低分），如 90,75,60")
    if not all(0 <= v <= 100 for v in values) or not values[0] > values[1] > values[2]:
        raise RuleError(f"分数段“{text}”应在 0—100 之间且从高到低")
    return values[0], values[1], values[2]


def words_for(staff_type: str) -> tuple[str, ...]:
    if staff_type not in GRADE_WORDS:
        raise RuleError(f"人员类别应为{'、'.join(GRADE_WORDS)}之一")
    return GRADE_WORDS[staff_type]


def grade_for(score: float | None, bands: Sequence[float], staff_type: str) -> str:
    """The grade the bands give a score; no score, no grade ("")."""
    words = words_for(staff_type)
    if score is None:
        return ""
    for word, low in zip(words, bands, strict=False):
        if score >= low:
            return word
    return words[-1]


def check_grade(grade: str, staff_type: str) -> None:
    if grade not in (*words_for(staff_type), UNDETERMINED):
        raise RuleError(f"等次“{grade}”不是{staff_type}的等次（{'、'.join((*GRADE_WORDS[staff_type], UNDETERMINED))}）")


def appraisal_score(good: int, fair: int, average: int, poor: int) -> float | None:
    """The appraisal's 0–100 score: the mean of the valid sheets' levels, to two places."""
    valid = good + fair + average + poor
    if valid <= 0:
        return None
    total = sum(n * p for n, p in zip((good, fair, average, poor), LEVEL_POINTS, strict=True))
    return float((Decimal(total) / valid).quantize(Decimal("0.01"), ROUND_HALF_UP))


def check_appraisal_counts(issued: int, returned: int, valid: int, counts: Sequence[int]) -> list[str]:
    """What is wrong with an appraisal's sheet counts (empty when they add up)."""
    problems = []
    if min(issued, returned, valid, *counts) < 0:
        problems.append("份数不能为负数")
    if returned > issued:
        problems.append(f"收回 {returned} 份多于发出 {issued} 份")
    if valid > returned:
        problems.append(f"有效 {valid} 份多于收回 {returned} 份")
    if sum(counts) != valid:
        problems.append(f"好、较好、一般、较差合计 {sum(counts)} 票，应等于有效票 {valid} 份")
    return problems


# --- the quota ----------------------------------------------------------------------------------

def cap(share: float, headcount: int) -> int:
    """⌊share × headcount⌋, in decimal arithmetic (0.2 × 10 is 2, not 1.9999…)."""
    return int((Decimal(str(share)) * headcount).to_integral_value(ROUND_FLOOR))


def check_shares(quota_share: float, frontline_share: float) -> None:
    q, f = Decimal(str(quota_share)), Decimal(str(frontline_share))
    if not 0 < q <= 1:
        raise RuleError("优秀比例应大于 0、不超过 100%")
    if f > MAX_FRONTLINE_SHARE:
        raise RuleError(f"一线干部优秀比例最高 {int(MAX_FRONTLINE_SHARE * 100)}%")
    if f < q:
        raise RuleError("一线干部优秀比例不能低于一般优秀比例")


def percent(share: float) -> str:
    return f"{(Decimal(str(share)) * 100).normalize():f}%"


@dataclass(frozen=True)
class QuotaCount:
    headcount: int  # graded cadres (不定等次 not counted)
    excellent: int
    excellent_frontline: int
    ordinary_cap: int
    frontline_cap: int
    quota_share: float
    frontline_share: float

    @property
    def excellent_ordinary(self) -> int:
        return self.excellent - self.excellent_frontline

    @property
    def over(self) -> bool:
        return self.excellent_ordinary > self.ordinary_cap or self.excellent > self.frontline_cap

    def reason(self) -> str:
        """Why the round is over its caps ("" when it is not)."""
        if self.excellent > self.frontline_cap:
            return (f"优秀 {self.excellent}/{self.frontline_cap} 超出名额（含一线干部最多 "
                    f"{percent(self.frontline_share)}×{self.headcount} 人，向下取整）")
        if self.excellent_ordinary > self.ordinary_cap:
            return (f"优秀 {self.excellent_ordinary}/{self.ordinary_cap} 超出名额（不符合一线条件的优秀最多 "
                    f"{percent(self.quota_share)}×{self.headcount} 人，向下取整）")
        return ""

    def line(self) -> str:
        """The count against the caps, as the screen shows it."""
        head = f"优秀 {self.excellent}/{self.ordinary_cap}"
        if self.frontline_cap > self.ordinary_cap:
            head += f"（一线干部可到 {self.frontline_cap} 名，优秀中一线 {self.excellent_frontline} 名）"
        base = f"参加定等 {self.headcount} 人，名额 {percent(self.quota_share)} 向下取整"
        return f"{head}　{base}　{self.reason() or '未超出名额'}"


def quota(grades: Iterable[tuple[str, bool]], quota_share: float, frontline_share: float) -> QuotaCount:
    """Count (grade, meets the front-line rule) pairs against the caps."""
    graded = [(g, f) for g, f in grades if g != UNDETERMINED]
    excellent = [f for g, f in graded if g == EXCELLENT]
    n = len(graded)
    return QuotaCount(n, len(excellent), sum(excellent), cap(quota_share, n), cap(frontline_share, n),
                      quota_share, frontline_share)


# --- months: front line, probation, service ---------------------------------------------------

def period_of(start: PartialDate | None, end: PartialDate | None) -> tuple[dt.date, dt.date | None] | None:
    """A post's period as days: a start month means its first day, an end month its last."""
    if start is None:
        return None
    last = None
    if end is not None:
        if end.day is not None:
            last = end.first_day()
        else:
            following = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
            last = following - dt.timedelta(days=1)
    return start.first_day(), last


def frontline_days(periods: Iterable[tuple[dt.date, dt.date | None]], year: int) -> int:
    """Days of the year covered by the periods (an open end runs to the year's end); overlaps once."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    spans = sorted((max(a, first), min(b or last, last)) for a, b in periods)
    days, reach = 0, first - dt.timedelta(days=1)
    for a, b in spans:
        if b < a:
            continue
        a = max(a, reach + dt.timedelta(days=1))
        if b >= a:
            days += (b - a).days + 1
            reach = b
    return days


def meets_frontline(days: int, months: int) -> bool:
    return months > 0 and days >= months * DAYS_PER_MONTH


def months_to_year_end(start: PartialDate | dt.date, year: int) -> int:
    """Calendar months from the start month (included) to December of `year`; 0 when later."""
    return max(0, (year * 12 + 12) - (start.year * 12 + start.month - 1))


def undetermined_reason(year: int, work_started: PartialDate | None, unit_since: PartialDate | None,
                        min_service_months: int) -> str:
    """Why a cadre gets 不定等次 this year ("" when graded)."""
    if work_started is not None and months_to_year_end(work_started, year) < PROBATION_MONTHS:
        return f"试用期内（{work_started.dotted()} 参加工作，不满一年），不定等次"
    if unit_since is not None and months_to_year_end(unit_since, year) < min_service_months:
        return (f"本单位任职不满 {min_service_months} 个月（{unit_since.dotted()} 起，"
                f"{year} 年内 {months_to_year_end(unit_since, year)} 个月），不定等次")
    return ""


# --- the public notice ------------------------------------------------------------------------

def is_working_day(day: dt.date, holidays: Collection[dt.date] = (), workdays: Collection[dt.date] = ()) -> bool:
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def notice_end(start: dt.date, days: int, holidays: Collection[dt.date] = (),
               workdays: Collection[dt.date] = ()) -> dt.date:
    """The last day of a notice of `days` working days from `start` (counted when a working day)."""
    if days < MIN_NOTICE_DAYS:
        raise RuleError(f"公示期至少 {MIN_NOTICE_DAYS} 个工作日")
    day, counted = start, 0
    while True:
        if is_working_day(day, holidays, workdays):
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)
