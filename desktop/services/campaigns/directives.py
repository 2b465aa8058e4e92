"""The instruction ledger (工作台账): higher-level instructions and central tasks, broken
into items that campaigns assess."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import FrontlineError, NotFound
from desktop.models import Campaign, Directive, DirectiveItem, campaign_directive_item
from desktop.models.dates import PartialDate
from desktop.services.operations import OpContext
from desktop.services.record_versions import RecordKind, count_link_change, refuse_if_stale, text
from desktop.services.workspace import Workspace


@dataclass
class ItemInput:
    text: str
    deadline: PartialDate | None = None  # a month is enough: 2026.06
    responsible: str = ""
    id: int | None = None


@dataclass
class DirectiveInput:
    title: str
    source: str = ""
    issued_by: str = ""
    issued_on: dt.date | None = None
    doc_no: str = ""
    content: str = ""
    items: list[ItemInput] = field(default_factory=list)
    version: int | None = None  # the directive's row version when it was opened (None: not checked)


DIRECTIVE = RecordKind("工作台账", {
    "title": "标题", "source": "来源", "issued_by": "印发机关", "issued_on": "日期", "doc_no": "文号",
    "content": "内容摘要", "items": "分解事项"})


def _item_text(item: ItemInput) -> str:
    when = f"，{item.deadline.dotted()}前" if item.deadline else ""
    who = f"，{item.responsible}" if item.responsible else ""
    return f"{item.text}{when}{who}"


def _shown(key: str, value: Any) -> str:
    return "；".join(_item_text(i) for i in value) if key == "items" else text(value)


def load(session: Session, directive_id: int) -> DirectiveInput:
    d = get(session, directive_id)
    items = [ItemInput(i.text, i.deadline, i.responsible, i.id) for i in d.items]
    return DirectiveInput(d.title, d.source, d.issued_by, d.issued_on, d.doc_no, d.content, items, d.row_version)


def save(ws: Workspace, data: DirectiveInput, directive_id: int | None = None) -> int:
    if not data.title.strip():
        raise FrontlineError("台账标题：必填")
    if any(not i.text.strip() for i in data.items):
        raise FrontlineError("分解事项的内容不能为空")

    def op(ctx: OpContext) -> int:
        s = ctx.session
        if directive_id is None:
            directive = Directive(title="")
            s.add(directive)
        else:
            directive = get(s, directive_id)
            refuse_if_stale(s, directive, data, DIRECTIVE, lambda: load(s, directive_id), directive.title, _shown)
        version_before = directive.row_version if directive_id is not None else None
        items_before = [(i.id, i.text, i.deadline, i.responsible) for i in directive.items]
        for key in ("title", "source", "issued_by", "issued_on", "doc_no", "content"):
            value = getattr(data, key)
            setattr(directive, key, value.strip() if isinstance(value, str) else value)
        existing = {i.id: i for i in directive.items}
        kept = []
        for seq, item in enumerate(data.items):
            row = existing.get(item.id) if item.id else None
            if row is None:
                row = DirectiveItem(text="")
            row.text, row.deadline, row.responsible, row.seq = item.text.strip(), item.deadline, \
                item.responsible.strip(), seq
            kept.append(row)
        directive.items = kept
        s.flush()
        if [(i.id, i.text, i.deadline, i.responsible) for i in directive.items] != items_before:
            count_link_change(s, directive, version_before)  # its items are part of what was opened
        return int(directive.id)

    return ws.run("directive.save" if directive_id else "directive.create", op).value


def get(session: Session, directive_id: int) -> Directive:
    directive = session.scalar(select(Directive).where(Directive.id == directive_id)
                               .options(selectinload(Directive.items)))
    if directive is None:
        raise NotFound("该台账条目不存在（可能已被删除）")
    return directive


def delete(ws: Workspace, directive_id: int) -> None:
    def op(ctx: OpContext) -> None:
        directive = get(ctx.session, directive_id)
        linked = ctx.session.scalar(select(func.count()).select_from(campaign_directive_item).where(
            campaign_directive_item.c.item_id.in_([i.id for i in directive.items])))
        if linked:
            raise FrontlineError("该台账条目的事项已关联到考核，不能删除")
        ctx.session.delete(directive)

    ws.run("directive.delete", op)


@dataclass(frozen=True)
class DirectiveRow:
    id: int
    title: str
    source: str
    issued_by: str
    issued_on: dt.date | None
    items: int
    campaigns: int


def listing(session: Session) -> list[DirectiveRow]:
    items = (select(func.count()).select_from(DirectiveItem).where(DirectiveItem.directive_id == Directive.id)
             .scalar_subquery())
    campaigns = (select(func.count(func.distinct(campaign_directive_item.c.campaign_id)))
                 .join(DirectiveItem, DirectiveItem.id == campaign_directive_item.c.item_id)
                 .where(DirectiveItem.directive_id == Directive.id).scalar_subquery())
    rows = session.execute(select(Directive.id, Directive.title, Directive.source, Directive.issued_by,
                                  Directive.issued_on, items, campaigns)
                           .order_by(Directive.issued_on.desc(), Directive.id.desc()))
    return [DirectiveRow(*r) for r in rows]


def campaigns_of_item(session: Session, item_id: int) -> list[str]:
    return list(session.scalars(select(Campaign.name).join(
        campaign_directive_item, campaign_directive_item.c.campaign_id == Campaign.id)
        .where(campaign_directive_item.c.item_id == item_id)))


def items_of_campaign(session: Session, campaign_id: int) -> list[tuple[int, str, str]]:
    """(item id, directive title, item text) linked to a campaign."""
    rows = session.execute(select(DirectiveItem.id, Directive.title, DirectiveItem.text)
                           .join(Directive, Directive.id == DirectiveItem.directive_id)
                           .join(campaign_directive_item, campaign_directive_item.c.item_id == DirectiveItem.id)
                           .where(campaign_directive_item.c.campaign_id == campaign_id)
                           .order_by(Directive.id, DirectiveItem.seq))
    return [(i, t, x) for i, t, x in rows]
