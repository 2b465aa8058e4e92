"""A cadre file's change history, read from the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditEntry
from desktop.models.field_labels import field_label

ACTIONS = {
    "cadre.create": "新建档案", "cadre.update": "修改档案", "cadre.delete": "删除档案",
    "cadre.attachment.add": "添加附件", "cadre.attachment.remove": "删除附件",
    "unit.merge": "单位合并", "unit.move": "单位调整", "demo.generate": "生成演示数据",
    # Copies taken out of the file (services/traces.py): part of its story too.
    "export.attachment": "附件另存", "export.evidence": "佐证材料另存", "export.lrmx": "导出任免审批表",
    "export.verification_evidence": "核验佐证材料另存",
}
ENTITIES = {
    "cadre": "基本信息", "post": "任职", "study": "学习经历", "work_record": "工作经历",
    "family_member": "家庭成员", "reward": "奖励", "punishment": "惩处", "annual_result": "年度考核",
    "training": "培训", "attachment": "附件", "cadre_photo": "照片", "tag": "标签", "export": "导出",
}
HIDDEN = {"id", "uid", "row_version",  # row_version: counts saves (conflicts.py), not something a clerk typed
          "cadre_id", "unit_id", "sort_order", "created_at", "updated_at", "name_pinyin", "name_initials",
          "sha256", "added_at"}


@dataclass(frozen=True)
class HistoryRow:
    at: str
    actor: str
    action: str
    what: str
    detail: str


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, dict) and "bytes" in value:
        return f"{value['bytes'] // 1024} KB"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _written(after: dict[str, Any]) -> str:
    """Where an export's files went, as its trace names them."""
    if "folder" in after:
        return f"写出 {after.get('count', 0)} 个文件到 {after['folder']}"
    return "写出：" + "、".join(str(f.get("file", "")) for f in after.get("files", []))


def describe(entry: AuditEntry) -> str:
    before, after = entry.before or {}, entry.after or {}
    if entry.entity == "export":
        return _written(after)
    if entry.before is None:
        shown = {k: v for k, v in after.items() if k not in HIDDEN and v not in ("", None, False)}
        return "新增：" + "；".join(f"{field_label(entry.entity, k)} {_fmt(v)}" for k, v in shown.items())
    if entry.after is None:
        shown = {k: v for k, v in before.items() if k not in HIDDEN and v not in ("", None, False)}
        return "删除：" + "；".join(f"{field_label(entry.entity, k)} {_fmt(v)}" for k, v in shown.items())
    return "；".join(f"{field_label(entry.entity, k)}：{_fmt(before.get(k))} → {_fmt(after.get(k))}"
                     for k in after if k not in HIDDEN)


def for_cadre(session: Session, cadre_id: int, limit: int = 2000) -> list[HistoryRow]:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.cadre_id == cadre_id)
                              .order_by(AuditEntry.id.desc()).limit(limit))
    return [HistoryRow(e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), e.actor,
                       ACTIONS.get(e.action, e.action), ENTITIES.get(e.entity, e.entity), describe(e))
            for e in entries]
