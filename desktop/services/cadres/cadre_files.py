"""Cadre files: load, validate, save and delete, as the window and the importers use them.

A save takes a CadreFile: the cadre's own fields and, per kind of record, the full list the
form shows (a record with an "id" updates that record, one without is new, a missing one is
removed). Dates may arrive as text the way clerks type them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, InUse, NotFound
from desktop.models import (
    AnnualResult,
    BallotBatch,
    Cadre,
    CadrePhoto,
    FamilyMember,
    PointEntry,
    Post,
    Punishment,
    Reward,
    Sheet,
    Study,
    Tag,
    Training,
    WorkRecord,
    limits,
)
from desktop.models.audit import AuditEntry
from desktop.models.base import Base, utcnow
from desktop.models.dates import DateFormatError, PartialDate
from desktop.models.search_keys import stored_keys
from desktop.models.validation import (
    FIELD_LABELS,
    Problem,
    ValidationFailed,
    check_cadre,
    check_posts,
    check_records,
    errors,
)
from desktop.services import scopes
from desktop.services.operations import OpContext
from desktop.services.units import codes
from desktop.services.workspace import Workspace

RECORD_KINDS: dict[str, type[Base]] = {
    "posts": Post,
    "studies": Study,
    "work_records": WorkRecord,
    "family": FamilyMember,
    "rewards": Reward,
    "punishments": Punishment,
    "annual_results": AnnualResult,
    "trainings": Training,
}
RECORD_LABELS = {
    "posts": "任职", "studies": "学习经历", "work_records": "工作经历", "family": "家庭成员",
    "rewards": "奖励", "punishments": "惩处", "annual_results": "年度考核", "trainings": "培训",
}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
DATE_FIELDS = frozenset({"birth", "party_joined", "work_started", "retirement_due", "start", "end", "date", "lifted"})
# Record kind → (start attribute, end attribute) whose order is checked.
DATED_KINDS = {
    "posts": ("start", "end"), "studies": ("start", "end"), "work_records": ("start", "end"),
    "trainings": ("start", "end"), "punishments": ("date", "lifted"),
}

# Which code table each coded field draws from: values outside it are flagged.
CODED_FIELDS: dict[str, str] = {
    "sex": "sex", "ethnicity": "ethnicity", "political_status": "political_status", "health": "health",
}
CODED_RECORD_FIELDS: dict[tuple[str, str], str] = {
    ("studies", "education"): "education",
    ("studies", "degree"): "degree",
    ("posts", "rank"): "civil_rank",
    ("posts", "leadership_level"): "leadership_level",
    ("family", "relation"): "relation",
    ("family", "political_status"): "political_status",
    ("annual_results", "grade"): "annual_grade",
}
EDITABLE_FIELDS = frozenset(c.key for c in Cadre.__mapper__.column_attrs) - {
    "id", "name_pinyin", "name_initials", "created_at", "updated_at", "row_version",
}


@dataclass
class CadreFile:
    fields: dict[str, Any] = field(default_factory=dict)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tags: list[str] | None = None  # None leaves the tags as they are
    photo: bytes | None = None
    remove_photo: bool = False
    # The cadre's row_version when the file was read: saving over a newer save is refused
    # (services/cadres/conflicts.py). None saves regardless (importers, new files).
    version: int | None = None


INT_FIELDS = {"year": "年度", "hours": "学时"}


def _convert(path: str, key: str, value: Any, problems: list[Problem]) -> Any:
    if key in INT_FIELDS and isinstance(value, str):
        text = value.strip().translate(_FULLWIDTH_DIGITS)
        if not text:
            return 0 if key == "hours" else None
        if not text.isdigit():
            problems.append(Problem(path, f"{INT_FIELDS[key]}：“{value}”不是数字"))
            return None
        return int(text)
    if key in DATE_FIELDS and isinstance(value, str):
        try:
            return PartialDate.parse_optional(value)
        except DateFormatError as exc:
            label = FIELD_LABELS.get(key, key)
            problems.append(Problem(path, f"{label}：{exc}"))
            return None
    if isinstance(value, str):
        return value.strip()
    return value


def _columns_of(model: type[Base]) -> tuple[frozenset[str], frozenset[str]]:
    """(column attribute keys, those of integer columns) of a model, worked out once."""
    found = _COLUMNS.get(model)
    if found is None:
        attrs = model.__mapper__.column_attrs
        found = _COLUMNS[model] = (frozenset(a.key for a in attrs),
                                   frozenset(a.key for a in attrs if isinstance(a.columns[0].type, Integer)))
    return found


_COLUMNS: dict[type[Base], tuple[frozenset[str], frozenset[str]]] = {}


def converted(model: type[Base], path: str, values: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The values of a form's row (a cadre's fields, one record) as `model` stores them: text
    trimmed, dates and numbers parsed (a value that cannot be is reported in `problems` and
    becomes None), keys that are no column of `model` and the row's own ids left out."""
    columns, integers = _columns_of(model)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("id", "cadre_id") or key not in columns:
            continue
        if value == "" and key in integers:
            # The form shows an unset link (a post's unit_id) as empty text: that is no value,
            # not the text "" (which SQLite would store in an integer column, and PostgreSQL refuses).
            value = None
        out[key] = _convert(f"{path}{key}", key, value, problems)
    return out


def _assign(obj: Base, path: str, values: dict[str, Any], problems: list[Problem]) -> None:
    for key, value in converted(type(obj), path, values, problems).items():
        setattr(obj, key, value)


def _check_fields(file: CadreFile) -> None:
    unknown = set(file.fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown cadre fields: {sorted(unknown)}")


def normal_citizen_id(value: Any) -> str:
    return "".join((value or "").split()).upper()


def apply_file(cadre: Cadre, file: CadreFile, session: Session | None = None) -> list[Problem]:
    """Copy the file's values onto `cadre` (transient or persistent); return parse problems."""
    problems: list[Problem] = []
    _check_fields(file)
    _assign(cadre, "", file.fields, problems)
    if "citizen_id" in file.fields:
        cadre.citizen_id = normal_citizen_id(cadre.citizen_id)
    for kind, rows in file.records.items():
        model = RECORD_KINDS[kind]
        existing = {r.id: r for r in getattr(cadre, kind)}
        kept = []
        for i, row in enumerate(rows):
            obj = existing.get(row.get("id")) if row.get("id") else None
            if obj is None:
                obj = model()
            _assign(obj, f"{kind}[{i}].", row, problems)
            if hasattr(obj, "sort_order"):
                obj.sort_order = i
            kept.append(obj)
        removed = [o for o in existing.values() if o not in kept]
        if session is not None and removed and len(kept) > len(existing) - len(removed):
            # Removed rows go first: SQLAlchemy inserts before it deletes, and a row removed
            # and typed again (the same year's 年度考核结果) would meet its own unique key.
            setattr(cadre, kind, [o for o in kept if o in existing.values()])
            session.flush()
        setattr(cadre, kind, kept)
    if file.tags is not None:
        cadre.tags = _tags(session, file.tags) if session else [Tag(name=t) for t in file.tags]
    cadre.name_pinyin, cadre.name_initials = stored_keys(cadre.name or "")
    return problems


class Plain:
    """A cadre or a record as plain attributes, every column of its model present (None when
    not given, as on a new ORM object): what check_file and models/validation.py read, without
    an ORM object and its attribute events (an import checks 10,000 new files)."""

    def __init__(self, model: type[Base], values: dict[str, Any]) -> None:
        self.__dict__.update(dict.fromkeys(_columns_of(model)[0]))
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only for names that are no column: as on a model
        raise AttributeError(name)


def plain_file(file: CadreFile) -> tuple[Plain, list[Problem]]:
    """A new cadre holding `file` as plain values (what apply_file makes of it on a new Cadre,
    by the same conversions), and the problems of parsing it."""
    problems: list[Problem] = []
    _check_fields(file)
    fields = converted(Cadre, "", file.fields, problems)
    if "citizen_id" in file.fields:
        fields["citizen_id"] = normal_citizen_id(fields["citizen_id"])
    cadre = Plain(Cadre, fields)
    for kind in RECORD_KINDS:
        setattr(cadre, kind, [])
    for kind, rows in file.records.items():
        model = RECORD_KINDS[kind]
        ordered = "sort_order" in _columns_of(model)[0]
        records = []
        for i, row in enumerate(rows):
            values = converted(model, f"{kind}[{i}].", row, problems)
            if ordered:
                values["sort_order"] = i
            records.append(Plain(model, values))
        setattr(cadre, kind, records)
    return cadre, problems


def _tags(session: Session, names: list[str]) -> list[Tag]:
    wanted = [n.strip() for n in dict.fromkeys(names) if n.strip()]
    found = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    return [found.get(n) or Tag(name=n) for n in wanted]


def check_file(cadre: Cadre | Plain, code_names: dict[str, list[str]]) -> list[Problem]:
    """Every rule of the domain plus membership of the code tables (a warning)."""
    problems = check_cadre(cadre)
    for kind, (start, end) in DATED_KINDS.items():
        problems += check_records(kind, RECORD_LABELS[kind], getattr(cadre, kind), start, end)
    problems += check_posts(cadre.posts)
    for f, table in CODED_FIELDS.items():
        value = getattr(cadre, f)
        if value and code_names.get(table) and value not in code_names[table] and f != "sex":
            problems.append(Problem(f, f"{FIELD_LABELS.get(f, f)}：“{value}”不在代码表中", "warning"))
    for (kind, f), table in CODED_RECORD_FIELDS.items():
        for i, rec in enumerate(getattr(cadre, kind)):
            value = getattr(rec, f)
            if value and code_names.get(table) and value not in code_names[table]:
                problems.append(Problem(f"{kind}[{i}].{f}",
                                        f"{RECORD_LABELS[kind]}第{i + 1}条：“{value}”不在代码表中", "warning"))
    years = [r.year for r in cadre.annual_results]
    for y in {y for y in years if years.count(y) > 1}:
        problems.append(Problem("annual_results", f"年度考核：{y}年有多条结果"))
    for kind, model in RECORD_KINDS.items():
        message = limits.over_cap(str(model.__tablename__), len(getattr(cadre, kind)), cadre.name or "（未填姓名）")
        if message:
            problems.append(Problem(kind, message))
    return problems


def ensure_room(session: Session, model: type[Base], cadre_id: int, adding: int = 1) -> None:
    """Refuse adding `adding` records of `model` to a cadre already at the cap (models/limits.py)."""
    owner = model.cadre_id  # type: ignore[attr-defined]
    count = session.scalar(select(func.count()).select_from(model).where(owner == cadre_id)) or 0
    name = session.scalar(select(Cadre.name).where(Cadre.id == cadre_id)) or ""
    message = limits.over_cap(str(model.__tablename__), count + adding, name)
    if message:
        raise FrontlineError(message)


def validate(session: Session, file: CadreFile) -> list[Problem]:
    """Problems of a form's content without touching the database (for live validation)."""
    cadre, problems = plain_file(file)
    return problems + check_file(cadre, codes.all_names(session))


def load(session: Session, cadre_id: int) -> Cadre:
    """A cadre with every record loaded in a fixed number of queries (no N+1)."""
    stmt = select(Cadre).where(Cadre.id == cadre_id).options(
        *(selectinload(getattr(Cadre, kind)) for kind in RECORD_KINDS),
        selectinload(Cadre.tags),
        selectinload(Cadre.photo),
        selectinload(Cadre.attachments),
    )
    cadre = session.scalar(stmt)
    if cadre is None:
        raise NotFound(f"干部档案 {cadre_id} 不存在（可能已被删除）")
    return cadre


def as_file(cadre: Cadre) -> CadreFile:
    """A loaded cadre as the form edits it: every editable field, every record with its id
    (the fields a save reads back), the tags and the photo; values as stored (dates are
    PartialDate), nothing of the session left in it."""
    fields = {key: getattr(cadre, key) for key in EDITABLE_FIELDS}
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in RECORD_KINDS:
        rows = []
        for rec in getattr(cadre, kind):
            keys = {c.key for c in rec.__mapper__.column_attrs} - {"cadre_id", "uid", "sort_order"}
            rows.append({k: getattr(rec, k) for k in keys})
        records[kind] = rows
    photo = cadre.photo.jpeg if cadre.photo is not None else None
    return CadreFile(fields, records, [t.name for t in cadre.tags], photo, version=cadre.row_version)


def save(ws: Workspace, file: CadreFile, cadre_id: int | None = None) -> int:
    """Create (cadre_id None) or update a cadre file; refused with every error at once."""

    def op(ctx: OpContext) -> int:
        s = ctx.session
        if cadre_id is None:
            cadre = Cadre()
            for kind in RECORD_KINDS:
                setattr(cadre, kind, [])
            s.add(cadre)
        else:
            scopes.check_cadre(s, ws.actor, cadre_id)
            cadre = load(s, cadre_id)
            if file.version is not None and file.version != cadre.row_version:
                _refuse_stale(s, cadre, file)
        with s.no_autoflush:
            problems = apply_file(cadre, file, s)
            if file.photo is not None:
                if cadre.photo is None:
                    cadre.photo = CadrePhoto(jpeg=file.photo)
                else:
                    cadre.photo.jpeg = file.photo
            elif file.remove_photo:
                cadre.photo = None
            problems += check_file(cadre, codes.all_names(s))
        if errors(problems):
            raise ValidationFailed(errors(problems))
        if cadre_id is not None and (s.new or s.deleted or any(s.is_modified(o) for o in s.dirty)):
            # A change to a post, a tag or the photo is a save of the file too: the cadre's
            # row is written, so its version counts up and an older copy is caught.
            cadre.updated_at = utcnow()
        s.flush()
        return int(cadre.id)

    return ws.run("cadre.create" if cadre_id is None else "cadre.update", op).value


def _refuse_stale(s: Session, cadre: Cadre, file: CadreFile) -> None:
    from desktop.services.cadres.conflicts import EditConflict

    last = s.execute(select(AuditEntry.actor, AuditEntry.at)
                     .where(AuditEntry.cadre_id == cadre.id).order_by(AuditEntry.id.desc()).limit(1)).first()
    raise EditConflict(cadre.id, file, as_file(cadre), last[0] if last else "", last[1] if last else None)


def delete(ws: Workspace, cadre_id: int) -> None:
    delete_many(ws, [cadre_id])


def delete_many(ws: Workspace, cadre_ids: list[int]) -> None:
    """Delete files in one operation. Every record is loaded first so each deletion, with
    its values, is in the audit log."""

    def op(ctx: OpContext) -> None:
        for cadre_id in cadre_ids:
            scopes.check_cadre(ctx.session, ws.actor, cadre_id)
            cadre = load(ctx.session, cadre_id)
            _ensure_no_assessment_records(ctx.session, cadre)
            ctx.session.delete(cadre)

    ws.run("cadre.delete", op)


def _ensure_no_assessment_records(session: Session, cadre: Cadre) -> None:
    # Ledger entries are append-only and evaluation sheets and ballots are the evidence of
    # finished assessments: a file with any of them is kept (end the post when someone leaves).
    held = []
    for model, label, unit in ((PointEntry, "积分记录", "条"), (Sheet, "测评表", "份"), (BallotBatch, "测评票", "批")):
        count = session.scalar(select(func.count()).select_from(model).where(model.cadre_id == cadre.id)) or 0
        if count:
            held.append(f"{label} {count} {unit}")
    if held:
        raise InUse(f"“{cadre.name}”已有考核记录（{'、'.join(held)}），这些记录须保留，因此不能删除其档案。"
                    "如已调离或退休，请在任职记录中填写结束时间")


@dataclass(frozen=True)
class Duplicate:
    cadre_id: int
    name: str
    reason: str


def find_duplicates(session: Session, name: str, birth: PartialDate | None, citizen_id: str,
                    exclude_id: int | None = None) -> list[Duplicate]:
    """Existing files with the same ID number, or the same name and birth month."""
    out: list[Duplicate] = []
    number = "".join((citizen_id or "").split()).upper()
    if number:
        for cid, cname in session.execute(select(Cadre.id, Cadre.name).where(Cadre.citizen_id == number)):
            if cid != exclude_id:
                out.append(Duplicate(cid, cname, f"身份证号相同（{number}）"))
    if name and birth:
        month = birth.month_only()
        rows = session.execute(select(Cadre.id, Cadre.name, Cadre.birth).where(Cadre.name == name.strip()))
        for cid, cname, cbirth in rows:
            if cid != exclude_id and cbirth is not None and cbirth.month_only() == month \
                    and all(d.cadre_id != cid for d in out):
                out.append(Duplicate(cid, cname, f"姓名和出生年月相同（{month}）"))
    return out
