"""The problem list (问题清单), kept per year and quarter.

A problem may be raised from a visit (走访) or a talk record (谈话): it links back to the
record and takes the campaign, the unit and the cadre from it, so that the quarter's list
shows where each problem was seen. Following a problem up changes its status and says what
was done; the list is kept after the campaign closes, which is when most follow-up happens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import Cadre, Campaign, Problem, Talk, Target, Unit, Visit
from desktop.models.fieldwork import visit_unit
from desktop.models.results import PROBLEM_STATUSES, SEVERITIES
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, refuse_if_stale, shown_with_names
from desktop.services.workspace import Workspace

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class ProblemInput:
    year: int
    quarter: int
    problem: str
    bottleneck: str = ""
    severity: str = SEVERITIES[0]
    fed_back_to: str = ""
    fed_back_on: dt.date | None = None
    follow_up: str = ""
    status: str = PROBLEM_STATUSES[0]
    campaign_id: int | None = None
    cadre_id: int | None = None
    unit_id: int | None = None
    target_id: int | None = None
    visit_id: int | None = None
    talk_id: int | None = None
    version: int | None = None  # the line's row version when it was opened (None: not checked)


PROBLEM = RecordKind("问题清单", {
    "year": "年度", "quarter": "季度", "problem": "问题", "bottleneck": "堵点难点", "severity": "严重程度",
    "fed_back_to": "反馈给", "fed_back_on": "反馈日期", "follow_up": "跟进整改", "status": "状态",
    "campaign_id": "所属考核", "cadre_id": "干部", "unit_id": "单位", "target_id": "对应任务",
    "visit_id": "来源走访", "talk_id": "来源谈话"})


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def problems_of(data: ProblemInput) -> list[str]:
    out = []
    if not data.problem.strip():
        out.append("问题：必填")
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        out.append(f"年度：应在 {FIRST_YEAR}—{LAST_YEAR} 之间")
    if data.quarter not in (1, 2, 3, 4):
        out.append("季度：应为 1、2、3 或 4")
    if data.severity not in SEVERITIES:
        out.append(f"严重程度：应为{'、'.join(SEVERITIES)}之一")
    if data.status not in PROBLEM_STATUSES:
        out.append(f"状态：应为{'、'.join(PROBLEM_STATUSES)}之一")
    if data.fed_back_on is not None and data.fed_back_on > dt.date.today():
        out.append(f"反馈日期：{data.fed_back_on} 晚于今天")
    if data.status == "已解决" and not data.follow_up.strip():
        out.append("跟进整改：已解决的问题须写明整改情况")
    return out


def _check(data: ProblemInput) -> None:
    found = problems_of(data)
    if found:
        raise FrontlineError("；".join(found))


def _check_links(session: Session, data: ProblemInput) -> None:
    for model, key, what in ((Campaign, data.campaign_id, "考核活动"), (Cadre, data.cadre_id, "干部"),
                             (Unit, data.unit_id, "单位"), (Target, data.target_id, "任务清单事项"),
                             (Visit, data.visit_id, "走访记录"), (Talk, data.talk_id, "谈话记录")):
        if key is not None and session.get(model, key) is None:
            raise NotFound(f"{what} {key} 不存在（可能已被删除）")


def _apply(row: Problem, data: ProblemInput) -> None:
    for f in dataclasses.fields(ProblemInput):
        if f.name == "version":
            continue  # counted by the database, not typed
        value = getattr(data, f.name)
        setattr(row, f.name, value.strip() if isinstance(value, str) else value)


def _add(ctx: OpContext, data: ProblemInput) -> int:
    _check_links(ctx.session, data)
    row = Problem(problem="", year=data.year, quarter=data.quarter, raised_by=ctx.actor)
    _apply(row, data)
    ctx.session.add(row)
    ctx.session.flush()
    return int(row.id)


def create(ws: Workspace, data: ProblemInput) -> int:
    _check(data)
    return ws.run("problem.create", lambda ctx: _add(ctx, data)).value


def _get(session: Session, problem_id: int) -> Problem:
    row = session.get(Problem, problem_id)
    if row is None:
        raise NotFound(f"问题清单第 {problem_id} 号不存在（可能已被删除）")
    return row


def load(session: Session, problem_id: int) -> ProblemInput:
    row = _get(session, problem_id)
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(ProblemInput) if f.name != "version"}
    return ProblemInput(**values, version=row.row_version)


def update(ws: Workspace, problem_id: int, data: ProblemInput) -> None:
    """Replace a line's content. The record it was raised from stays its origin."""
    _check(data)

    def op(ctx: OpContext) -> None:
        s = ctx.session
        row = _get(s, problem_id)
        refuse_if_stale(s, row, data, PROBLEM, lambda: load(s, problem_id), f"第 {problem_id} 号",
                        shown_with_names(s, {"cadre_id": Cadre, "unit_id": Unit, "campaign_id": Campaign}))
        if (data.visit_id, data.talk_id) != (row.visit_id, row.talk_id):
            raise FrontlineError("问题来自哪次走访或谈话不能修改；如有误，请另行提出")
        _check_links(ctx.session, data)
        _apply(row, data)

    ws.run("problem.update", op)


def set_status(ws: Workspace, problem_id: int, status: str, *, follow_up: str | None = None,
               fed_back_to: str | None = None, fed_back_on: dt.date | None = None) -> None:
    """Move a problem along (待反馈 → 已反馈 → 整改中 → 已解决), saying what was done."""
    if status not in PROBLEM_STATUSES:
        raise FrontlineError(f"状态：应为{'、'.join(PROBLEM_STATUSES)}之一")
    if status == "已解决" and follow_up is not None and not follow_up.strip():
        raise FrontlineError("标为已解决时请写明整改情况")
    if fed_back_on is not None and fed_back_on > dt.date.today():
        raise FrontlineError(f"反馈日期：{fed_back_on} 晚于今天")

    def op(ctx: OpContext) -> None:
        row = _get(ctx.session, problem_id)
        if status == "已解决" and not (follow_up or row.follow_up).strip():
            raise FrontlineError("标为已解决时请写明整改情况")
        row.status = status
        if follow_up is not None:
            row.follow_up = follow_up.strip()
        if fed_back_to is not None:
            row.fed_back_to = fed_back_to.strip()
        if fed_back_on is not None:
            row.fed_back_on = fed_back_on

    ws.run("problem.update", op)


def _visit_unit(session: Session, visit_id: int, chosen: int | None) -> int | None:
    ids = list(session.scalars(select(visit_unit.c.unit_id).where(visit_unit.c.visit_id == visit_id)))
    if chosen is not None:
        if ids and chosen not in ids:
            raise FrontlineError(f"单位 {chosen} 不是这次走访的单位")
        return chosen
    if len(ids) <= 1:
        return ids[0] if ids else None
    names = "、".join(f"{n}（{i}）" for i, n in session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))))
    raise FrontlineError(f"这次走访涉及 {len(ids)} 个单位，请指定问题所在的单位：{names}")


def raise_from_visit(ws: Workspace, visit_id: int, problem: str, *, year: int | None = None,
                     quarter: int | None = None, unit_id: int | None = None, **more: object) -> int:
    """A problem seen on a visit: campaign, unit and (by default) quarter from the visit.
    A visit to several units needs `unit_id`, one of them. `more`: other ProblemInput fields."""

    def op(ctx: OpContext) -> int:
        visit = ctx.session.get(Visit, visit_id)
        if visit is None:
            raise NotFound(f"走访记录 {visit_id} 不存在（可能已被删除）")
        y, q = quarter_of(visit.date)
        data = ProblemInput(year=year or y, quarter=quarter or q, problem=problem,
                            campaign_id=visit.campaign_id, unit_id=_visit_unit(ctx.session, visit_id, unit_id),
                            visit_id=visit_id, **more)  # type: ignore[arg-type]
        _check(data)
        return _add(ctx, data)

    return ws.run("problem.create", op).value


def raise_from_talk(ws: Workspace, talk_id: int, problem: str, *, year: int | None = None,
                    quarter: int | None = None, unit_id: int | None = None, **more: object) -> int:
    """A problem heard in a talk: campaign, cadre (the interviewee on file) and (by default)
    quarter from the talk."""

    def op(ctx: OpContext) -> int:
        talk = ctx.session.get(Talk, talk_id)
        if talk is None:
            raise NotFound(f"谈话记录 {talk_id} 不存在（可能已被删除）")
        when = talk.start_at.astimezone().date() if talk.start_at else talk.created_at.astimezone().date()
        y, q = quarter_of(when)
        data = ProblemInput(year=year or y, quarter=quarter or q, problem=problem, campaign_id=talk.campaign_id,
                            cadre_id=talk.interviewee_cadre_id, unit_id=unit_id, talk_id=talk_id,
                            **more)  # type: ignore[arg-type]
        _check(data)
        return _add(ctx, data)

    return ws.run("problem.create", op).value
