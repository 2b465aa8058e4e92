"""Planning and committing democratic ballots (测评票) read from a spreadsheet: rows grouped
into batches (campaign, cadre, template, rater category), item columns matched to the
template's items by their text, grades checked, no batch filled beyond the ballots issued."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.interchange.assessment_xlsx import AssessmentSource
from desktop.interchange.errors import Cancelled
from desktop.interchange.incoming import Rejection
from desktop.models import Ballot, BallotBatch, Cadre
from desktop.models.scoring import grade_labels, is_flag
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services import scopes
from desktop.services.evaluation import templates
from desktop.services.exchange.assessment_imports import (
    AssessmentPlan,
    Check,
    Planned,
    campaign_of,
    campaigns_by_name,
    find_cadre,
)
from desktop.services.exchange.imports import _Index
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

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


def plan_ballots(session: Session, source: AssessmentSource, result: AssessmentPlan, ws: Workspace,
                  cancelled: Check | None) -> None:
    index = _Index(session)
    found = campaigns_by_name(session)
    scope = scopes.session_scope(session)
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
        cadre_id, why = find_cadre(index, row)
        if cadre_id is None:
            problems.append(row.reject("name", why))
        campaign, refused = campaign_of(found, row, required=True, scope=scope)
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


def commit_ballots(ctx: OpContext, plan: AssessmentPlan) -> int:
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
