"""The 简历 (résumé) of the 任免审批表, generated from study and work records and posts.

Official line format: ``1990.09--1994.07  某大学某专业学习``. The current post leaves the end
blank; study done while working is not a line of its own but a ``（其间：…）`` line under the
work period it fell in.

Posts (任职) and work records describe the same jobs from two sides: a work record is the 简历
line as the clerk worded it, a post is the appointment. A post that starts in a month no work
record starts in gets a line of its own (so appointing someone updates the 简历 at once), and
a work record left open takes the end of the posts that started with it once they have ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from desktop.models.dates import PartialDate

DATE_WIDTH = len("1990.09")
OPEN_END = " " * DATE_WIDTH


class StudyLike(Protocol):
    mode: str
    education: str
    degree: str
    school: str
    major: str
    start: PartialDate | None
    end: PartialDate | None


class WorkLike(Protocol):
    description: str
    start: PartialDate | None
    end: PartialDate | None


class PostLike(Protocol):
    unit_name: str
    title: str
    start: PartialDate | None
    end: PartialDate | None


@dataclass
class ResumeEntry:
    start: PartialDate | None
    end: PartialDate | None
    text: str
    during: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        first = f"{_period(self.start, self.end)}  {self.text}"
        if not self.during:
            return [first]
        return [first, "（其间：" + "；".join(self.during) + "）"]


def _fmt(d: PartialDate | None) -> str:
    return d.month_only().dotted() if d else OPEN_END


def _period(start: PartialDate | None, end: PartialDate | None) -> str:
    return f"{_fmt(start)}--{_fmt(end)}"


def _study_text(s: StudyLike) -> str:
    return f"{s.school}{s.major}学习"


def _in_service_text(s: StudyLike) -> str:
    end = s.end.month_only().dotted() if s.end else ""
    start = s.start.month_only().dotted() if s.start else ""
    level = "在职研究生" if "研究生" in s.education else ""
    text = f"{start}--{end}在{s.school}{s.major}{level}学习"
    if s.degree:
        text += f"，获{s.degree}学位" if not s.degree.endswith("学位") else f"，获{s.degree}"
    return text


def _contains(entry: ResumeEntry, when: PartialDate | None) -> bool:
    if when is None or entry.start is None:
        return False
    month = when.month_only()
    if month < entry.start.month_only():
        return False
    return entry.end is None or month <= entry.end.month_only()


def _start_key(d: PartialDate | None) -> tuple[int, PartialDate | None]:
    # Undated entries go last rather than failing: the data-quality page reports them.
    return (0, d) if d else (1, None)


def _month(d: PartialDate | None) -> PartialDate | None:
    return d.month_only() if d else None


def _posts_text(posts: Sequence[PostLike]) -> str:
    # 某某局副局长、党组成员: the unit is said once for titles held in the same unit.
    parts: list[str] = []
    unit = None
    for p in sorted(posts, key=lambda p: not getattr(p, "is_main", True)):
        parts.append(p.title if p.unit_name == unit else f"{p.unit_name}{p.title}")
        unit = p.unit_name
    return "、".join(parts)


def _work_entries(work: Iterable[WorkLike], posts: Iterable[PostLike]) -> list[ResumeEntry]:
    by_start: dict[PartialDate, list[PostLike]] = {}
    for p in posts:
        if p.start is not None and (p.unit_name or p.title):
            by_start.setdefault(p.start.month_only(), []).append(p)
    entries = []
    worded = set()
    for w in work:
        end = w.end
        started_with = by_start.get(w.start.month_only(), []) if w.start else []
        if end is None and started_with and all(p.end for p in started_with):
            end = max(p.end for p in started_with if p.end)
        entries.append(ResumeEntry(w.start, end, w.description))
        worded.add(_month(w.start))
    for start, group in by_start.items():
        if start not in worded:
            ends = [p.end for p in group]
            end = None if None in ends else max(e for e in ends if e)
            entries.append(ResumeEntry(start, end, _posts_text(group)))
    return entries


def resume_entries(studies: Iterable[StudyLike], work: Iterable[WorkLike],
                   posts: Iterable[PostLike] = ()) -> list[ResumeEntry]:
    studies = list(studies)
    entries = [ResumeEntry(s.start, s.end, _study_text(s)) for s in studies if s.mode != "在职"]
    entries += _work_entries(work, posts)
    entries.sort(key=lambda e: (_start_key(e.start), e.end is None))
    for s in sorted((s for s in studies if s.mode == "在职"), key=lambda s: _start_key(s.start)):
        holders = [e for e in entries if _contains(e, s.start)]
        if holders:
            holders[-1].during.append(_in_service_text(s))
        else:
            entries.append(ResumeEntry(s.start, s.end, f"{s.school}{s.major}在职学习"))
            entries.sort(key=lambda e: (_start_key(e.start), e.end is None))
    return entries


def generate_resume(studies: Iterable[StudyLike], work: Iterable[WorkLike],
                    posts: Iterable[PostLike] = ()) -> str:
    return "\n".join(line for e in resume_entries(studies, work, posts) for line in e.lines())


def resume_text(override: str, studies: Sequence[StudyLike], work: Sequence[WorkLike],
                posts: Sequence[PostLike] = ()) -> str:
    """What the form prints: the clerk's override when there is one, else the generated text."""
    return override if override.strip() else generate_resume(studies, work, posts)
