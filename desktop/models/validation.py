"""Domain validation of a cadre file. Every problem names its field, in Chinese.

Errors refuse a save; warnings are shown but allowed, because real files hold odd but true
facts (a cadre who joined work at fifteen in the 1970s) that a clerk must be able to keep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from desktop.models import idcard
from desktop.models.dates import PartialDate

Severity = Literal["error", "warning"]

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "sex": "性别",
    "birth": "出生年月",
    "ethnicity": "民族",
    "native_place": "籍贯",
    "birthplace": "出生地",
    "political_status": "政治面貌",
    "party_joined": "入党时间",
    "work_started": "参加工作时间",
    "health": "健康状况",
    "citizen_id": "身份证号",
    "email": "电子邮箱",
    "mobile": "手机号码",
    "retirement_due": "到龄年月",
}

REQUIRED_FIELDS = ("name", "sex", "birth")
SEXES = ("男", "女")
MIN_PARTY_AGE = 18
MIN_WORK_AGE = 16


@dataclass(frozen=True)
class Problem:
    field: str  # attribute path the window can jump to, e.g. "citizen_id" or "posts[1].end"
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return self.message


class ValidationFailed(ValueError):
    """A save refused because of these problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("；".join(p.message for p in self.problems))


class CadreLike(Protocol):
    name: str
    sex: str
    birth: PartialDate | None
    citizen_id: str
    party_joined: PartialDate | None
    work_started: PartialDate | None
    email: str
    mobile: str


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def _p(field: str, detail: str, severity: Severity = "error") -> Problem:
    return Problem(field, f"{_label(field)}：{detail}", severity)


def check_citizen_id(number: str, sex: str, birth: PartialDate | None) -> list[Problem]:
    """Checksum, then whether the ID agrees with the birth date and sex on the record.

    A number that passes its checksum is almost surely typed right (the check character
    catches every single wrong digit and most swapped pairs), so a disagreement is blamed on
    the birth date or the sex beside it, where the clerk has to look; a number failing its
    checksum is itself the problem."""
    if not number.strip():
        return []
    try:
        cid = idcard.parse(number)
    except idcard.CitizenIdError as exc:
        return [_p("citizen_id", str(exc))]
    problems = []
    if birth is not None and (birth.year, birth.month) != (cid.birth.year, cid.birth.month):
        problems.append(_p("birth", f"与身份证号不一致（身份证为 {cid.birth:%Y.%m}，填写为 "
                                    f"{birth.month_only().dotted()}），请核对出生年月"))
    elif birth is not None and birth.day is not None and birth.day != cid.birth.day:
        problems.append(_p("birth", f"与身份证号不一致（身份证为 {cid.birth:%Y.%m.%d}，填写为 {birth.dotted()}）"))
    if sex in SEXES and sex != cid.sex:
        problems.append(_p("sex", f"与身份证号不一致（身份证为{cid.sex}，填写为{sex}）"))
    return problems


def check_period(field: str, label: str, start: PartialDate | None, end: PartialDate | None) -> list[Problem]:
    if start and end and end.month_only() < start.month_only():
        return [Problem(field, f"{label}：结束时间 {end} 早于开始时间 {start}")]
    return []


def check_cadre(c: CadreLike, *, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    for f in REQUIRED_FIELDS:
        value = getattr(c, f)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(_p(f, "必填"))
    if c.sex and c.sex not in SEXES:
        problems.append(_p("sex", f"应为“男”或“女”，而不是“{c.sex}”"))
    if c.birth is not None:
        age = c.birth.age_on(today)
        if c.birth.first_day() > today:
            problems.append(_p("birth", "晚于今天"))
        elif age < 16 or age > 100:
            problems.append(_p("birth", f"年龄 {age} 岁不合理", "warning"))
    problems += check_citizen_id(c.citizen_id or "", c.sex or "", c.birth)
    problems += _check_life_dates(c, today)
    if c.email and ("@" not in c.email or c.email.startswith("@") or c.email.endswith("@")):
        problems.append(_p("email", "格式不正确"))
    digits = "".join(ch for ch in (c.mobile or "") if ch.isdigit())
    if c.mobile and not (len(digits) == 11 and digits.startswith("1")):
        problems.append(_p("mobile", "应为11位手机号码", "warning"))
    return problems


def _check_life_dates(c: CadreLike, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for f, min_age in (("party_joined", MIN_PARTY_AGE), ("work_started", MIN_WORK_AGE)):
        when: PartialDate | None = getattr(c, f)
        if when is None:
            continue
        if when.first_day() > today:
            problems.append(_p(f, "晚于今天"))
        elif c.birth is not None:
            if when.month_only() <= c.birth.month_only():
                problems.append(_p(f, f"早于出生年月 {c.birth.month_only()}"))
            elif c.birth.age_on(when.first_day()) < min_age:
                problems.append(_p(f, f"时年不满{min_age}周岁，请核对", "warning"))
    return problems


def check_records(name: str, label: str, records: Iterable[object],
                  start: str = "start", end: str = "end") -> list[Problem]:
    """Start before end for every dated record of one kind (posts, studies, punishments …)."""
    problems: list[Problem] = []
    for i, r in enumerate(records):
        problems += check_period(f"{name}[{i}].{end}", f"{label}第{i + 1}条",
                                 getattr(r, start), getattr(r, end))
    return problems


def check_posts(posts: Iterable[object]) -> list[Problem]:
    """Every post names its unit: the roster, the 任免审批表 and the statistics by unit all
    read it, and a post without one shows as an empty 单位 everywhere."""
    problems: list[Problem] = []
    for i, post in enumerate(posts):
        if getattr(post, "unit_id", None) is None and not as_text(getattr(post, "unit_name", "")).strip():
            problems.append(Problem(f"posts[{i}].unit_name", f"任职第{i + 1}条：单位必填"))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def raise_on_errors(problems: Iterable[Problem]) -> None:
    found = errors(problems)
    if found:
        raise ValidationFailed(found)


def as_text(value: Any) -> str:
    return "" if value is None else str(value)
