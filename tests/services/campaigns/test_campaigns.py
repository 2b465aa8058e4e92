import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.models import AuditEntry
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.campaigns.campaigns import CampaignFrozen, CampaignInput, CampaignUnfinished
from desktop.services.evaluation import sheets
from desktop.services.ledger import ledger
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import answers_all, cadre, campaign, template


def test_invalid_campaigns_are_refused(ws: Workspace):
    with pytest.raises(FrontlineError, match="考核主题：必填"):
        campaigns.create(ws, CampaignInput(name=" ", kind="沉浸式"))
    with pytest.raises(FrontlineError, match="结束日期"):
        campaigns.create(ws, CampaignInput(name="甲", kind="点穴式", start=dt.date(2026, 5, 1),
                                           end=dt.date(2026, 4, 1)))
    with pytest.raises(FrontlineError, match="考核类型"):
        campaigns.create(ws, CampaignInput(name="甲", kind="随便"))


def test_bulk_add_by_filter(demo_ws: Workspace):
    cid = campaigns.create(demo_ws, CampaignInput(name="年轻干部专项", kind="专项"))
    added = campaigns.add_cadres_matching(demo_ws, cid, RosterFilter(age_bands=("30岁及以下",)))
    with demo_ws.read("test.inspect") as s:
        assert added == len(campaigns.assessed_ids(s, cid)) > 0
    assert campaigns.add_cadres_matching(demo_ws, cid, RosterFilter(age_bands=("30岁及以下",))) == 0


def test_close_is_refused_while_sheets_are_unfinished_then_freezes(ws: Workspace):
    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    t = template(ws)
    assert sheets.plan(ws, cid, t.id, {"下级": ["赵科长"], "上级": ["李书记"], "同级": ["王局长"]}) == 3
    with pytest.raises(CampaignUnfinished) as refused:
        campaigns.close(ws, cid)
    # Listed in the official order of rater categories.
    assert refused.value.unfinished == ["张三：上级（李书记）", "张三：同级（王局长）", "张三：下级（赵科长）"]
    with ws.read("test.inspect") as s:
        pending = [r.id for r in sheets.sheets_of(s, cid)]
    for sheet_id in pending:
        sheets.fill(ws, sheet_id, answers_all(t))
    campaigns.close(ws, cid)
    with ws.read("test.inspect") as s:  # started when activated, ended when closed: the lists show the period
        assert campaigns.get(s, cid).start == campaigns.get(s, cid).end == dt.date.today()

    # Every record of a closed campaign is frozen.
    with pytest.raises(CampaignFrozen, match="已结束，记录已冻结"):
        fieldwork.save_visit(ws, fieldwork.VisitInput(date=dt.date.today(), place="工地", campaign_id=cid))
    with pytest.raises(CampaignFrozen):
        sheets.fill(ws, pending[0], answers_all(t, "较好"))
    with pytest.raises(CampaignFrozen):
        ledger.add(ws, ledger.EntryInput(cadre_id=a, date=dt.date.today(), dimension="政治担当", positive=True,
                                         points=5, source="一线考核", fact="事实", campaign_id=cid))
    with pytest.raises(CampaignFrozen):
        campaigns.add_cadres(ws, cid, [cadre(ws, "李四")])

    # Reopening needs a reason and is logged with it.
    with pytest.raises(FrontlineError, match="须说明理由"):
        campaigns.reopen(ws, cid, "")
    campaigns.reopen(ws, cid, "补录一份服务对象测评")
    with ws.read("test.inspect") as s:
        logged = s.scalars(select(AuditEntry).where(AuditEntry.action == "campaign.reopen")).all()
    assert any((e.after or {}).get("reopened_because") == "补录一份服务对象测评" for e in logged)
    fieldwork.save_visit(ws, fieldwork.VisitInput(date=dt.date.today(), place="工地", campaign_id=cid))


def test_progress_and_department_totals(ws: Workspace):
    a, b = cadre(ws, "张三"), cadre(ws, "李四")
    cid = campaign(ws, a, b)
    fieldwork.save_visit(ws, fieldwork.VisitInput(date=dt.date.today(), place="项目工地", unannounced=True,
                                                  campaign_id=cid))
    fieldwork.save_talk(ws, fieldwork.TalkInput(interviewers=["王组长"], interviewee_cadre_id=a,
                                                start_at=dt.datetime(2026, 5, 1, 9, 0), content="谈了工作进展",
                                                campaign_id=cid))
    t = template(ws)
    sheets.plan(ws, cid, t.id, {"上级": ["甲"], "下级": ["乙", "丙"]})
    with ws.read("test.inspect") as s:
        first = sheets.sheets_of(s, cid)[0]
    sheets.fill(ws, first.id, answers_all(t))
    ledger.add(ws, ledger.EntryInput(cadre_id=b, date=dt.date.today(), dimension="政治担当", positive=True,
                                     points=5, source="一线考核", fact="连续三周驻守工地", campaign_id=cid))
    with ws.read("test.inspect") as s:
        p = campaigns.progress(s, cid)
        t_all = campaigns.totals(s)
    assert (p.cadres, p.talked_to, p.talks, p.visits, p.unannounced_visits) == (2, 1, 1, 1, 1)
    assert p.sheets_total == 6 and sum(p.sheets_complete.values()) == 1 and sum(p.sheets_missing.values()) == 5
    assert p.ledger_entries == 1
    assert (t_all.batches, t_all.person_times, t_all.visits, t_all.by_kind["沉浸式"]) == (1, 2, 1, 1)
    # A year filter: an older campaign counts in its own year only.
    old = campaigns.create(ws, campaigns.CampaignInput(name="去年的年度考核", kind="年度",
                                                       start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 20)))
    with ws.read("test.inspect") as s:
        this_year = dt.date.today().year
        assert campaigns.years(s)[-1] == 2024 and this_year in campaigns.years(s)
        assert campaigns.totals(s, 2024).batches == 1 and campaigns.totals(s, this_year).batches == 1
        assert [r.id for r in campaigns.listing(s, year=2024)] == [old]


def test_team_and_directive_links(ws: Workspace):
    from desktop.services.campaigns import directives

    cid = campaign(ws)
    campaigns.set_team(ws, cid, [("王组长", "组长", None), ("李干事", "成员", None)])
    did = directives.save(ws, directives.DirectiveInput(title="关于加快东部新城建设的批示", source="上级批示",
                                                        items=[directives.ItemInput("三季度完成征地"),
                                                               directives.ItemInput("年底前主体封顶")]))
    with ws.read("test.inspect") as s:
        item_ids = [i.id for i in directives.get(s, did).items]
    assert campaigns.link_items(ws, cid, item_ids) == 2
    with ws.read("test.inspect") as s:
        assert [t for _i, _d, t in directives.items_of_campaign(s, cid)] == ["三季度完成征地", "年底前主体封顶"]
        assert [m.name for m in campaigns.get(s, cid).members] == ["王组长", "李干事"]
    with pytest.raises(FrontlineError, match="已关联到考核"):
        directives.delete(ws, did)
