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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.interchange.assessment_xlsx import AssessmentSource, Row
from desktop.interchange.errors import Cancelled
from desktop.interchange.incoming import Incoming, Rejection
from desktop.models import Ballot, BallotBatch, Cadre, Campaign, PointEntry, PointRule
from desktop.models.dates import PartialDate
from desktop.models.ledger import DIMENSIONS, SOURCES
from desktop.models.scoring import grade_labels, is_flag
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services import templates
from desktop.services.imports import _Index
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


def _cadre(index: _Index, row: Row) -> tuple[int | None, str]:
    item = Incoming(where=row.where, fields={k: row.values[k] for k in ("name", "citizen_id") if k in row.values},
                    must_exist=True)
    cid, _how, problem = index.find(item)
    if problem:
        return None, problem
    if cid is None:
        return None, "数据库中没有这名干部（请核对姓名、身份证号）"
    return cid, ""


def _campaigns(session: Session) -> dict[str, Campaign]:
    return {c.name: c for c in session.scalars(select(Campaign))}


def _campaign(found: dict[str, Campaign], row: Row, required: bool) -> tuple[Campaign | None, Rejection | None]:
    name = str(row.values.get("campaign") or "").strip()
    if not name:
        return None, row.reject("campaign", "请填写所属考核") if required else None
    campaign = found.get(name)
    if campaign is None:
        return None, row.reject("campaign", "数据库中没有这项考核（请核对考核名称）")
    if campaign.status == "closed":
        return None, row.reject("campaign", f"“{campaign.name}”已结束，记录已冻结；如需补录，请先重新开启该考核")
    return campaign, None


# --- ledger -----------------------------------------------------------------------------------

def _ledger_row(session: Session, ws: Workspace, row: Row, index: _Index, rules: list[PointRule],
                found: dict[str, Campaign], known: dict[str, tuple[int | None, int]],
                pending: dict[str, dict[str, Any]]) -> tuple[dict[str, Any] | None, list[Rejection]]:
    v = row.values
    problems: list[Rejection] = []
    cadre_id, why = _cadre(index, row)
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
    text = cv_points(str(v.get("points") or ""))
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
    campaign, refused = _campaign(found, row, required=False)
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


def cv_points(text: str) -> str:
    from desktop.interchange.cells import halfwidth

    return "".join(halfwidth(text).split()).removesuffix(".0").replace("＋", "+").replace("－", "-")


def _plan_ledger(session: Session, ws: Workspace, source: AssessmentSource, result: AssessmentPlan,
                 cancelled: Check | None) -> None:
    index = _Index(session)
    rules = list(session.scalars(select(PointRule).where(PointRule.active.is_(True))))
    found = _campaigns(session)
    reversed_ids = set(session.scalars(select(PointEntry.reverses_id).where(PointEntry.reverses_id.is_not(None))))
    known = {uid: (eid if eid in reversed_ids else None, pts) for uid, eid, pts in
             session.execute(select(PointEntry.uid, PointEntry.id, PointEntry.points))}
    names = dict(session.execute(select(Cadre.id, Cadre.name)).all())
    pending: dict[str, dict[str, Any]] = {}
    seen: dict[str, Row] = {}
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


# --- ballots ----------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return "".join(text.split())


def _template_for(session: Session, name: str, cache: dict[str, Any]) -> Any:
    key = name or "(默认)"
    if key not in cache:
        from desktop.models import SheetTemplate

        if name:
            tid = session.scalar(select(SheetTemplate.id).where(SheetTemplate.name == name)
                                 .order_by(SheetTemplate.retired, SheetTemplate.version.desc()).limit(1))
            cache[key] = templates.get(session, tid) if tid else None
        else:
            cache[key] = templates.current(session, "民主测评")
    return cache[key]


def _plan_ballots(session: Session, source: AssessmentSource, result: AssessmentPlan, ws: Workspace,
                  cancelled: Check | None) -> None:
    index = _Index(session)
    found = _campaigns(session)
    known = set(session.scalars(select(Ballot.uid)))
    names = dict(session.execute(select(Cadre.id, Cadre.name)).all())
    cache: dict[str, Any] = {}
    counts: dict[int, tuple[int, int]] = {
        bid: (issued, n) for bid, issued, n in session.execute(
            select(BallotBatch.id, BallotBatch.issued, func.count(Ballot.id))
            .outerjoin(Ballot, Ballot.batch_id == BallotBatch.id).group_by(BallotBatch.id))}
    next_seq: dict[Any, int] = defaultdict(int)
    for bid, top in session.execute(select(Ballot.batch_id, func.max(Ballot.seq)).group_by(Ballot.batch_id)):
        next_seq[bid] = top or 0
    added: dict[Any, int] = defaultdict(int)
    issued_new: dict[Any, int] = {}
    seen: set[str] = set()
    for n, row in enumerate(source.rows, start=1):
        if n % 500 == 0 and cancelled is not None and cancelled():
            raise Cancelled()
        if row.errors:
            result.rejects += row.errors
            continue
        v = row.values
        uid = str(v.get("uid") or "").strip().lower()
        if uid and uid in known:
            result.present += 1
            continue
        problems: list[Rejection] = []
        cadre_id, why = _cadre(index, row)
        if cadre_id is None:
            problems.append(row.reject("name", why))
        campaign, refused = _campaign(found, row, required=True)
        if refused is not None:
            problems.append(refused)
        category = str(v.get("category") or "")
        if category not in RATER_CATEGORIES:
            problems.append(row.reject("category", f"测评人类别应为{'、'.join(RATER_CATEGORIES)}之一"))
        template = _template_for(session, str(v.get("template") or "").strip(), cache)
        if template is None:
            problems.append(row.reject("template", "数据库中没有这张测评表（也没有已发布的民主测评表）"))
        marks: dict[str, str] = {}
        if template is not None:
            items = {_norm(i.text): i for i in template.items if not is_flag(i)}
            unknown = [h for h in row.marks if _norm(h) not in items]
            for header in unknown:
                problems.append(Rejection(row.where, row.columns.get(f"item:{header}", ""), row.marks[header],
                                          f"“{header}”不是测评表“{template.name}”的项目"))
            for header, value in row.marks.items():
                item = items.get(_norm(header))
                if item is not None and value not in grade_labels(item):
                    problems.append(Rejection(row.where, row.columns.get(f"item:{header}", ""), value,
                                              f"应为{'、'.join(grade_labels(item))}之一，或留空"))
                elif item is not None:
                    marks[str(item.id)] = value
            marks = {str(i.id): marks.get(str(i.id), "") for i in template.items if not is_flag(i)}
            if not any(marks.values()) and not problems:
                problems.append(Rejection(row.where, "", "", "这张票没有任何评价（空票不必录入）"))
        if problems:
            result.rejects += problems
            continue
        assert template is not None and campaign is not None
        title = str(v.get("batch") or "").strip()
        batch_id = session.scalar(select(BallotBatch.id).where(
            BallotBatch.campaign_id == campaign.id, BallotBatch.cadre_id == cadre_id,
            BallotBatch.template_id == template.id, BallotBatch.rater_category == category,
            *([BallotBatch.title == title] if title else [])).order_by(BallotBatch.id).limit(1))
        key: Any = batch_id if batch_id is not None else ("new", campaign.id, cadre_id, template.id, category, title)
        added[key] += 1
        if batch_id is not None:
            issued, existing = counts[batch_id]
            if existing + added[key] > issued:
                result.rejects.append(row.reject("issued", f"该批次发出 {issued} 张、已录入 {existing} 张，"
                                                           "本次导入后将超过发出的票数"))
                continue
        else:
            given = v.get("issued")
            issued_new[key] = max(issued_new.get(key, 0), int(given or 0))
            result.batches[key] = {"campaign_id": campaign.id, "cadre_id": cadre_id, "template_id": template.id,
                                   "rater_category": category, "title": title, "issued": issued_new[key]}
        seq = v.get("seq") if batch_id is None and v.get("seq") else None
        if seq is None:
            next_seq[key] += 1
            seq = next_seq[key]
        else:
            next_seq[key] = max(next_seq[key], int(seq))
        if uid in seen:
            result.rejects.append(row.reject("uid", "同一张测评票出现了两次"))
            continue
        if uid:
            seen.add(uid)
        values = {"batch": key, "seq": int(seq), "marks": marks,
                  "author": str(v.get("author") or "").strip() or ws.actor.username, **({"uid": uid} if uid else {})}
        shown = "、".join(f"{m}" for m in marks.values() if m)
        result.adds.append(Planned(row.where, names.get(cadre_id or 0, ""), f"{category} 第{seq}张：{shown}", values))
    for key, batch in result.batches.items():
        if batch["issued"] < added[key]:
            where = next(p.where for p in result.adds if p.values["batch"] == key)
            result.rejects.append(Rejection(where, "", str(batch["issued"] or ""),
                                            f"新批次须填写“发出票数”，且不少于录入的 {added[key]} 张"))


def _commit_ballots(ctx: OpContext, plan: AssessmentPlan) -> int:
    s = ctx.session
    made: dict[Any, int] = {}
    for key, values in plan.batches.items():
        batch = BallotBatch(**values)
        s.add(batch)
        s.flush()
        made[key] = batch.id
    for p in plan.adds:
        v = dict(p.values)
        key = v.pop("batch")
        s.add(Ballot(batch_id=made.get(key, key), **v))
    s.flush()
    return len(plan.adds)


# --- entry points -----------------------------------------------------------------------------

def plan(session: Session, ws: Workspace, source: AssessmentSource, *,
         cancelled: Check | None = None) -> AssessmentPlan:
    result = AssessmentPlan(source, rejects=list(source.rejections))
    if source.kind == "ledger":
        _plan_ledger(session, ws, source, result, cancelled)
    else:
        _plan_ballots(session, source, result, ws, cancelled)
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
        n = (_commit_ledger if previewed.source.kind == "ledger" else _commit_ballots)(ctx, again)
        ctx.record("import", kind="create", after={"source": previewed.source.name, "kind": previewed.source.kind,
                                                   "sha256": previewed.source.digest, "added": n})
        return n

    result = ws.run(f"import.{previewed.source.kind}", op)
    return AssessmentResult(previewed.source.kind, result.value, result.op_id)


def write_template(ws: Workspace, kind: str, path: Any) -> None:
    """The ledger or ballot import template, with this database's lists in its dropdowns."""
    from desktop.interchange import assessment_fields as af
    from desktop.interchange import assessment_templates
    from desktop.interchange.vocab import Vocabulary
    from desktop.store.atomic import atomic_writer

    def table(names: list[str]) -> list[tuple[str, str]]:
        return [(str(i), n) for i, n in enumerate(dict.fromkeys(names), start=1)]

    with ws.read() as s:
        open_campaigns = [c.name for c in s.scalars(select(Campaign).where(Campaign.status != "closed")
                                                   .order_by(Campaign.start.desc(), Campaign.id.desc()))]
        lists: dict[str, list[tuple[str, str]]] = {af.CAMPAIGN: table(open_campaigns)}
        if kind == "ledger":
            rules = [r.behaviour for r in s.scalars(select(PointRule).where(PointRule.active.is_(True))
                                                    .order_by(PointRule.dimension, PointRule.id))]
            lists.update({af.DIMENSION: table(list(DIMENSIONS)), af.SIGN: table(["加分", "扣分"]),
                          af.SOURCE: table(list(SOURCES)), af.RULE: table(rules)})
            with atomic_writer(path) as fh:
                assessment_templates.build_ledger(Vocabulary(lists), fh)
            return
        template = templates.current(s, "民主测评")
        if template is None:
            raise FrontlineError("还没有已发布的民主测评表，无法生成测评票导入模板")
        items = [(i.id, i.text) for i in template.items if not is_flag(i)]
        lists[af.CATEGORY] = table(list(RATER_CATEGORIES))
        lists[af.TEMPLATE] = table([template.name])
        for i in template.items:
            if not is_flag(i):
                lists[af.grades_table(i.id)] = table(grade_labels(i))
        with atomic_writer(path) as fh:
            assessment_templates.build_ballots(Vocabulary(lists), items, template.name, fh)
