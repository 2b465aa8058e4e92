"""Visits (走访) and talk records (谈话记录), and the drafts that protect typing in progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, false, func, insert, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError, InUse, NotFound
from desktop.models import Cadre, Campaign, Draft, PointEntry, Talk, Unit, Visit, talk_cadre, visit_unit
from desktop.models.fieldwork import CONFIDENTIALITY
from desktop.services import scopes
from desktop.services.campaigns.campaigns import ensure_open
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, count_link_change, refuse_if_stale, shown_with_names
from desktop.services.workspace import Workspace

# --- visits -----------------------------------------------------------------------------------


@dataclass
class VisitInput:
    date: dt.date
    place: str = ""
    unit_ids: list[int] = field(default_factory=list)
    unannounced: bool = False
    members: list[str] = field(default_factory=list)
    seen: str = ""
    findings: str = ""
    campaign_id: int | None = None
    version: int | None = None  # the visit's row version when it was opened (None: not checked)


VISIT = RecordKind("走访记录", {
    "date": "走访日期", "place": "走访地点", "unit_ids": "走访单位", "unannounced": "“四不两直”",
    "members": "参加人员", "seen": "所见情况", "findings": "发现问题", "campaign_id": "所属考核"})


def save_visit(ws: Workspace, data: VisitInput, visit_id: int | None = None) -> int:
    if not data.place.strip() and not data.unit_ids:
        raise FrontlineError("走访地点和走访单位至少填写一项")
    if data.date > dt.date.today():
        raise FrontlineError(f"走访日期 {data.date} 晚于今天")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        ensure_open(s, data.campaign_id)
        visit = Visit(date=data.date, author=ws.actor.username) if visit_id is None else _visit(s, visit_id)
        if visit_id is not None:
            ensure_open(s, visit.campaign_id)
            name = f"{visit.date} {visit.place}".strip()
            refuse_if_stale(s, visit, data, VISIT, lambda: load_visit(s, visit_id), name, _shown(s))
        if data.campaign_id is None or (visit_id is not None and visit.campaign_id is None):
            scopes.check_unattached(s, None, "走访记录")
        visit.date, visit.place, visit.unannounced = data.date, data.place.strip(), data.unannounced
        visit.members = [m.strip() for m in data.members if m.strip()]
        visit.seen, visit.findings, visit.campaign_id = data.seen.strip(), data.findings.strip(), data.campaign_id
        version_before = visit.row_version if visit_id is not None else None
        s.add(visit)
        s.flush()
        current = set(s.scalars(select(visit_unit.c.unit_id).where(visit_unit.c.visit_id == visit.id)))
        wanted = list(dict.fromkeys(data.unit_ids))
        if set(wanted) != current:
            s.execute(delete(visit_unit).where(visit_unit.c.visit_id == visit.id))
            if wanted:
                s.execute(insert(visit_unit), [{"visit_id": visit.id, "unit_id": u} for u in wanted])
            ctx.record("visit", entity_id=visit.id, before={"units": sorted(current)}, after={"units": wanted})
            count_link_change(s, visit, version_before)
        return int(visit.id)

    return ws.run("visit.save" if visit_id else "visit.create", op).value


def _visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("该走访记录不存在（可能已被删除）")
    return visit


def visit(session: Session, visit_id: int) -> Visit:
    return _visit(session, visit_id)


def visit_units(session: Session, visit_id: int) -> list[int]:
    return list(session.scalars(select(visit_unit.c.unit_id).where(visit_unit.c.visit_id == visit_id)))


def load_visit(session: Session, visit_id: int) -> VisitInput:
    v = _visit(session, visit_id)
    return VisitInput(v.date, v.place, visit_units(session, visit_id), v.unannounced, list(v.members),
                      v.seen, v.findings, v.campaign_id, v.row_version)


def _shown(session: Session) -> Callable[[str, Any], str]:
    return shown_with_names(session, {"unit_ids": Unit, "concerns": Cadre, "campaign_id": Campaign})


def _ensure_no_entries(session: Session, what: str, column: Any, record_id: int) -> None:
    # The ledger is append-only: an entry keeps pointing at the visit or talk it came from,
    # so that record stays too (the database would refuse to blank the entry's link).
    count = session.scalar(select(func.count()).select_from(PointEntry).where(column == record_id)) or 0
    if count:
        raise InUse(f"该{what}是 {count} 条积分记录的依据，积分记录只增不删，因此不能删除该{what}")


def delete_visit(ws: Workspace, visit_id: int) -> None:
    def op(ctx: OpContext) -> None:
        visit = _visit(ctx.session, visit_id)
        ensure_open(ctx.session, visit.campaign_id)
        _ensure_no_entries(ctx.session, "走访记录", PointEntry.visit_id, visit_id)
        ctx.session.delete(visit)

    ws.run("visit.delete", op)


def visits(session: Session, campaign_id: int | None = None) -> list[Visit]:
    stmt = select(Visit).order_by(Visit.date.desc(), Visit.id.desc())
    if campaign_id is not None:
        stmt = stmt.where(Visit.campaign_id == campaign_id)
    scope = scopes.session_scope(session)
    if scope is not None:  # a scoped account: the visits of its campaigns
        stmt = stmt.where(Visit.campaign_id.in_(sorted(scope.campaigns)))
    return list(session.scalars(stmt))


# --- talks ------------------------------------------------------------------------------------


@dataclass
class TalkInput:
    interviewers: list[str] = field(default_factory=list)
    interviewee_cadre_id: int | None = None
    interviewee_name: str = ""
    interviewee_unit: str = ""
    interviewee_post: str = ""
    concerns: list[int] = field(default_factory=list)  # cadres the talk is about
    start_at: dt.datetime | None = None
    end_at: dt.datetime | None = None
    place: str = ""
    purpose: str = ""
    content: str = ""
    conclusion: str = ""
    follow_up: str = ""
    recorder: str = ""
    confidentiality: str = "内部"
    campaign_id: int | None = None
    version: int | None = None  # the talk's row version when it was opened (None: not checked)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("start_at", "end_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TalkInput:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("start_at", "end_at"):
            if values.get(key):
                values[key] = dt.datetime.fromisoformat(values[key])
        return cls(**values)

    def problems(self) -> list[str]:
        out = []
        if self.interviewee_cadre_id is None and not self.interviewee_name.strip():
            out.append("被谈话人：请选择干部或填写姓名")
        if not [i for i in self.interviewers if i.strip()]:
            out.append("谈话人：至少填写一人")
        if self.start_at is None:
            out.append("谈话时间：请填写开始时间")
        if self.start_at and self.end_at and self.end_at < self.start_at:
            out.append("谈话时间：结束时间早于开始时间")
        if not (self.content.strip() or self.conclusion.strip()):
            out.append("谈话内容：谈话内容和结论不能都为空")
        if self.confidentiality not in CONFIDENTIALITY:
            out.append(f"密级：应为{'、'.join(c or '无' for c in CONFIDENTIALITY)}之一")
        return out

    def title(self) -> str:
        who = self.interviewee_name or "（未填被谈话人）"
        when = f"{self.start_at:%Y-%m-%d %H:%M}" if self.start_at else ""
        return f"与{who}谈话 {when}".strip()


TALK = RecordKind("谈话记录", {
    "campaign_id": "所属考核", "interviewee_name": "被谈话人", "interviewee_unit": "单位", "interviewee_post": "职务",
    "concerns": "涉及干部", "interviewers": "谈话人", "recorder": "记录人", "start_at": "开始时间",
    "end_at": "结束时间", "place": "地点", "confidentiality": "密级", "purpose": "谈话目的", "content": "谈话内容",
    "conclusion": "结论", "follow_up": "后续跟进"}, together={"interviewee_name": ("interviewee_cadre_id",)})


def save_talk(ws: Workspace, data: TalkInput, talk_id: int | None = None, draft_id: int | None = None) -> int:
    """Save a talk record; the draft it was typed in (if any) goes in the same transaction."""
    problems = data.problems()
    if problems:
        raise FrontlineError("；".join(problems))

    def op(ctx: OpContext) -> int:
        s = ctx.session
        ensure_open(s, data.campaign_id)
        talk = Talk(author=ws.actor.username) if talk_id is None else _talk(s, talk_id)
        if talk_id is not None:
            ensure_open(s, talk.campaign_id)
            refuse_if_stale(s, talk, data, TALK, lambda: load_talk(s, talk_id), talk.interviewee_name, _shown(s))
            if talk.campaign_id is None:
                scopes.check_unattached(s, talk.interviewee_cadre_id, "谈话记录")
        if data.campaign_id is None:
            scopes.check_unattached(s, data.interviewee_cadre_id, "谈话记录")
        if data.interviewee_cadre_id is not None:
            cadre = s.get(Cadre, data.interviewee_cadre_id)
            if cadre is None:
                raise NotFound("被谈话的干部档案不存在（可能已被删除）")
            name = data.interviewee_name.strip() or cadre.name
        else:
            name = data.interviewee_name.strip()
        talk.interviewers = [i.strip() for i in data.interviewers if i.strip()]
        talk.interviewee_cadre_id, talk.interviewee_name = data.interviewee_cadre_id, name
        for key in ("interviewee_unit", "interviewee_post", "place", "purpose", "content", "conclusion",
                    "follow_up", "recorder", "confidentiality"):
            setattr(talk, key, getattr(data, key).strip())
        talk.start_at, talk.end_at, talk.campaign_id = _aware(data.start_at), _aware(data.end_at), data.campaign_id
        version_before = talk.row_version if talk_id is not None else None
        s.add(talk)
        s.flush()
        concerns = list(dict.fromkeys(data.concerns))
        current = set(s.scalars(select(talk_cadre.c.cadre_id).where(talk_cadre.c.talk_id == talk.id)))
        if set(concerns) != current:
            s.execute(delete(talk_cadre).where(talk_cadre.c.talk_id == talk.id))
            if concerns:
                s.execute(insert(talk_cadre), [{"talk_id": talk.id, "cadre_id": c} for c in concerns])
            ctx.record("talk", entity_id=talk.id, before={"concerns": sorted(current)}, after={"concerns": concerns})
            count_link_change(s, talk, version_before)
        if draft_id is not None:
            draft = s.get(Draft, draft_id)
            if draft is not None:
                s.delete(draft)
        return int(talk.id)

    return ws.run("talk.save" if talk_id else "talk.create", op).value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Times typed in the window are the clerk's local time."""
    return value if value is None or value.tzinfo is not None else value.astimezone()


def _talk(session: Session, talk_id: int) -> Talk:
    talk = session.get(Talk, talk_id)
    if talk is None:
        raise NotFound("该谈话记录不存在（可能已被删除）")
    return talk


def load_talk(session: Session, talk_id: int) -> TalkInput:
    talk = _talk(session, talk_id)
    concerns = list(session.scalars(select(talk_cadre.c.cadre_id).where(talk_cadre.c.talk_id == talk_id)))
    return TalkInput(
        interviewers=list(talk.interviewers), interviewee_cadre_id=talk.interviewee_cadre_id,
        interviewee_name=talk.interviewee_name, interviewee_unit=talk.interviewee_unit,
        interviewee_post=talk.interviewee_post, concerns=concerns,
        start_at=_local(talk.start_at), end_at=_local(talk.end_at),
        place=talk.place, purpose=talk.purpose, content=talk.content, conclusion=talk.conclusion,
        follow_up=talk.follow_up, recorder=talk.recorder, confidentiality=talk.confidentiality,
        campaign_id=talk.campaign_id, version=talk.row_version)


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone().replace(tzinfo=None) if value is not None else None


def delete_talk(ws: Workspace, talk_id: int) -> None:
    def op(ctx: OpContext) -> None:
        talk = _talk(ctx.session, talk_id)
        ensure_open(ctx.session, talk.campaign_id)
        _ensure_no_entries(ctx.session, "谈话记录", PointEntry.talk_id, talk_id)
        ctx.session.delete(talk)

    ws.run("talk.delete", op)


def talks(session: Session, campaign_id: int | None = None, cadre_id: int | None = None) -> list[Talk]:
    stmt = select(Talk).order_by(Talk.start_at.desc(), Talk.id.desc())
    if campaign_id is not None:
        stmt = stmt.where(Talk.campaign_id == campaign_id)
    if cadre_id is not None:
        about = select(talk_cadre.c.talk_id).where(talk_cadre.c.cadre_id == cadre_id)
        stmt = stmt.where((Talk.interviewee_cadre_id == cadre_id) | Talk.id.in_(about))
    scope = scopes.session_scope(session)
    if scope is not None:  # a scoped account: the talks of its campaigns and with its cadres
        mine = scopes.session_cadre_clause(session)
        with_cadres = Talk.interviewee_cadre_id.in_(select(Cadre.id).where(mine)) if mine is not None else false()
        stmt = stmt.where(Talk.campaign_id.in_(sorted(scope.campaigns)) | with_cadres)
    return list(session.scalars(stmt))


# --- drafts and phrases -----------------------------------------------------------------------

# Reusable phrases of the talk window (常用语), shared by everyone using the database.
SNIPPETS_KEY = "talk.snippets"
DEFAULT_SNIPPETS = [
    "谈话人说明了此次谈话的目的和有关纪律要求。",
    "被谈话人表示：",
    "谈话人指出：",
    "经核实，",
    "被谈话人对有关问题作了说明。",
    "被谈话人表示接受组织意见，将认真整改。",
    "下一步，考核组将",
    "谈话人要求被谈话人对谈话内容保密。",
]


def save_draft(ws: Workspace, kind: str, payload: dict[str, Any], title: str, draft_id: int | None = None,
               target_id: int | None = None) -> int:
    """Write the draft (not audited: it is a recovery copy, the saved record is audited)."""

    def op(ctx: OpContext) -> int:
        draft = ctx.session.get(Draft, draft_id) if draft_id is not None else None
        if draft is None:
            draft = Draft(kind=kind, owner=ws.actor.username, target_id=target_id)
            ctx.session.add(draft)
        draft.payload, draft.title = payload, title
        ctx.session.flush()
        return int(draft.id)

    return ws.run("draft.save", op).value


def drafts(session: Session, owner: str, kind: str | None = None) -> list[Draft]:
    stmt = select(Draft).where(Draft.owner == owner).order_by(Draft.updated_at.desc())
    if kind is not None:
        stmt = stmt.where(Draft.kind == kind)
    return list(session.scalars(stmt))


def discard_draft(ws: Workspace, draft_id: int) -> None:
    def op(ctx: OpContext) -> None:
        draft = ctx.session.get(Draft, draft_id)
        if draft is not None:
            ctx.session.delete(draft)

    ws.run("draft.discard", op)
