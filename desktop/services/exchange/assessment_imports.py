"""Importing ledger entries (积分记录) and democratic ballots (测评票) from spreadsheets.

The same shape as the cadre import: `plan` checks every row against the database and the
ledger's rules (a fact for every entry, points within the rule's range, nobody records
about themselves, closed campaigns stay closed) and writes nothing; `commit` re-plans inside
one transaction, refuses if anything changed since the preview, and adds everything or
nothing. Rows carrying a 标识 already in the database are counted as present, so importing
an exported sheet into the same database adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.interchange.assessment_xlsx import AssessmentSource, Row
from desktop.interchange.errors import Cancelled
from desktop.interchange.incoming import Incoming, Rejection
from desktop.models import Cadre, Campaign, PointEntry, PointRule, limits
from desktop.models.dates import PartialDate
from desktop.models.ledger import DIMENSIONS, SOURCES
from desktop.models.scoring import grade_labels, is_flag
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services import scopes, traces
from desktop.services.evaluation import templates
from desktop.services.exchange.imports import _Index
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
_POINTS = re.compile(r"^[+-]?\d+$")


@dataclass
class Planned:
    """One record to add, with what the preview shows."""

    where: Any
    name: str
    detail: str
    values: dict[str, Any]


@dataclass
class AssessmentPlan:
    source: AssessmentSource
    adds: list[Planned] = field(default_factory=list)
    present: int = 0  # rows already in the database (same 标识)
    rejects: list[Rejection] = field(default_factory=list)
    batches: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)  # ballots: new batches

    @property
    def updates(self) -> list[Planned]:
        return []  # spreadsheets add ledger entries and ballots; they never change one

    @property
    def writable(self) -> bool:
        return not self.rejects and bool(self.adds)

    @property
    def unit(self) -> str:
        return "条" if self.source.kind == "ledger" else "张"

    def summary(self) -> str:
        extra = f"（其中新批次 {len(self.batches)} 个）" if self.batches else ""
        return (f"{self.source.kind_label}：新增 {len(self.adds)} {self.unit}{extra}，"
                f"已有 {self.present} {self.unit}，拒绝 {len(self.rejects)} 处")

    def signature(self) -> str:
        h = hashlib.sha256()
        for p in self.adds:
            h.update(f"{p.where.label()}|{sorted((k, str(v)) for k, v in p.values.items())}\n".encode())
        for r in self.rejects:
            h.update(f"{r.where.label()}|{r.column}|{r.reason}\n".encode())
        return h.hexdigest()

    def preview_rows(self) -> list[tuple[str, str, Any, str]]:
        """(action, name, where, detail) for the preview table and the command line."""
        out: list[tuple[str, str, Any, str]] = []
        for r in self.rejects:
            cells = "，".join(p for p in (r.column, f"“{r.value}”" if r.value else "") if p)
            out.append(("拒绝", "", r.where, f"{cells}：{r.reason}" if cells else r.reason))
        out += [("新增", p.name, p.where, p.detail) for p in self.adds]
        return out


@dataclass
class AssessmentResult:
    kind: str
    added: int
    op_id: str = ""

    def message(self) -> str:
        what, unit = ("积分记录", "条") if self.kind == "ledger" else ("测评票", "张")
        return f"已导入{what} {self.added} {unit}"


def find_cadre(index: _Index, row: Row) -> tuple[int | None, str]:
    item = Incoming(where=row.where, fields={k: row.values[k] for k in ("name", "citizen_id") if k in row.values},
                    must_exist=True)
    cid, _how, problem = index.find(item)
    if problem:
        return None, problem
    if cid is None:
        return None, "数据库中没有这名干部（请核对姓名、身份证号）"
    return cid, ""


def campaigns_by_name(session: Session) -> dict[str, Campaign]:
    return {c.name: c for c in session.scalars(select(Campaign))}


def campaign_of(found: dict[str, Campaign], row: Row, required: bool,
                scope: scopes.Scope | None = None) -> tuple[Campaign | None, Rejection | None]:
    """The row's campaign; `scope`, the importing account's (services/scopes.py), refuses the
    campaigns outside it."""
    name = str(row.values.get("campaign") or "").strip()
    if not name:
        return None, row.reject("campaign", "请填写所属考核") if required else None
    campaign = found.get(name)
    if campaign is None:
        return None, row.reject("campaign", "数据库中没有这项考核（请核对考核名称）")
    if scope is not None and campaign.id not in scope.campaigns:
        return None, row.reject("campaign", f"“{campaign.name}”不在本账户的工作范围内")
    if campaign.status == "closed":
        return None, row.reject("campaign", f"“{campaign.name}”已结束，记录已冻结；如需补录，请先重新开启该考核")
    return campaign, None


# --- ledger -----------------------------------------------------------------------------------

def _ledger_row(session: Session, ws: Workspace, row: Row, index: _Index, rules: list[PointRule],
                found: dict[str, Campaign], known: dict[str, tuple[int | None, int]],
                pending: dict[str, dict[str, Any]]) -> tuple[dict[str, Any] | None, list[Rejection]]:
    v = row.values
    problems: list[Rejection] = []
    cadre_id, why = find_cadre(index, row)
    if cadre_id is None:
        problems.append(row.reject("citizen_id" if "citizen_id" in v else "name", why))
    elif ws.actor.cadre_id is not None and ws.actor.cadre_id == cadre_id:
        problems.append(row.reject("name", "不能为与本人账户关联的干部记录积分"))
    date: PartialDate | None = v.get("date")
    if date is None:
        problems.append(row.reject("date", "日期：必填"))
    elif date.day is None:
        problems.append(row.reject("date", "日期须精确到日，如 2024.05.08"))
    elif date.first_day() > dt.date.today():
        problems.append(row.reject("date", "日期晚于今天"))
    dimension = str(v.get("dimension") or "")
    if dimension not in DIMENSIONS:
        problems.append(row.reject("dimension", f"维度应为{'、'.join(DIMENSIONS)}之一"))
    source = str(v.get("source") or "")
    if source not in SOURCES:
        problems.append(row.reject("source", f"来源应为{'、'.join(SOURCES)}之一"))
    fact = str(v.get("fact") or "").strip()
    if not fact:
        problems.append(row.reject("fact", "具体事实：必填。每一条积分都要有具体事例支撑"))
    kind = str(v.get("kind") or "").strip()
    text = _points_text(str(v.get("points") or ""))
    points = 0
    if not _POINTS.match(text) or int(text) == 0:
        problems.append(row.reject("points", "分值应为不等于 0 的整数"))
    else:
        points = int(text)
        if kind == "扣分":
            points = -abs(points)
        elif kind == "加分":
            if points < 0:
                problems.append(row.reject("points", "“加分”的分值不能为负数"))
        elif kind not in ("", "冲正"):
            problems.append(row.reject("kind", "应填“加分”“扣分”或“冲正”"))
    campaign, refused = campaign_of(found, row, required=False, scope=scopes.session_scope(session))
    if refused is not None:
        problems.append(refused)
    behaviour = str(v.get("behaviour") or "").strip()
    rule = next((r for r in rules if r.behaviour == behaviour and r.dimension == dimension
                 and r.positive == (points > 0)), None) if behaviour else None
    reverses = str(v.get("reverses") or "").strip().lower()
    reason = str(v.get("reason") or "").strip()
    reverses_id: Any = None
    if kind == "冲正" or reverses:
        target = known.get(reverses) if reverses else None
        target_new = pending.get(reverses) if reverses else None
        if not reverses or (target is None and target_new is None):
            problems.append(row.reject("reverses" if reverses else "kind",
                                       "找不到被冲正的原记录；冲正请在程序中对原记录操作"))
        elif not reason:
            problems.append(row.reject("reason", "冲正理由：必填"))
        else:
            original = target[1] if target else target_new["points"]  # type: ignore[index]
            if original != -points:
                problems.append(row.reject("points", f"冲正记录的分值应为 {-original}"))
            if any(p.get("reverses_uid") == reverses for p in pending.values()) or \
                    (target is not None and target[0] is not None):
                problems.append(row.reject("reverses", "原记录已被冲正过"))
            reverses_id = reverses
    elif rule is not None and not rule.min_points <= abs(points) <= rule.max_points:
        problems.append(row.reject("points", f"“{rule.behaviour}”的分值应在 {rule.min_points}—{rule.max_points} 之间"))
    if problems:
        return None, problems
    assert date is not None
    values = {"cadre_id": cadre_id, "date": date.first_day(), "dimension": dimension, "points": points,
              "rule_id": rule.id if rule is not None else None,
              "behaviour": behaviour or (rule.behaviour if rule else ""),
              "source": source, "fact": fact, "campaign_id": campaign.id if campaign else None,
              "reverses_uid": reverses_id, "reason": reason,
              "author": str(v.get("author") or "").strip() or ws.actor.username}
    return values, []


def _points_text(text: str) -> str:
    from desktop.interchange.cells import halfwidth

    return "".join(halfwidth(text).split()).removesuffix(".0").replace("＋", "+").replace("－", "-")


def _plan_ledger(session: Session, ws: Workspace, source: AssessmentSource, result: AssessmentPlan,
                 cancelled: Check | None) -> None:
    index = _Index(session)
    rules = list(session.scalars(select(PointRule).where(PointRule.active.is_(True))))
    found = campaigns_by_name(session)
    reversed_ids = set(session.scalars(select(PointEntry.reverses_id).where(PointEntry.reverses_id.is_not(None))))
    known = {uid: (eid if eid in reversed_ids else None, pts) for uid, eid, pts in
             session.execute(select(PointEntry.uid, PointEntry.id, PointEntry.points))}
    names = dict(session.execute(select(Cadre.id, Cadre.name)).all())
    pending: dict[str, dict[str, Any]] = {}
    seen: dict[str, Row] = {}
    existing = dict(session.execute(select(PointEntry.cadre_id, func.count()).group_by(PointEntry.cadre_id)).all())
    entries: dict[int, int] = {}
    capped: set[int] = set()
    for n, row in enumerate(source.rows, start=1):
        if n % 500 == 0 and cancelled is not None and cancelled():
            raise Cancelled()
        if row.errors:
            result.rejects += row.errors
            continue
        uid = str(row.values.get("uid") or "").strip().lower()
        if uid and uid in known:
            result.present += 1
            continue
        if uid and uid in seen:
            result.rejects.append(row.reject("uid", f"与{seen[uid].where.label()}是同一条记录"))
            continue
        values, problems = _ledger_row(session, ws, row, index, rules, found, known, pending)
        if values is None:
            result.rejects += problems
            continue
        cid = values["cadre_id"]
        entries[cid] = entries.get(cid, 0) + 1
        if cid in capped:
            continue
        message = limits.over_cap("point_entry", existing.get(cid, 0) + entries[cid], names.get(cid, ""))
        if message:
            capped.add(cid)
            result.rejects.append(Rejection(row.where, "", "", f"{message}，本文件中该干部的其余记录不再列出"))
            continue
        if uid:
            seen[uid] = row
            values["uid"] = uid
        pending[uid or f"#{n}"] = values
        sign = "冲正" if values["reverses_uid"] else ("加分" if values["points"] > 0 else "扣分")
        detail = (f"{values['date']:%Y.%m.%d} {values['dimension']} {sign} {values['points']:+d}："
                  f"{values['fact'][:40]}")
        result.adds.append(Planned(row.where, names.get(values["cadre_id"], ""), detail, values))


def _commit_ledger(ctx: OpContext, plan: AssessmentPlan) -> int:
    s = ctx.session
    by_uid: dict[str, PointEntry] = {}
    for p in plan.adds:
        v = dict(p.values)
        reverses = v.pop("reverses_uid")
        entry = PointEntry(**v)
        if reverses:
            target = by_uid.get(reverses) or s.scalar(select(PointEntry).where(PointEntry.uid == reverses))
            assert target is not None
            s.flush()
            entry.reverses_id = target.id
        s.add(entry)
        if v.get("uid"):
            by_uid[v["uid"]] = entry
    s.flush()
    return len(plan.adds)


# --- entry points -----------------------------------------------------------------------------

def plan(session: Session, ws: Workspace, source: AssessmentSource, *,
         cancelled: Check | None = None) -> AssessmentPlan:
    result = AssessmentPlan(source, rejects=list(source.rejections))
    if source.kind == "ledger":
        _plan_ledger(session, ws, source, result, cancelled)
    else:
        from desktop.services.exchange.ballot_imports import plan_ballots

        plan_ballots(session, source, result, ws, cancelled)
    return result


def commit(ws: Workspace, previewed: AssessmentPlan) -> AssessmentResult:
    if previewed.rejects:
        raise FrontlineError(f"有 {len(previewed.rejects)} 处数据被拒绝，请修改文件后重新导入（没有写入任何数据）")
    if not previewed.adds:
        raise FrontlineError("没有需要导入的变化")

    def op(ctx: OpContext) -> int:
        again = plan(ctx.session, ws, previewed.source)
        if again.signature() != previewed.signature():
            raise FrontlineError("预览之后数据库已有变化，请重新预览后再导入（没有写入任何数据）")
        from desktop.services.exchange.ballot_imports import commit_ballots

        n = (_commit_ledger if previewed.source.kind == "ledger" else commit_ballots)(ctx, again)
        ctx.record("import", kind="create", after={"source": previewed.source.name, "kind": previewed.source.kind,
                                                   "sha256": previewed.source.digest, "added": n})
        return n

    result = ws.run(f"import.{previewed.source.kind}", op)
    return AssessmentResult(previewed.source.kind, result.value, result.op_id)


def write_template(ws: Workspace, kind: str, path: Any) -> None:
    """The ledger or ballot import template, with this database's lists in its dropdowns."""
    with ws.read(traces.action(f"template.{kind}")) as s:  # refused before a byte is written
        open_campaigns = [c.name for c in s.scalars(select(Campaign).where(Campaign.status != "closed")
                                                   .order_by(Campaign.start.desc(), Campaign.id.desc()))]
        if kind == "ledger":
            _ledger_template(s, open_campaigns, path)
        else:
            _ballot_template(s, open_campaigns, path)
    traces.record(ws, f"template.{kind}", [Path(path)])


def _table(names: list[str]) -> list[tuple[str, str]]:
    return [(str(i), n) for i, n in enumerate(dict.fromkeys(names), start=1)]


def _ledger_template(s: Session, open_campaigns: list[str], path: Any) -> None:
    from desktop.interchange import assessment_fields as af
    from desktop.interchange import assessment_templates
    from desktop.interchange.vocab import Vocabulary
    from desktop.store.atomic import atomic_writer

    rules = [r.behaviour for r in s.scalars(select(PointRule).where(PointRule.active.is_(True))
                                            .order_by(PointRule.dimension, PointRule.id))]
    lists = {af.CAMPAIGN: _table(open_campaigns), af.DIMENSION: _table(list(DIMENSIONS)),
             af.SIGN: _table(["加分", "扣分"]), af.SOURCE: _table(list(SOURCES)), af.RULE: _table(rules)}
    with atomic_writer(path) as fh:
        assessment_templates.build_ledger(Vocabulary(lists), fh)


def _ballot_template(s: Session, open_campaigns: list[str], path: Any) -> None:
    from desktop.interchange import assessment_fields as af
    from desktop.interchange import assessment_templates
    from desktop.interchange.vocab import Vocabulary
    from desktop.store.atomic import atomic_writer

    template = templates.current(s, "民主测评")
    if template is None:
        raise FrontlineError("还没有已发布的民主测评表，无法生成测评票导入模板")
    items = [(i.id, i.text) for i in template.items if not is_flag(i)]
    lists = {af.CAMPAIGN: _table(open_campaigns), af.CATEGORY: _table(list(RATER_CATEGORIES)),
             af.TEMPLATE: _table([template.name])}
    for i in template.items:
        if not is_flag(i):
            lists[af.grades_table(i.id)] = _table(grade_labels(i))
    with atomic_writer(path) as fh:
        assessment_templates.build_ballots(Vocabulary(lists), items, template.name, fh)
