"""Two clerks editing the same cadre file: the second save is refused, never a silent overwrite.

A CadreFile remembers the row version it was read at (cadre_files.as_file). Saving it over a
file that has been saved since raises EditConflict with both versions: the clerk's and the one
now stored, who saved it and when, and the parts that differ. The window shows them side by
side and lets the clerk take, part by part, their own value or the stored one; `merged` builds
the file to save from that choice (at the stored version, so a third save in between is
caught again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from desktop.errors import FrontlineError
from desktop.models.field_labels import CADRE_FIELD_LABELS as FIELD_LABELS
from desktop.models.field_labels import RECORD_FIELD_LABELS
from desktop.services.cadres.cadre_files import EDITABLE_FIELDS, RECORD_LABELS, CadreFile
from desktop.services.exchange.import_diff import show
from desktop.services.record_versions import Difference

PHOTO, TAGS = "photo", "tags"


_ROW_ORDER = {k: i for i, k in enumerate(RECORD_FIELD_LABELS)}


def _row_text(row: dict[str, Any]) -> str:
    """A record as one line: "单位：…，职务：…" in the form's order (empty and unset parts left out)."""
    keys = sorted((k for k in row if k != "id" and row[k] not in (None, "", False)),
                  key=lambda k: (_ROW_ORDER.get(k, len(_ROW_ORDER)), k))
    return "，".join(f"{RECORD_FIELD_LABELS.get(k, k)}：{show(row[k])}" for k in keys)


def _rows(rows: list[dict[str, Any]]) -> list[str]:
    return [_row_text(r) for r in rows]


def differences(mine: CadreFile, theirs: CadreFile) -> list[Difference]:
    out = []
    order = {k: i for i, k in enumerate(FIELD_LABELS)}
    for key in sorted(mine.fields, key=lambda k: (order.get(k, len(order)), k)):
        if key in EDITABLE_FIELDS and show(mine.fields[key]) != show(theirs.fields.get(key)):
            out.append(Difference(key, FIELD_LABELS.get(key, key), show(mine.fields[key]),
                                  show(theirs.fields.get(key))))
    for kind, rows in mine.records.items():
        a, b = _rows(rows), _rows(theirs.records.get(kind, []))
        if a != b:
            out.append(Difference(f"records:{kind}", RECORD_LABELS.get(kind, kind),
                                  "\n".join(a) or "（无）", "\n".join(b) or "（无）"))
    if mine.tags is not None and sorted(mine.tags) != sorted(theirs.tags or []):
        out.append(Difference(TAGS, "标签", "、".join(mine.tags), "、".join(theirs.tags or [])))
    if (mine.photo is not None and mine.photo != theirs.photo) or (mine.remove_photo and theirs.photo is not None):
        out.append(Difference(PHOTO, "照片", "删除照片" if mine.remove_photo else "新照片",
                              "保存的照片" if theirs.photo is not None else "无照片"))
    return out


class EditConflict(FrontlineError):
    """A cadre file saved by someone else since it was opened: nothing was written."""

    def __init__(self, cadre_id: int, mine: CadreFile, theirs: CadreFile, who: str, when: dt.datetime | None) -> None:
        self.cadre_id = cadre_id
        self.mine = mine
        self.theirs = theirs
        self.who = who
        self.when = when
        self.differences = differences(mine, theirs)
        name = show(theirs.fields.get("name")) or show(mine.fields.get("name"))
        at = f"于 {when.astimezone():%Y-%m-%d %H:%M:%S} " if when is not None else ""
        parts = "、".join(d.label for d in self.differences) or "无"
        super().__init__(f"{name} 的档案在您打开之后已由 {who or '其他账户'} {at}修改并保存，您的修改没有保存。"
                         f"两个版本不同之处：{parts}。请逐项选择保留哪一个版本后再保存")


def merged(conflict: EditConflict, take_mine: Iterable[str]) -> CadreFile:
    """The stored file with the clerk's own value for each part named in `take_mine`, at the
    stored version (saving it is refused again if yet another save came in between)."""
    chosen = set(take_mine)
    mine, theirs = conflict.mine, conflict.theirs
    fields = dict(theirs.fields)
    for key in chosen & set(mine.fields):
        fields[key] = mine.fields[key]
    records = {kind: [dict(r) for r in rows] for kind, rows in theirs.records.items()}
    for kind, rows in mine.records.items():
        if f"records:{kind}" in chosen:
            records[kind] = [dict(r) for r in rows]
    out = replace(theirs, fields=fields, records=records, photo=None, remove_photo=False)
    if TAGS in chosen and mine.tags is not None:
        out = replace(out, tags=list(mine.tags))
    if PHOTO in chosen:
        out = replace(out, photo=mine.photo, remove_photo=mine.remove_photo)
    return out
