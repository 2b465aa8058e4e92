"""Data quality (数据质量): what is missing or inconsistent in each cadre file.

Checks run over the whole database with a fixed number of queries (never one per cadre), so
that 100,000 files are checked in seconds. Each issue names the field, so the window can
open the file with that field focused.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from desktop.models import Cadre, Post, Punishment, Study, Training, WorkRecord
from desktop.models.validation import FIELD_LABELS, check_cadre
from desktop.services.cadres.cadre_files import RECORD_LABELS

# Fields the 干部任免审批表 needs; a file without them cannot be printed properly.
FORM_FIELDS = ("name", "sex", "birth", "ethnicity", "native_place", "birthplace", "political_status",
               "work_started", "health", "citizen_id")
CATEGORIES = ("缺少必填项", "身份证号问题", "日期问题", "疑似重复", "缺少任职或学历")


@dataclass(frozen=True)
class Issue:
    cadre_id: int
    name: str
    category: str
    field: str  # e.g. "citizen_id" or "posts[2].end"
    message: str
    severity: str = "error"


Progress = Callable[[int, int], None]


# The kinds of record whose position in the file an issue names.
Record = Post | Study | WorkRecord | Training | Punishment


def _record_index(session: Session, model: type[Record], ids: set[int]) -> dict[int, int]:
    """Position of each record within its cadre's list (the form shows them in sort order)."""
    out: dict[int, int] = {}
    counters: dict[int, int] = defaultdict(int)
    stmt = select(model.id, model.cadre_id).order_by(model.cadre_id, model.sort_order, model.id)
    for rid, cid in session.execute(stmt):
        if rid in ids:
            out[rid] = counters[cid]
        counters[cid] += 1
    return out


def scan(session: Session, *, today: dt.date | None = None, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, scope: ColumnElement[bool] | None = None) -> list[Issue]:
    today = today or dt.date.today()
    issues: list[Issue] = []
    names: dict[int, str] = {}
    columns = [Cadre.id, Cadre.name, Cadre.sex, Cadre.birth, Cadre.citizen_id, Cadre.party_joined,
               Cadre.work_started, Cadre.email, Cadre.mobile, *(getattr(Cadre, f) for f in FORM_FIELDS)]
    stmt = select(*columns).order_by(Cadre.id)
    rows = session.execute(stmt if scope is None else stmt.where(scope)).all()
    total = len(rows)
    by_number: dict[str, list[int]] = defaultdict(list)
    by_name_month: dict[tuple[str, str], list[int]] = defaultdict(list)

    class _Row:  # the shape check_cadre reads, without loading an ORM object per cadre
        __slots__ = ("birth", "citizen_id", "email", "mobile", "name", "party_joined", "sex", "work_started")

    for i, row in enumerate(rows):
        if cancelled is not None and i % 5000 == 0 and cancelled():
            return []
        if progress is not None and i % 5000 == 0:
            progress(i, total)
        cid, name = row[0], row[1]
        names[cid] = name
        values = dict(zip([c.key for c in columns], row, strict=True))
        for f in FORM_FIELDS:
            if values[f] in (None, ""):
                issues.append(Issue(cid, name, "缺少必填项", f, f"{FIELD_LABELS.get(f, f)}：未填写", "warning"))
        probe = _Row()
        for key in _Row.__slots__:
            setattr(probe, key, values[key])
        for p in check_cadre(probe, today=today):  # type: ignore[arg-type]
            if p.field in FORM_FIELDS and p.message.endswith("必填"):
                continue  # already reported above
            category = "身份证号问题" if p.field == "citizen_id" else "日期问题"
            issues.append(Issue(cid, name, category, p.field, p.message, p.severity))
        if values["citizen_id"]:
            by_number[values["citizen_id"]].append(cid)
        if values["birth"] is not None:
            by_name_month[(name, values["birth"].month_only().storage())].append(cid)
    issues += _duplicates(by_number, by_name_month, names)
    issues += _record_dates(session, names)
    issues += _posts_without_unit(session, names)
    issues += _missing_records(session, names)
    if progress is not None:
        progress(total, total)
    if scope is not None:  # the record checks run over every file: keep the scope's
        issues = [i for i in issues if i.cadre_id in names]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    issues.sort(key=lambda x: (order.get(x.category, 99), x.cadre_id, x.field))
    return issues


def _duplicates(by_number: dict[str, list[int]], by_name_month: dict[tuple[str, str], list[int]],
                names: dict[int, str]) -> list[Issue]:
    out = []
    for number, ids in by_number.items():
        if len(ids) > 1:
            for cid in ids:
                others = "、".join(f"{names[o]}（{o}）" for o in ids if o != cid)
                out.append(Issue(cid, names[cid], "疑似重复", "citizen_id", f"身份证号 {number} 与 {others} 相同"))
    for (name, month), ids in by_name_month.items():
        if len(ids) > 1:
            for cid in ids:
                others = "、".join(str(o) for o in ids if o != cid)
                out.append(Issue(cid, name, "疑似重复", "name",
                                 f"与编号 {others} 的姓名、出生年月（{month[:4]}.{month[4:]}）相同", "warning"))
    return out


def _record_dates(session: Session, names: dict[int, str]) -> list[Issue]:
    """Records ending before they start, found in SQL (compared at month precision)."""
    out = []
    checks = (("posts", Post, Post.start, Post.end), ("studies", Study, Study.start, Study.end),
              ("work_records", WorkRecord, WorkRecord.start, WorkRecord.end),
              ("trainings", Training, Training.start, Training.end),
              ("punishments", Punishment, Punishment.date, Punishment.lifted))
    for kind, model, start, end in checks:
        bad = session.execute(select(model.id, model.cadre_id, start, end).where(
            and_(start.is_not(None), end.is_not(None), func.substr(end, 1, 6) < func.substr(start, 1, 6)))).all()
        positions = _record_index(session, model, {r[0] for r in bad}) if bad else {}
        end_key = "lifted" if kind == "punishments" else "end"
        for rid, cid, s, e in bad:
            i = positions.get(rid, 0)
            out.append(Issue(cid, names.get(cid, ""), "日期问题", f"{kind}[{i}].{end_key}",
                             f"{RECORD_LABELS[kind]}第{i + 1}条：结束时间 {e} 早于开始时间 {s}"))
    return out


def _posts_without_unit(session: Session, names: dict[int, str]) -> list[Issue]:
    """Posts saved before the editor required a unit, or imported without one."""
    bad = session.execute(select(Post.id, Post.cadre_id).where(
        Post.unit_id.is_(None), func.trim(func.coalesce(Post.unit_name, "")) == "")).all()
    positions = _record_index(session, Post, {r[0] for r in bad}) if bad else {}
    return [Issue(cid, names.get(cid, ""), "缺少必填项", f"posts[{positions.get(rid, 0)}].unit_name",
                  f"任职第{positions.get(rid, 0) + 1}条：单位必填") for rid, cid in bad]


def _missing_records(session: Session, names: dict[int, str]) -> list[Issue]:
    with_post = set(session.scalars(select(Post.cadre_id).where(Post.end.is_(None)).distinct()))
    with_study = set(session.scalars(select(Study.cadre_id).distinct()))
    out = []
    for cid, name in names.items():
        if cid not in with_post:
            out.append(Issue(cid, name, "缺少任职或学历", "posts", "没有现任职务", "warning"))
        if cid not in with_study:
            out.append(Issue(cid, name, "缺少任职或学历", "studies", "没有学历记录", "warning"))
    return out


