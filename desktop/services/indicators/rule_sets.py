"""Indicator rule sets (指标体系): one per year and subject (units or leaders), with weighted
indicators and their scoring rules, versioned like evaluation templates.

A version against which values are recorded is never edited: past quarters keep the rules
they were scored by, and `new_version` copies it into a draft to change. Activating a
version retires the other versions of the same set (same name and year).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound, PermissionDenied
from desktop.models import Indicator, IndicatorSet, IndicatorValue
from desktop.models.indicators import (
    ACTIVE,
    DRAFT,
    MANUAL,
    RANKING,
    RETIRED,
    RULE_LABELS,
    SUBJECT_LABELS,
    TARGET,
    Rule,
)
from desktop.services import scopes
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, count_link_change, refuse_if_stale, text
from desktop.services.workspace import Workspace

STATUS_LABELS = {DRAFT: "草稿", ACTIVE: "已启用", RETIRED: "已停用"}
WEIGHT_TOTAL = 100.0
RULE_NAMES = {TARGET: TARGET, RANKING: RANKING, MANUAL: MANUAL,
              **{label: key for key, label in RULE_LABELS.items()}}


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator as the clerk writes it."""

    name: str
    weight: float
    rule: str = TARGET
    cap: float = 1.0
    min_value: float = 0.0
    max_value: float = 100.0
    lower_is_better: bool = False
    measure: str = ""
    source_department: str = ""


@dataclass(frozen=True)
class SetSpec:
    name: str
    year: int
    subject: str
    indicators: tuple[IndicatorSpec, ...] = field(default_factory=tuple)
    version: int | None = None  # the version's row version when it was opened (None: not checked)

    def problems(self) -> list[str]:
        out = []
        if not self.name.strip():
            out.append("指标体系名称：必填")
        if not 2000 <= self.year <= 2100:
            out.append(f"年度 {self.year} 不正确")
        if self.subject not in SUBJECT_LABELS:
            out.append("考核对象应为“单位”（unit）或“领导干部”（leader）")
        if not self.indicators:
            out.append("指标体系至少要有一项指标")
        names: set[str] = set()
        for n, spec in enumerate(self.indicators, start=1):
            out += [f"第{n}项指标：{p}" for p in indicator_problems(spec)]
            if spec.name.strip() in names:
                out.append(f"第{n}项指标：名称“{spec.name.strip()}”重复")
            names.add(spec.name.strip())
        total = sum(s.weight for s in self.indicators)
        if self.indicators and not math.isclose(total, WEIGHT_TOTAL, abs_tol=0.005):
            out.append(f"各项指标权重合计应为 100，现为 {total:g}")
        return out


def indicator_problems(spec: IndicatorSpec) -> list[str]:
    out = []
    if not spec.name.strip():
        out.append("名称必填")
    if not (spec.weight > 0 and math.isfinite(spec.weight)):
        out.append(f"权重应大于 0（现为 {spec.weight:g}）")
    if spec.rule not in RULE_LABELS:
        out.append(f"评分方式应为{'、'.join(RULE_LABELS.values())}之一")
    if spec.rule == TARGET and not (spec.cap >= 1 and math.isfinite(spec.cap)):
        out.append(f"封顶系数应不小于 1（现为 {spec.cap:g}）")
    if spec.rule == MANUAL and not spec.min_value < spec.max_value:
        out.append(f"人工评分的最低分应小于最高分（现为 {spec.min_value:g} 至 {spec.max_value:g}）")
    return out


def spec_from_json(doc: Any, *, name: str, year: int, subject: str) -> SetSpec:
    """A rule set from JSON: a list of indicators (or {"indicators": [...]}), each an object with
    name, weight, rule (target/ranking/manual or 按目标/按排名/人工评分), cap, min, max,
    lower_is_better, measure, source_department. Malformed input is refused in Chinese."""
    items = doc.get("indicators") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise FrontlineError("指标文件应为指标的列表（或含 indicators 列表的对象）")
    specs = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise FrontlineError(f"第{n}项指标应为对象（含 name、weight、rule 等）")
        try:
            rule = RULE_NAMES.get(str(item.get("rule", TARGET)), str(item.get("rule")))
            specs.append(IndicatorSpec(
                name=str(item.get("name", "")), weight=float(item.get("weight", 0)), rule=rule,
                cap=float(item.get("cap", 1.0)), min_value=_number(item, "min", "min_value", 0.0),
                max_value=_number(item, "max", "max_value", 100.0),
                lower_is_better=bool(item.get("lower_is_better", False)), measure=str(item.get("measure", "")),
                source_department=str(item.get("source_department", ""))))
        except (TypeError, ValueError):
            raise FrontlineError(f"第{n}项指标：权重、封顶系数和分值范围应为数字") from None
    return SetSpec(name, year, subject, tuple(specs))


def _number(item: dict[str, Any], key: str, other: str, default: float) -> float:
    value = item[key] if key in item else item.get(other, default)
    return float(value)


def get(session: Session, set_id: int) -> IndicatorSet:
    found = session.scalar(select(IndicatorSet).where(IndicatorSet.id == set_id)
                           .options(selectinload(IndicatorSet.indicators)))
    if found is None:
        raise NotFound(f"指标体系 {set_id} 不存在")
    return found


def rules_of(indicators: Sequence[Indicator]) -> list[Rule]:
    return [Rule(i.id, i.weight, i.rule, i.cap, i.min_value, i.max_value, i.lower_is_better) for i in indicators]


def values_recorded(session: Session, set_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(IndicatorValue).join(
        Indicator, Indicator.id == IndicatorValue.indicator_id).where(Indicator.set_id == set_id)) or 0)


def _department_wide(session: Session) -> None:
    """A rule set ranks every unit (or leader) of the department: an account limited to part
    of it (services/scopes.py) reads the sets and enters its values, but does not make or
    change the rules the others are ranked by."""
    actor = scopes.acting(session)
    if actor is not None and scopes.scope_of(session, actor) is not None:
        raise PermissionDenied(f"指标体系适用于全部单位，账户 {actor.username} 只负责部分单位或考核，"
                               "不能新建、修改、启用或停用指标体系")


def _fill(target: IndicatorSet, spec: SetSpec) -> None:
    for seq, i in enumerate(spec.indicators):
        target.indicators.append(Indicator(
            seq=seq, name=i.name.strip(), weight=i.weight, rule=i.rule, cap=i.cap, min_value=i.min_value,
            max_value=i.max_value, lower_is_better=i.lower_is_better, measure=i.measure.strip(),
            source_department=i.source_department.strip()))


def _check(spec: SetSpec) -> None:
    problems = spec.problems()
    if problems:
        raise FrontlineError("；".join(problems))


def _next_version(session: Session, name: str, year: int) -> int:
    return int(session.scalar(select(func.max(IndicatorSet.version)).where(
        IndicatorSet.name == name, IndicatorSet.year == year)) or 0) + 1


def create(ws: Workspace, spec: SetSpec) -> int:
    """A new rule set (a draft); a set of the same name and year gets the next version number."""
    _check(spec)

    def op(ctx: OpContext) -> int:
        _department_wide(ctx.session)
        name = spec.name.strip()
        made = IndicatorSet(name=name, year=spec.year, subject=spec.subject, status=DRAFT,
                            version=_next_version(ctx.session, name, spec.year), created_by=ctx.actor)
        _fill(made, spec)
        ctx.session.add(made)
        ctx.session.flush()
        return int(made.id)

    return ws.run("indicator.create", op).value


SET = RecordKind("指标体系", {"name": "名称", "year": "年度", "subject": "考核对象", "indicators": "指标"})


def _set_shown(key: str, value: Any) -> str:
    if key == "subject":
        return SUBJECT_LABELS.get(value, str(value))
    if key == "indicators":
        return "；".join(f"{i.name}（权重 {i.weight:g}）" for i in value)
    return text(value)


def update(ws: Workspace, set_id: int, spec: SetSpec) -> None:
    """Change a version's indicators in place; refused once values are recorded against it."""
    _check(spec)

    def op(ctx: OpContext) -> None:
        _department_wide(ctx.session)
        found = get(ctx.session, set_id)
        _refuse_if_used(ctx.session, found)
        if found.status == RETIRED:
            raise FrontlineError(f"“{found.name}”第{found.version}版已停用，不能修改")
        refuse_if_stale(ctx.session, found, spec, SET, lambda: spec_of(found), f"{found.name}第{found.version}版",
                        _set_shown)
        version_before = found.row_version
        if (spec.name.strip(), spec.year) != (found.name, found.year) and ctx.session.scalar(
                select(IndicatorSet.id).where(IndicatorSet.name == spec.name.strip(), IndicatorSet.year == spec.year,
                                              IndicatorSet.version == found.version)):
            raise FrontlineError(f"{spec.year}年已有名为“{spec.name.strip()}”的指标体系")
        found.name, found.year, found.subject = spec.name.strip(), spec.year, spec.subject
        found.indicators.clear()
        ctx.session.flush()
        _fill(found, spec)
        ctx.session.flush()
        count_link_change(ctx.session, found, version_before)  # its indicators are what was opened too

    ws.run("indicator.update", op)


def _refuse_if_used(session: Session, found: IndicatorSet) -> None:
    if values_recorded(session, found.id):
        raise FrontlineError(f"“{found.name}”第{found.version}版已录入指标数据，不能修改；"
                             "请另存为新版本后修改")


def new_version(ws: Workspace, set_id: int) -> int:
    """A draft copy of a version, numbered after the newest of its set."""

    def op(ctx: OpContext) -> int:
        _department_wide(ctx.session)
        old = get(ctx.session, set_id)
        made = IndicatorSet(name=old.name, year=old.year, subject=old.subject, status=DRAFT,
                            version=_next_version(ctx.session, old.name, old.year), created_by=ctx.actor)
        _fill(made, spec_of(old))
        ctx.session.add(made)
        ctx.session.flush()
        return int(made.id)

    return ws.run("indicator.create", op).value


def spec_of(found: IndicatorSet) -> SetSpec:
    return SetSpec(found.name, found.year, found.subject, tuple(
        IndicatorSpec(i.name, i.weight, i.rule, i.cap, i.min_value, i.max_value, i.lower_is_better, i.measure,
                      i.source_department) for i in found.indicators), found.row_version)


def activate(ws: Workspace, set_id: int) -> None:
    """Make a version the one values are recorded against; the set's other versions retire."""

    def op(ctx: OpContext) -> None:
        _department_wide(ctx.session)
        found = get(ctx.session, set_id)
        _check(spec_of(found))
        found.status = ACTIVE
        for other in ctx.session.scalars(select(IndicatorSet).where(
                IndicatorSet.name == found.name, IndicatorSet.year == found.year, IndicatorSet.id != found.id,
                IndicatorSet.status == ACTIVE)):
            other.status = RETIRED

    ws.run("indicator.activate", op)


def retire(ws: Workspace, set_id: int) -> None:
    def op(ctx: OpContext) -> None:
        _department_wide(ctx.session)
        get(ctx.session, set_id).status = RETIRED

    ws.run("indicator.update", op)
