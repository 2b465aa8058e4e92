"""Two clerks fill the same evaluation sheet (测评表): the second save is refused with both
versions item by item, never a silent replacement of the first's answers, and the answers the
clerk chooses are saved at the stored version (a save in between is caught again). A kept
draft counts as a save; the same answers from both are no conflict."""

from __future__ import annotations

from dataclasses import fields

import pytest

from desktop.models import SheetTemplate
from desktop.services.evaluation import queries, sheets
from desktop.services.evaluation.sheet_versions import SheetAnswers, sheet_kind
from desktop.services.record_versions import StaleRecord, changed, merged
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import answers_all, cadre, campaign, template


def _sheet(ws: Workspace) -> tuple[int, SheetTemplate]:
    zhang = cadre(ws, "张三")
    t = template(ws, "政治素质评议")
    return sheets.new_sheet(ws, t.id, zhang, "同级", "王五", campaign(ws, zhang)), t


def _stored(ws: Workspace, sheet_id: int) -> tuple[dict[int, tuple[str, str]], str, int]:
    with ws.read("test.inspect") as s:
        sheet = sheets.get(s, sheet_id)
        return {a.item_id: (a.value, a.fact) for a in sheet.answers}, sheet.status, sheet.row_version


def test_a_sheet_filled_by_another_clerk_meanwhile_is_not_replaced(ws: Workspace):
    sid, t = _sheet(ws)
    first, second, third = (i.id for i in t.items[:3])
    office = queries.sheet_to_fill(ws, sid)  # two clerks open the empty sheet
    other = queries.sheet_to_fill(ws, sid)
    assert office.version == other.version == 1
    theirs = {**answers_all(t, "好"), second: ("一般", "汛期值守两次脱岗")}
    sheets.fill(ws, sid, theirs, other.version)
    stored_before = _stored(ws, sid)

    mine = {**answers_all(t, "好"), first: ("较好", "")}
    with pytest.raises(StaleRecord) as caught:
        sheets.fill(ws, sid, mine, office.version)
    conflict = caught.value
    assert "测评表「张三 · 同级 王五」在您打开之后已由 admin" in str(conflict)
    assert [(d.label, d.mine, d.theirs) for d in conflict.differences] == [
        (t.items[0].text, "较好", "好"), (t.items[1].text, "好", "一般；具体事实：汛期值守两次脱岗")]
    assert _stored(ws, sid) == stored_before  # nothing of the second save written

    # Everything the clerk rated on the empty sheet starts ticked; they untick the other's second item.
    opened = SheetAnswers(office.answers, office.version)
    rated = {str(i.id) for i in t.items if i.scale["type"] != "flag"}
    assert changed(conflict.kind, opened, SheetAnswers(mine)) == rated
    chosen = merged(conflict, {str(first)})
    assert chosen.version == stored_before[2]
    sheets.fill(ws, sid, chosen.answers, chosen.version)
    answers, status, version = _stored(ws, sid)
    assert (answers[first], answers[second], answers[third]) == (
        ("较好", ""), ("一般", "汛期值守两次脱岗"), ("好", ""))
    assert (status, version) == ("complete", stored_before[2] + 1)


def test_a_choice_saved_over_yet_another_save_is_caught_again(ws: Workspace):
    sid, t = _sheet(ws)
    first = t.items[0].id
    opened = queries.sheet_to_fill(ws, sid)
    sheets.fill(ws, sid, answers_all(t, "好"), opened.version)
    with pytest.raises(StaleRecord) as caught:
        sheets.fill(ws, sid, answers_all(t, "较好"), opened.version)
    chosen = merged(caught.value, {str(first)})
    sheets.fill(ws, sid, {**answers_all(t, "好"), first: ("一般", "迟到")}, _stored(ws, sid)[2])  # a third clerk
    with pytest.raises(StaleRecord) as again:
        sheets.fill(ws, sid, chosen.answers, chosen.version)
    assert [(d.mine, d.theirs) for d in again.value.differences] == [("较好", "一般；具体事实：迟到")]
    assert _stored(ws, sid)[0][first] == ("一般", "迟到")


def test_a_kept_draft_counts_as_a_save_of_the_sheet(ws: Workspace):
    sid, t = _sheet(ws)
    first, second = t.items[0].id, t.items[1].id
    office = queries.sheet_to_fill(ws, sid)
    rater = queries.sheet_to_fill(ws, sid)
    assert sheets.keep_draft(ws, sid, {first: ("好", "")}, rater.version) == 1
    draft = queries.sheet_to_fill(ws, sid)
    assert draft.version == office.version + 1  # only answer rows changed, and still the sheet's version moved

    with pytest.raises(StaleRecord) as caught:  # a draft over the draft
        sheets.keep_draft(ws, sid, {second: ("较好", "")}, office.version)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        (t.items[0].text, "", "好"), (t.items[1].text, "较好", "")]
    with pytest.raises(StaleRecord):  # a complete sheet over the draft
        sheets.fill(ws, sid, answers_all(t, "较好"), office.version)
    assert _stored(ws, sid) == ({first: ("好", "")}, "pending", draft.version)

    sheets.fill(ws, sid, answers_all(t, "较好"), draft.version)  # opened after the draft: goes ahead
    assert _stored(ws, sid)[1] == "complete"


def test_the_same_answers_from_both_are_no_conflict(ws: Workspace):
    sid, t = _sheet(ws)
    office = queries.sheet_to_fill(ws, sid)
    sheets.fill(ws, sid, answers_all(t, "好"), office.version)
    # The same, but typed with spaces around and a blank where the other left the line out.
    again = {i: (f" {v} ", f) for i, (v, f) in answers_all(t, "好").items()}
    sheets.fill(ws, sid, again, office.version)
    answers, status, version = _stored(ws, sid)
    assert status == "complete" and version == 3 and answers[t.items[0].id] == ("好", "")


def test_every_item_of_a_sheet_is_compared_with_its_fact(ws: Workspace):
    t = template(ws, "政治素质评议")
    kind = sheet_kind(t.items)
    assert {f.name for f in fields(SheetAnswers)} - {"version"} == {"answers"}
    assert list(kind.labels) == [str(i.id) for i in t.items]
    assert list(kind.labels.values()) == [i.text for i in t.items]
    last = t.items[-1].id
    a = SheetAnswers({last: ("好", "主动请缨")})
    for other in (SheetAnswers({last: ("好", "")}), SheetAnswers({last: ("较好", "主动请缨")})):
        assert changed(kind, a, other) == {str(last)}


def test_a_draft_merged_from_a_field_laptop_counts_as_a_save(demo_ws: Workspace, tmp_path):
    """The laptop kept a draft (answer rows only): an office clerk who opened the sheet before
    the package was merged is shown the laptop's answers, not writing over them."""
    from sqlalchemy import select

    from desktop.models import Campaign, Sheet
    from desktop.services.campaigns import campaigns as campaign_service
    from desktop.services.exchange.packages import export as package_export
    from desktop.services.exchange.packages.apply import PackageImport

    password = "field-team-2024"
    form = template(demo_ws)
    with demo_ws.read("test.inspect") as s:
        active = next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        assessed = campaign_service.assessed_ids(s, active)[0]
    sheets.plan(demo_ws, active, form.id, {"同级": ["外业测评员"]}, [assessed])
    rater = Sheet.rater_name == "外业测评员"
    with demo_ws.read("test.inspect") as s:
        sid = s.scalar(select(Sheet.id).where(rater))
    package = tmp_path / "外业.flpkg"
    package_export.export(demo_ws, active, package, password)
    laptop = Workspace.open(package, "admin", password)
    try:
        with laptop.read("test.inspect") as s:
            on_laptop = s.scalar(select(Sheet.id).where(rater))
        sheets.keep_draft(laptop, on_laptop, {template(laptop).items[0].id: ("较好", "当场核实")})
    finally:
        laptop.close()
    office = queries.sheet_to_fill(demo_ws, sid)
    with PackageImport(package, password) as job:
        job.commit(demo_ws, job.preview(demo_ws))

    with pytest.raises(StaleRecord) as caught:
        sheets.fill(demo_ws, sid, answers_all(form, "好"), office.version)
    first, *rest = caught.value.differences  # the laptop's draft, and the items it left blank
    assert (first.label, first.mine, first.theirs) == (form.items[0].text, "好", "较好；具体事实：当场核实")
    assert {(d.mine, d.theirs) for d in rest} == {("好", "")}
