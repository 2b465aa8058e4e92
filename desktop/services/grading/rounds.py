"""Annual grading rounds: create, propose, adjust by hand, approve an excess, public notice,
objections, finalise. One function per user action, each through `ws.run` with its action name.

A round goes draft (拟定中) → notice (公示中) → final (已定等). Grades are changed only in draft;
the notice starts only when every cadre has a grade and the 优秀 are within the caps or a leader
has recorded an approval covering them; finalising (a leader) waits for the notice's end and for
every objection to be handled, then locks the round and writes each cadre's annual result
(AnnualResult: the grade; 不定等次 with its reason in the note) for the year. After that every
change is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, NotFound
from desktop.models import AnnualResult, Cadre, Unit
from desktop.models.base import utcnow
from desktop.models.grading import (
    ROUND_DRAFT,
    ROUND_FINAL,
    ROUND_NOTICE,
    STAFF_TYPES,
    UNDETERMINED,
    GradeProposal,
    GradeRound,
    NoticeObjection,
)
from desktop.models.grading_rules import (
    RuleError,
    check_grade,
    check_shares,
    frontline_days,
    grade_for,
    meets_frontline,
    notice_end,
    parse_bands,
    quota,
    undetermined_reason,
)
from desktop.services import scopes
from desktop.services.admin import settings
from desktop.services.grading import facts
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, refuse_if_stale
from desktop.services.workspace import Workspace

# {"holidays": ["2026-10-01", …], "workdays": ["2026-10-10", …]}: days the notice skips or counts
# beyond Saturdays and Sundays (法定节假日 and 调休), set with `frontline grades calendar`.
NOTICE_CALENDAR = "grading.notice_calendar"
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class RoundInput:
    unit_id: int
    year: int
    staff_type: str = "公务员"
    bands: str = "90,75,60"
    quota_share: float = 0.20
    frontline_share: float = 0.30
    frontline_rule: str = "本年度在指挥部或应急一线工作累计满 6 个月"
    frontline_months: int = 6
    min_service_months: int = 6
    notice_days: int = 5


def _who(ws: Workspace) -> str:
    return ws.actor.display_name or ws.actor.username


def get_round(session: Session, round_id: int) -> GradeRound:
    row = session.get(GradeRound, round_id)
    if row is None:
        raise NotFound(f"第 {round_id} 号年度考核定等不存在")
    # A scoped account grades only the units it works on: every read and change of a round
    # comes through here.
    scopes.check_unit(session, row.unit_id, "该单位的年度考核定等")
    return row


def _refuse_final(r: GradeRound) -> None:
    if r.state == ROUND_FINAL:
        raise FrontlineError(f"{r.year}年度考核定等已由 {r.signed_by} 签批定等，已锁定，不能再修改")


def _in_draft(r: GradeRound, what: str) -> None:
    _refuse_final(r)
    if r.state != ROUND_DRAFT:
        raise FrontlineError(f"公示期间不能{what}；如需{what}，请先撤回公示")


def proposals_of(session: Session, round_id: int) -> list[GradeProposal]:
    return list(session.scalars(select(GradeProposal).where(GradeProposal.round_id == round_id)
                                .order_by(GradeProposal.id)))


def calendar(session: Session) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    value = settings.get(session, NOTICE_CALENDAR) or {}
    days = {k: frozenset(dt.date.fromisoformat(d) for d in value.get(k, ())) for k in ("holidays", "workdays")}
    return days["holidays"], days["workdays"]


def set_calendar(ws: Workspace, holidays: Sequence[dt.date], workdays: Sequence[dt.date]) -> None:
    """The days a notice skips (法定节假日) or counts (调休 on a weekend), replacing those set before."""
    both = set(holidays) & set(workdays)
    if both:
        raise FrontlineError(f"{min(both).isoformat()} 不能既是节假日又是调休工作日")
    settings.put(ws, NOTICE_CALENDAR, {"holidays": sorted(d.isoformat() for d in set(holidays)),
                                       "workdays": sorted(d.isoformat() for d in set(workdays))})


def end_of_notice(session: Session, r: GradeRound) -> dt.date | None:
    if r.notice_start is None:
        return None
    return notice_end(r.notice_start, r.notice_days, *calendar(session))


def quota_refusal(r: GradeRound, proposals: Sequence[GradeProposal]) -> str:
    """Why the 优秀 are not allowed as they stand ("" when within the caps or approved)."""
    count = quota(((p.grade, p.frontline) for p in proposals), r.quota_share, r.frontline_share)
    if not count.over:
        return ""
    if r.approval and count.excellent <= r.approved_excellent:
        return ""
    if r.approval:
        return f"{count.reason()}；已记录的批准只涵盖优秀 {r.approved_excellent} 名，须由领导重新批准"
    return f"{count.reason()}；须由领导记录批准后才能继续"


def notice_refusal(r: GradeRound, proposals: Sequence[GradeProposal]) -> str:
    if r.state == ROUND_FINAL:
        return "已定等，不能再公示"
    if r.state == ROUND_NOTICE:
        return "已在公示中"
    if not proposals:
        return "还没有拟定等次：请先拟定等次"
    ungraded = [p for p in proposals if not p.grade]
    if ungraded:
        return f"还有 {len(ungraded)} 人没有等次（没有政治素质鉴定得分）：请先确定其等次"
    return quota_refusal(r, proposals)


def finalise_refusal(session: Session, r: GradeRound, proposals: Sequence[GradeProposal], today: dt.date) -> str:
    if r.state == ROUND_FINAL:
        return f"已由 {r.signed_by} 签批定等"
    if r.state != ROUND_NOTICE:
        return "还没有公示：等次须经公示期满后才能确定"
    end = end_of_notice(session, r)
    if end is not None and today <= end:
        return f"公示期到 {end.isoformat()} 结束，期满后才能定等"
    open_objections = session.scalars(select(NoticeObjection.id).where(
        NoticeObjection.round_id == r.id, NoticeObjection.handling == "")).all()
    if open_objections:
        return f"还有 {len(open_objections)} 条异议没有处理：请先写明处理情况"
    return quota_refusal(r, proposals)


# --- actions --------------------------------------------------------------------------------------

def create_round(ws: Workspace, data: RoundInput) -> int:
    try:
        parse_bands(data.bands)
        check_shares(data.quota_share, data.frontline_share)
        notice_end(dt.date(2000, 1, 3), data.notice_days)
    except RuleError as exc:
        raise FrontlineError(str(exc)) from None
    if data.staff_type not in STAFF_TYPES:
        raise FrontlineError(f"人员类别应为{'、'.join(STAFF_TYPES)}之一")
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        raise FrontlineError(f"年度 {data.year} 超出范围（{FIRST_YEAR}—{LAST_YEAR}）")
    if data.frontline_months < 0 or data.min_service_months < 0:
        raise FrontlineError("月数不能为负数")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        unit = s.get(Unit, data.unit_id)
        if unit is None:
            raise NotFound("该单位不存在")
        scopes.check_unit(s, data.unit_id)
        if s.scalar(select(GradeRound.id).where(GradeRound.unit_id == data.unit_id, GradeRound.year == data.year,
                                                 GradeRound.staff_type == data.staff_type)) is not None:
            raise FrontlineError(f"{unit.name}{data.year}年度{data.staff_type}的定等已经建立")
        row = GradeRound(unit_id=data.unit_id, year=data.year, staff_type=data.staff_type, bands=data.bands,
                         quota_share=data.quota_share, frontline_share=data.frontline_share,
                         frontline_rule=data.frontline_rule.strip(), frontline_months=data.frontline_months,
                         min_service_months=data.min_service_months, notice_days=data.notice_days)
        s.add(row)
        s.flush()
        return int(row.id)

    return ws.run("grading.create", op).value


def propose(ws: Workspace, round_id: int) -> int:
    """(Re)propose the grades of the unit's cadres from their appraisal scores and the bands;
    a grade a clerk set by hand (with its note) is kept. Returns how many cadres are in the round."""

    def op(ctx: OpContext) -> int:
        s = ctx.session
        r = get_round(s, round_id)
        _in_draft(r, "重新拟定等次")
        found = facts.unit_cadres(s, r.unit_id)
        if not found:
            raise FrontlineError("该单位（含下级单位）没有在职干部，没有可拟定等次的人员")
        facts.add_scores(s, found, r.year)
        periods = facts.frontline_periods(s, sorted(found))
        bands = parse_bands(r.bands)
        existing = {p.cadre_id: p for p in proposals_of(s, round_id)}
        for cid, gone in existing.items():
            if cid not in found:
                s.delete(gone)
        for cid, f in found.items():
            p = existing.get(cid)
            if p is None:
                p = GradeProposal(round_id=round_id, cadre_id=cid, note="")
                s.add(p)
            p.score = f.score
            p.frontline = meets_frontline(frontline_days(periods.get(cid, []), r.year), r.frontline_months)
            reason = facts_reason(r, f)
            p.proposed = UNDETERMINED if reason else grade_for(f.score, bands, r.staff_type)
            if p.note and p.grade:
                continue  # set by hand: the clerk's decision stands
            p.undetermined_reason = reason
            p.grade = p.proposed
        return len(found)

    return ws.run("grading.propose", op).value


def facts_reason(r: GradeRound, f: facts.CadreFacts) -> str:
    return undetermined_reason(r.year, f.work_started, f.unit_since, r.min_service_months)


@dataclass(frozen=True)
class GradeChoice:
    """What 确定等次 writes for one cadre, at the proposal's row version it was opened at."""

    grade: str
    note: str
    version: int | None = None


GRADE = RecordKind("确定的等次", {"grade": "等次", "note": "理由"})


def set_grade(ws: Workspace, proposal_id: int, grade: str, note: str, version: int | None = None) -> None:
    """The clerk's grade for one cadre. A grade other than the proposed one needs a note;
    不定等次 needs its reason (the note). `version`: the proposal's row version when the dialog
    opened it (StaleRecord when another clerk set a different grade since); None: not checked."""
    note = note.strip()

    def op(ctx: OpContext) -> None:
        s = ctx.session
        p = s.get(GradeProposal, proposal_id)
        if p is None:
            raise NotFound("该拟定等次不存在")
        # The scope first: a clerk of another unit is refused before a comparison could show
        # it the grade and note stored for this one.
        r = get_round(s, p.round_id)
        scopes.check_cadre(s, None, p.cadre_id)
        found = p
        name = s.scalar(select(Cadre.name).where(Cadre.id == p.cadre_id)) or ""
        refuse_if_stale(s, p, GradeChoice(grade, note, version), GRADE,
                        lambda: GradeChoice(found.grade, found.note, found.row_version), name)
        _in_draft(r, "修改等次")
        try:
            check_grade(grade, r.staff_type)
        except RuleError as exc:
            raise FrontlineError(str(exc)) from None
        if grade != p.proposed and not note:
            raise FrontlineError(f"等次由拟定的“{p.proposed or '无'}”改为“{grade}”，须写明理由")
        if grade == UNDETERMINED and not (note or p.undetermined_reason):
            raise FrontlineError("不定等次须写明原因")
        p.grade = grade
        p.note = note
        if grade == UNDETERMINED:
            p.undetermined_reason = note or p.undetermined_reason
        elif p.undetermined_reason:
            p.undetermined_reason = ""

    ws.run("grading.update", op)


def approve(ws: Workspace, round_id: int, text: str) -> int:
    """A leader records the approval to exceed the cap (its document or decision); it covers the
    优秀 counted now. Returns that count."""
    text = text.strip()
    if not text:
        raise FrontlineError("请写明批准的依据（文件、会议或批示）")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        r = get_round(s, round_id)
        _refuse_final(r)
        proposals = proposals_of(s, round_id)
        count = quota(((p.grade, p.frontline) for p in proposals), r.quota_share, r.frontline_share)
        if not count.over:
            raise FrontlineError(f"优秀 {count.excellent} 名没有超出名额，不需要批准")
        r.approval, r.approved_by, r.approved_excellent = text, _who(ws), count.excellent
        return count.excellent

    return ws.run("grading.approve", op).value


def start_notice(ws: Workspace, round_id: int, start: dt.date, days: int = 5) -> dt.date:
    """Start the public notice; returns its last day. Refused above the caps without an approval."""

    def op(ctx: OpContext) -> dt.date:
        s = ctx.session
        r = get_round(s, round_id)
        refusal = notice_refusal(r, proposals_of(s, round_id))
        if refusal:
            raise FrontlineError(f"不能开始公示：{refusal}")
        try:
            end = notice_end(start, days, *calendar(s))
        except RuleError as exc:
            raise FrontlineError(str(exc)) from None
        r.notice_start, r.notice_days, r.state = start, days, ROUND_NOTICE
        return end

    return ws.run("grading.notice", op).value


def withdraw_notice(ws: Workspace, round_id: int) -> None:
    """Back to draft (a grade must change after an objection); the notice must then run again."""

    def op(ctx: OpContext) -> None:
        r = get_round(ctx.session, round_id)
        _refuse_final(r)
        if r.state != ROUND_NOTICE:
            raise FrontlineError("没有在公示中")
        r.state, r.notice_start = ROUND_DRAFT, None

    ws.run("grading.notice", op)


def record_objection(ws: Workspace, round_id: int, content: str, received_on: dt.date, *,
                     cadre_id: int | None = None, handling: str = "") -> int:
    content = content.strip()
    if not content:
        raise FrontlineError("请写明异议的内容")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        r = get_round(s, round_id)
        _refuse_final(r)
        if r.state != ROUND_NOTICE or r.notice_start is None:
            raise FrontlineError("没有在公示中，不能记录公示异议")
        if received_on < r.notice_start:
            raise FrontlineError(f"收到日期 {received_on.isoformat()} 早于公示开始 {r.notice_start.isoformat()}")
        if cadre_id is not None and s.scalar(select(GradeProposal.id).where(
                GradeProposal.round_id == round_id, GradeProposal.cadre_id == cadre_id)) is None:
            raise FrontlineError("该干部不在本次定等的人员中")
        row = NoticeObjection(round_id=round_id, cadre_id=cadre_id, received_on=received_on, content=content,
                              handling=handling.strip(), recorded_by=_who(ws))
        s.add(row)
        s.flush()
        return int(row.id)

    return ws.run("objection.record", op).value


@dataclass(frozen=True)
class Handling:
    """What 处理 writes for one objection, at the objection's row version the dialog opened it at."""

    handling: str
    version: int | None = None


OBJECTION = RecordKind("公示异议", {"handling": "处理情况"})


def _objection_name(content: str) -> str:
    return content if len(content) <= 30 else f"{content[:30]}…"


def handle_objection(ws: Workspace, objection_id: int, handling: str, version: int | None = None) -> None:
    """How the objection was handled. `version`: the objection's row version when the dialog
    opened it (StaleRecord when another clerk wrote a different handling since); None: not checked."""
    handling = handling.strip()
    if not handling:
        raise FrontlineError("请写明处理情况")

    def op(ctx: OpContext) -> None:
        row = ctx.session.get(NoticeObjection, objection_id)
        if row is None:
            raise NotFound("该异议不存在")
        # The round's scope first: a clerk of another unit is refused before a comparison
        # could show it what was written in this one.
        r = get_round(ctx.session, row.round_id)
        found = row
        refuse_if_stale(ctx.session, row, Handling(handling, version), OBJECTION,
                        lambda: Handling(found.handling, found.row_version), _objection_name(row.content))
        _refuse_final(r)
        row.handling = handling

    ws.run("objection.record", op)


def finalise(ws: Workspace, round_id: int, *, today: dt.date | None = None) -> int:
    """A leader signs the grades off: the round is locked and each cadre's annual result of the
    year is written (replacing one recorded before). Returns how many results were written."""
    today = today or dt.date.today()

    def op(ctx: OpContext) -> int:
        s = ctx.session
        r = get_round(s, round_id)
        proposals = proposals_of(s, round_id)
        refusal = finalise_refusal(s, r, proposals, today)
        if refusal:
            raise FrontlineError(f"不能定等：{refusal}")
        results = {a.cadre_id: a for a in s.scalars(select(AnnualResult).where(
            AnnualResult.year == r.year, AnnualResult.cadre_id.in_([p.cadre_id for p in proposals])))}
        for p in proposals:
            if s.get(Cadre, p.cadre_id) is None:
                continue
            result = results.get(p.cadre_id)
            if result is None:
                result = AnnualResult(cadre_id=p.cadre_id, year=r.year)
                s.add(result)
            result.grade = p.grade
            result.note = (p.undetermined_reason or p.note)[:200] if p.grade == UNDETERMINED else ""
        r.state, r.signed_by, r.signed_at = ROUND_FINAL, _who(ws), utcnow()
        return len(proposals)

    return ws.run("grading.finalise", op).value
