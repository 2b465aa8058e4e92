"""Two administrators editing one template draft (on both backends: the office server is where
two of them do). An unused draft is rewritten by each save, so what it was opened with is
compared by content; the later save is refused with both versions, never written over the
earlier one, and the choice is saved checked again."""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

import pytest

from desktop.services.evaluation import templates
from desktop.services.evaluation.templates import ItemSpec, SectionSpec, TemplateSpec
from desktop.services.record_versions import StaleRecord, merged
from desktop.services.workspace import Workspace


def _spec() -> TemplateSpec:
    return TemplateSpec("防汛一线测评表", "其他", "按现场表现填写", [SectionSpec("实绩", items=[
        ItemSpec("抢险组织", Decimal(60)), ItemSpec("群众评价", Decimal(40), {"type": "score", "max": 10})])])


def _opened(ws: Workspace, template_id: int) -> TemplateSpec:
    with ws.read("test.inspect") as s:
        return templates.spec_of(templates.get(s, template_id))


def _stored(ws: Workspace, template_id: int) -> tuple[str, str, str, list[str], int]:
    with ws.read("test.inspect") as s:
        t = templates.get(s, template_id)
        return t.name, t.kind, t.description, [i.text for i in t.items], t.version


def test_a_template_draft_saved_by_another_administrator_is_not_overwritten(ws: Workspace):
    """The second save of a draft as it was opened is refused with both versions side by side
    and nothing written; the choice saved is checked again, so a third save between is caught."""
    draft = templates.save(ws, _spec())  # an unused draft both administrators open
    opened = _opened(ws, draft)
    first = replace(opened, description="第一位管理员的说明", sections=[SectionSpec("实绩", items=[
        ItemSpec("抢险组织", Decimal(50)), ItemSpec("群众评价", Decimal(50), {"type": "score", "max": 10})])])
    assert templates.save(ws, first, draft, opened=opened) == draft  # the draft keeps its id
    mine = replace(opened, name="防汛抢险一线测评表", description="第二位管理员的说明")
    with pytest.raises(StaleRecord) as caught:
        templates.save(ws, mine, draft, opened=opened)
    assert "评议表模板「防汛一线测评表第1版」在您打开之后已由 admin 于" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("名称", "防汛抢险一线测评表", "防汛一线测评表"),
        ("说明", "第二位管理员的说明", "第一位管理员的说明"),
        ("评议项目", "【实绩】\n1. 抢险组织（权重 60，好100／较好80／一般60／差30，低于 61 分须写事实）\n"
                     "2. 群众评价（权重 40，0–10 分，低于 61 分须写事实）",
         "【实绩】\n1. 抢险组织（权重 50，好100／较好80／一般60／差30，低于 61 分须写事实）\n"
         "2. 群众评价（权重 50，0–10 分，低于 61 分须写事实）")]
    assert _stored(ws, draft)[2:4] == ("第一位管理员的说明", ["抢险组织", "群众评价"])
    assert [i.weight_centi for i in _opened(ws, draft).all_items()] == [5000, 5000]

    # The name from this administrator, the rest as the other saved it — but a third save came first.
    choice = merged(caught.value, {"name"})
    templates.save(ws, replace(caught.value.theirs, kind="民主测评"), draft, opened=caught.value.theirs)
    with pytest.raises(StaleRecord) as again:
        templates.save(ws, choice, draft, opened=caught.value.theirs)
    assert [d.label for d in again.value.differences] == ["名称", "类别"]
    assert _stored(ws, draft)[:2] == ("防汛一线测评表", "民主测评")
    templates.save(ws, merged(again.value, {"name"}), draft, opened=again.value.theirs)
    assert _stored(ws, draft) == ("防汛抢险一线测评表", "民主测评", "第一位管理员的说明",
                                  ["抢险组织", "群众评价"], 1)


def test_a_draft_saved_again_as_the_other_administrator_left_it_goes_ahead(ws: Workspace):
    """Nothing of the other save would be lost: a save that holds what is stored, or that was
    opened after it, is not refused."""
    draft = templates.save(ws, _spec())
    opened = _opened(ws, draft)
    templates.save(ws, replace(opened, description="新的说明"), draft, opened=opened)
    templates.save(ws, replace(opened, description="新的说明  "), draft, opened=opened)  # the same, spaced
    reopened = _opened(ws, draft)
    templates.save(ws, replace(reopened, name="改过的名称"), draft, opened=reopened)
    assert _stored(ws, draft)[:3] == ("改过的名称", "其他", "新的说明")


def test_an_item_only_save_of_a_draft_names_who_saved_it(ws: Workspace):
    """A save that changes only the items leaves the template's own row as it was; the refusal
    still names the administrator who made it."""
    from desktop.services.admin import accounts
    from desktop.services.admin import queries as admin_queries
    from desktop.services.workspace import Actor

    accounts.add_account(ws, "zhao", "password-123", role="admin")
    zhao = Workspace(ws.db, Actor("zhao", "admin", next(
        r.id for r in admin_queries.account_rows(ws) if r.username == "zhao")))
    draft = templates.save(ws, _spec())
    opened = _opened(ws, draft)
    templates.save(zhao, replace(opened, sections=[SectionSpec("实绩", items=[ItemSpec("抢险组织", Decimal(100))])]),
                   draft, opened=opened)
    with pytest.raises(StaleRecord, match=r"已由 zhao 于 .*两个版本不同之处：说明、评议项目"):
        templates.save(ws, replace(opened, description="另一位管理员的说明"), draft, opened=opened)


def _other(value: Any) -> Any:
    """A different value of a field's type (a field of a new type: say here how it differs)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, Decimal)):
        return value + 7
    if isinstance(value, str):
        return value + "（改）"
    if isinstance(value, dict):
        return {"type": "flag", "penalty": 3}
    raise AssertionError(f"a field of type {type(value).__name__}: teach _other how to change it")


def test_every_field_of_a_template_is_compared_and_shown(ws: Workspace):
    """A field added to the template, a section or an item, and left out of the comparison,
    would be overwritten unseen (or shown as two equal texts): each one, changed, is a difference
    whose two sides read differently."""
    compared = {f.name for f in fields(TemplateSpec)} - set(templates.NOT_COMPARED)
    assert compared == set(templates.TEMPLATE.labels)
    base = _spec()
    item, section = base.sections[0].items[0], base.sections[0]
    changes: list[TemplateSpec] = []
    for f in fields(ItemSpec):
        if f.compare:  # the id only numbers items
            changes.append(replace(base, sections=[replace(section, items=[
                replace(item, **{f.name: _other(getattr(item, f.name))}), *section.items[1:]])]))
    for f in fields(SectionSpec):
        if f.name != "items":
            changes.append(replace(base, sections=[replace(section, **{f.name: _other(getattr(section, f.name))})]))
    for name in compared - {"sections"}:
        changes.append(replace(base, **{name: _other(getattr(base, name))}))
    for changed in changes:
        found = templates.template_differences(changed, base)
        assert len(found) == 1 and found[0].mine != found[0].theirs, changed
