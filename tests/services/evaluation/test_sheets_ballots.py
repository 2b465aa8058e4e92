from decimal import Decimal

import pytest

from desktop.errors import FrontlineError
from desktop.models.validation import ValidationFailed
from desktop.services.evaluation import sheets, templates
from desktop.services.evaluation.templates import ItemSpec, SectionSpec, TemplateSpec
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import answers_all, cadre, campaign, template


def test_shipped_political_quality_form(ws: Workspace):
    t = template(ws, "政治素质评议")
    sections = {s.title: [i for i in t.items if i.section_id == s.id] for s in t.sections}
    assert list(sections)[:5] == ["政治忠诚", "政治定力", "政治担当", "政治能力", "政治自律"]
    assert sum(len(sections[d]) for d in list(sections)[:5]) == 30
    negatives = [i.text for i in sections["负面行为清单"]]
    assert len(negatives) == 10
    assert "对党的理论和路线方针政策说三道四" in negatives and "面对急难险重任务能推就推" in negatives
    assert sum(i.weight_centi for i in t.items) == 10000
    for kind in ("民主测评", "年度考核"):
        assert template(ws, kind).published


def test_editing_a_used_template_makes_a_new_version(ws: Workspace):
    a = cadre(ws, "张三")
    t = template(ws, "民主测评")
    sid = sheets.new_sheet(ws, t.id, a, "同级", "王五")
    with ws.read("test.inspect") as s:
        spec = templates.spec_of(templates.get(s, t.id))
    spec.sections[0].items[0].text = "政治品质、道德品行和家风"
    new_id = templates.save(ws, spec, t.id, publish=True)
    with ws.read("test.inspect") as s:
        new, old = templates.get(s, new_id), templates.get(s, t.id)
        assert (new.family, new.version, old.retired) == (old.family, old.version + 1, True)
        assert sheets.get(s, sid).template_id == t.id  # the sheet keeps the version it used


def test_weights_are_checked_before_publishing(ws: Workspace):
    spec = TemplateSpec("测试表", "其他", sections=[SectionSpec("一", items=[ItemSpec("甲", Decimal("60")),
                                                                           ItemSpec("乙", Decimal("39.5"))])])
    with pytest.raises(FrontlineError, match=r"权重合计应为 100，现为 99\.5"):
        templates.save(ws, spec, publish=True)
    draft_id = templates.save(ws, spec)  # a draft may be saved unbalanced, not published
    with pytest.raises(ValidationFailed, match="权重合计"):
        templates.publish(ws, draft_id)
    spec.sections[0].items[1].weight = Decimal("40")
    templates.publish(ws, templates.save(ws, spec, draft_id))


def test_fill_refuses_unbacked_low_ratings_and_computes_the_score(ws: Workspace):
    a = cadre(ws, "张三")
    t = template(ws)
    sid = sheets.new_sheet(ws, t.id, a, "考核组", "王组长")
    low = answers_all(t, "一般")
    with pytest.raises(ValidationFailed, match="须写明具体事实"):
        sheets.fill(ws, sid, low)
    sheets.fill(ws, sid, answers_all(t, "一般", "在防汛值守中两次脱岗"))
    with ws.read("test.inspect") as s:
        assert sheets.sheet_score(s, sid) == 60.0


def test_ballots_by_the_stack(ws: Workspace):
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    t = template(ws, "民主测评")
    batch = sheets.create_batch(ws, t.id, a, "下级", issued=3, campaign_id=cid)
    with ws.read("test.inspect") as s:
        items = sheets.ballot_items(s, batch)
    assert len(items) == 11  # ten items and the overall grade
    assert sheets.add_ballot(ws, batch, {i.id: "好" for i in items}) == 1
    assert sheets.add_ballot(ws, batch, {i.id: "一般" for i in items}) == 2
    assert sheets.undo_last_ballot(ws, batch) == 2
    assert sheets.add_ballot(ws, batch, {i.id: "较好" for i in items}) == 2
    assert sheets.add_ballot(ws, batch, {}) == 3  # a blank ballot still counts as returned
    with pytest.raises(FrontlineError, match="等于发出的票数 3"):
        sheets.add_ballot(ws, batch, {})
    with pytest.raises(FrontlineError, match="不是"):
        sheets.undo_last_ballot(ws, batch)
        sheets.add_ballot(ws, batch, {items[0].id: "优秀"})
    with ws.read("test.inspect") as s:
        result = sheets.cadre_tally(s, a, t.id, cid)
    down = result.tally.categories["下级"]
    assert (down.responses, down.issued) == (2, 3)
    assert down.overall == {"好": 1, "较好": 1}
    assert result.tally.weighted == Decimal("90.00")  # (100 + 80) / 2


def test_planning_adds_only_the_sheets_not_planned_yet(ws: Workspace):
    a, b = cadre(ws, "张三"), cadre(ws, "李四")
    cid = campaign(ws, a, b)
    t = template(ws)
    assert sheets.plan(ws, cid, t.id, {"上级": ["甲", "乙"], "同级": [" 丙 "]}) == 6
    assert sheets.plan(ws, cid, t.id, {"上级": ["甲", "丁"], "同级": ["丙"]}, [a]) == 1  # only 丁 is new
    with ws.read("test.inspect") as s:
        planned = sorted((r.cadre, r.category, r.rater, r.status) for r in sheets.sheets_of(s, cid))
    assert planned == sorted([(name, cat, rater, "pending") for name in ("张三", "李四")
                              for cat, rater in (("上级", "甲"), ("上级", "乙"), ("同级", "丙"))]
                             + [("张三", "上级", "丁", "pending")])


def test_a_half_filled_sheet_is_kept_as_a_draft_and_counted_only_once_complete(ws: Workspace):
    a = cadre(ws, "草稿甲")
    t = template(ws, "政治素质评议")
    sid = sheets.new_sheet(ws, t.id, a, "同级", "王五", campaign(ws, a))
    first, second = t.items[0].id, t.items[1].id
    assert sheets.keep_draft(ws, sid, {first: ("好", ""), second: ("", "")}) == 1
    with ws.read("test.inspect") as s:
        kept = sheets.get(s, sid)
        assert kept.status == "pending" and [(x.item_id, x.value) for x in kept.answers] == [(first, "好")]
        assert sid not in sheets.completed_answers(s)  # no tally counts a draft
    assert sheets.keep_draft(ws, sid, {first: ("", ""), second: ("较好", "")}) == 1  # replaced, not added
    with ws.read("test.inspect") as s:
        assert [(x.item_id, x.value) for x in sheets.get(s, sid).answers] == [(second, "较好")]
    sheets.fill(ws, sid, answers_all(t, "好"))
    with pytest.raises(FrontlineError, match="已经填写完成，不能再存为草稿"):
        sheets.keep_draft(ws, sid, {first: ("差", "")})
