"""Filled evaluation sheets, paper ballots, and the tally of a cadre's results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound
from desktop.models import Ballot, BallotBatch, Cadre, Sheet, SheetAnswer, TemplateItem
from desktop.models.base import utcnow
from desktop.models.scoring import ItemLike, Response, Tally, grade_labels, is_flag, score, sheet_problems, tally
from desktop.models.sheets import RATER_CATEGORIES
from desktop.models.validation import ValidationFailed
from desktop.services.campaigns import campaigns
from desktop.services.evaluation import templates
from desktop.services.evaluation.sheet_versions import SheetAnswers, sheet_kind, sheet_name, shown, stored
from desktop.services.operations import OpContext
from desktop.services.record_versions import count_link_change, refuse_if_stale
from desktop.services.workspace import Workspace


def _category(category: str) -> None:
    if category not in RATER_CATEGORIES:
        raise FrontlineError(f"测评人类别应为{'、'.join(RATER_CATEGORIES)}之一")


# --- sheets -----------------------------------------------------------------------------------


def plan(ws: Workspace, campaign_id: int, template_id: int, raters: Mapping[str, Sequence[str]],
         cadre_ids: Sequence[int] | None = None) -> int:
    """Create a pending sheet for every assessed cadre and every planned rater
    (category → rater names); existing sheets are kept. Returns how many were added."""
    for category in raters:
        _category(category)

    def op(ctx: OpContext) -> int:
        s = ctx.session
        campaigns.ensure_open(s, campaign_id)
        templates.get(s, template_id)
        targets = list(cadre_ids) if cadre_ids is not None else campaigns.assessed_ids(s, campaign_id)
        existing: set[tuple[int, str, str]] = set(s.execute(
            select(Sheet.cadre_id, Sheet.rater_category, Sheet.rater_name).where(
                Sheet.campaign_id == campaign_id, Sheet.template_id == template_id)).all())
        added = 0
        for cadre_id in targets:
            for category, names in raters.items():
                for name in names:
                    key = (cadre_id, category, name.strip())
                    if key not in existing:
                        s.add(Sheet(campaign_id=campaign_id, template_id=template_id, cadre_id=cadre_id,
                                    rater_category=category, rater_name=name.strip(), author=ws.actor.username))
                        existing.add(key)
                        added += 1
        return added

    return ws.run("sheet.plan", op).value


def new_sheet(ws: Workspace, template_id: int, cadre_id: int, category: str, rater_name: str = "",
              campaign_id: int | None = None) -> int:
    _category(category)

    def op(ctx: OpContext) -> int:
        campaigns.ensure_open(ctx.session, campaign_id)
        if ctx.session.get(Cadre, cadre_id) is None:
            raise NotFound("被测评的干部档案不存在")
        sheet = Sheet(campaign_id=campaign_id, template_id=template_id, cadre_id=cadre_id, rater_category=category,
                      rater_name=rater_name.strip(), author=ws.actor.username)
        ctx.session.add(sheet)
        ctx.session.flush()
        return int(sheet.id)

    return ws.run("sheet.create", op).value


def get(session: Session, sheet_id: int) -> Sheet:
    sheet = session.scalar(select(Sheet).where(Sheet.id == sheet_id).options(selectinload(Sheet.answers)))
    if sheet is None:
        raise NotFound("该测评表不存在（可能已被删除）")
    return sheet


def fill(ws: Workspace, sheet_id: int, answers: Mapping[int, tuple[str, str]], version: int | None = None) -> None:
    """Record a rater's answers (item id → (value, fact)) and mark the sheet complete.
    Refused, with every problem listed, if an item is unanswered or a low rating has no fact;
    refused with both versions (StaleRecord) if someone saved other answers since the sheet was
    read at `version` (None: not checked)."""

    def op(ctx: OpContext) -> None:
        s = ctx.session
        sheet = get(s, sheet_id)
        campaigns.ensure_open(s, sheet.campaign_id)
        items = templates.get(s, sheet.template_id).items
        problems = sheet_problems(items, answers)
        if problems:
            raise ValidationFailed(problems)
        _save(ctx, sheet, items, SheetAnswers(answers, version), complete=True)

    ws.run("sheet.fill", op)


def keep_draft(ws: Workspace, sheet_id: int, answers: Mapping[int, tuple[str, str]],
               version: int | None = None) -> int:
    """Keep a half-filled sheet's answers without completing it (a rater called away mid-sheet):
    it stays 待填写 — tallies count complete sheets only — and opens with them next time.
    Nothing is checked but that the sheet is still to fill and, as `fill` does, that nobody
    saved other answers since `version`. Returns the items answered."""

    def op(ctx: OpContext) -> int:
        s = ctx.session
        sheet = get(s, sheet_id)
        campaigns.ensure_open(s, sheet.campaign_id)
        if sheet.status == "complete":
            raise FrontlineError("该测评表已经填写完成，不能再存为草稿；要留下已录入的内容，请保存整张表")
        items = templates.get(s, sheet.template_id).items
        return _save(ctx, sheet, items, SheetAnswers(answers, version), complete=False)

    return int(ws.run("sheet.fill", op).value)


def _save(ctx: OpContext, sheet: Sheet, items: Sequence[TemplateItem], mine: SheetAnswers, *,
          complete: bool) -> int:
    """Store the answers (complete: all of them, and the sheet is done; else a draft) unless a
    save since `mine.version` holds others, and count it as a save of the sheet: a draft changes
    only answer rows, which the sheet's version does not see. Nothing is written before the check."""
    s = ctx.session
    refuse_if_stale(s, sheet, mine, sheet_kind(items), lambda: stored(sheet), sheet_name(s, sheet), shown(items))
    before = sheet.row_version
    answered = _store(sheet, [item.id for item in items], mine.answers, keep_blank=complete)
    if complete:
        sheet.status = "complete"
        sheet.completed_at = utcnow()
    s.flush()
    if sheet.row_version == before:
        ctx.record("sheet", entity_id=sheet.id, after={"answered": answered})  # who saved it, for the next refusal
        count_link_change(s, sheet, before)
    return answered


def _store(sheet: Sheet, item_ids: list[int], answers: Mapping[int, tuple[str, str]], *, keep_blank: bool) -> int:
    """Write the answers onto the sheet's rows; a draft keeps no row for an unanswered item."""
    by_item = {a.item_id: a for a in sheet.answers}
    answered = 0
    for item_id in item_ids:
        value, fact = (x.strip() for x in answers.get(item_id, ("", "")))
        row = by_item.get(item_id)
        if not (value or fact or keep_blank):
            if row is not None:
                sheet.answers.remove(row)
            continue
        if row is None:
            row = SheetAnswer(item_id=item_id)
            sheet.answers.append(row)
        row.value, row.fact = value, fact
        answered += bool(value)
    return answered


def delete_sheet(ws: Workspace, sheet_id: int) -> None:
    def op(ctx: OpContext) -> None:
        sheet = get(ctx.session, sheet_id)
        campaigns.ensure_open(ctx.session, sheet.campaign_id)
        ctx.session.delete(sheet)

    ws.run("sheet.delete", op)


def sheet_score(session: Session, sheet_id: int) -> float | None:
    sheet = get(session, sheet_id)
    items = templates.get(session, sheet.template_id).items
    value = score(items, {a.item_id: a.value for a in sheet.answers})
    return float(value) if value is not None else None


@dataclass(frozen=True)
class SheetRow:
    id: int
    cadre_id: int
    cadre: str
    template: str
    category: str
    rater: str
    status: str
    score: float | None

    @property
    def state(self) -> str:
        return "已完成" if self.status == "complete" else "待填写"


@dataclass(frozen=True)
class PlainItem:
    """A template item detached from the session: scoring thousands of sheets reads its
    fields often, and plain attributes are many times cheaper than mapped ones."""

    id: int
    text: str
    weight_centi: int
    scale: dict[str, Any]
    fact_below: int
    is_overall: bool

    @classmethod
    def of(cls, item: TemplateItem) -> PlainItem:
        return cls(item.id, item.text, item.weight_centi, item.scale, item.fact_below, item.is_overall)


def plain_items(items: Iterable[TemplateItem]) -> list[ItemLike]:
    """A template's items as plain rows, for scoring. The cast: models.scoring.ItemLike
    declares its members as plain (settable) attributes, which a frozen row has read-only;
    scoring only reads them."""
    return cast("list[ItemLike]", [PlainItem.of(i) for i in items])


def completed_answers(session: Session, *where: ColumnElement[bool]) -> dict[int, dict[int, str]]:
    """Sheet id → item id → value of the complete sheets matching `where`, in one query."""
    answers: dict[int, dict[int, str]] = defaultdict(dict)
    for sheet_id, item_id, value in session.execute(
            select(SheetAnswer.sheet_id, SheetAnswer.item_id, SheetAnswer.value)
            .join(Sheet, Sheet.id == SheetAnswer.sheet_id).where(*where, Sheet.status == "complete")):
        answers[sheet_id][item_id] = value
    return answers


def sheets_of(session: Session, campaign_id: int | None = None, cadre_id: int | None = None) -> list[SheetRow]:
    # Plain columns rather than entities: a campaign's thousand sheets list at once.
    where = [c for c in (Sheet.campaign_id == campaign_id if campaign_id is not None else None,
                         Sheet.cadre_id == cadre_id if cadre_id is not None else None) if c is not None]
    found = session.execute(select(Sheet.id, Sheet.cadre_id, Sheet.template_id, Sheet.rater_category,
                                   Sheet.rater_name, Sheet.status).where(*where)
                            .order_by(Sheet.cadre_id, Sheet.rater_category, Sheet.rater_name)).all()
    answers = completed_answers(session, *where)
    names = dict(session.execute(select(Cadre.id, Cadre.name).where(Cadre.id.in_({x.cadre_id for x in found}))).all())
    cache: dict[int, tuple[str, list[ItemLike]]] = {}
    rows = []
    for sheet_id, cadre, template_id, category, rater, status in found:
        if template_id not in cache:
            t = templates.get(session, template_id)
            cache[template_id] = (f"{t.name}（第{t.version}版）", plain_items(t.items))
        label, items = cache[template_id]
        value = score(items, answers.get(sheet_id, {})) if status == "complete" else None
        rows.append(SheetRow(sheet_id, cadre, names.get(cadre, ""), label, category, rater, status,
                             float(value) if value is not None else None))
    return rows


# --- ballots ----------------------------------------------------------------------------------


def create_batch(ws: Workspace, template_id: int, cadre_id: int, category: str, issued: int,
                 campaign_id: int | None = None, title: str = "") -> int:
    _category(category)
    if issued <= 0:
        raise FrontlineError("发出票数应大于 0")

    def op(ctx: OpContext) -> int:
        campaigns.ensure_open(ctx.session, campaign_id)
        template = templates.get(ctx.session, template_id)
        if not any(grade_labels(i) for i in template.items):
            raise FrontlineError(f"“{template.name}”没有按等次评价的项目，不能用于测评票")
        batch = BallotBatch(campaign_id=campaign_id, template_id=template_id, cadre_id=cadre_id,
                            rater_category=category, issued=issued, title=title.strip())
        ctx.session.add(batch)
        ctx.session.flush()
        return int(batch.id)

    return ws.run("ballot.batch", op).value


def batch(session: Session, batch_id: int) -> BallotBatch:
    found = session.scalar(select(BallotBatch).where(BallotBatch.id == batch_id)
                           .options(selectinload(BallotBatch.ballots)))
    if found is None:
        raise NotFound("该测评票批次不存在")
    return found


def ballot_items(session: Session, batch_id: int) -> list[TemplateItem]:
    """The items a ballot asks about, in order (checklist items are not on paper ballots)."""
    return [i for i in templates.get(session, batch(session, batch_id).template_id).items if not is_flag(i)]


def add_ballot(ws: Workspace, batch_id: int, marks: Mapping[int, str]) -> int:
    """One paper ballot: item id → grade label ("" for a cell left blank). Returns its number."""

    def op(ctx: OpContext) -> int:
        s = ctx.session
        b = batch(s, batch_id)
        campaigns.ensure_open(s, b.campaign_id)
        if len(b.ballots) >= b.issued:
            raise FrontlineError(f"已录入 {len(b.ballots)} 张，等于发出的票数 {b.issued}，不能再录入")
        items = ballot_items(s, batch_id)
        clean: dict[str, str] = {}
        for item in items:
            value = (marks.get(item.id) or "").strip()
            if value and value not in grade_labels(item):
                raise FrontlineError(f"“{value}”不是“{item.text[:12]}”的可选等次")
            clean[str(item.id)] = value
        seq = (max((x.seq for x in b.ballots), default=0)) + 1
        s.add(Ballot(batch_id=batch_id, seq=seq, marks=clean, author=ws.actor.username))
        return seq

    return ws.run("ballot.add", op).value


def undo_last_ballot(ws: Workspace, batch_id: int) -> int | None:
    """Remove the most recently entered ballot of a batch (its number), if any."""

    def op(ctx: OpContext) -> int | None:
        b = batch(ctx.session, batch_id)
        campaigns.ensure_open(ctx.session, b.campaign_id)
        if not b.ballots:
            return None
        last = max(b.ballots, key=lambda x: x.seq)
        ctx.session.delete(last)
        return int(last.seq)

    return ws.run("ballot.undo", op).value


def batches(session: Session, campaign_id: int | None = None, cadre_id: int | None = None) -> list[BallotBatch]:
    stmt = select(BallotBatch).options(selectinload(BallotBatch.ballots)).order_by(BallotBatch.id)
    if campaign_id is not None:
        stmt = stmt.where(BallotBatch.campaign_id == campaign_id)
    if cadre_id is not None:
        stmt = stmt.where(BallotBatch.cadre_id == cadre_id)
    return list(session.scalars(stmt))


# --- tally ------------------------------------------------------------------------------------


@dataclass
class CadreTally:
    cadre_id: int
    template_id: int
    tally: Tally
    missing: list[str]  # raters whose sheets are not in

    @property
    def turnout(self) -> tuple[int, int]:
        responses = sum(c.responses for c in self.tally.categories.values())
        issued = sum(c.issued for c in self.tally.categories.values())
        return responses, issued


def tally_of(items: Sequence[TemplateItem], sheet_rows: Iterable[Sheet], batch_rows: Iterable[BallotBatch],
             weights: Mapping[str, int] | None = None) -> tuple[Tally, list[str]]:
    """The tally of loaded sheets (answers loaded) and ballot batches (ballots loaded) of one
    template, and the raters whose sheets are not in. Reports call this for many cadres at once."""
    responses: list[Response] = []
    issued: dict[str, int] = {}
    missing: list[str] = []
    for sh in sheet_rows:
        issued[sh.rater_category] = issued.get(sh.rater_category, 0) + 1
        if sh.status == "complete":
            responses.append(Response(sh.rater_category, {a.item_id: a.value for a in sh.answers}))
        else:
            missing.append(f"{sh.rater_category}：{sh.rater_name or '（未具名）'}")
    for b in batch_rows:
        issued[b.rater_category] = issued.get(b.rater_category, 0) + b.issued
        for ballot in b.ballots:
            responses.append(Response(b.rater_category, {int(k): v for k, v in ballot.marks.items()}))
    return tally(items, responses, issued, weights or {}), missing


def cadre_tally(session: Session, cadre_id: int, template_id: int, campaign_id: int | None = None) -> CadreTally:
    """Everything rated about a cadre with one template: named sheets and paper ballots."""
    items = templates.get(session, template_id).items
    sheet_stmt = select(Sheet).options(selectinload(Sheet.answers)).where(
        Sheet.cadre_id == cadre_id, Sheet.template_id == template_id)
    batch_stmt = select(BallotBatch).options(selectinload(BallotBatch.ballots)).where(
        BallotBatch.cadre_id == cadre_id, BallotBatch.template_id == template_id)
    weights: dict[str, int] = {}
    if campaign_id is not None:
        sheet_stmt = sheet_stmt.where(Sheet.campaign_id == campaign_id)
        batch_stmt = batch_stmt.where(BallotBatch.campaign_id == campaign_id)
        weights = dict(campaigns.get(session, campaign_id).rater_weights or {})
    result, missing = tally_of(items, session.scalars(sheet_stmt), session.scalars(batch_stmt), weights)
    return CadreTally(cadre_id, template_id, result, missing)


def rated_cadres(session: Session, campaign_id: int) -> list[tuple[int, int]]:
    """(cadre id, template id) pairs that have sheets or ballots in a campaign."""
    pairs = set(session.execute(select(Sheet.cadre_id, Sheet.template_id).where(Sheet.campaign_id == campaign_id)))
    pairs |= set(session.execute(select(BallotBatch.cadre_id, BallotBatch.template_id)
                                 .where(BallotBatch.campaign_id == campaign_id)))
    return sorted(pairs)

