import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import Account, PointEntry
from desktop.models.ledger import AppendOnly
from desktop.services.admin import accounts
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.workspace import Workspace
from tests.pg_fixtures import location_for
from tests.services.assessment_helpers import cadre

TODAY = dt.date.today()


def entry(cadre_id: int, **kw) -> EntryInput:
    values = dict(cadre_id=cadre_id, date=TODAY, dimension="政治担当", positive=True, points=8,
                  source="一线考核", fact="台风过境当晚带队转移群众 120 人")
    values.update(kw)
    return EntryInput(**values)


def test_every_entry_needs_a_fact_and_valid_points(ws: Workspace):
    a = cadre(ws, "张三")
    with pytest.raises(FrontlineError, match="具体事实：必填"):
        ledger.add(ws, entry(a, fact="  "))
    with ws.read("test.inspect") as s:
        rule = next(r for r in ledger.rules(s) if r.behaviour == "主动承担急难险重任务并圆满完成")
    with pytest.raises(FrontlineError, match="分值应在 5—15 之间"):
        ledger.add(ws, entry(a, rule_id=rule.id, points=20))
    with pytest.raises(FrontlineError, match="与所填不一致"):
        ledger.add(ws, entry(a, rule_id=rule.id, positive=False))
    ledger.add(ws, entry(a, rule_id=rule.id, points=10))


def test_reversal_is_a_new_entry_and_edits_are_refused(ws: Workspace, tmp_path):
    a = cadre(ws, "张三")
    proof = tmp_path / "照片.jpg"
    proof.write_bytes(b"\xff\xd8 photo")
    first = ledger.add(ws, entry(a, evidence=[proof]))
    minus = ledger.add(ws, entry(a, positive=False, points=10, dimension="政治自律", source="信访",
                                 fact="经核实，收受管理对象购物卡两张"))
    correction = ledger.reverse(ws, minus, "信访件经复核不属实")
    with pytest.raises(FrontlineError, match="已被冲正过"):
        ledger.reverse(ws, minus, "再来一次")
    with pytest.raises(FrontlineError, match="冲正记录本身不能再冲正"):
        ledger.reverse(ws, correction, "撤销冲正")
    with ws.read("test.inspect") as s:
        book = ledger.cadre_ledger(s, a)
        assert [(r.points, r.running, r.kind) for r in book.timeline] == [(8, 8, "加分"), (-10, -2, "扣分"),
                                                                          (10, 8, "冲正")]
        assert book.by_dimension["政治担当"] == 8 and book.by_dimension["政治自律"] == 0 and book.total == 8
        assert book.timeline[1].reversed_by == correction and book.timeline[2].reason == "信访件经复核不属实"
        assert book.timeline[0].evidence == 1 and ledger.evidence(s, first)[0].content == b"\xff\xd8 photo"
        only_petitions = ledger.cadre_ledger(s, a, sources=["信访"])
        assert [r.id for r in only_petitions.timeline] == [minus, correction]

    # The program offers no edit; the ORM and the database both refuse one anyway.
    with ws.db.write_session() as s:
        row = s.get(PointEntry, first)
        row.points = 100
        with pytest.raises(AppendOnly, match="不能修改"):
            s.flush()
        s.rollback()
    for statement in ("UPDATE point_entry SET points = 100", "DELETE FROM point_entry"):
        with ws.db.engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))


def test_nobody_records_entries_about_themselves(ws: Workspace):
    me = cadre(ws, "王干事")
    other = cadre(ws, "张三")
    accounts.add_account(ws, "wang", "Wang password")

    def link(ctx):
        account = ctx.session.query(Account).filter_by(username="wang").one()
        account.cadre_id = me

    ws.run("account.update", link)
    wang = Workspace.open(location_for(ws, "wang"), "wang", "Wang password")
    try:
        with pytest.raises(PermissionDenied, match="本人"):
            ledger.add(wang, entry(me))
        ledger.add(wang, entry(other))
    finally:
        wang.close()


def test_a_link_made_after_login_is_refused_at_once(ws: Workspace):
    me = cadre(ws, "王干事")
    accounts.add_account(ws, "wang", "Wang password")
    wang = Workspace.open(location_for(ws, "wang"), "wang", "Wang password")
    try:
        ledger.add(wang, entry(me))  # not linked yet

        def link(ctx):
            ctx.session.query(Account).filter_by(username="wang").one().cadre_id = me

        ws.run("account.update", link)  # an administrator links wang's account meanwhile
        with pytest.raises(PermissionDenied, match="本人"):
            ledger.add(wang, entry(me))
    finally:
        wang.close()


def test_points_without_a_rule_are_capped(ws: Workspace):
    a = cadre(ws, "张三")
    with pytest.raises(FrontlineError, match="不超过 100 分"):
        ledger.add(ws, entry(a, points=500))
    ledger.add(ws, entry(a, points=100))


def test_a_reversal_counts_in_the_period_of_the_entry_it_cancels(ws: Workspace):
    a = cadre(ws, "张三")
    january = TODAY.replace(month=1, day=10) if TODAY.month > 2 else TODAY - dt.timedelta(days=60)
    wrong = ledger.add(ws, entry(a, date=january, positive=False, points=3, dimension="政治自律"))
    ledger.add(ws, entry(a, date=january, points=5))
    ledger.reverse(ws, wrong, "经核实系误记")  # dated today
    with ws.read("test.inspect") as s:
        period = ledger.cadre_ledger(s, a, start=january, end=january + dt.timedelta(days=20))
        assert period.total == 5 and period.by_dimension["政治自律"] == 0
        if january + dt.timedelta(days=20) < TODAY:
            # The days of the reversal alone: nothing happened then.
            assert ledger.cadre_ledger(s, a, start=TODAY, end=TODAY).total == 0
        assert ledger.cadre_ledger(s, a).total == 5
