"""What the 测评 screens need beyond `sheets` and `templates`: the assessed cadres as a
clerk recognises them (name, unit, post), a campaign's table of tallies, correcting a
ballot batch's issued count, removing an empty batch, and retiring a template."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import Ballot, BallotBatch, Sheet, SheetTemplate
from desktop.models.scoring import Response, tally
from desktop.models.sheets import RATER_CATEGORIES
from desktop.services.cadres import roster
from desktop.services.campaigns import campaigns
from desktop.services.evaluation import sheets, templates
from desktop.services.evaluation.sheets import CadreTally
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class CadreLabel:
    id: int
    name: str
    unit: str
    post: str

    @property
    def label(self) -> str:
        where = " ".join(x for x in (self.unit, self.post) if x)
        return f"{self.name}（{where}）" if where else self.name


def cadre_labels(session: Session, ids: list[int]) -> list[CadreLabel]:
    """Name, unit and post of each cadre, in the order given (unknown ids skipped)."""
    return [CadreLabel(r.id, r.values["name"], r.values["unit"] or "", r.values["post"] or "")
            for r in roster.rows_for(session, ids)]


def campaign_cadres(session: Session, campaign_id: int) -> list[CadreLabel]:
    """The cadres a campaign assesses, by name."""
    found = cadre_labels(session, campaigns.assessed_ids(session, campaign_id))
    return sorted(found, key=lambda c: (c.unit, c.name))


def template_label(template: SheetTemplate) -> str:
    return f"{template.name}（第{template.version}版）"


@dataclass(frozen=True)
class TallyRow:
    """One cadre of a campaign with a template, as the campaign's tally table shows it."""

    rank: int | None  # None: no valid response yet, so no place among those rated
    cadre_id: int
    template_id: int
    name: str
    unit_post: str
    template: str
    means: dict[str, Decimal | None]  # rater category → mean score
    weighted: Decimal | None
    responses: int
    issued: int
    missing: int

    @property
    def turnout(self) -> Decimal | None:
        return (Decimal(self.responses) * 100 / self.issued).quantize(Decimal("0.1")) if self.issued else None


def campaign_tallies(session: Session, campaign_id: int) -> dict[tuple[int, int], CadreTally]:
    """sheets.cadre_tally for every (cadre, template) rated in a campaign, from four plain
    queries instead of four per cadre: a campaign of hundreds of cadres tallies at once."""
    weights = dict(campaigns.get(session, campaign_id).rater_weights or {})
    sheet_rows = session.execute(
        select(Sheet.id, Sheet.cadre_id, Sheet.template_id, Sheet.rater_category, Sheet.rater_name, Sheet.status)
        .where(Sheet.campaign_id == campaign_id).order_by(Sheet.id)).all()
    answers = sheets.completed_answers(session, Sheet.campaign_id == campaign_id)
    batch_rows_ = session.execute(
        select(BallotBatch.id, BallotBatch.cadre_id, BallotBatch.template_id, BallotBatch.rater_category,
               BallotBatch.issued).where(BallotBatch.campaign_id == campaign_id).order_by(BallotBatch.id)).all()
    marks: dict[int, list[dict[str, str]]] = defaultdict(list)
    for batch_id, ballot_marks in session.execute(
            select(Ballot.batch_id, Ballot.marks).join(BallotBatch, BallotBatch.id == Ballot.batch_id)
            .where(BallotBatch.campaign_id == campaign_id).order_by(Ballot.batch_id, Ballot.seq)):
        marks[batch_id].append(ballot_marks)

    responses: dict[tuple[int, int], list[Response]] = defaultdict(list)
    issued: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    missing: dict[tuple[int, int], list[str]] = defaultdict(list)
    for sheet_id, cadre_id, template_id, category, rater, status in sheet_rows:
        key = (cadre_id, template_id)
        issued[key][category] += 1
        if status == "complete":
            responses[key].append(Response(category, answers.get(sheet_id, {})))
        else:
            missing[key].append(f"{category}：{rater or '（未具名）'}")
    for batch_id, cadre_id, template_id, category, count in batch_rows_:
        key = (cadre_id, template_id)
        issued[key][category] += count
        responses[key] += [Response(category, {int(k): v for k, v in m.items()}) for m in marks[batch_id]]
    items = {t: sheets.plain_items(templates.get(session, t).items) for t in {t for _c, t in issued}}
    return {key: CadreTally(key[0], key[1], tally(items[key[1]], responses[key], dict(issued[key]), weights),
                            missing[key]) for key in sorted(issued)}


def tally_table(session: Session, campaign_id: int) -> list[TallyRow]:
    """Every cadre rated in a campaign with each template used, grouped by template, best
    weighted score first; ranks count within a template and equal scores share one. A cadre
    without a result yet (sheets issued, none returned) is listed last, without a rank."""
    tallies = campaign_tallies(session, campaign_id)
    labels = {c.id: c for c in cadre_labels(session, sorted({cid for cid, _t in tallies}))}
    names = {t: template_label(templates.get(session, t)) for t in {t for _c, t in tallies}}
    rows = []
    for (cadre_id, template_id), result in tallies.items():
        label = labels.get(cadre_id, CadreLabel(cadre_id, "", "", ""))
        responses, issued = result.turnout
        means = {c: result.tally.categories[c].mean for c in RATER_CATEGORIES if c in result.tally.categories}
        rows.append((label, template_id, means, result.tally.weighted, responses, issued, len(result.missing)))
    rows.sort(key=lambda r: (names[r[1]], r[1], r[3] is None, -(r[3] or 0), r[0].name))
    out: list[TallyRow] = []
    n = 0
    for label, template_id, means, weighted, responses, issued, missing in rows:
        same_template = bool(out) and out[-1].template_id == template_id
        n = n + 1 if same_template else 1
        rank = out[-1].rank if same_template and weighted is not None and out[-1].weighted == weighted else n
        if weighted is None:
            rank = None
        out.append(TallyRow(rank, label.id, template_id, label.name, " ".join(x for x in (label.unit, label.post) if x),
                            names[template_id], means, weighted, responses, issued, missing))
    return out


@dataclass(frozen=True)
class BatchRow:
    id: int
    cadre_id: int
    cadre: str
    template: str
    category: str
    issued: int
    entered: int
    title: str

    @property
    def state(self) -> str:
        if self.entered >= self.issued:
            return "已录完"
        return f"还差 {self.issued - self.entered} 张" if self.entered else "未录入"


def batch_rows(session: Session, campaign_id: int) -> list[BatchRow]:
    """A campaign's ballot batches with who they rate and how far entry has got."""
    found = sheets.batches(session, campaign_id)
    names = {c.id: c.name for c in cadre_labels(session, sorted({b.cadre_id for b in found}))}
    labels = {t: template_label(templates.get(session, t)) for t in {b.template_id for b in found}}
    return [BatchRow(b.id, b.cadre_id, names.get(b.cadre_id, ""), labels[b.template_id], b.rater_category,
                     b.issued, len(b.ballots), b.title) for b in found]


def set_issued(ws: Workspace, batch_id: int, issued: int) -> None:
    """Correct the number of ballots handed out (never below those already entered)."""

    def op(ctx: OpContext) -> None:
        b = sheets.batch(ctx.session, batch_id)
        campaigns.ensure_open(ctx.session, b.campaign_id)
        if issued < len(b.ballots):
            raise FrontlineError(f"已录入 {len(b.ballots)} 张，发出票数不能少于已录入的张数")
        if issued <= 0:
            raise FrontlineError("发出票数应大于 0")
        b.issued = issued

    ws.run("ballot.issued", op)


def delete_batch(ws: Workspace, batch_id: int) -> None:
    """Remove a batch created by mistake; one with ballots entered is kept (undo them first)."""

    def op(ctx: OpContext) -> None:
        b = sheets.batch(ctx.session, batch_id)
        campaigns.ensure_open(ctx.session, b.campaign_id)
        entered = int(ctx.session.scalar(select(func.count()).select_from(Ballot)
                                         .where(Ballot.batch_id == batch_id)) or 0)
        if entered:
            raise FrontlineError(f"该批次已录入 {entered} 张测评票，不能删除；请先逐张撤销")
        ctx.session.delete(b)

    ws.run("ballot.batch_delete", op)


def set_retired(ws: Workspace, template_id: int, retired: bool) -> None:
    """停用 a template (no longer offered for new sheets; filled sheets keep it) or use it again."""

    def op(ctx: OpContext) -> None:
        template = templates.get(ctx.session, template_id)
        if not retired and not template.published:
            raise FrontlineError("草稿不能启用，请先发布")
        template.retired = retired
        if not retired:  # one version of a template is in use at a time
            for other in ctx.session.scalars(select(SheetTemplate).where(
                    SheetTemplate.family == template.family, SheetTemplate.id != template.id)):
                other.retired = True

    ws.run("template.retire" if retired else "template.restore", op)
