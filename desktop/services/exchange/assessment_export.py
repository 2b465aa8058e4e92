"""Spreadsheets of front-line assessment data: the points ledger, sheet tallies, ballots,
the campaign list and one campaign's progress, laid out as the roster export is (title row,
export time, frozen filtered header, real dates, ID numbers as text), streamed and written
atomically.

The ledger and ballot sheets use the importer's headers and carry hidden 标识 columns, so an
exported sheet imported into another database gives the same records, and imported into
the same database adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError
from desktop.interchange.assessment_fields import BALLOT_KEYS, BALLOT_SHEET, LEDGER, LEDGER_SHEET
from desktop.interchange.xlsx_export import Column, Sheet, write_tables
from desktop.interchange.xlsx_export import Kind as CellKind
from desktop.models import (
    Ballot,
    BallotBatch,
    Cadre,
    Campaign,
    PointEntry,
    PointEvidence,
    Talk,
    talk_cadre,
)
from desktop.models import (
    Sheet as RatingSheet,
)
from desktop.models.scoring import grade_labels, is_flag
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services import traces
from desktop.services.cadres import roster
from desktop.services.campaigns import campaigns
from desktop.services.evaluation import sheets, templates
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

Progress = Callable[[int, int], None]
Check = Callable[[], bool]
Kind = Literal["ledger", "tallies", "ballots", "campaigns"]
KINDS: dict[str, str] = {"ledger": "积分记录", "tallies": "测评统计", "ballots": "测评票", "campaigns": "考核批次"}
CHUNK = 500


def _col(key: str, kind: CellKind = "text", hidden: bool = False, group: tuple[Any, ...] = LEDGER) -> Column:
    spec = next(s for s in group if s.key == key)
    return Column(spec.header, kind, spec.width, hidden)


def _people(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Name, ID number and "unit post" of each cadre, in chunks."""
    out: dict[int, tuple[str, str, str]] = {}
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), CHUNK):
        for row in roster.rows_for(session, ids[start:start + CHUNK]):
            v = row.values
            out[row.id] = (v["name"], v["citizen_id"] or "", f"{v['unit']}{v['post']}")
    return out


def _campaign_name(session: Session, campaign_id: int | None) -> str:
    return campaigns.get(session, campaign_id).name if campaign_id is not None else ""


# --- ledger -----------------------------------------------------------------------------------

LEDGER_COLUMNS = [
    Column("记录号", "number", 6), _col("date", "date"), _col("name"), _col("citizen_id", "code"),
    Column("单位及职务", "text", 24), _col("dimension"), _col("kind"), _col("points", "number"),
    _col("behaviour"), _col("source"), _col("fact"), _col("campaign"), Column("冲正关系", "text", 16),
    _col("reason"), Column("佐证材料", "number", 6), _col("author"), Column("录入时间", "datetime", 15),
    _col("uid", "code", hidden=True), _col("reverses", "code", hidden=True),
]


def ledger_sheet(session: Session, campaign_id: int | None = None) -> Sheet:
    stmt = (select(PointEntry).join(Cadre, Cadre.id == PointEntry.cadre_id)
            .order_by(Cadre.name_pinyin, Cadre.id, PointEntry.date, PointEntry.id))
    if campaign_id is not None:
        stmt = stmt.where(PointEntry.campaign_id == campaign_id)
    entries = list(session.scalars(stmt))
    people = _people(session, [e.cadre_id for e in entries])
    by_id = {e.id: e for e in entries}
    uids = dict(session.execute(select(PointEntry.id, PointEntry.uid).where(
        PointEntry.id.in_({e.reverses_id for e in entries if e.reverses_id}))).all())
    reversed_by = dict(session.execute(select(PointEntry.reverses_id, PointEntry.id)
                                       .where(PointEntry.reverses_id.in_(list(by_id)))).all())
    evidence = dict(session.execute(select(PointEvidence.entry_id, func.count())
                                    .where(PointEvidence.entry_id.in_(list(by_id)))
                                    .group_by(PointEvidence.entry_id)).all())
    names = dict(session.execute(select(Campaign.id, Campaign.name)).all())

    def rows() -> Iterator[list[Any]]:
        for e in entries:
            name, number, post = people.get(e.cadre_id, ("", "", ""))
            if e.reverses_id is not None:
                kind, link = "冲正", f"冲正第 {e.reverses_id} 号"
            else:
                kind = "加分" if e.points > 0 else "扣分"
                link = f"已被第 {reversed_by[e.id]} 号冲正" if e.id in reversed_by else ""
            yield [e.id, e.date, name, number, post, e.dimension, kind, e.points, e.behaviour, e.source, e.fact,
                   names.get(e.campaign_id, "") if e.campaign_id else "", link, e.reason,
                   evidence.get(e.id, 0) or None, e.author, e.recorded_at, e.uid,
                   uids.get(e.reverses_id, "") if e.reverses_id is not None else ""]

    title = "政治表现积分记录"
    subtitle = f"考核：{_campaign_name(session, campaign_id)}" if campaign_id is not None else ""
    return Sheet(title, LEDGER_COLUMNS, rows(), len(entries), subtitle, unit="条", name=LEDGER_SHEET)


# --- tallies ----------------------------------------------------------------------------------

def _campaign_ids(session: Session, campaign_id: int | None) -> list[int]:
    if campaign_id is not None:
        campaigns.get(session, campaign_id)
        return [campaign_id]
    return [row.id for row in campaigns.listing(session)]


def tally_sheets(session: Session, campaign_id: int | None = None) -> list[Sheet]:
    """One sheet per template: a row per cadre per campaign with counts per grade and rater
    category, mean score per category, turnout and the weighted score."""
    by_template: dict[int, list[tuple[int, int, sheets.CadreTally]]] = defaultdict(list)
    for cid in _campaign_ids(session, campaign_id):
        for cadre_id, template_id in sheets.rated_cadres(session, cid):
            by_template[template_id].append((cid, cadre_id, sheets.cadre_tally(session, cadre_id, template_id, cid)))
    names = dict(session.execute(select(Campaign.id, Campaign.name)).all())
    out = []
    for template_id, found in by_template.items():
        template = templates.get(session, template_id)
        overall = next((i for i in template.items if i.is_overall), None)
        grades = [*grade_labels(overall), "弃权"] if overall is not None else []
        present = [c for c in RATER_CATEGORIES if any(c in t.tally.categories for _a, _b, t in found)]
        columns = [Column("考核", "text", 22), Column("干部姓名", "text", 8), Column("身份证号", "code", 20),
                   Column("单位及职务", "text", 24)]
        for cat in present:
            columns += [Column(f"{cat}·应收", "number", 6), Column(f"{cat}·实收", "number", 6)]
            columns += [Column(f"{cat}·{g}", "number", 5) for g in grades]
            columns.append(Column(f"{cat}·平均分", "number", 7))
        columns += [Column(f"合计·{g}", "number", 6) for g in grades]
        columns += [Column("应收合计", "number", 7), Column("实收合计", "number", 7), Column("参评率(%)", "number", 8),
                    Column("加权得分", "number", 8), Column("未交测评表", "text", 30)]
        people = _people(session, [c for _a, c, _t in found])
        pinyin = dict(session.execute(select(Cadre.id, Cadre.name_pinyin).where(
            Cadre.id.in_({c for _a, c, _t in found}))).all())
        found.sort(key=lambda x: (names.get(x[0], ""), pinyin.get(x[1], ""), x[1]))

        def rows(found: list[tuple[int, int, sheets.CadreTally]] = found,
                 present: list[str] = present, grades: list[str] = grades,
                 people: dict[int, tuple[str, str, str]] = people) -> Iterator[list[Any]]:
            for cid, cadre_id, t in found:
                name, number, post = people.get(cadre_id, ("", "", ""))
                row: list[Any] = [names.get(cid, ""), name, number, post]
                for cat in present:
                    c = t.tally.categories.get(cat)
                    row += [c.issued if c else None, c.responses if c else None]
                    row += [(c.overall[g] if c else 0) or None for g in grades]
                    row.append(c.mean if c else None)
                total = t.tally.overall()
                row += [total[g] or None for g in grades]
                got, issued = t.turnout
                row += [issued, got, round(got * 100 / issued, 2) if issued else None, t.tally.weighted,
                        "；".join(t.missing)]
                yield row

        title = f"{template.name}统计"
        subtitle = f"测评表：{template.name}（第{template.version}版）"
        out.append(Sheet(title, columns, rows(), len(found), subtitle, unit="人次", name=template.name))
    return out


# --- ballots ----------------------------------------------------------------------------------

def ballot_sheets(session: Session, campaign_id: int | None = None) -> list[Sheet]:
    """One sheet per template: a row per paper ballot with the grade given to each item."""
    stmt = select(BallotBatch).order_by(BallotBatch.id)
    if campaign_id is not None:
        stmt = stmt.where(BallotBatch.campaign_id == campaign_id)
    batches = list(session.scalars(stmt))
    names = dict(session.execute(select(Campaign.id, Campaign.name)).all())
    people = _people(session, [b.cadre_id for b in batches])
    ballots: dict[int, list[Ballot]] = defaultdict(list)
    for ballot in session.scalars(select(Ballot).where(Ballot.batch_id.in_([b.id for b in batches]))
                                  .order_by(Ballot.batch_id, Ballot.seq)):
        ballots[ballot.batch_id].append(ballot)
    by_template: dict[int, list[BallotBatch]] = defaultdict(list)
    for b in batches:
        by_template[b.template_id].append(b)
    keys = {s.key: s for s in BALLOT_KEYS}
    out = []
    for template_id, group in by_template.items():
        template = templates.get(session, template_id)
        items = [i for i in template.items if not is_flag(i)]
        columns = [Column(keys[k].header, "number" if k in ("issued", "seq") else
                          ("code" if k == "citizen_id" else "text"), keys[k].width)
                   for k in ("campaign", "name", "citizen_id", "template", "category", "batch", "issued", "seq")]
        columns += [Column(i.text, "text", 10) for i in items]
        columns += [Column(keys["author"].header, "text", 8), Column("录入时间", "datetime", 15),
                    Column(keys["uid"].header, "code", 34, hidden=True)]
        count = sum(len(ballots[b.id]) for b in group)

        def rows(group: list[BallotBatch] = group, items: list[Any] = items,
                 label: str = template.name) -> Iterator[list[Any]]:
            for b in sorted(group, key=lambda b: (names.get(b.campaign_id, "") if b.campaign_id is not None else "",
                                                  people.get(b.cadre_id, ("",))[0],
                                                  RATER_CATEGORIES.index(b.rater_category)
                                                  if b.rater_category in RATER_CATEGORIES else 99, b.id)):
                name, number, _post = people.get(b.cadre_id, ("", "", ""))
                for ballot in ballots[b.id]:
                    yield [names.get(b.campaign_id, "") if b.campaign_id else "", name, number, label,
                           b.rater_category, b.title, b.issued, ballot.seq,
                           *[ballot.marks.get(str(i.id), "") for i in items], ballot.author, ballot.created_at,
                           ballot.uid]

        out.append(Sheet(f"{template.name}测评票", columns, rows(), count, f"测评表：{template.name}"
                         f"（第{template.version}版）", unit="张", name=template.name if len(by_template) > 1
                         else BALLOT_SHEET))
    return out


# --- campaigns --------------------------------------------------------------------------------

CAMPAIGN_COLUMNS = [
    Column("考核名称", "text", 26), Column("类型", "text", 7), Column("状态", "text", 7), Column("选题来源", "text", 9),
    Column("跟踪的重大任务", "text", 18), Column("开始日期", "date", 11), Column("结束日期", "date", 11),
    Column("考核对象(人)", "number", 7), Column("涉及单位", "number", 7), Column("已谈话(人)", "number", 7),
    Column("谈话(次)", "number", 6), Column("走访(次)", "number", 6), Column("走访单位(次)", "number", 7),
    Column("四不两直(次)", "number", 7), Column("测评表已完成", "number", 7), Column("测评表应完成", "number", 7),
    Column("测评票收回", "number", 7), Column("测评票发出", "number", 7), Column("积分记录(条)", "number", 7),
    Column("考核组", "text", 24),
]


def campaign_sheet(session: Session, campaign_id: int | None = None) -> Sheet:
    ids = _campaign_ids(session, campaign_id)
    found = {c.id: c for c in session.scalars(select(Campaign).where(Campaign.id.in_(ids))
                                              .options(selectinload(Campaign.members)))}
    listing = {r.id: r for r in campaigns.listing(session)}

    def rows() -> Iterator[list[Any]]:
        for cid in ids:
            c, row = found[cid], listing[cid]
            p = campaigns.progress(session, cid)
            team = "、".join(f"{m.name}（{m.role}）" for m in c.members)
            done = sum(p.sheets_complete.values())
            yield [c.name, c.kind, c.status_label, c.topic_source, c.follows, c.start, c.end, row.cadres, row.units,
                   p.talked_to, p.talks, p.visits, p.unit_visits, p.unannounced_visits, done, p.sheets_total,
                   p.ballots, p.ballots_issued, p.ledger_entries, team]

    return Sheet("一线考核批次一览", CAMPAIGN_COLUMNS, rows(), len(ids), unit="批", name="考核批次")


PROGRESS_COLUMNS = [
    Column("干部姓名", "text", 8), Column("身份证号", "code", 20), Column("单位及职务", "text", 26),
    Column("谈话(次)", "number", 6), Column("测评表已完成", "number", 7), Column("测评表未完成", "number", 7),
    Column("未交测评表", "text", 30), Column("测评票收回", "number", 7), Column("测评票发出", "number", 7),
    Column("积分记录(条)", "number", 7), Column("本次积分", "number", 7),
]


def progress_sheet(session: Session, campaign_id: int) -> Sheet:
    """Each assessed cadre of one campaign: talks, sheets in and missing, ballots, points."""
    campaign = campaigns.get(session, campaign_id)
    ids = campaigns.assessed_ids(session, campaign_id)
    people = _people(session, ids)
    pinyin: dict[int, str] = {i: p for i, p in session.execute(select(Cadre.id, Cadre.name_pinyin)
                                                               .where(Cadre.id.in_(ids)))}
    order = sorted(ids, key=lambda i: (pinyin.get(i) or "", i))
    talks: Counter[int] = Counter()
    talk_ids = list(session.scalars(select(Talk.id).where(Talk.campaign_id == campaign_id)))
    for tid, who in session.execute(select(Talk.id, Talk.interviewee_cadre_id).where(Talk.id.in_(talk_ids))):
        about = {who} | set(session.scalars(select(talk_cadre.c.cadre_id).where(talk_cadre.c.talk_id == tid)))
        talks.update(c for c in about if c is not None)
    done: Counter[int] = Counter()
    missing: dict[int, list[str]] = defaultdict(list)
    for cadre_id, status, cat, rater in session.execute(
            select(RatingSheet.cadre_id, RatingSheet.status, RatingSheet.rater_category, RatingSheet.rater_name)
            .where(RatingSheet.campaign_id == campaign_id)):
        if status == "complete":
            done[cadre_id] += 1
        else:
            missing[cadre_id].append(f"{cat}{('（' + rater + '）') if rater else ''}")
    got: Counter[int] = Counter()
    issued: Counter[int] = Counter()
    for cadre_id, n_issued, n in session.execute(
            select(BallotBatch.cadre_id, BallotBatch.issued, func.count(Ballot.id))
            .outerjoin(Ballot, Ballot.batch_id == BallotBatch.id)
            .where(BallotBatch.campaign_id == campaign_id).group_by(BallotBatch.id)):
        got[cadre_id] += n
        issued[cadre_id] += n_issued
    entries = {cid: (n, total) for cid, n, total in session.execute(
        select(PointEntry.cadre_id, func.count(), func.sum(PointEntry.points))
        .where(PointEntry.campaign_id == campaign_id).group_by(PointEntry.cadre_id))}

    def rows() -> Iterator[list[Any]]:
        for cid in order:
            name, number, post = people.get(cid, ("", "", ""))
            n, total = entries.get(cid, (0, 0))
            yield [name, number, post, talks[cid], done[cid], len(missing[cid]), "、".join(missing[cid]),
                   got[cid] if issued[cid] else None, issued[cid] or None, n, total if n else None]

    return Sheet(f"{campaign.name}考核进度", PROGRESS_COLUMNS, rows(), len(ids),
                 f"状态：{campaign.status_label}", unit="人", name="考核进度")


# --- writing ----------------------------------------------------------------------------------

def sheets_for(session: Session, kind: str, campaign_id: int | None = None) -> list[Sheet]:
    if kind == "ledger":
        return [ledger_sheet(session, campaign_id)]
    if kind == "tallies":
        return tally_sheets(session, campaign_id)
    if kind == "ballots":
        return ballot_sheets(session, campaign_id)
    if kind == "campaigns":
        out = [campaign_sheet(session, campaign_id)]
        if campaign_id is not None:
            out.append(progress_sheet(session, campaign_id))
        return out
    raise FrontlineError(f"无法导出 {kind}：可导出 {'、'.join(KINDS)}")


def export(ws: Workspace, kind: str, out: Path | str, *, campaign_id: int | None = None,
           progress: Progress | None = None, cancelled: Check | None = None) -> int:
    """Write `kind` (ledger, tallies, ballots, campaigns) as xlsx to `out`; returns the rows written.
    Refused (nothing written) when there is nothing to export."""
    with ws.read(traces.action(kind)) as s:  # refused before a byte is written
        found = sheets_for(s, kind, campaign_id)
        if not any(sheet.total for sheet in found):
            where = f"“{_campaign_name(s, campaign_id)}”中" if campaign_id is not None else "数据库中"
            raise FrontlineError(f"{where}还没有{KINDS[kind]}，没有生成文件")
        with atomic_writer(out) as fh:
            written = write_tables(fh, found, progress=progress, cancelled=cancelled)
    traces.record(ws, kind, [Path(out)], records=written, detail={"campaign_id": campaign_id})
    return written


def default_name(kind: str, campaign: str = "", today: dt.date | None = None) -> str:
    stem = f"{campaign}-{KINDS[kind]}" if campaign else KINDS[kind]
    bad = '\\/:*?"<>|'
    return "".join("_" if ch in bad else ch for ch in stem) + f"-{(today or dt.date.today()):%Y%m%d}.xlsx"
