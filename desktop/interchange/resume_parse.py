"""Reading a 简历 back into study and work records.

Lines look like ``1990.09--1994.07  厦门大学经济学院财政学专业学习`` (the format
desktop.models.resume writes), with the current post's end left blank and in-service study
as ``（其间：2012.09--2015.07在福建省委党校…学习，获…学位）``. Real files vary: one dash or a
long dash, 1990年09月, no space, a wrapped line. Lines that cannot be read make the parse
inexact, and the importer then keeps the text as the cadre's 简历 override.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.interchange.cells import halfwidth
from desktop.interchange.incoming import Resume
from desktop.models.dates import DateFormatError, PartialDate
from desktop.models.resume import generate_resume

_DATE = r"(\d{4})\s*(?:[.．/\-]|年)\s*(\d{1,2})\s*月?"
_DASH = r"\s*(?:-{1,2}|—{1,2}|–|－{1,2}|~|～|至)\s*"
_LINE = re.compile(rf"^\s*(?:{_DATE})?{_DASH}(?:{_DATE})?\s*(.*)$")
_COMPACT_LINE = re.compile(r"^\s*(\d{6})?\s*-{1,2}\s*(\d{6})?\s*(.*)$")
_DURING = re.compile(r"^[（(]\s*其间\s*[:：]\s*(.*?)\s*[)）]\s*$")
_IN_SERVICE = re.compile(rf"^(?:{_DATE})?{_DASH}(?:{_DATE})?\s*在(.+?)学习(?:[，,]\s*获(.+?))?[。]?$")
_STUDY = re.compile(r"^(.+?)学习(?:[，,]\s*获(.+?))?[。]?$")
_SCHOOL_END = re.compile(r"大学|学院|党校|学校|研究生院|研究院|中学|技校|干校")
_SCHOOL_EXTEND = ("函授学院", "研究生院", "分校", "分院", "大学", "学院")
LEVEL = "在职研究生"


def _date(year: str | None, month: str | None) -> PartialDate | None:
    if not year or not month:
        return None
    try:
        return PartialDate(int(year), int(month))
    except DateFormatError:
        return None


def split_school(text: str, known: Iterable[str] = ()) -> tuple[str, str]:
    """(school, 院系及专业): a known school name wins, else the first 大学/学院/党校 … ends it."""
    text = text.strip()
    best = max((k for k in known if k and text.startswith(k)), key=len, default="")
    if best:
        return best, text[len(best):]
    m = _SCHOOL_END.search(text)
    if not m:
        return text, ""
    end = m.end()
    extended = True
    while extended:
        extended = False
        for word in _SCHOOL_EXTEND:
            if text.startswith(word, end):
                end += len(word)
                extended = True
                break
    return text[:end], text[end:]


@dataclass
class _Study:
    mode: str
    education: str
    degree: str
    school: str
    major: str
    start: PartialDate | None
    end: PartialDate | None


@dataclass
class _Work:
    description: str
    start: PartialDate | None
    end: PartialDate | None


def _degree(text: str | None) -> str:
    return (text or "").strip().removesuffix("学位") if text else ""


def _in_service(item: str, known: Iterable[str]) -> dict[str, Any] | None:
    m = _IN_SERVICE.match(item.strip())
    if not m:
        return None
    place = m[5]
    education = ""
    if place.endswith(LEVEL):
        place, education = place[: -len(LEVEL)], "研究生"
    school, major = split_school(place, known)
    return _known({"mode": "在职", "start": _date(m[1], m[2]), "end": _date(m[3], m[4]), "school": school,
                   "major": major, "education": education, "degree": _degree(m[6])})


def _known(record: dict[str, Any]) -> dict[str, Any]:
    # Education and degree the line does not state stay as the database has them.
    return {k: v for k, v in record.items() if k not in ("education", "degree") or v}


def parse_resume(text: str, known_schools: Iterable[str] = ()) -> Resume:
    """Records for the lines that can be read; `exact` when they print the same text again."""
    known = list(known_schools)
    result = Resume(text=text)
    readable = True
    last: dict[str, Any] | None = None
    for raw in halfwidth(text or "").replace("\r", "").split("\n"):
        line = raw.strip()
        if not line:
            continue
        during = _DURING.match(line)
        if during:
            for part in re.split(r"[；;]", during[1]):
                if not part.strip():
                    continue
                study = _in_service(part, known)
                if study is None:
                    readable = False
                else:
                    result.studies.append(study)
            continue
        m = _LINE.match(line)
        start = end = None
        body = ""
        if m and (m[1] or m[3]) and m[5]:
            start, end, body = _date(m[1], m[2]), _date(m[3], m[4]), m[5].strip()
        else:
            c = _COMPACT_LINE.match(line)
            if c and (c[1] or c[2]) and c[3]:
                start = _date(c[1][:4], c[1][4:]) if c[1] else None
                end = _date(c[2][:4], c[2][4:]) if c[2] else None
                body = c[3].strip()
            elif last is not None:
                # A wrapped line continues the entry above it.
                key = "description" if "description" in last else "major"
                last[key] = f"{last[key]}{line}"
                readable = False
                continue
            else:
                readable = False
                continue
        if start is None:
            readable = False
        school_line = _STUDY.match(body)
        if school_line and not body.endswith("在职学习"):
            school, major = split_school(school_line[1], known)
            last = _known({"mode": "全日制", "start": start, "end": end, "school": school, "major": major,
                           "education": "", "degree": _degree(school_line[2])})
            result.studies.append(last)
        elif body.endswith("在职学习"):
            school, major = split_school(body[: -len("在职学习")], known)
            last = {"mode": "在职", "start": start, "end": end, "school": school, "major": major}
            result.studies.append(last)
        else:
            last = {"start": start, "end": end, "description": body}
            result.work.append(last)
    result.exact = readable and bool(result.studies or result.work) and reprints(result, text)
    return result


def reprints(resume: Resume, text: str) -> bool:
    """Whether the records print `text` again (spacing and dash style aside)."""
    studies = [_Study(s.get("mode", "全日制"), s.get("education") or "", s.get("degree") or "", s.get("school") or "",
                      s.get("major") or "", s.get("start"), s.get("end")) for s in resume.studies]
    work = [_Work(w.get("description") or "", w.get("start"), w.get("end")) for w in resume.work]
    return canonical(generate_resume(studies, work)) == canonical(text)


def canonical(text: str) -> str:
    """One form for comparing 简历 texts: dates as 1990.09, one -- , single spaces."""
    out = []
    for raw in halfwidth(text or "").replace("\r", "").split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        m = _LINE.match(line)
        if m and (m[1] or m[3]) and m[5] and not _DURING.match(line):
            start, end = _date(m[1], m[2]), _date(m[3], m[4])
            line = f"{start.dotted() if start else ''}--{end.dotted() if end else ''} {m[5].strip()}"
        out.append(line)
    return "\n".join(out)
