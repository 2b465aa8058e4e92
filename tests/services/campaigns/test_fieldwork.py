import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError
from desktop.models import AuditEntry, Draft
from desktop.services.campaigns import fieldwork
from desktop.services.campaigns.fieldwork import TalkInput, VisitInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre, campaign


def test_talk_needs_the_essentials(ws: Workspace):
    with pytest.raises(FrontlineError) as refused:
        fieldwork.save_talk(ws, TalkInput())
    message = str(refused.value)
    assert "被谈话人" in message and "谈话人" in message and "谈话时间" in message and "谈话内容" in message


def test_saving_a_talk_removes_its_draft_and_drafts_are_not_audited(ws: Workspace):
    a = cadre(ws, "张三")
    data = TalkInput(interviewers=["王组长"], interviewee_cadre_id=a, start_at=dt.datetime(2026, 5, 1, 9, 30),
                     content="谈话中……", concerns=[a])
    before = _audit_count(ws)
    draft = fieldwork.save_draft(ws, "talk", data.to_json(), data.title())
    fieldwork.save_draft(ws, "talk", {**data.to_json(), "content": "谈话中，又记了一段"}, data.title(), draft)
    assert _audit_count(ws) == before
    with ws.read("test.inspect") as s:
        (found,) = fieldwork.drafts(s, "admin", "talk")
        restored = TalkInput.from_json(found.payload)
    assert restored.content == "谈话中，又记了一段" and restored.start_at == dt.datetime(2026, 5, 1, 9, 30)
    talk_id = fieldwork.save_talk(ws, restored, draft_id=draft)
    with ws.read("test.inspect") as s:
        assert s.scalars(select(Draft)).all() == []
        loaded = fieldwork.load_talk(s, talk_id)
        assert (loaded.interviewee_name, loaded.concerns, loaded.start_at) == ("张三", [a], restored.start_at)
        assert [t.id for t in fieldwork.talks(s, cadre_id=a)] == [talk_id]


def test_visits_record_units_and_the_unannounced_flag(ws: Workspace):
    u1 = units.create(ws, "东部新城片区指挥部", None)
    u2 = units.create(ws, "市住房和建设局", None)
    cid = campaign(ws)
    vid = fieldwork.save_visit(ws, VisitInput(date=dt.date(2026, 4, 2), place="东部新城安置房工地",
                                              unit_ids=[u1, u2], unannounced=True, members=["王组长", "李干事"],
                                              seen="主体结构施工", findings="进度滞后约两周", campaign_id=cid))
    with ws.read("test.inspect") as s:
        assert sorted(fieldwork.visit_units(s, vid)) == sorted([u1, u2])
        (v,) = fieldwork.visits(s, cid)
    assert (v.unannounced, v.members) == (True, ["王组长", "李干事"])
    with pytest.raises(FrontlineError, match="晚于今天"):
        fieldwork.save_visit(ws, VisitInput(date=dt.date.today() + dt.timedelta(days=1), place="x"))


def _audit_count(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return len(s.scalars(select(AuditEntry.id)).all())


def test_records_the_ledger_relies_on_cannot_be_deleted(ws: Workspace):
    from desktop.errors import InUse
    from desktop.services.cadres import cadre_files
    from desktop.services.ledger import ledger
    from desktop.services.ledger.ledger import EntryInput

    a = cadre(ws, "张三")
    cid = campaign(ws, a)
    vid = fieldwork.save_visit(ws, VisitInput(date=dt.date.today(), place="东部新城安置房工地", campaign_id=cid))
    ledger.add(ws, EntryInput(cadre_id=a, date=dt.date.today(), dimension="政治担当", positive=True, points=5,
                              source="一线考核", fact="暗访时在工地一线协调解决渣土外运问题", visit_id=vid))
    with pytest.raises(InUse, match="1 条积分记录的依据"):
        fieldwork.delete_visit(ws, vid)
    with pytest.raises(InUse, match="积分记录 1 条"):
        cadre_files.delete(ws, a)
    with ws.read("test.inspect") as s:
        assert [v.id for v in fieldwork.visits(s, cid)] == [vid]
        assert cadre_files.load(s, a).name == "张三"
    # The entry took the visit's campaign: the freeze covers it even though none was chosen.
    with ws.read("test.inspect") as s:
        (row,) = ledger.cadre_ledger(s, a).timeline
    assert row.link == f"东部新城片区建设一线考核 · 走访 {dt.date.today()} 东部新城安置房工地"
    from desktop.models import PointEntry
    with ws.read("test.inspect") as s:
        assert s.get(PointEntry, row.id).campaign_id == cid


def test_an_entry_linked_to_a_closed_campaigns_talk_is_refused(ws: Workspace):
    from desktop.services.campaigns import campaigns
    from desktop.services.campaigns.campaigns import CampaignFrozen
    from desktop.services.ledger import ledger
    from desktop.services.ledger.ledger import EntryInput

    a = cadre(ws, "张三")
    cid = campaign(ws, a, kind="点穴式")
    vid = fieldwork.save_visit(ws, VisitInput(date=dt.date.today(), place="现场", campaign_id=cid))
    campaigns.close(ws, cid)
    with pytest.raises(CampaignFrozen, match="已结束"):
        ledger.add(ws, EntryInput(cadre_id=a, date=dt.date.today(), dimension="政治担当", positive=True,
                                  points=5, source="一线考核", fact="事后补记", visit_id=vid))
