"""A small front-line assessment whose report figures are worked out by hand below.

Campaign “东部新城片区建设一线考核” (沉浸式, weights 上级50 同级30 下级20), assessing 张三 and
李四 of 市财政局预算科; an emergency campaign “城区道路塌陷处置” assessing 李四.

Political-quality sheets (each dimension: six items weighted 4 3 3 3 3 4):
- 张三 上级: every item 好 (100), overall 好 → 100.00.
  张三 同级: 政治忠诚 items 较好 (80), 政治自律 items 一般 (60, with facts), the rest 好,
  overall 较好, one negative behaviour ticked (penalty 5): (20·80 + 20·60 + 60·100)/100 − 5 = 83.00.
  Dimensions: 忠诚 (100+80)/2 = 90.00, 自律 (100+60)/2 = 80.00, 定力 担当 能力 100.00.
  Weighted: (50·100 + 30·83)/80 = 93.625 → 93.63.
- 李四 上级: every item 一般 (60, with facts) → 60.00; 同级: every item 好 → 100.00;
  a 下级 sheet planned but not filled. Weighted (50·60 + 30·100)/80 = 75.00; ranks 张三 1, 李四 2.

Democratic ballots for 张三:
- 下级, 6 issued: three all 好, one all 较好, one blank → 5 returned (83.33%), 好 3 (60.00%),
  较好 1 (20.00%), 弃权 1 (20.00%), mean (3·100 + 80)/4 = 95.00; one ballot not returned.
- 上级, 2 issued: one all 一般 → 1 returned (50.00%), 一般 1 (100.00%), mean 60.00.
- Together: 8 issued, 6 returned (75.00%); 好 3 (50.00%), 较好 1 (16.67%), 一般 1 (16.67%),
  弃权 1 (16.67%); weighted (50·60 + 20·95)/70 = 70.00.

Ledger of 张三: +5 政治担当 (一线考核, 2025-03-01), −3 政治自律 (审计, 2025-03-10) corrected
by +3, +2 政治忠诚 (巡视巡察, 2025-04-01): 4 entries, 加分 2 (+7), 扣分 0, 1 corrected, net +7.
Ledger of 李四 in the emergency campaign: +4 政治担当, −2 政治定力.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.models.dates import PartialDate
from desktop.models.ledger import DIMENSIONS
from desktop.services.campaigns import campaigns, directives, fieldwork
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.campaigns.directives import DirectiveInput, ItemInput
from desktop.services.campaigns.fieldwork import TalkInput, VisitInput
from desktop.services.evaluation import sheets
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre, template

FLAG = "面对急难险重任务能推就推"


@dataclass
class Scenario:
    zhang: int
    li: int
    campaign: int
    emergency: int
    unit: int
    division: int
    corrected: int  # the ledger entry that was corrected
    correction: int


def _answers(tpl, grade_of) -> dict[int, tuple[str, str]]:  # type: ignore[no-untyped-def]
    sections = {s.id: s.title for s in tpl.sections}
    out = {}
    for item in tpl.items:
        if item.scale["type"] == "flag":
            ticked = item.text == FLAG and grade_of("flag")
            out[item.id] = ("1", "在征拆攻坚阶段以身体原因推脱牵头任务") if ticked else ("", "")
            continue
        grade = grade_of(sections.get(item.section_id, "")) if not item.is_overall else grade_of("overall")
        out[item.id] = (grade, "会议纪要显示其多次未按时反馈" if grade in ("一般", "差") else "")
    return out


def build(ws: Workspace) -> Scenario:
    bureau = units.create(ws, "海滨市财政局", None)
    division = units.create(ws, "预算科", bureau)
    zhang = cadre(ws, "张三", "1978.05")
    li = cadre(ws, "李四", "1982.11", "女")
    from desktop.services.cadres import cadre_files

    for cid, title in ((zhang, "科长"), (li, "副科长")):
        cadre_files.save(ws, cadre_files.CadreFile(records={"posts": [
            {"unit_id": division, "unit_name": "海滨市财政局预算科", "title": title, "start": "2020.01"}]}),
            cadre_id=cid)
    directive = directives.save(ws, DirectiveInput(title="关于加快东部新城建设的批示", source="上级批示",
                                                   doc_no="海委〔2025〕7号",
                                                   items=[ItemInput(text="6月底前完成征拆扫尾",
                                                                    deadline=PartialDate(2025, 6))]))
    with ws.read("test.inspect") as s:
        item_id = directives.get(s, directive).items[0].id
    cid = campaigns.create(ws, CampaignInput(name="东部新城片区建设一线考核", kind="沉浸式",
                                             follows="东部新城片区指挥部", start=dt.date(2025, 3, 1),
                                             end=dt.date(2025, 5, 31),
                                             rater_weights={"上级": 50, "同级": 30, "下级": 20}))
    campaigns.set_team(ws, cid, [("王组长", "组长", None), ("赵成员", "成员", None)])
    campaigns.add_units(ws, cid, [division])
    campaigns.add_cadres(ws, cid, [zhang, li])
    campaigns.link_items(ws, cid, [item_id])
    campaigns.activate(ws, cid)
    fieldwork.save_visit(ws, VisitInput(date=dt.date(2025, 3, 5), place="东部新城征拆现场", unit_ids=[division],
                                        unannounced=True, members=["王组长"], findings="征拆补偿资金拨付滞后两周",
                                        campaign_id=cid))
    fieldwork.save_visit(ws, VisitInput(date=dt.date(2025, 3, 20), place="片区指挥部", unit_ids=[division],
                                        members=["赵成员"], campaign_id=cid))
    fieldwork.save_talk(ws, TalkInput(interviewers=["王组长", "赵成员"], interviewee_cadre_id=zhang,
                                      interviewee_name="张三",
                                      start_at=dt.datetime(2025, 3, 6, 9, 30), end_at=dt.datetime(2025, 3, 6, 10, 20),
                                      purpose="了解一线表现", content="谈话内容",
                                      conclusion="该同志熟悉征拆政策，能够靠前协调", follow_up="跟踪资金拨付进度",
                                      recorder="赵成员", campaign_id=cid))
    pq = template(ws, "政治素质评议")
    best = sheets.new_sheet(ws, pq.id, zhang, "上级", "分管副局长", cid)
    sheets.fill(ws, best, _answers(pq, lambda s: "" if s == "flag" else "好"))
    peer = sheets.new_sheet(ws, pq.id, zhang, "同级", "同级甲", cid)
    peer_grades = {"政治忠诚": "较好", "政治自律": "一般", "overall": "较好", "flag": True}
    sheets.fill(ws, peer, _answers(pq, lambda s: peer_grades.get(s, "好")))
    low = sheets.new_sheet(ws, pq.id, li, "上级", "分管副局长", cid)
    sheets.fill(ws, low, _answers(pq, lambda s: "" if s == "flag" else "一般"))
    high = sheets.new_sheet(ws, pq.id, li, "同级", "同级乙", cid)
    sheets.fill(ws, high, _answers(pq, lambda s: "" if s == "flag" else "好"))
    sheets.new_sheet(ws, pq.id, li, "下级", "科员丙", cid)  # planned, not filled
    dem = template(ws, "民主测评")
    down = sheets.create_batch(ws, dem.id, zhang, "下级", issued=6, campaign_id=cid)
    with ws.read("test.inspect") as s:
        items = sheets.ballot_items(s, down)
    for grade in ("好", "好", "好", "较好"):
        sheets.add_ballot(ws, down, {i.id: grade for i in items})
    sheets.add_ballot(ws, down, {})
    up = sheets.create_batch(ws, dem.id, zhang, "上级", issued=2, campaign_id=cid)
    sheets.add_ballot(ws, up, {i.id: "一般" for i in items})
    ledger.add(ws, EntryInput(zhang, dt.date(2025, 3, 1), "政治担当", True, 5, "一线考核",
                              "台风期间连续三昼夜坚守征拆一线", campaign_id=cid))
    corrected = ledger.add(ws, EntryInput(zhang, dt.date(2025, 3, 10), "政治自律", False, 3, "审计",
                                          "公务接待超出标准"))
    correction = ledger.reverse(ws, corrected, "经复核，接待标准符合规定")
    ledger.add(ws, EntryInput(zhang, dt.date(2025, 4, 1), "政治忠诚", True, 2, "巡视巡察",
                              "巡察整改中主动认领问题并按期销号"))
    emergency = campaigns.create(ws, CampaignInput(name="城区道路塌陷处置", kind="应急", topic_source="突发事件",
                                                   source_detail="4月12日晚城区道路塌陷", start=dt.date(2025, 4, 12)))
    campaigns.add_cadres(ws, emergency, [li])
    campaigns.activate(ws, emergency)
    fieldwork.save_visit(ws, VisitInput(date=dt.date(2025, 4, 13), place="塌陷现场", unannounced=True,
                                        findings="夜间警示设施不足", campaign_id=emergency))
    ledger.add(ws, EntryInput(li, dt.date(2025, 4, 13), "政治担当", True, 4, "一线考核",
                              "连夜组织周边群众转移", campaign_id=emergency))
    ledger.add(ws, EntryInput(li, dt.date(2025, 4, 14), "政治定力", False, 2, "一线考核",
                              "未按要求及时报送险情信息", campaign_id=emergency))
    assert len(DIMENSIONS) == 5
    return Scenario(zhang, li, cid, emergency, bureau, division, corrected, correction)
