"""Two clerks edit the same talk or visit: the second save is refused with both versions, never
a silent overwrite, and the merge the clerk chooses keeps both clerks' parts."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace

import pytest
from sqlalchemy import select

from desktop.models import Talk, Visit
from desktop.services.campaigns import fieldwork, queries
from desktop.services.campaigns.fieldwork import TalkInput, VisitInput
from desktop.services.record_versions import StaleRecord, changed, merged
from desktop.services.units import units
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre


def _talk(ws: Workspace) -> int:
    zhang = cadre(ws, "张三")
    return fieldwork.save_talk(ws, TalkInput(
        interviewers=["王组长"], interviewee_cadre_id=zhang, start_at=dt.datetime(2026, 5, 1, 9, 30),
        place="应急指挥部", content="介绍了抢险经过。", conclusion="表现突出。"))


def _stored_talk(ws: Workspace, talk_id: int) -> tuple[str, str, int]:
    with ws.read("test.inspect") as s:
        talk = s.scalar(select(Talk).where(Talk.id == talk_id))
        assert talk is not None
        return talk.content, talk.conclusion, talk.row_version


def test_a_talk_saved_by_another_clerk_meanwhile_is_not_overwritten(ws: Workspace):
    talk_id = _talk(ws)
    first = queries.talk_for_editing(ws, talk_id)  # the office opens the record
    second = queries.talk_for_editing(ws, talk_id)  # the laptop on site opens it too
    assert first.version == second.version == 1
    fieldwork.save_talk(ws, replace(first, content="介绍了抢险经过，补充了夜间值守情况。"), talk_id)

    typed = replace(second, conclusion="表现突出，建议重点培养。", place="")
    with pytest.raises(StaleRecord) as caught:
        fieldwork.save_talk(ws, typed, talk_id)
    conflict = caught.value
    assert "谈话记录「张三」在您打开之后已由 admin" in str(conflict)
    assert [(d.label, d.mine, d.theirs) for d in conflict.differences] == [
        ("地点", "", "应急指挥部"),
        ("谈话内容", "介绍了抢险经过。", "介绍了抢险经过，补充了夜间值守情况。"),
        ("结论", "表现突出，建议重点培养。", "表现突出。"),
    ]
    assert _stored_talk(ws, talk_id) == ("介绍了抢险经过，补充了夜间值守情况。", "表现突出。", 2)  # nothing written

    # The clerk changed the conclusion and the place; keeps the conclusion, and the other's content.
    assert changed(fieldwork.TALK, second, typed) == {"conclusion", "place"}
    fieldwork.save_talk(ws, merged(conflict, {"conclusion"}), talk_id)
    assert _stored_talk(ws, talk_id) == ("介绍了抢险经过，补充了夜间值守情况。", "表现突出，建议重点培养。", 3)
    assert queries.talk_for_editing(ws, talk_id).place == "应急指挥部"


def test_a_merge_is_refused_again_when_yet_another_save_came_in_between(ws: Workspace):
    talk_id = _talk(ws)
    stale = queries.talk_for_editing(ws, talk_id)
    fieldwork.save_talk(ws, replace(stale, content="第二次保存。"), talk_id)
    with pytest.raises(StaleRecord) as caught:
        fieldwork.save_talk(ws, replace(stale, follow_up="三个月后回访。"), talk_id)
    fieldwork.save_talk(ws, replace(queries.talk_for_editing(ws, talk_id), content="第三次保存。"), talk_id)
    with pytest.raises(StaleRecord) as again:
        fieldwork.save_talk(ws, merged(caught.value, {"follow_up"}), talk_id)
    assert [d.label for d in again.value.differences] == ["谈话内容", "后续跟进"]
    assert _stored_talk(ws, talk_id)[0] == "第三次保存。"


def test_a_draft_of_an_edit_keeps_the_version_it_was_opened_at(ws: Workspace):
    """Typing saved to a draft on site, the laptop restarted, the talk changed at the office
    meanwhile: the restored draft is still checked against the version it was typed on."""
    talk_id = _talk(ws)
    opened = queries.talk_for_editing(ws, talk_id)
    draft = fieldwork.save_draft(ws, "talk", {**replace(opened, content="现场补记。").to_json(), "talk_id": talk_id},
                                 opened.title(), target_id=talk_id)
    fieldwork.save_talk(ws, replace(opened, conclusion="办公室改过的结论。"), talk_id)
    with ws.read("test.inspect") as s:
        (found,) = fieldwork.drafts(s, "admin", "talk")
        restored = TalkInput.from_json(found.payload)
    assert restored.version == 1
    with pytest.raises(StaleRecord):
        fieldwork.save_talk(ws, restored, talk_id, draft)
    with ws.read("test.inspect") as s:
        assert [d.id for d in fieldwork.drafts(s, "admin", "talk")] == [draft]  # the typing is still there


def test_an_input_without_a_version_is_saved_as_before(ws: Workspace):
    """The command line and imports do not open a record first: they are not checked."""
    talk_id = _talk(ws)
    fieldwork.save_talk(ws, replace(queries.talk_for_editing(ws, talk_id), content="改一次。"), talk_id)
    fieldwork.save_talk(ws, replace(queries.talk_for_editing(ws, talk_id), content="再改。", version=None), talk_id)
    assert _stored_talk(ws, talk_id)[0] == "再改。"


def test_a_visit_conflict_names_the_units_not_their_numbers(ws: Workspace):
    east = units.create(ws, "海滨市东区应急管理局", None)
    west = units.create(ws, "海滨市西区应急管理局", None)
    visit_id = fieldwork.save_visit(ws, VisitInput(date=dt.date(2026, 6, 2), place="塌陷现场", unit_ids=[east]))
    first = queries.visit_for_editing(ws, visit_id)
    second = queries.visit_for_editing(ws, visit_id)
    fieldwork.save_visit(ws, replace(first, unit_ids=[east, west]), visit_id)
    with pytest.raises(StaleRecord) as caught:
        fieldwork.save_visit(ws, replace(second, findings="排水设施老化。"), visit_id)
    assert "走访记录「2026-06-02 塌陷现场」" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("走访单位", "海滨市东区应急管理局", "海滨市东区应急管理局、海滨市西区应急管理局"),
        ("发现问题", "排水设施老化。", ""),
    ]
    fieldwork.save_visit(ws, merged(caught.value, {"findings"}), visit_id)
    saved = queries.visit_for_editing(ws, visit_id)
    assert (saved.unit_ids, saved.findings, saved.version) == ([east, west], "排水设施老化。", 3)
    with ws.read("test.inspect") as s:
        assert s.scalar(select(Visit.row_version).where(Visit.id == visit_id)) == 3


def test_changing_only_whom_a_talk_concerns_counts_as_a_save(ws: Workspace):
    talk_id = _talk(ws)
    li = cadre(ws, "李四")
    opened = queries.talk_for_editing(ws, talk_id)
    fieldwork.save_talk(ws, replace(opened, concerns=[li]), talk_id)
    assert _stored_talk(ws, talk_id)[2] == 2
    with pytest.raises(StaleRecord) as caught:
        fieldwork.save_talk(ws, replace(opened, follow_up="回访。"), talk_id)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("涉及干部", "", "李四"), ("后续跟进", "回访。", "")]


def test_every_field_a_clerk_types_is_compared():
    """A field added to a talk or a visit later must not be left out of the comparison (it would
    be taken from the stored version silently)."""
    talk_compared = set(fieldwork.TALK.labels) | {k for ks in fieldwork.TALK.together.values() for k in ks}
    assert {f.name for f in fields(TalkInput)} - {"version"} == talk_compared
    assert {f.name for f in fields(VisitInput)} - {"version"} == set(fieldwork.VISIT.labels)


def test_a_campaign_edited_by_two_clerks_keeps_both_changes_chosen(ws: Workspace):
    from desktop.services.campaigns import campaigns
    from desktop.services.campaigns.campaigns import CampaignInput

    cid = campaigns.create(ws, CampaignInput(name="防汛一线考核", kind="应急", rater_weights={"上级": 40, "同级": 60}))
    with ws.read("test.inspect") as s:
        first, second = campaigns.load(s, cid), campaigns.load(s, cid)
    campaigns.update(ws, cid, replace(first, rater_weights={"上级": 50, "同级": 50}))
    with pytest.raises(StaleRecord) as caught:
        campaigns.update(ws, cid, replace(second, description="汛期驻点考核"))
    assert "一线考核「防汛一线考核」在您打开之后" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("考核说明", "汛期驻点考核", ""), ("测评权重", "上级 40、同级 60", "上级 50、同级 50")]
    campaigns.update(ws, cid, merged(caught.value, {"description"}))
    with ws.read("test.inspect") as s:
        saved = campaigns.load(s, cid)
    assert (saved.description, saved.rater_weights, saved.version) == ("汛期驻点考核", {"上级": 50, "同级": 50}, 3)
    compared = set(campaigns.CAMPAIGN.labels) | {"follows_unit_id"}
    assert {f.name for f in fields(CampaignInput)} - {"version"} == compared


def test_a_directive_whose_items_another_clerk_changed_keeps_them(ws: Workspace):
    from desktop.models.dates import PartialDate
    from desktop.services.campaigns import directives
    from desktop.services.campaigns.directives import DirectiveInput, ItemInput

    did = directives.save(ws, DirectiveInput("防汛救灾工作部署", items=[ItemInput("排查隐患点", PartialDate(2026, 6))]))
    first = queries.directive_for_editing(ws, did).data
    second = queries.directive_for_editing(ws, did).data
    item = replace(first.items[0], responsible="市应急管理局")
    directives.save(ws, replace(first, items=[item]), did)  # only an item changed: a save of the directive too
    with pytest.raises(StaleRecord) as caught:
        directives.save(ws, replace(second, content="市委常委会部署"), did)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("内容摘要", "市委常委会部署", ""),
        ("分解事项", "排查隐患点，2026.06前", "排查隐患点，2026.06前，市应急管理局")]
    directives.save(ws, merged(caught.value, {"content"}), did)
    saved = queries.directive_for_editing(ws, did).data
    assert (saved.content, saved.items[0].responsible) == ("市委常委会部署", "市应急管理局")
    assert {f.name for f in fields(DirectiveInput)} - {"version"} == set(directives.DIRECTIVE.labels)


def test_two_clerks_making_the_same_change_is_no_conflict(ws: Workspace):
    talk_id = _talk(ws)
    first = queries.talk_for_editing(ws, talk_id)
    second = queries.talk_for_editing(ws, talk_id)
    fieldwork.save_talk(ws, replace(first, place="应急指挥部三楼"), talk_id)
    fieldwork.save_talk(ws, replace(second, place="应急指挥部三楼"), talk_id)  # nothing of the first's is lost
    assert queries.talk_for_editing(ws, talk_id).place == "应急指挥部三楼"
