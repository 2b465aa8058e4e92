"""Gathering what each report prints, in a fixed number of queries whatever the number of cadres.

A report's data is read once in the parent (window, command line or batch), turned into
plain picklable values (AdformData, a Document of blocks …) and handed to the layout code,
which may run in another process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound, PermissionDenied
from desktop.models import Cadre, Post, Unit
from desktop.reports import annual_register, briefing, campaign_report, catalog, comprehensive
from desktop.reports.adform import AdformData, adform_data
from desktop.reports.annual_register import RegisterData
from desktop.reports.assessment import Assessment
from desktop.reports.blocks import Document
from desktop.reports.briefing import BriefingInput
from desktop.reports.democratic_tally import TallyReport
from desktop.reports.scorecard_data import NoticeData, ScorecardData
from desktop.reports.written_conclusion import WrittenConclusion
from desktop.services import scopes
from desktop.services.indicators import scorecard as indicator_scorecard
from desktop.services.judgement import queries as judgement_queries
from desktop.services.reports import report_assessment, report_campaign, report_tally

CHUNK = 500  # ids per IN (…) list: well under SQLite's limit on bound parameters

Content = AdformData | Document | RegisterData | TallyReport | ScorecardData | NoticeData


@dataclass(frozen=True)
class Request:
    """What a user asked for: a kind, its subject, and kind-specific choices."""

    kind: str
    cadre_id: int | None = None
    unit_id: int | None = None
    campaign_id: int | None = None  # campaign reports; narrows the 民主测评结果统计表
    year: int | None = None  # 年度考核登记表: the year assessed (default: last year); 成绩单: the year
    quarter: int | None = None  # 成绩单 and 晾晒通报: the quarter (1 … 4)
    set_id: int | None = None  # 成绩单 and 晾晒通报: the indicator rule set
    briefing: BriefingInput | None = None
    fmt: str = "pdf"


@dataclass(frozen=True)
class Context:
    """Who and when: printed on forms (填表人, dates) and used for numbering."""

    as_of: dt.date
    user: str
    issuer: str = ""
    briefing_name: str = "一线考核专报"
    extras: dict[str, object] = field(default_factory=dict)


def cadre_options() -> list[object]:
    """Eager loading of everything a cadre report prints: one query per kind of record."""
    return [
        selectinload(Cadre.posts).selectinload(Post.unit),
        selectinload(Cadre.studies), selectinload(Cadre.work_records), selectinload(Cadre.family),
        selectinload(Cadre.rewards), selectinload(Cadre.punishments), selectinload(Cadre.annual_results),
        selectinload(Cadre.trainings), selectinload(Cadre.photo), selectinload(Cadre.tags),
    ]


def load_cadres(session: Session, ids: Sequence[int]) -> list[Cadre]:
    """The cadres of `ids` in that order, every record loaded; unknown ids are refused."""
    found: dict[int, Cadre] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        stmt = select(Cadre).where(Cadre.id.in_(chunk)).options(*cadre_options())  # type: ignore[arg-type]
        for cadre in session.scalars(stmt):
            found[cadre.id] = cadre
    missing = [i for i in ids if i not in found]
    if missing:
        shown = "、".join(str(i) for i in missing[:5]) + ("等" if len(missing) > 5 else "")
        raise NotFound(f"干部档案 {shown} 不存在（编号可用 frontline list 查看）")
    outside = set(ids) - scopes.visible_cadres(session, None, found)
    if outside:
        shown = "、".join(str(i) for i in sorted(outside)[:5]) + ("等" if len(outside) > 5 else "")
        raise PermissionDenied(f"干部档案 {shown} 不在当前账户的工作范围内")
    return [found[i] for i in ids]


def cadre_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Names of the cadres of `ids`, for file names: not every report's content carries one."""
    names: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        rows = session.execute(select(Cadre.id, Cadre.name).where(Cadre.id.in_(chunk)))
        names.update({int(cid): str(name) for cid, name in rows})
    return names


def _check_quarter(kind: catalog.Kind, request: Request) -> None:
    """The 成绩单 is of a rule set's quarter; the 晾晒通报 of one unit in it."""
    if request.set_id is None or request.year is None or request.quarter is None:
        raise FrontlineError(f"{kind.name}需要指定指标规则、年度和季度（--set 编号 --year 年份 --quarter 1-4）")
    if request.quarter not in (1, 2, 3, 4):
        raise FrontlineError(f"季度应为 1 至 4，而不是 {request.quarter}")
    if (catalog.UNIT in kind.scopes) != (request.unit_id is not None):
        need = "需要指定单位（--unit 编号）" if catalog.UNIT in kind.scopes else "针对全部单位，不能指定单位"
        raise FrontlineError(f"{kind.name}{need}")
    if request.cadre_id is not None or request.campaign_id is not None:
        raise FrontlineError(f"{kind.name}不针对干部或考核活动")


def kind_of(request: Request) -> catalog.Kind:
    """The kind, after checking it exists, can be made now, and has what it needs."""
    kind = catalog.KINDS.get(request.kind)
    if kind is None:
        raise FrontlineError(f"没有名为“{request.kind}”的报表，可用的报表见 frontline report --help")
    if not kind.available:
        raise FrontlineError(f"{kind.name}：{kind.pending}")
    if kind.elsewhere:
        raise FrontlineError(f"{kind.name}{kind.elsewhere}")
    if request.fmt not in kind.formats:
        formats = "、".join(catalog.FORMAT_LABELS[f] for f in kind.formats)
        raise FrontlineError(f"{kind.name}只能保存为 {formats}")
    if catalog.QUARTER in kind.scopes:
        _check_quarter(kind, request)
    elif kind.scopes == (catalog.CAMPAIGN,):
        if request.campaign_id is None:
            raise FrontlineError(f"{kind.name}需要指定考核活动（--campaign 编号）")
        if request.cadre_id is not None or request.unit_id is not None:
            raise FrontlineError(f"{kind.name}针对一次考核活动，不能指定干部或单位")
    elif kind.scopes == (catalog.CADRE, catalog.UNIT):
        if (request.cadre_id is None) == (request.unit_id is None):
            raise FrontlineError(f"{kind.name}需要指定干部（--cadre 编号）或单位（--unit 编号）之一")
    elif catalog.CADRE in kind.scopes and catalog.FREE not in kind.scopes and request.cadre_id is None:
        raise FrontlineError(f"{kind.name}需要指定干部（--cadre 编号）")
    if request.kind == "briefing" and (request.briefing is None or not request.briefing.body.strip()):
        raise FrontlineError("专报需要正文（--body-file 文件）")
    return kind


def unit_name(session: Session, unit_id: int) -> str:
    name = session.scalar(select(Unit.name).where(Unit.id == unit_id))
    if name is None:
        raise NotFound(f"单位 {unit_id} 不存在")
    return name


def content_for(kind: str, cadre: Cadre | None, ctx: Context, request: Request,
                assessment: Assessment | None = None, written: WrittenConclusion | None = None) -> Content:
    """One cadre report's printable content (pure: the cadre's records are already loaded)."""
    if kind == "adform":
        assert cadre is not None
        return adform_data(cadre, ctx.as_of, filled_by=ctx.user, reporting_unit=ctx.issuer)
    if kind == "comprehensive":
        assert cadre is not None
        return comprehensive.document(cadre, ctx.as_of, issuer=ctx.issuer, assessment=assessment, written=written)
    if kind == "annual-register":
        assert cadre is not None
        return annual_register.register_data(cadre, request.year or ctx.as_of.year - 1)
    if kind == "briefing":
        assert request.briefing is not None
        return briefing.document(request.briefing, issuer=ctx.issuer, name=ctx.briefing_name,
                                 date=ctx.as_of)
    raise FrontlineError(f"{catalog.KINDS[kind].name}暂不能生成")


def campaign_content(session: Session, request: Request, ctx: Context) -> Document:
    assert request.campaign_id is not None
    data = report_campaign.campaign_data(session, request.campaign_id, request.kind)
    if request.kind == "emergency":
        return campaign_report.emergency(data, ctx.as_of, ctx.issuer)
    return campaign_report.stage_or_special(request.kind, data, ctx.as_of, ctx.issuer)


def gather(session: Session, request: Request, ctx: Context) -> tuple[Content, int | None]:
    """Content of one report and the cadre it concerns (for the audit entry)."""
    kind = kind_of(request)
    if catalog.QUARTER in kind.scopes:
        assert request.set_id is not None and request.year is not None and request.quarter is not None
        if request.unit_id is not None:
            return indicator_scorecard.notice_data(session, request.set_id, request.year, request.quarter,
                                                   request.unit_id, ctx.as_of), None
        return indicator_scorecard.scorecard_data(session, request.set_id, request.year, request.quarter), None
    if request.kind in catalog.CAMPAIGN_KINDS:
        return campaign_content(session, request, ctx), None
    if request.kind == "democratic-tally" and request.unit_id is not None:
        return report_tally.unit_report(session, request.unit_id, request.campaign_id, ctx.as_of), None
    cadre = load_cadres(session, [request.cadre_id])[0] if request.cadre_id is not None else None
    if request.unit_id is not None and request.briefing is not None:
        unit_name(session, request.unit_id)  # refuse an unknown unit before anything is made
    if request.kind == "democratic-tally":
        assert cadre is not None
        return report_tally.cadre_report(session, cadre, request.campaign_id, ctx.as_of), cadre.id
    assessment, written = None, None
    if request.kind == "comprehensive" and cadre is not None:
        assessment = report_assessment.assessments(session, [cadre])[cadre.id]
        written = judgement_queries.signed_conclusions(session, [cadre.id]).get(cadre.id)
    return content_for(request.kind, cadre, ctx, request, assessment, written), request.cadre_id


def gather_many(session: Session, kind: str, cadre_ids: Sequence[int], ctx: Context,
                campaign_id: int | None = None) -> list[Content | None]:
    """Content for a batch: the same fixed set of queries per 500 cadres, however many.
    None for a cadre with nothing to print (a 民主测评结果统计表 without any evaluation)."""
    request = Request(kind, cadre_id=cadre_ids[0] if cadre_ids else None)
    kind_of(request)
    cadres = load_cadres(session, cadre_ids)
    if kind == "democratic-tally":
        if campaign_id is not None:
            report_campaign.get_campaign(session, campaign_id)
        tallies = report_tally.cadre_reports(session, cadres, campaign_id, ctx.as_of)
        return [tallies[c.id] for c in cadres]
    found = report_assessment.assessments(session, cadres) if kind == "comprehensive" else {}
    written = {}
    if kind == "comprehensive":
        for start in range(0, len(cadres), CHUNK):
            written.update(judgement_queries.signed_conclusions(session, [c.id for c in cadres[start:start + CHUNK]]))
    return [content_for(kind, c, ctx, Request(kind, cadre_id=c.id), found.get(c.id), written.get(c.id))
            for c in cadres]
