"""Recording what the department did with its findings (结果运用), each record linked to the
facts it rests on.

A record concerns a cadre (提拔, 晋升职级, the young-cadre pool, 免职, 奖励表彰, 培训计划,
关心关爱) or, for a 班子调整, a unit. A training plan names its training type and a care
measure its kind; the follow-up state moves from 拟办 to 办理中 to 已落实 (or 未采纳), with a
note. Evidence is cited as a conclusion's facts are (judgement/citations.py: the cadre's
ledger entries, sheets, talks, visits, verifications, problems; a unit's visits,
verifications and problems), in `Citation` rows owned by the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import Cadre, Citation, Unit
from desktop.models.judgement import OWNER_RESULT_USE
from desktop.models.results_use import CARE_TYPES, TRAINING_TYPES, USE_KINDS, USE_STATES, ResultUse
from desktop.services import scopes
from desktop.services.judgement.citations import Subject, checked_ref
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, count_link_change, refuse_if_stale, shown_with_names
from desktop.services.workspace import Workspace

SUBTYPES = {"training": TRAINING_TYPES, "care": CARE_TYPES}
TEAM = "team"


@dataclass(frozen=True)
class UseInput:
    kind: str  # a key of USE_KINDS
    date: dt.date
    title: str
    cadre_id: int | None = None
    unit_id: int | None = None  # a 班子调整 only
    detail: str = ""
    subtype: str = ""  # training or care type
    state: str = USE_STATES[0]
    follow_up: str = ""
    evidence: Sequence[tuple[str, int]] = field(default_factory=tuple)  # (kind, row id) of cited facts
    version: int | None = None  # the record's row version when it was opened (None: not checked)


USE = RecordKind("结果运用记录", {
    "kind": "类型", "cadre_id": "干部", "unit_id": "班子所在单位", "date": "日期", "title": "事项",
    "subtype": "细分类型", "detail": "具体情况", "state": "办理状态", "follow_up": "跟进情况",
    "evidence": "依据的事实"})


def _shown(s: Session) -> Callable[[str, Any], str]:
    names = shown_with_names(s, {"cadre_id": Cadre, "unit_id": Unit})

    def view(key: str, value: Any) -> str:
        if key == "kind":
            return str(USE_KINDS.get(value, value))
        if key == "evidence":
            return f"{len(value)} 条" if value else ""
        return names(key, value)

    return view


def _refs(s: Session, use_id: int) -> tuple[tuple[str, int], ...]:
    rows = s.execute(select(Citation.kind, Citation.ref_id).where(
        Citation.owner == OWNER_RESULT_USE, Citation.owner_id == use_id).order_by(Citation.id))
    return tuple((str(kind), int(ref_id)) for kind, ref_id in rows)


def load(s: Session, use_id: int) -> UseInput:
    r = _get(s, use_id)
    return UseInput(r.kind, r.date, r.title, r.cadre_id, r.unit_id, r.detail, r.subtype, r.state, r.follow_up,
                    _refs(s, use_id), r.row_version)


def _check(data: UseInput) -> None:
    if data.kind not in USE_KINDS:
        raise FrontlineError(f"结果运用类型“{data.kind}”不存在：可选{'、'.join(USE_KINDS.values())}")
    label = USE_KINDS[data.kind]
    if data.kind == TEAM:
        if data.unit_id is None or data.cadre_id is not None:
            raise FrontlineError("班子调整记录须指定单位（班子），不指定干部")
    elif data.cadre_id is None or data.unit_id is not None:
        raise FrontlineError(f"{label}记录须指定干部")
    allowed = SUBTYPES.get(data.kind)
    if allowed is not None and data.subtype not in allowed:
        raise FrontlineError(f"{label}须选择类型：{'、'.join(allowed)}")
    if allowed is None and data.subtype:
        raise FrontlineError(f"{label}没有细分类型（只有培训计划和关心关爱有）")
    if data.state not in USE_STATES:
        raise FrontlineError(f"办理状态“{data.state}”不存在：可选{'、'.join(USE_STATES)}")
    if not data.title.strip():
        raise FrontlineError("事项：必填（如“拟提拔为区发改局局长”）")
    if len(data.title.strip()) > 200:
        raise FrontlineError("事项不能超过 200 字；详细情况请写在“具体情况”中")


def _subject(session: Session, data: UseInput) -> Subject:
    if data.cadre_id is not None:
        if session.get(Cadre, data.cadre_id) is None:
            raise NotFound(f"干部 {data.cadre_id} 不存在")
        scopes.check_cadre(session, None, data.cadre_id)
    if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
        raise NotFound(f"单位 {data.unit_id} 不存在")
    if data.unit_id is not None:
        scopes.check_unit(session, data.unit_id)
    return Subject(data.cadre_id, data.unit_id)


def _apply(ctx: OpContext, row: ResultUse, data: UseInput) -> None:
    s = ctx.session
    subject = _subject(s, data)
    refs = {}
    for kind, ref_id in data.evidence:
        row_id, uid = checked_ref(s, subject, kind, ref_id)
        refs[(kind, row_id)] = uid
    row.kind, row.cadre_id, row.unit_id, row.date = data.kind, data.cadre_id, data.unit_id, data.date
    row.title, row.detail, row.subtype = data.title.strip(), data.detail.strip(), data.subtype
    row.state, row.follow_up = data.state, data.follow_up.strip()
    existing = row.id is not None
    s.add(row)
    s.flush()
    if existing:
        _drop_evidence(ctx, row)
    for (kind, row_id), uid in refs.items():
        s.add(Citation(owner=OWNER_RESULT_USE, owner_id=row.id, kind=kind, ref_id=row_id, ref_uid=uid))
    s.flush()


def _drop_evidence(ctx: OpContext, row: ResultUse) -> None:
    ctx.session.execute(delete(Citation).where(Citation.owner == OWNER_RESULT_USE, Citation.owner_id == row.id))
    ctx.record("citation", kind="delete", cadre_id=row.cadre_id, before={"result_use_id": row.id})


def create(ws: Workspace, data: UseInput) -> int:
    _check(data)

    def op(ctx: OpContext) -> int:
        row = ResultUse(author=ws.actor.username)  # added once filled in: checks query first
        _apply(ctx, row, data)
        return int(row.id)

    return ws.run("result_use.create", op).value


def _get(session: Session, use_id: int) -> ResultUse:
    row = session.get(ResultUse, use_id)
    if row is None:
        raise NotFound(f"结果运用记录 {use_id} 不存在")
    scopes.check_cadre(session, None, row.cadre_id)
    if row.unit_id is not None:
        scopes.check_unit(session, row.unit_id, "该单位的班子调整记录")
    return row


def update(ws: Workspace, use_id: int, data: UseInput) -> None:
    _check(data)

    def op(ctx: OpContext) -> None:
        s = ctx.session
        row = _get(s, use_id)
        refuse_if_stale(s, row, data, USE, lambda: load(s, use_id), row.title, _shown(s))
        version_before, cited = row.row_version, set(_refs(s, use_id))
        _apply(ctx, row, data)
        if set(data.evidence) != cited:
            count_link_change(s, row, version_before)  # citing other facts is a change of the record

    ws.run("result_use.update", op)


def set_state(ws: Workspace, use_id: int, state: str, follow_up: str | None = None) -> None:
    """Move a record's follow-up on (the command line's `uses state`)."""
    if state not in USE_STATES:
        raise FrontlineError(f"办理状态“{state}”不存在：可选{'、'.join(USE_STATES)}")

    def op(ctx: OpContext) -> None:
        row = _get(ctx.session, use_id)
        row.state = state
        if follow_up is not None:
            row.follow_up = follow_up.strip()
        ctx.session.flush()

    ws.run("result_use.update", op)


def delete_use(ws: Workspace, use_id: int) -> None:
    def op(ctx: OpContext) -> None:
        row = _get(ctx.session, use_id)
        _drop_evidence(ctx, row)
        ctx.session.delete(row)
        ctx.session.flush()

    ws.run("result_use.delete", op)
