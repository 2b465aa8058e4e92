"""The 简历 (résumé) of the 任免审批表, generated from study and work records.

Official line format: ``1990.09--1994.07  某大学某专业学习``. The current post leaves the end
blank; study done while working is not a line of its own but a ``（其间：…）`` line under the
work period it fell in.
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


def resume_entries(studies: Iterable[StudyLike], work: Iterable[WorkLike]) -> list[ResumeEntry]:
    studies = list(studies)
    entries = [ResumeEntry(s.start, s.end, _study_text(s)) for s in studies if s.mode != "在职"]
    entries += [ResumeEntry(w.start, w.end, w.description) for w in work]
    entries.sort(key=lambda e: (_start_key(e.start), e.end is None))
    for s in sorted((s for s in studies if s.mode == "在职"), key=lambda s: _start_key(s.start)):
        holders = [e for e in entries if _contains(e, s.start)]
        if holders:
            holders[-1].during.append(_in_service_text(s))
        else:
            entries.append(ResumeEntry(s.start, s.end, f"{s.school}{s.major}在职学习"))
            entries.sort(key=lambda e: (_start_key(e.start), e.end is None))
    return entries


def generate_resume(studies: Iterable[StudyLike], work: Iterable[WorkLike]) -> str:
    return "\n".join(line for e in resume_entries(studies, work) for line in e.lines())


def resume_text(override: str, studies: Sequence[StudyLike], work: Sequence[WorkLike]) -> str:
    """What the form prints: the clerk's override when there is one, else the generated text."""
    return override if override.strip() else generate_resume(studies, work)
