"""Gathering one campaign's records for its 阶段性报告, 专项报告 or 应急考核分析报告."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound
from desktop.models import (
    BallotBatch,
    Cadre,
    Campaign,
    Directive,
    DirectiveItem,
    PointEntry,
    Post,
    Sheet,
    Talk,
    Unit,
    campaign_directive_item,
    campaign_unit,
    talk_cadre,
    visit_unit,
)
from desktop.models.sheets import RATER_CATEGORIES
from desktop.reports import facts
from desktop.reports.assessment import Ranking, RankRow, competition_ranks, method_text
from desktop.reports.campaign_report import CampaignData, DirectiveLine, Member, Person, VisitLine
from desktop.services import scopes
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.reports.report_assessment import KIND_ORDER, ledger_facts
from desktop.services.reports.report_tallies import load_templates, table_of, weights_of

CHUNK = 500
EMERGENCY = "应急"


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    scopes.check_campaign(session, None, campaign_id)  # within the scope of the session's account
    campaign = session.get(Campaign, campaign_id, options=[selectinload(Campaign.members)])
    if campaign is None:
        raise NotFound(f"考核活动 {campaign_id} 不存在（编号可用 frontline report-campaigns 查看）")
    return campaign


def check_kind(campaign: Campaign, report_kind: str) -> None:
    """The 应急考核分析报告 is written for emergency campaigns only."""
    if report_kind == "emergency" and campaign.kind != EMERGENCY:
        raise FrontlineError(f"“{campaign.name}”是{campaign.kind}考核，不是应急考核："
                             "应急考核分析报告只能为应急类考核生成，其他考核请生成阶段性报告（stage）或专项报告（special）")


def load_people(session: Session, ids: Sequence[int]) -> dict[int, Cadre]:
    """Cadres with their posts (for 单位及职务), in fixed queries per 500."""
    out: dict[int, Cadre] = {}
    for start in range(0, len(ids), CHUNK):
        stmt = (select(Cadre).where(Cadre.id.in_(list(ids[start:start + CHUNK])))
                .options(selectinload(Cadre.posts).selectinload(Post.unit)))
        out.update({c.id: c for c in session.scalars(stmt)})
    return out


def _name_order(people: dict[int, Cadre], ids: Sequence[int]) -> list[int]:
    return sorted((i for i in ids if i in people), key=lambda i: (people[i].name_pinyin, i))


def campaign_data(session: Session, campaign_id: int, report_kind: str = "special") -> CampaignData:
    c = get_campaign(session, campaign_id)
    check_kind(c, report_kind)
    units = list(session.scalars(select(Unit.name).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
                                 .where(campaign_unit.c.campaign_id == campaign_id)
                                 .order_by(Unit.sort_order, Unit.id)))
    directives = [DirectiveLine(title, doc_no, text, deadline) for title, doc_no, text, deadline in session.execute(
        select(Directive.title, Directive.doc_no, DirectiveItem.text, DirectiveItem.deadline)
        .join(Directive, Directive.id == DirectiveItem.directive_id)
        .join(campaign_directive_item, campaign_directive_item.c.item_id == DirectiveItem.id)
        .where(campaign_directive_item.c.campaign_id == campaign_id).order_by(Directive.id, DirectiveItem.seq))]
    visits = sorted(fieldwork.visits(session, campaign_id), key=lambda v: (v.date, v.id))
    visited: dict[int, list[str]] = defaultdict(list)
    for visit_id, name in session.execute(select(visit_unit.c.visit_id, Unit.name)
                                          .join(Unit, Unit.id == visit_unit.c.unit_id)
                                          .where(visit_unit.c.visit_id.in_([v.id for v in visits]))
                                          .order_by(Unit.sort_order, Unit.id)):
        visited[visit_id].append(name)
    progress = campaigns.progress(session, campaign_id)
    assessed = campaigns.assessed_ids(session, campaign_id)
    entries = list(session.scalars(select(PointEntry).where(PointEntry.campaign_id == campaign_id)
                                   .order_by(PointEntry.date, PointEntry.id)))
    people = load_people(session, sorted(set(assessed) | {e.cadre_id for e in entries}))
    names = {i: p.name for i, p in people.items()}
    ledger = ledger_facts(entries, lambda _cid: c.name, names)
    talks = _talk_counts(session, campaign_id)
    net: Counter[int] = Counter()
    counted: Counter[int] = Counter()
    for e in entries:
        net[e.cadre_id] += e.points
        counted[e.cadre_id] += 1
    persons = tuple(Person(people[i].name, facts.current_post(people[i]), talks[i], counted[i], net[i])
                    for i in _name_order(people, assessed))
    return CampaignData(
        id=c.id, name=c.name, kind=c.kind, status=c.status, topic_source=c.topic_source,
        source_detail=c.source_detail, follows=c.follows, description=c.description, start=c.start, end=c.end,
        units=tuple(units), team=tuple(Member(m.name, m.role) for m in c.members), directives=tuple(directives),
        visits=tuple(VisitLine(v.date, v.place, tuple(visited[v.id]), v.unannounced, tuple(v.members or ()),
                               v.findings) for v in visits),
        unit_visits=progress.unit_visits, people=persons, talks=progress.talks, talked_to=progress.talked_to,
        sheets_complete=_by_category(progress.sheets_complete), sheets_missing=_by_category(progress.sheets_missing),
        ballots=progress.ballots, ballots_issued=progress.ballots_issued,
        rankings=rankings(session, c, people), ledger=ledger,
        posts=tuple((people[i].name, facts.current_post(people[i])) for i in _name_order(people, list(people))),
    )


def _by_category(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    order = [k for k in RATER_CATEGORIES if k in counts] + sorted(k for k in counts if k not in RATER_CATEGORIES)
    return tuple((k, counts[k]) for k in order)


def _talk_counts(session: Session, campaign_id: int) -> Counter[int]:
    """Talks per cadre: with the cadre, or about the cadre with someone else."""
    counts: Counter[int] = Counter()
    about: dict[int, set[int]] = defaultdict(set)
    talk_ids = select(Talk.id).where(Talk.campaign_id == campaign_id)
    for talk_id, cadre_id in session.execute(select(talk_cadre.c.talk_id, talk_cadre.c.cadre_id)
                                             .where(talk_cadre.c.talk_id.in_(talk_ids))):
        about[talk_id].add(cadre_id)
    for talk_id, interviewee in session.execute(select(Talk.id, Talk.interviewee_cadre_id)
                                                .where(Talk.campaign_id == campaign_id)):
        concerned = about.get(talk_id, set()) | ({interviewee} if interviewee else set())
        counts.update(concerned)
    return counts


def rankings(session: Session, campaign: Campaign, people: dict[int, Cadre]) -> tuple[Ranking, ...]:
    """For each template used in the campaign: the rated cadres by weighted score, best first."""
    sheets = list(session.scalars(select(Sheet).where(Sheet.campaign_id == campaign.id)
                                  .options(selectinload(Sheet.answers))))
    batches = list(session.scalars(select(BallotBatch).where(BallotBatch.campaign_id == campaign.id)
                                   .options(selectinload(BallotBatch.ballots))))
    groups: dict[int, dict[int, tuple[list[Sheet], list[BallotBatch]]]] = defaultdict(
        lambda: defaultdict(lambda: ([], [])))
    for sh in sheets:
        groups[sh.template_id][sh.cadre_id][0].append(sh)
    for bt in batches:
        groups[bt.template_id][bt.cadre_id][1].append(bt)
    missing = sorted({cid for g in groups.values() for cid in g} - set(people))
    people = {**people, **load_people(session, missing)}
    infos = load_templates(session, groups)
    out = []
    for template_id in sorted(groups, key=lambda t: (KIND_ORDER.get(infos[t].kind, len(KIND_ORDER)), t)):
        info = infos[template_id]
        rows = []
        for cadre_id, (sheet_rows, batch_rows) in groups[template_id].items():
            table = table_of(info, sheet_rows, batch_rows, campaign)
            if not table.responses and not table.issued:
                continue
            top = table.total_counts()[0] if table.grades else 0
            cadre = people.get(cadre_id)
            rows.append((table.weighted, cadre.name_pinyin if cadre else "", cadre_id, table, top))
        rows.sort(key=lambda r: (r[0] is None, -(r[0] or 0), r[1], r[2]))
        ranks = competition_ranks([r[0] for r in rows])
        ranked = tuple(RankRow(rank, people[cid].name if cid in people else str(cid),
                               facts.current_post(people[cid]) if cid in people else "", t.responses, t.issued,
                               weighted, top) for rank, (weighted, _p, cid, t, top) in zip(ranks, rows, strict=True))
        overall = next((i for i in info.items if i.is_overall), None)
        top_grade = overall.scale["grades"][0][0] if overall is not None and overall.scale.get("grades") else ""
        out.append(Ranking(info.name, info.kind, str(top_grade), ranked, method_text(weights_of(campaign))))
    return tuple(out)
