"""What importing one cadre would change: field by field, record by record.

Pure comparison of an `Incoming` (what a file says) with the cadre file in the database.
Blank cells never erase: a reader leaves out what its file does not say. Lists a file gives
completely (family of an LRMX, the 任职 sheet) replace the cadre's list, matched record by
record so that unchanged records keep their identity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.interchange import posts_text
from desktop.interchange.incoming import Incoming
from desktop.models import Cadre
from desktop.models.dates import PartialDate
from desktop.models.field_labels import CADRE_FIELD_LABELS, KIND_FIELD_LABELS, RECORD_FIELD_LABELS
from desktop.models.resume import generate_resume, resume_text
from desktop.services.cadres.cadre_files import RECORD_KINDS, RECORD_LABELS

LABELS = CADRE_FIELD_LABELS  # the names other modules import from here


def field_label(kind: str, key: str) -> str:
    return KIND_FIELD_LABELS.get((kind, key)) or RECORD_FIELD_LABELS.get(key, key)
# How records of a kind are recognised between the file and the database: exact key first,
# then a looser one, so a corrected school name updates the record instead of replacing it.
MATCH_KEYS: dict[str, tuple[Callable[[dict[str, Any]], Any], ...]] = {
    "posts": (lambda r: (r.get("start"), r.get("unit_name"), r.get("title")),
              lambda r: (r.get("unit_name"), r.get("title")), lambda r: (r.get("start"),)),
    "studies": (lambda r: (r.get("mode"), r.get("start"), r.get("school"), r.get("major")),
                lambda r: (r.get("mode"), r.get("start")), lambda r: (r.get("school"), r.get("major"))),
    "work_records": (lambda r: (r.get("start"), r.get("description")), lambda r: (r.get("start"),),
                     lambda r: (r.get("description"),)),
    "family": (lambda r: (r.get("relation"), r.get("name")), lambda r: (r.get("name"),)),
    "rewards": (lambda r: (r.get("date"), r.get("title")), lambda r: (r.get("title"),)),
    "punishments": (lambda r: (r.get("date"), r.get("title")), lambda r: (r.get("title"),)),
    "annual_results": (lambda r: (r.get("year"),),),
    "trainings": (lambda r: (r.get("start"), r.get("title")),),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old or '（空）'} → {self.new or '（空）'}"


@dataclass
class Diff:
    fields: dict[str, Any] = field(default_factory=dict)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tags: list[str] | None = None
    photo: bytes | None = None
    changes: list[FieldChange] = field(default_factory=list)


def show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.dotted()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def same(old: Any, new: Any) -> bool:
    """Equal as a clerk would judge: a month equals the same month with a day known."""
    if isinstance(new, PartialDate) and isinstance(old, PartialDate):
        if new.day is None:
            return new == old.month_only()
        return new == old
    if isinstance(new, str) or isinstance(old, str):
        return (old or "").strip() == (new or "").strip() if isinstance(old, (str, type(None))) else False
    if new is None and old in ("", None):
        return True
    return bool(old == new)


def record_values(obj: Any, kind: str) -> dict[str, Any]:
    model = RECORD_KINDS[kind]
    return {c.key: getattr(obj, c.key) for c in model.__mapper__.column_attrs
            if c.key not in ("id", "cadre_id", "uid", "sort_order", "unit_id")}


def describe(kind: str, r: dict[str, Any]) -> str:
    if kind in ("posts",):
        return f"{r.get('unit_name') or ''}{r.get('title') or ''}"
    if kind == "studies":
        text = f"{show(r.get('start'))} {r.get('school') or ''}{r.get('major') or ''}".strip()
        return text or f"{r.get('mode') or ''}{r.get('education') or ''}{r.get('degree') or ''}"
    if kind == "work_records":
        return f"{show(r.get('start'))} {r.get('description') or ''}".strip()
    if kind == "family":
        return f"{r.get('relation') or ''} {r.get('name') or ''}".strip()
    if kind == "annual_results":
        return f"{r.get('year')}年 {r.get('grade') or ''}".strip()
    return str(r.get("title") or r.get("name") or "")


def _which(kind: str, r: dict[str, Any]) -> str:
    # Naming the record whose field changes: the year alone, not its old grade as well.
    return f"{r.get('year')}年" if kind == "annual_results" else describe(kind, r)


def _match(kind: str, existing: Sequence[dict[str, Any]], incoming: Sequence[dict[str, Any]]) -> list[int | None]:
    """For each incoming record, the index of the existing one it is (or None for new)."""
    taken: set[int] = set()
    result: list[int | None] = [None] * len(incoming)
    for key in MATCH_KEYS.get(kind, ()):
        index: dict[Any, list[int]] = {}
        for i, r in enumerate(existing):
            if i not in taken:
                index.setdefault(key(r), []).append(i)
        for j, r in enumerate(incoming):
            if result[j] is not None:
                continue
            candidates = [i for i in index.get(key(r), []) if i not in taken]
            if candidates:
                result[j] = candidates[0]
                taken.add(candidates[0])
    return result


def _merge_list(kind: str, existing_objs: Sequence[Any], incoming: Sequence[dict[str, Any]], *,
                remove_missing: bool, diff: Diff) -> None:
    existing = [record_values(o, kind) for o in existing_objs]
    matches = _match(kind, existing, incoming)
    label = RECORD_LABELS[kind]
    out: list[dict[str, Any]] = []
    changed = False
    matched = {m for m in matches if m is not None}
    if not remove_missing:
        # Upserts keep every existing record, in place; new ones go after them.
        for i, obj in enumerate(existing_objs):
            if i not in matched:
                out.append({"id": obj.id})
    for j, rec in enumerate(incoming):
        m = matches[j]
        values = {k: v for k, v in rec.items() if not k.startswith("_")}
        if m is None:
            out.append(values)
            changed = True
            diff.changes.append(FieldChange(f"{label}·新增", "", describe(kind, {**values})))
            continue
        row = {"id": existing_objs[m].id}
        for k, v in values.items():
            if k in existing[m] and not same(existing[m][k], v):
                row[k] = v
                changed = True
                diff.changes.append(FieldChange(f"{label}（{_which(kind, existing[m])}）·"
                                                 f"{field_label(kind, k)}", show(existing[m][k]), show(v)))
        out.append(row)
    if remove_missing:
        for i in range(len(existing_objs)):
            if i not in matched:
                changed = True
                diff.changes.append(FieldChange(f"{label}·删除", describe(kind, existing[i]), ""))
    if changed:
        diff.records[kind] = out


def _latest(objs: Sequence[Any], mode: str) -> Any | None:
    same_mode = [o for o in objs if o.mode == mode]
    if not same_mode:
        return None
    return max(same_mode, key=lambda o: ((o.end or o.start or PartialDate(1900, 1)), o.sort_order))


def _merge_one(kind: str, objs: Sequence[Any], target: Any | None, values: dict[str, Any], label: str,
               diff: Diff, defaults: dict[str, Any]) -> None:
    """Update one record among `objs` (or add one) with the given column values."""
    values = {k: v for k, v in values.items() if v not in ("", None)}
    if not values:
        return
    out = diff.records.get(kind) or [{"id": o.id} for o in objs]
    if target is None:
        out.append({**defaults, **values})
        diff.changes += [FieldChange(f"{label}·{field_label(kind, k)}", "", show(v))
                         for k, v in values.items()]
        diff.records[kind] = out
        return
    row = next(r for r in out if r.get("id") == target.id)
    changed = False
    for k, v in values.items():
        old = getattr(target, k)
        if not same(old, v):
            row[k] = v
            changed = True
            diff.changes.append(FieldChange(f"{label}·{field_label(kind, k)}", show(old), show(v)))
    if changed:
        diff.records[kind] = out


def resume_of(cadre: Cadre) -> str:
    return resume_text(cadre.resume_override or "", cadre.studies, cadre.work_records, cadre.posts)


def normalize_resume(text: str) -> str:
    lines = [" ".join(line.split()) for line in (text or "").replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


def diff_cadre(cadre: Cadre, item: Incoming) -> Diff:
    """Changes `item` makes to the persistent `cadre` (with its records loaded)."""
    diff = Diff()
    for key, new in item.fields.items():
        old = getattr(cadre, key)
        if not same(old, new):
            diff.fields[key] = new
            diff.changes.append(FieldChange(LABELS.get(key, key), show(old), show(new)))
    if "posts" in item.records:
        _merge_list("posts", cadre.posts, item.records["posts"], remove_missing=True, diff=diff)
    elif item.main_post:
        target = next(iter(posts_text.current_posts([p for p in cadre.posts if p.is_main])), None)
        _merge_one("posts", cadre.posts, target, item.main_post, "现任职务", diff, {"is_main": True, "end": None})
    if "studies" in item.records:
        _merge_list("studies", cadre.studies, item.records["studies"], remove_missing=True, diff=diff)
    else:
        for mode, values in item.latest_study.items():
            if mode not in ("全日制", "在职"):
                continue  # 最高学历 is computed from the records; it never edits them
            prefix = "全日制教育" if mode == "全日制" else "在职教育"
            _merge_one("studies", cadre.studies, _latest(cadre.studies, mode), values, prefix, diff, {"mode": mode})
    for kind in ("work_records", "family", "rewards", "punishments", "trainings"):
        if kind in item.records:
            _merge_list(kind, getattr(cadre, kind), item.records[kind], remove_missing=True, diff=diff)
    for kind, rows in item.upserts.items():
        _merge_list(kind, getattr(cadre, kind), rows, remove_missing=False, diff=diff)
    if item.resume is not None:
        _merge_resume(cadre, item, diff)
    if item.current_post_text is not None:
        _merge_current_post(cadre, item.current_post_text, diff)
    if item.tags is not None:
        old = sorted(t.name for t in cadre.tags)
        if sorted(item.tags) != old:
            diff.tags = item.tags
            diff.changes.append(FieldChange("标签", "、".join(old), "、".join(item.tags)))
    if item.photo is not None and (cadre.photo is None or cadre.photo.jpeg != item.photo):
        diff.photo = item.photo
        diff.changes.append(FieldChange("照片", "无" if cadre.photo is None else "原照片", "新照片"))
    return diff


def _merge_resume(cadre: Cadre, item: Incoming, diff: Diff) -> None:
    assert item.resume is not None
    current = resume_of(cadre)
    if normalize_resume(item.resume.text) == normalize_resume(current):
        return
    if item.resume.exact:
        # The lines are records: keep them as records, and the generated text prints them.
        _merge_list("work_records", cadre.work_records, item.resume.work, remove_missing=True, diff=diff)
        if "studies" not in diff.records:
            _merge_list("studies", cadre.studies, item.resume.studies, remove_missing=True, diff=diff)
        if cadre.resume_override:
            diff.fields["resume_override"] = ""
            diff.changes.append(FieldChange("简历（手工文本）", "已设置", "改为按记录生成"))
        return
    diff.fields["resume_override"] = item.resume.text
    diff.changes.append(FieldChange("简历", _short(current), _short(item.resume.text)))


def _merge_current_post(cadre: Cadre, text: str, diff: Diff) -> None:
    composed = posts_text.compose(cadre.posts)
    effective = cadre.current_post_override or composed
    if " ".join(text.split()) == " ".join(effective.split()):
        return
    new_override = "" if text.strip() == composed else text.strip()
    if new_override != (cadre.current_post_override or ""):
        diff.fields["current_post_override"] = new_override
        diff.changes.append(FieldChange("现任职务", effective, text.strip()))


def _short(text: str, limit: int = 40) -> str:
    flat = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def regenerates(studies: Sequence[Any], work: Sequence[Any], text: str) -> bool:
    return normalize_resume(generate_resume(studies, work)) == normalize_resume(text)
