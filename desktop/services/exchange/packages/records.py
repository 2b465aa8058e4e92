"""What an exchange package carries back, and how one record is compared between databases.

Row ids are local to a database, so a record is read in a portable form: its columns, with
every foreign key replaced by the uid of the record it points to (an account by its user
name), plus a few fields that live in other tables but belong to the record — a cadre's
tags and photo, a campaign's units, cadres and instruction items, a talk's cadres, a visit's
units, and each answer of an evaluation sheet ("answer:<item uid>"). Two databases holding
the same record give the same portable form, and so the same fingerprint.

A fingerprint is one short hash per field (`hashes`). Keeping it per field lets the merge
tell which fields each side changed since the export, and take a change made on one side
only without asking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from desktop.models import (
    Base,
    cadre_tag,
    campaign_cadre,
    campaign_directive_item,
    campaign_unit,
    talk_cadre,
    visit_unit,
)
from desktop.models.dates import PartialDate
from desktop.models.field_labels import CADRE_FIELD_LABELS, ENTITY_KINDS, KIND_FIELD_LABELS, RECORD_FIELD_LABELS

Record = dict[str, Any]
CHUNK = 500


@dataclass(frozen=True)
class Kind:
    table: str
    label: str
    mode: Literal["merge", "append"] = "merge"
    # A deletion on the laptop is carried over (if the office did not change the record).
    # Cadres, campaigns, templates and the like are never deleted by an import.
    deletable: bool = True
    ignore: tuple[str, ...] = ()  # derived or volatile columns, not compared


# Dependency order: a record's references come before it.
KINDS: tuple[Kind, ...] = (
    Kind("unit", "单位", deletable=False),
    Kind("tag", "标签", deletable=False),
    Kind("cadre", "干部档案", deletable=False, ignore=("updated_at", "name_pinyin", "name_initials", "created_at")),
    Kind("post", "任职"), Kind("study", "学习经历"), Kind("work_record", "工作经历"),
    Kind("family_member", "家庭成员"), Kind("reward", "奖励"), Kind("punishment", "惩戒"),
    Kind("annual_result", "年度考核结果"), Kind("training", "培训"), Kind("attachment", "附件"),
    Kind("directive", "工作台账", deletable=False, ignore=("created_at",)),
    Kind("directive_item", "台账事项", deletable=False),
    Kind("campaign", "考核", deletable=False, ignore=("created_at",)),
    Kind("campaign_member", "考核组成员"),
    Kind("sheet_template", "测评表模板", deletable=False, ignore=("created_at",)),
    Kind("template_section", "测评表栏目", deletable=False),
    Kind("template_item", "测评项目", deletable=False),
    Kind("visit", "走访记录", ignore=("created_at",)),
    Kind("talk", "谈话记录", ignore=("created_at",)),
    Kind("sheet", "测评表", ignore=("created_at",)),
    Kind("ballot_batch", "测评票批次", ignore=("created_at",)),
    Kind("ballot", "测评票", ignore=("created_at",)),
    Kind("point_rule", "积分规则", deletable=False),
    Kind("point_entry", "积分记录", "append"),
    Kind("point_evidence", "积分佐证材料", "append"),
)
BY_TABLE = {k.table: k for k in KINDS}

# Link tables read as a set of uids on the owning record: field → (table, own column, other column).
LINKS: dict[str, dict[str, tuple[Table, str, str]]] = {
    "cadre": {"tags": (cadre_tag, "cadre_id", "tag_id")},
    "campaign": {"units": (campaign_unit, "campaign_id", "unit_id"),
                 "cadres": (campaign_cadre, "campaign_id", "cadre_id"),
                 "items": (campaign_directive_item, "campaign_id", "item_id")},
    "talk": {"cadres": (talk_cadre, "talk_id", "cadre_id")},
    "visit": {"units": (visit_unit, "visit_id", "unit_id")},
}
FIELD_LABELS = {
    "tags": "标签", "units": "单位", "cadres": "干部", "items": "台账事项", "photo": "照片",
    "name": "名称", "title": "标题", "status": "状态", "date": "日期", "place": "地点", "seen": "所见",
    "findings": "发现的问题", "members": "参加人员", "unannounced": "四不两直", "author": "记录人",
    "interviewers": "谈话人", "interviewee_cadre_id": "被谈话干部", "interviewee_name": "被谈话人",
    "interviewee_unit": "被谈话人单位", "interviewee_post": "被谈话人职务", "start_at": "开始时间",
    "end_at": "结束时间", "purpose": "谈话目的", "content": "谈话内容", "conclusion": "结论",
    "follow_up": "后续事项", "recorder": "记录人", "confidentiality": "密级", "rater_category": "测评人类别",
    "rater_name": "测评人", "completed_at": "完成时间", "issued": "发出票数", "seq": "序号", "marks": "评价",
    "kind": "类型", "start": "开始", "end": "结束", "description": "说明", "follows": "跟踪的重大任务",
    "topic_source": "选题来源", "source_detail": "选题依据", "rater_weights": "测评权重", "closed_at": "结束时间",
    "role": "角色", "account_id": "账户", "campaign_id": "考核", "cadre_id": "干部", "template_id": "测评表",
    "batch_id": "批次", "unit_id": "单位", "parent_id": "上级单位", "short_name": "简称", "code": "代码",
    "sort_order": "排序", "text": "内容", "deadline": "期限", "responsible": "责任单位",
}


def fk_targets(table: Table) -> dict[str, str]:
    """Column → the table it references."""
    out = {}
    for col in table.c:
        for fk in col.foreign_keys:
            out[col.name] = fk.column.table.name
    return out


def table_of(name: str) -> Table:
    return Base.metadata.tables[name]


def canon(value: Any) -> Any:
    """A JSON-able form that is equal exactly when the values are equal."""
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, PartialDate):
        return value.storage()
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(canon(v) for v in value)
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    return value


_PLAIN = (str, int, float, bool, type(None))


def field_hash(value: Any) -> str:
    """Ten hex digits of SHA-256 over the value's canonical form (its type, so 1 ≠ "1")."""
    if isinstance(value, _PLAIN):
        text = f"{type(value).__name__}:{value}"
    else:
        text = "json:" + json.dumps(canon(value), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def hashes(record: Record) -> dict[str, str]:
    return {k: field_hash(v) for k, v in record.items() if not k.startswith("_")}


class Reader:
    """Reads records of one database in portable form; remembers id ↔ uid of what it met."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.uids: dict[str, dict[int, str]] = {}

    def uid_map(self, table: str, ids: Iterable[int | None]) -> dict[int, str]:
        known = self.uids.setdefault(table, {})
        wanted = [i for i in set(ids) if i is not None and i not in known]
        t = table_of(table)
        key = t.c.username if table == "account" else t.c.uid
        for start in range(0, len(wanted), CHUNK):
            known.update(dict(self.s.execute(select(t.c.id, key).where(t.c.id.in_(wanted[start:start + CHUNK])))
                              .all()))
        return known

    def records(self, kind: Kind, uids: Collection[str] | None = None) -> dict[str, Record]:
        """Every record of `kind` (or those with the given uids): uid → portable record."""
        t = table_of(kind.table)
        rows: list[Any] = []
        if uids is None:
            rows = list(self.s.execute(select(t)))
        else:
            wanted = list(uids)
            for start in range(0, len(wanted), CHUNK):
                rows += self.s.execute(select(t).where(t.c.uid.in_(wanted[start:start + CHUNK])))
        targets = fk_targets(t)
        maps = {col: self.uid_map(ref, (r._mapping[col] for r in rows)) for col, ref in targets.items()}
        out: dict[str, Record] = {}
        by_id: dict[int, Record] = {}
        skip = {"id", "uid", "row_version", *kind.ignore}  # row_version: each database counts its own saves
        for row in rows:
            m = row._mapping
            rec: Record = {"_id": m["id"]}
            for col in t.c:
                if col.name in skip:
                    continue
                value = m[col.name]
                rec[col.name] = maps[col.name].get(value) if col.name in targets and value is not None else value
            out[m["uid"]] = rec
            by_id[m["id"]] = rec
        self.uids.setdefault(kind.table, {}).update({r["_id"]: u for u, r in out.items()})
        self._extras(kind, by_id)
        return out

    def _extras(self, kind: Kind, by_id: dict[int, Record]) -> None:
        ids = list(by_id)
        for field, (link, own, other) in LINKS.get(kind.table, {}).items():
            ref = next(iter(link.c[other].foreign_keys)).column.table.name
            pairs: list[tuple[int, int]] = []
            for start in range(0, len(ids), CHUNK):
                pairs += [(i, o) for i, o in self.s.execute(select(link.c[own], link.c[other])
                                                            .where(link.c[own].in_(ids[start:start + CHUNK])))]
            names = self.uid_map(ref, (o for _i, o in pairs))
            for rec in by_id.values():
                rec[field] = []
            for i, o in pairs:
                by_id[i][field].append(names[o])
            for rec in by_id.values():
                rec[field] = sorted(rec[field])
        if kind.table == "cadre":
            photo = table_of("cadre_photo")
            for rec in by_id.values():
                rec["photo"] = None
            for start in range(0, len(ids), CHUNK):
                for cid, jpeg in self.s.execute(select(photo.c.cadre_id, photo.c.jpeg)
                                                .where(photo.c.cadre_id.in_(ids[start:start + CHUNK]))):
                    by_id[cid]["photo"] = jpeg
        elif kind.table == "sheet":
            answers = table_of("sheet_answer")
            rows: list[tuple[int, int, Any, Any]] = []
            for start in range(0, len(ids), CHUNK):
                rows += [(sheet, item, value, fact) for sheet, item, value, fact in self.s.execute(
                    select(answers.c.sheet_id, answers.c.item_id, answers.c.value, answers.c.fact)
                    .where(answers.c.sheet_id.in_(ids[start:start + CHUNK])))]
            items = self.uid_map("template_item", (r[1] for r in rows))
            for sheet_id, item_id, value, fact in rows:
                by_id[sheet_id][f"answer:{items[item_id]}"] = [value, fact]
        elif kind.table == "ballot":
            wanted = {int(k) for rec in by_id.values() for k in (rec.get("marks") or {}) if str(k).isdigit()}
            items = self.uid_map("template_item", wanted)
            for rec in by_id.values():
                rec["marks"] = {items.get(int(k), k): v for k, v in (rec.get("marks") or {}).items()}


def label_of(kind: Kind, record: Record, names: dict[str, str]) -> str:
    """What the merge screen calls a record: 谈话记录：与张三谈话 2024-05-08 …"""
    who = names.get(str(record.get("cadre_id") or record.get("interviewee_cadre_id") or ""), "")
    if kind.table == "cadre":
        text = str(record.get("name") or "")
    elif kind.table == "talk":
        when = record.get("start_at")
        when_text = f" {when.astimezone():%Y-%m-%d %H:%M}" if isinstance(when, dt.datetime) else ""
        text = f"与{record.get('interviewee_name') or who}谈话{when_text}"
    elif kind.table == "visit":
        text = f"{record.get('date') or ''} {record.get('place') or ''}".strip()
    elif kind.table == "sheet":
        rater = f"（{record['rater_name']}）" if record.get("rater_name") else ""
        text = f"{who} · {record.get('rater_category')}{rater}"
    elif kind.table == "ballot":
        text = f"第 {record.get('seq')} 张"
    elif kind.table == "point_entry":
        text = f"{who} {record.get('date')} {record.get('dimension')} {int(record.get('points') or 0):+d}"
    else:
        text = str(record.get("name") or record.get("title") or record.get("text") or record.get("behaviour")
                   or record.get("description") or "")
        if who:
            text = f"{who} · {text}" if text else who
        if isinstance(record.get("year"), int):  # an annual result, an appraisal: one per year
            text = f"{text} {record['year']}年".strip()
    return f"{kind.label}：{text[:60]}" if text else kind.label


def show(value: Any, names: dict[str, str]) -> str:
    """A value as the merge screen shows it (uids of cadres and units by name)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bytes):
        return f"（{len(value) // 1024 + 1} KB 的文件）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, PartialDate):
        return value.dotted()
    if isinstance(value, dt.datetime):
        return f"{value.astimezone():%Y-%m-%d %H:%M}"
    if isinstance(value, list):
        return "、".join(show(v, names) for v in value) or "（空）"
    if isinstance(value, dict):
        return "；".join(f"{show(k, names)}：{show(v, names)}" for k, v in value.items()) or "（空）"
    text = str(value)
    return names.get(text, text)


# The kinds whose `name` is a person's (姓名); anything else with a name has a 名称.
PERSON_TABLES = frozenset({"cadre", "family_member", "campaign_member"})


def field_label(name: str, names: dict[str, str] | None = None, table: str = "") -> str:
    """What the merge screen calls field `name` of a record of `table` (a Kind's table)."""
    if name.startswith("answer:"):
        item = (names or {}).get(name[7:], "")
        return f"评价：{item}" if item else "评价"
    if name == "name" and table and table not in PERSON_TABLES:
        return "名称"
    own = KIND_FIELD_LABELS.get((ENTITY_KINDS.get(table, table), name))
    return own or CADRE_FIELD_LABELS.get(name) or RECORD_FIELD_LABELS.get(name) or FIELD_LABELS.get(name) or name
