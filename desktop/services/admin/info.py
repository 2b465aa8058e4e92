"""What `frontline info` and the window's About box report: counts, versions, sizes."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import func, select

from desktop.models import (
    Account,
    Analysis,
    AnnualResult,
    Attachment,
    AuditEntry,
    Ballot,
    BallotBatch,
    Cadre,
    CadrePhoto,
    Campaign,
    CodeItem,
    Directive,
    DirectiveItem,
    Draft,
    FamilyMember,
    IndicatorValue,
    PointEntry,
    PointRule,
    Post,
    Problem,
    Punishment,
    ResultUse,
    Reward,
    Sheet,
    SheetTemplate,
    Study,
    Tag,
    Talk,
    Target,
    Training,
    Unit,
    Verification,
    Visit,
    WorkRecord,
)
from desktop.models.base import Base
from desktop.services.workspace import Workspace
from desktop.store import engine as store_engine
from desktop.store import migrate

# Name in the JSON output → entity. The names are part of the scripting interface: keep them.
COUNTED: dict[str, type[Base]] = {
    "units": Unit,
    "cadres": Cadre,
    "photos": CadrePhoto,
    "posts": Post,
    "studies": Study,
    "work_records": WorkRecord,
    "family_members": FamilyMember,
    "rewards": Reward,
    "punishments": Punishment,
    "annual_results": AnnualResult,
    "trainings": Training,
    "attachments": Attachment,
    "tags": Tag,
    "directives": Directive,
    "directive_items": DirectiveItem,
    "campaigns": Campaign,
    "visits": Visit,
    "talks": Talk,
    "drafts": Draft,
    "sheet_templates": SheetTemplate,
    "sheets": Sheet,
    "ballot_batches": BallotBatch,
    "ballots": Ballot,
    "point_rules": PointRule,
    "point_entries": PointEntry,
    "targets": Target,
    "problems": Problem,
    "verifications": Verification,
    "indicator_values": IndicatorValue,
    "analyses": Analysis,
    "result_uses": ResultUse,
    "accounts": Account,
    "code_items": CodeItem,
    "audit_entries": AuditEntry,
}

COUNT_LABELS = {
    "units": "单位", "cadres": "干部", "photos": "照片", "posts": "任职", "studies": "学习经历",
    "work_records": "工作经历", "family_members": "家庭成员及社会关系", "rewards": "奖励",
    "punishments": "惩处", "annual_results": "年度考核结果", "trainings": "培训",
    "attachments": "附件", "tags": "标签", "accounts": "账户", "code_items": "代码项",
    "directives": "工作台账", "directive_items": "台账事项", "campaigns": "一线考核", "visits": "走访",
    "talks": "谈话记录", "drafts": "未完成草稿", "sheet_templates": "评议表模板", "sheets": "测评表",
    "ballot_batches": "测评票批次", "ballots": "测评票", "point_rules": "积分规则", "point_entries": "积分记录",
    "targets": "任务清单目标", "problems": "问题清单问题", "verifications": "落实清单核查",
    "indicator_values": "季度指标数值",
    "analyses": "综合研判结论（各版本）", "result_uses": "结果运用记录",
    "audit_entries": "审计记录",
}


def register_counted(name: str, model: type[Base], label: str) -> None:
    """Later features add their entities to the report without editing this module's callers."""
    COUNTED[name] = model
    COUNT_LABELS[name] = label


def counts(ws: Workspace) -> dict[str, int]:
    with ws.read("database.read") as s:
        return {name: int(s.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in COUNTED.items()}


def schema_version(ws: Workspace) -> str:
    """The migration the database is at ("" for an empty one)."""
    with ws.read("database.read") as s:
        return migrate.current_revision(s.connection()) or ""


def info(ws: Workspace) -> dict[str, Any]:
    path = ws.db.path
    size = sum(os.path.getsize(p) for p in (str(path), f"{path}-wal") if os.path.exists(p))
    return {
        "path": str(path),
        "schema_version": schema_version(ws),
        "sqlcipher_version": store_engine.sqlcipher_version(),
        "sqlite_version": store_engine.sqlite_version(),
        "size_bytes": size,
        "counts": counts(ws),
    }
