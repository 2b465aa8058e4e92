from decimal import Decimal

import pytest

from desktop.errors import FrontlineError
from desktop.services.campaigns import campaigns
from desktop.services.campaigns.campaigns import CampaignFrozen
from desktop.services.evaluation import evaluation, sheets, templates
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import answers_all, cadre, campaign, template


def test_campaign_cadres_carry_name_unit_and_post(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        row = next(r for r in campaigns.listing(s) if r.cadres)
        found = evaluation.campaign_cadres(s, row.id)
    assert len(found) == row.cadres
    assert all(c.name and c.label.startswith(c.name) for c in found)
    assert any("（" in c.label for c in found)


def test_tally_table_ranks_by_weighted_score(ws: Workspace):
    a, b, c = cadre(ws, "张三"), cadre(ws, "李四"), cadre(ws, "王五")
    cid = campaign(ws, a, b, c, weights={"上级": 60, "同级": 40})
    t = template(ws, "民主测评")
    for who, boss, peer in ((a, "较好", "好"), (b, "好", "一般"), (c, "较好", "好")):
        up = sheets.new_sheet(ws, t.id, who, "上级", "分管领导", cid)
        sheets.fill(ws, up, answers_all(t, boss, "事例"))
        same = sheets.new_sheet(ws, t.id, who, "同级", "同事", cid)
        sheets.fill(ws, same, answers_all(t, peer, "事例"))
    sheets.new_sheet(ws, t.id, a, "同级", "未交者", cid)
    d = cadre(ws, "赵六")  # sheets issued, none returned: listed last, no place among the rated
    campaigns.add_cadres(ws, cid, [d])
    sheets.new_sheet(ws, t.id, d, "上级", "分管领导", cid)
    with ws.read("test.inspect") as s:
        rows = evaluation.tally_table(s, cid)
    # 张三 and 王五: 80 × 0.6 + 100 × 0.4 = 88; 李四: 100 × 0.6 + 60 × 0.4 = 84.
    assert [(r.rank, r.name, r.weighted) for r in rows] == [
        (1, "张三", Decimal("88.00")), (1, "王五", Decimal("88.00")), (3, "李四", Decimal("84.00")),
        (None, "赵六", None)]
    first = rows[0]
    assert first.means == {"上级": Decimal("80.00"), "同级": Decimal("100.00")}
    assert (first.responses, first.issued, first.missing) == (2, 3, 1)
    assert first.turnout == Decimal("66.7")
    assert first.template.endswith("（第1版）")


def test_issued_count_is_corrected_never_below_entered(ws: Workspace):
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    t = template(ws, "民主测评")
    batch = sheets.create_batch(ws, t.id, a, "下级", issued=2, campaign_id=cid)
    sheets.add_ballot(ws, batch, {})
    sheets.add_ballot(ws, batch, {})
    evaluation.set_issued(ws, batch, 3)
    sheets.add_ballot(ws, batch, {})
    with pytest.raises(FrontlineError, match="不能少于已录入"):
        evaluation.set_issued(ws, batch, 2)
    with pytest.raises(FrontlineError, match="不能删除"):
        evaluation.delete_batch(ws, batch)
    campaigns.close(ws, cid)
    with pytest.raises(CampaignFrozen):
        evaluation.set_issued(ws, batch, 5)


def test_an_empty_batch_can_be_deleted(ws: Workspace):
    a = cadre(ws, "张三")
    t = template(ws, "民主测评")
    batch = sheets.create_batch(ws, t.id, a, "下级", issued=20)
    evaluation.delete_batch(ws, batch)
    with ws.read("test.inspect") as s:
        assert sheets.batches(s) == []


def test_retiring_and_restoring_a_template(ws: Workspace):
    t = template(ws, "民主测评")
    evaluation.set_retired(ws, t.id, True)
    with ws.read("test.inspect") as s:
        assert templates.current(s, "民主测评") is None
        assert [r.state for r in templates.listing(s, include_retired=True) if r.id == t.id] == ["已停用"]
        spec = templates.spec_of(templates.get(s, t.id))
    newer = templates.save(ws, spec, t.id, publish=True)
    evaluation.set_retired(ws, t.id, False)  # the old version again; the newer one steps back
    with ws.read("test.inspect") as s:
        assert templates.current(s, "民主测评").id == t.id
        assert templates.get(s, newer).retired
    draft = templates.save(ws, spec)
    evaluation.set_retired(ws, draft, True)
    with pytest.raises(FrontlineError, match="请先发布"):
        evaluation.set_retired(ws, draft, False)


def test_batch_rows_say_how_far_entry_has_got(ws: Workspace):
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    t = template(ws, "民主测评")
    batch = sheets.create_batch(ws, t.id, a, "下级", issued=2, campaign_id=cid, title="第一党支部")
    with ws.read("test.inspect") as s:
        assert [(r.cadre, r.category, r.issued, r.entered, r.state) for r in evaluation.batch_rows(s, cid)] == [
            ("张三", "下级", 2, 0, "未录入")]
    sheets.add_ballot(ws, batch, {})
    with ws.read("test.inspect") as s:
        assert evaluation.batch_rows(s, cid)[0].state == "还差 1 张"
    sheets.add_ballot(ws, batch, {})
    with ws.read("test.inspect") as s:
        assert evaluation.batch_rows(s, cid)[0].state == "已录完"


def test_items_and_sections_need_words(ws: Workspace):
    spec = templates.TemplateSpec("测试表", "其他", sections=[
        templates.SectionSpec(" ", items=[templates.ItemSpec("甲", Decimal(100)), templates.ItemSpec("  ")])])
    assert spec.problems() == ["各部分都要有标题", "第2项：请填写评议项目的内容"]
    with pytest.raises(FrontlineError, match="第2项：请填写评议项目的内容"):
        templates.save(ws, spec)


def test_campaign_tallies_agree_with_the_tally_of_each_cadre(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        checked = 0
        for row in campaigns.listing(s):
            bulk = evaluation.campaign_tallies(s, row.id)
            assert sorted(bulk) == sheets.rated_cadres(s, row.id)
            for (cadre_id, template_id), got in bulk.items():
                one = sheets.cadre_tally(s, cadre_id, template_id, row.id)
                assert got.missing == one.missing and got.turnout == one.turnout
                assert got.tally.weighted == one.tally.weighted
                assert got.tally.item_grades == one.tally.item_grades
                for name, cat in one.tally.categories.items():
                    mine = got.tally.categories[name]
                    assert (mine.mean, mine.overall, mine.issued, mine.responses) == \
                        (cat.mean, cat.overall, cat.issued, cat.responses)
                checked += 1
    assert checked > 20  # the demo rates cadres with named sheets and with paper ballots

