"""The task list (任务清单): lines per cadre or unit, usually tied to a campaign.

A line names a duty, belongs to exactly one cadre or one unit, and may carry a numeric target
(≥ 0, with its unit of measure) and a deadline. A closed campaign's task list is frozen like
the rest of its records; the implementation list (verification.py) is checked after the
assessment and is not.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import Cadre, Campaign, Target, Unit, Verification
from desktop.services.campaigns.campaigns import ensure_open
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, refuse_if_stale, shown_with_names
from desktop.services.workspace import Workspace

MAX_DUTY = 2000


@dataclass(frozen=True)
class TargetInput:
    """What a clerk fills in for one task-list line."""

    duty: str
    cadre_id: int | None = None
    unit_id: int | None = None
    campaign_id: int | None = None
    indicator: str = ""
    target_value: float | None = None  # None: not numeric (judged by hand when verified)
    measure: str = ""  # 万元, 个, %, 公里 …
    lower_is_better: bool = False
    deadline: dt.date | None = None
    hard: bool = False  # 硬性指标
    source_department: str = ""
    post_duty: str = ""
    version: int | None = None  # the line's row version when it was opened (None: not checked)


TARGET = RecordKind("任务清单", {
    "duty": "任务", "indicator": "指标", "target_value": "目标值", "measure": "计量单位",
    "lower_is_better": "目标为上限", "deadline": "完成时限", "hard": "硬性指标", "source_department": "来源部门",
    "post_duty": "对应岗位职责",
    "cadre_id": "责任干部", "unit_id": "责任单位", "campaign_id": "所属考核"})


def problems_of(data: TargetInput) -> list[str]:
    """Everything wrong with a line, in the clerk's words (empty when it may be saved)."""
    out = []
    if not data.duty.strip():
        out.append("任务（职责或目标）：必填")
    elif len(data.duty) > MAX_DUTY:
        out.append(f"任务（职责或目标）：不超过 {MAX_DUTY} 字")
    if (data.cadre_id is None) == (data.unit_id is None):
        out.append("责任对象：须是一名干部或一个单位（只填其中一个）")
    value = data.target_value
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        out.append("目标值：应为数字")
    elif value is not None and not math.isfinite(value):
        out.append("目标值：应为有限的数字")
    elif value is not None and value < 0:
        out.append(f"目标值：不能为负数（填写的是 {value:g}）")
    if data.deadline is not None and (isinstance(data.deadline, dt.datetime)
                                      or not isinstance(data.deadline, dt.date)):
        out.append("截止日期：应为日期，如 2026-12-31")
    for text, label, limit in ((data.indicator, "指标", 200), (data.measure, "计量单位", 20),
                               (data.source_department, "来源部门", 40), (data.post_duty, "对应岗位职责", 200)):
        if len(text.strip()) > limit:
            out.append(f"{label}：不超过 {limit} 字")
    return out


def check(data: TargetInput) -> None:
    found = problems_of(data)
    if found:
        raise FrontlineError("；".join(found))


def check_links(session: Session, data: TargetInput) -> None:
    """The cadre, unit and campaign exist, and the campaign is still open."""
    if data.cadre_id is not None and session.get(Cadre, data.cadre_id) is None:
        raise NotFound(f"干部 {data.cadre_id} 不存在（可能已被删除）")
    if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
        raise NotFound(f"单位 {data.unit_id} 不存在（可能已被删除）")
    if data.campaign_id is not None and session.get(Campaign, data.campaign_id) is None:
        raise NotFound(f"考核活动 {data.campaign_id} 不存在")
    ensure_open(session, data.campaign_id)


def apply(target: Target, data: TargetInput) -> None:
    target.duty = data.duty.strip()
    target.cadre_id, target.unit_id, target.campaign_id = data.cadre_id, data.unit_id, data.campaign_id
    target.indicator = data.indicator.strip()
    target.target_value = None if data.target_value is None else float(data.target_value)
    target.measure = data.measure.strip()
    target.lower_is_better = bool(data.lower_is_better)
    target.deadline = data.deadline
    target.hard = bool(data.hard)
    target.source_department = data.source_department.strip()
    target.post_duty = data.post_duty.strip()


def next_seq(session: Session, campaign_id: int | None) -> int:
    """Lines keep the order they were added in, within their campaign."""
    stmt = select(func.max(Target.seq))
    stmt = stmt.where(Target.campaign_id.is_(None) if campaign_id is None else Target.campaign_id == campaign_id)
    return int(session.scalar(stmt) or 0) + 1


def add_line(ctx: OpContext, data: TargetInput, seq: int) -> Target:
    """Add one checked line inside an operation (the import adds many in one)."""
    target = Target(duty="", seq=seq, created_by=ctx.actor)
    apply(target, data)
    ctx.session.add(target)
    return target


def create(ws: Workspace, data: TargetInput) -> int:
    check(data)

    def op(ctx: OpContext) -> int:
        check_links(ctx.session, data)
        target = add_line(ctx, data, next_seq(ctx.session, data.campaign_id))
        ctx.session.flush()
        return int(target.id)

    return ws.run("target.create", op).value


def _get(session: Session, target_id: int) -> Target:
    target = session.get(Target, target_id)
    if target is None:
        raise NotFound(f"任务清单第 {target_id} 号不存在（可能已被删除）")
    return target


def load(session: Session, target_id: int) -> TargetInput:
    t = _get(session, target_id)
    return TargetInput(t.duty, t.cadre_id, t.unit_id, t.campaign_id, t.indicator, t.target_value, t.measure,
                       t.lower_is_better, t.deadline, t.hard, t.source_department, t.post_duty, t.row_version)


def update(ws: Workspace, target_id: int, data: TargetInput) -> None:
    check(data)

    def op(ctx: OpContext) -> None:
        s = ctx.session
        target = _get(s, target_id)
        ensure_open(s, target.campaign_id)
        refuse_if_stale(s, target, data, TARGET, lambda: load(s, target_id), f"第 {target.seq} 项",
                        shown_with_names(s, {"cadre_id": Cadre, "unit_id": Unit, "campaign_id": Campaign}))
        check_links(ctx.session, data)
        apply(target, data)

    ws.run("target.update", op)


def delete(ws: Workspace, target_id: int) -> None:
    """Remove a line; refused once it has been verified (the implementation list keeps it)."""

    def op(ctx: OpContext) -> None:
        target = _get(ctx.session, target_id)
        ensure_open(ctx.session, target.campaign_id)
        if ctx.session.scalar(select(Verification.id).where(Verification.target_id == target_id)) is not None:
            raise FrontlineError(f"任务“{target.duty[:20]}”已经检验，列入了落实清单，不能删除")
        ctx.session.delete(target)

    ws.run("target.delete", op)
