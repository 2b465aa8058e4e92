"""Evaluation sheet templates: the shipped ones, editing (with versions), weight checks."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop import paths
from desktop.errors import FrontlineError, NotFound
from desktop.models import Sheet, SheetTemplate, TemplateItem, TemplateSection
from desktop.models.scoring import ItemLike, template_problems
from desktop.models.sheets import TEMPLATE_KINDS
from desktop.models.validation import ValidationFailed
from desktop.services.evaluation.template_text import items_text
from desktop.services.operations import OpContext
from desktop.services.record_versions import Difference, RecordKind, StaleRecord, differences, last_saved, text
from desktop.services.workspace import Workspace


@dataclass
class ItemSpec:
    """An item as the template editor holds it (weights in points, e.g. 3.5)."""

    text: str
    weight: Decimal = Decimal(0)
    scale: dict[str, Any] = field(default_factory=lambda: {"type": "grades", "grades": [
        ["好", 100], ["较好", 80], ["一般", 60], ["差", 30]]})
    fact_below: int = 61
    is_overall: bool = False
    # Scoring needs an id; the editor numbers new items itself. Not part of what the item says:
    # two versions of a template are compared (TEMPLATE) without it.
    id: int = field(default=0, compare=False)

    @property
    def weight_centi(self) -> int:
        return int((self.weight * 100).to_integral_value())


@dataclass
class SectionSpec:
    title: str
    checklist: bool = False
    items: list[ItemSpec] = field(default_factory=list)


@dataclass
class TemplateSpec:
    name: str
    kind: str = "其他"
    description: str = ""
    sections: list[SectionSpec] = field(default_factory=list)
    family: str = ""

    def all_items(self) -> list[ItemSpec]:
        return [i for s in self.sections for i in s.items]

    def problems(self) -> list[str]:
        out = []
        if not self.name.strip():
            out.append("名称：必填")
        if self.kind not in TEMPLATE_KINDS:
            out.append(f"类别：应为{'、'.join(TEMPLATE_KINDS)}之一")
        if not self.all_items():
            out.append("评议表至少要有一项")
        for s in self.sections:
            if s.checklist and any(i.scale.get("type") != "flag" for i in s.items):
                out.append(f"“{s.title}”是负面清单，其中各项应为勾选扣分")
        for s in self.sections:
            if not s.title.strip():
                out.append("各部分都要有标题")
                break
        for n, item in enumerate(self.all_items(), start=1):
            item.id = item.id or n
            if not item.text.strip():
                out.append(f"第{n}项：请填写评议项目的内容")
        # The cast: models.scoring.ItemLike declares weight_centi a plain attribute; here it is
        # a property computed from the weight in points, which the checks only read.
        out += [p.message for p in template_problems(cast("list[ItemLike]", self.all_items()))]
        return out


def shipped() -> list[TemplateSpec]:
    """The templates written for this program (resources/templates)."""
    out = []
    for path in sorted((paths.resources_dir() / "templates").glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        sections = []
        for sec in doc["sections"]:
            items = [ItemSpec(text=i["text"], weight=Decimal(str(i.get("weight", 0))), scale=i["scale"],
                              fact_below=int(i.get("fact_below", doc.get("fact_below", 61))),
                              is_overall=bool(i.get("overall", False))) for i in sec["items"]]
            sections.append(SectionSpec(sec["title"], bool(sec.get("checklist", False)), items))
        out.append(TemplateSpec(doc["name"], doc["kind"], doc.get("description", ""), sections, doc["family"]))
    return out


def _fill(template: SheetTemplate, spec: TemplateSpec) -> None:
    seq = 0
    for s_seq, sec in enumerate(spec.sections):
        section = TemplateSection(seq=s_seq, title=sec.title.strip(), checklist=sec.checklist)
        template.sections.append(section)
        for item in sec.items:
            template.items.append(TemplateItem(text=item.text.strip(), weight_centi=item.weight_centi,
                                               scale=item.scale, fact_below=item.fact_below,
                                               is_overall=item.is_overall, seq=seq, section=section))
            seq += 1


def _build(spec: TemplateSpec, family: str, version: int) -> SheetTemplate:
    template = SheetTemplate(family=family, version=version, name=spec.name.strip(), kind=spec.kind,
                             description=spec.description.strip(), published=False)
    _fill(template, spec)
    return template


def seed(session: Session) -> None:
    """Put the shipped templates into a database that has none, published."""
    if session.scalar(select(func.count()).select_from(SheetTemplate)):
        return
    for spec in shipped():
        template = _build(spec, spec.family, 1)
        template.published = True
        session.add(template)
    session.flush()


# Two saves of a draft compared field by field, in the editor's order. Its items are one field:
# they have no identity from one save to the next (only their place), their weights must add
# up to 100 and a negative list holds only flag items, so taking the third item from one
# version and the fourth from the other makes a sheet neither administrator wrote, and most
# often one that cannot be published. An administrator takes one list and adjusts it in the
# editor afterwards. `family` is not compared: it names the template, the editor never changes it.
TEMPLATE = RecordKind("评议表模板", {"name": "名称", "kind": "类别", "description": "说明", "sections": "评议项目"})
NOT_COMPARED = ("family",)


def _shown(key: str, value: Any) -> str:
    return items_text(value) if key == "sections" else text(value)


def template_differences(mine: TemplateSpec, theirs: TemplateSpec) -> list[Difference]:
    # Whitespace around names is not kept (_build strips it): a save that differs only there differs in nothing.
    def kept(spec: TemplateSpec) -> TemplateSpec:
        return replace(spec, name=spec.name.strip(), description=spec.description.strip(), sections=[
            replace(sec, title=sec.title.strip(), items=[replace(i, text=i.text.strip()) for i in sec.items])
            for sec in spec.sections])

    return differences(TEMPLATE, kept(mine), kept(theirs), _shown)


def _refuse_if_changed(s: Session, old: SheetTemplate, spec: TemplateSpec, opened: TemplateSpec) -> None:
    """An unused draft is rewritten by each save, so what tells another administrator's save
    apart is its content: stored no longer as opened, and different from this save, is refused
    with both versions (the editor lets the administrator choose field by field)."""
    stored = spec_of(old)
    if not template_differences(opened, stored):
        return
    found = template_differences(spec, stored)
    if found:
        who, when = last_saved(s, "sheet_template", old.id)
        raise StaleRecord(TEMPLATE, f"{old.name}第{old.version}版", spec, stored, found, who, when)


def save(ws: Workspace, spec: TemplateSpec, template_id: int | None = None, publish: bool = False,
         opened: TemplateSpec | None = None) -> int:
    """Save an edited template. A template already used by a sheet is never changed: the
    edit becomes its next version, so past sheets keep the questions they answered.
    An unused draft is rewritten in place, keeping its id, so every editor that has it open
    still finds it. `opened`: the template as the editor opened it; an unused draft saved by
    someone else since (its content no longer what was opened) is refused (StaleRecord) rather
    than replaced."""
    problems = spec.problems()
    weight_only = [p for p in problems if not p.startswith("各项权重合计")]
    if weight_only or (publish and problems):
        raise FrontlineError("；".join(problems))

    def op(ctx: OpContext) -> int:
        s = ctx.session
        if template_id is None:
            # A spec taken from an existing template (spec_of) continues its family.
            family = spec.family or uuid.uuid4().hex[:12]
            version = int(s.scalar(select(func.max(SheetTemplate.version))
                                   .where(SheetTemplate.family == family)) or 0) + 1
        else:
            old = get(s, template_id)
            family = old.family
            used = s.scalar(select(func.count()).select_from(Sheet).where(Sheet.template_id == old.id))
            if used or old.published:
                version = int(s.scalar(select(func.max(SheetTemplate.version))
                                       .where(SheetTemplate.family == family)) or 0) + 1
            else:
                if opened is not None:
                    _refuse_if_changed(s, old, spec, opened)
                return _rewrite(ctx, old, spec, publish)
        template = _build(spec, family, version)
        template.published = publish
        s.add(template)
        s.flush()
        if publish:
            _retire_others(s, template)
        return int(template.id)

    return ws.run("template.save", op).value


def _rewrite(ctx: OpContext, draft: SheetTemplate, spec: TemplateSpec, publish: bool) -> int:
    s = ctx.session
    draft.name, draft.kind, draft.description = spec.name.strip(), spec.kind, spec.description.strip()
    draft.published, draft.retired = publish, False  # as a new row was, before drafts kept their id
    row_changed = s.is_modified(draft, include_collections=False)
    draft.items.clear()
    draft.sections.clear()
    s.flush()
    _fill(draft, spec)
    s.flush()
    if not row_changed:
        # Only its items changed: still a save of the template (who saved it last, what the
        # template list reloads), which the flush hook sees only on the items.
        ctx.record("sheet_template", entity_id=draft.id, after={"items": len(spec.all_items())})
    if publish:
        _retire_others(s, draft)
    return int(draft.id)


def _retire_others(s: Session, template: SheetTemplate) -> None:
    """The other versions of a template just published step back."""
    for other in s.scalars(select(SheetTemplate).where(SheetTemplate.family == template.family,
                                                        SheetTemplate.id != template.id)):
        other.retired = True


def publish(ws: Workspace, template_id: int) -> None:
    def op(ctx: OpContext) -> None:
        template = get(ctx.session, template_id)
        problems = template_problems(template.items)
        if problems:
            raise ValidationFailed(problems)
        template.published = True
        template.retired = False
        _retire_others(ctx.session, template)

    ws.run("template.publish", op)


def get(session: Session, template_id: int) -> SheetTemplate:
    template = session.scalar(select(SheetTemplate).where(SheetTemplate.id == template_id)
                              .options(selectinload(SheetTemplate.sections), selectinload(SheetTemplate.items)))
    if template is None:
        raise NotFound("该评议表模板不存在")
    return template


def spec_of(template: SheetTemplate) -> TemplateSpec:
    """A template as an editable spec (the starting point of its next version)."""
    sections = []
    by_section: dict[int | None, list[TemplateItem]] = {}
    for item in template.items:
        by_section.setdefault(item.section_id, []).append(item)
    for sec in template.sections:
        items = [ItemSpec(i.text, Decimal(i.weight_centi) / 100, dict(i.scale), i.fact_below, i.is_overall)
                 for i in by_section.get(sec.id, [])]
        sections.append(SectionSpec(sec.title, sec.checklist, items))
    return TemplateSpec(template.name, template.kind, template.description, sections, template.family)


@dataclass(frozen=True)
class TemplateRow:
    id: int
    name: str
    kind: str
    version: int
    published: bool
    retired: bool
    items: int
    sheets: int

    @property
    def state(self) -> str:
        return "已停用" if self.retired else ("已发布" if self.published else "草稿")


def listing(session: Session, include_retired: bool = False) -> list[TemplateRow]:
    items = select(func.count()).select_from(TemplateItem).where(
        TemplateItem.template_id == SheetTemplate.id).scalar_subquery()
    sheets = select(func.count()).select_from(Sheet).where(Sheet.template_id == SheetTemplate.id).scalar_subquery()
    stmt = select(SheetTemplate.id, SheetTemplate.name, SheetTemplate.kind, SheetTemplate.version,
                  SheetTemplate.published, SheetTemplate.retired, items, sheets).order_by(
        SheetTemplate.kind, SheetTemplate.name, SheetTemplate.version)
    if not include_retired:
        stmt = stmt.where(SheetTemplate.retired.is_(False))
    return [TemplateRow(*r) for r in session.execute(stmt)]


def current(session: Session, kind: str) -> SheetTemplate | None:
    """The published, not retired template of a kind (the newest if several)."""
    template_id = session.scalar(select(SheetTemplate.id).where(
        SheetTemplate.kind == kind, SheetTemplate.published.is_(True), SheetTemplate.retired.is_(False))
        .order_by(SheetTemplate.version.desc()).limit(1))
    return get(session, template_id) if template_id else None
