"""Writing a conclusion on a cadre: versions, citations by sentence, sign-off and its lock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import PointEntry
from desktop.services.judgement import analyses, queries
from desktop.services.judgement.analyses import Cite
from desktop.services.ledger import ledger
from desktop.services.workspace import Workspace
from tests.services.judgement.judgement_helpers import as_role, cited_cadre

TEXTS = {"strengths": "政治立场坚定。在防汛一线连续值守，敢于担当！", "weaknesses": "统筹协调能力有待提高。",
         "recommendation": "建议提拔使用。"}


def test_save_sign_lock_and_next_version(demo_ws: Workspace):
    cadre_id, (e1, e2), talk = cited_cadre(demo_ws)
    cites = [Cite("strengths", 1, "point_entry", e1, "在防汛一线连续值守，敢于担当！"),
             Cite("strengths", 1, "point_entry", e2), Cite("weaknesses", 0, "talk", talk)]
    first = analyses.save_draft(demo_ws, cadre_id, TEXTS, cites)
    assert (first.version, first.new_version, first.dropped) == (1, True, ())
    # Saving again while it is a draft changes version 1 in place.
    again = analyses.save_draft(demo_ws, cadre_id, {**TEXTS, "recommendation": "建议提拔为正科级领导职务。"}, cites)
    assert (again.analysis_id, again.version, again.new_version) == (first.analysis_id, 1, False)
    view = queries.latest(demo_ws, cadre_id)
    assert view is not None and view.texts["recommendation"] == "建议提拔为正科级领导职务。"
    assert view.notes_of("strengths", 1) == (1, 2) and view.notes_of("weaknesses", 0) == (3,)
    assert [c.fact.kind for c in view.notes() if c.fact] == ["point_entry", "point_entry", "talk"]

    leader = as_role(demo_ws, "wangld", "leader")
    assert analyses.sign(leader, first.analysis_id) == 1
    with pytest.raises(FrontlineError, match=r"第 1 版已由 wangld 于 .* 签发，已锁定，不能修改"):
        analyses.update_version(demo_ws, first.analysis_id, TEXTS, cites)
    with pytest.raises(FrontlineError, match="不能重复签发"):
        analyses.sign(leader, first.analysis_id)
    with pytest.raises(FrontlineError, match="不能删除"):
        analyses.delete_draft(demo_ws, first.analysis_id)
    # The next save starts version 2; version 1 stays as it was signed.
    second = analyses.save_draft(demo_ws, cadre_id, {**TEXTS, "strengths": "工作作风扎实。"})
    assert (second.version, second.new_version) == (2, True)
    rows = queries.versions(demo_ws, cadre_id)
    assert [(r.version, r.signed, r.citations) for r in rows] == [(2, False, 0), (1, True, 3)]
    assert rows[1].state.startswith("已签发（wangld，")
    old = queries.version(demo_ws, first.analysis_id)
    assert old.texts["recommendation"] == "建议提拔为正科级领导职务。" and old.signed


def test_a_citation_follows_its_sentence_and_is_dropped_visibly_when_the_sentence_changes(demo_ws: Workspace):
    cadre_id, (e1, e2), _talk = cited_cadre(demo_ws)
    cites = [Cite("strengths", 0, "point_entry", e1, "政治立场坚定。"),
             Cite("strengths", 1, "point_entry", e2, "在防汛一线连续值守，敢于担当！")]
    analyses.save_draft(demo_ws, cadre_id, TEXTS, cites)
    edited = {**TEXTS, "strengths": "对党忠诚。政治立场坚定。在防汛一线值守！"}
    saved = analyses.save_draft(demo_ws, cadre_id, edited, cites)
    assert [d.ref_id for d in saved.dropped] == [e2]
    assert "引用已移除" in saved.message() and "在防汛一线连续值守，敢于担当！" in saved.message()
    view = queries.latest(demo_ws, cadre_id)
    assert view is not None
    assert [(c.cite.sentence, c.cite.ref_id, c.cite.anchor) for c in view.cites] == [(1, e1, "政治立场坚定。")]
    with pytest.raises(FrontlineError, match="使用建议只有 1 句，没有第 3 句"):
        analyses.save_draft(demo_ws, cadre_id, TEXTS, [Cite("recommendation", 2, "point_entry", e1)])


def test_a_citation_survives_the_reversal_of_the_cited_entry(demo_ws: Workspace):
    cadre_id, (e1, _e2), _talk = cited_cadre(demo_ws)
    saved = analyses.save_draft(demo_ws, cadre_id, TEXTS, [Cite("strengths", 0, "point_entry", e1)])
    analyses.sign(as_role(demo_ws, "wangld", "leader"), saved.analysis_id)
    reversal = ledger.reverse(demo_ws, e1, "事实核实有误")
    view = queries.version(demo_ws, saved.analysis_id)
    fact = view.cites[0].fact
    assert fact is not None and fact.ref_id == e1 and fact.reversed_by == reversal
    assert f"被第{reversal}号冲正" in fact.label and "事实核实有误" in fact.note
    # The reversing entry is citable as well, and listed with the cadre's facts.
    listed = {(f.kind, f.ref_id): f for f in queries.citable_facts(demo_ws, cadre_id)}
    assert listed[("point_entry", reversal)].reverses_id == e1
    # By uid when the id no longer names the row (a package round trip renumbers rows).
    assert queries.cited_fact(demo_ws, cadre_id, "point_entry", 999_999, fact.uid) == fact
    assert queries.cited_fact(demo_ws, cadre_id + 1, "point_entry", e1) is None  # not that cadre's


def test_citing_another_cadres_fact_or_a_missing_one_is_refused(demo_ws: Workspace):
    cadre_id, _entries, _talk = cited_cadre(demo_ws)
    with demo_ws.db.read_session() as s:
        other = s.scalar(select(PointEntry.id).where(PointEntry.cadre_id != cadre_id))
    with pytest.raises(FrontlineError, match=f"第{other}号积分记录不是.*同志的事实，不能引用"):
        analyses.save_draft(demo_ws, cadre_id, TEXTS, [Cite("strengths", 0, "point_entry", other)])
    with pytest.raises(FrontlineError, match="第999999号谈话不存在"):
        analyses.save_draft(demo_ws, cadre_id, TEXTS, [Cite("strengths", 0, "talk", 999_999)])
    assert queries.latest(demo_ws, cadre_id) is None  # nothing was written
    with pytest.raises(FrontlineError, match="结论是空的"):
        analyses.save_draft(demo_ws, cadre_id, {"strengths": " "})


def test_roles_without_the_right_are_refused(demo_ws: Workspace):
    cadre_id, _entries, _talk = cited_cadre(demo_ws)
    with pytest.raises(PermissionDenied, match="无权"):
        analyses.save_draft(as_role(demo_ws, "wangld", "leader"), cadre_id, TEXTS)
    with pytest.raises(PermissionDenied, match="无权"):
        analyses.save_draft(as_role(demo_ws, "zuyuan", "team"), cadre_id, TEXTS)
    saved = analyses.save_draft(as_role(demo_ws, "jbr", "clerk"), cadre_id, TEXTS)
    with pytest.raises(PermissionDenied, match=r"账户 jbr（经办人）无权签发综合研判（analysis.sign）"):
        analyses.sign(as_role(demo_ws, "jbr", "clerk"), saved.analysis_id)
    with pytest.raises(PermissionDenied, match="无权"):
        queries.versions(as_role(demo_ws, "audit", "auditor"), cadre_id)


def test_the_demo_has_a_signed_conclusion_a_draft_and_records_of_every_type(demo_ws: Workspace):
    from desktop.models.results_use import USE_KINDS
    from desktop.services.results_use import queries as use_queries

    with demo_ws.db.read_session() as s:
        from desktop.models import Analysis

        rows = list(s.scalars(select(Analysis).order_by(Analysis.id)))
    assert [(a.version, bool(a.signed_by)) for a in rows] == [(1, True), (1, False)]
    signed = queries.latest(demo_ws, rows[0].cadre_id)
    assert signed is not None and signed.signed and signed.cites and all(c.fact for c in signed.cites)
    uses = use_queries.uses(demo_ws)
    assert {r.kind for r in uses} == set(USE_KINDS) - {"pool_out"}
    assert sum(r.evidence > 0 for r in uses) >= len(uses) - 2  # the team note and the cadre never assessed
    year = dt.date.today().year
    figure = use_queries.promotion_share(demo_ws, dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert figure.promoted == 3 and 0 < figure.with_front_line < 3  # one promoted cadre never went to the front line


def test_the_database_layer_refuses_to_change_a_signed_version_too(demo_ws: Workspace):
    from desktop.models import Analysis
    from desktop.models.judgement import SignedLocked

    cadre_id, _entries, _talk = cited_cadre(demo_ws)
    saved = analyses.save_draft(demo_ws, cadre_id, TEXTS)
    analyses.sign(as_role(demo_ws, "wangld", "leader"), saved.analysis_id)

    def tamper(ctx):
        ctx.session.get(Analysis, saved.analysis_id).recommendation = "改过的建议。"
        ctx.session.flush()

    with pytest.raises(SignedLocked, match="第 1 版已签发，不能修改"):
        demo_ws.run("test.tamper", tamper)
    assert queries.version(demo_ws, saved.analysis_id).texts["recommendation"] == "建议提拔使用。"


def test_a_draft_written_by_another_clerk_since_it_was_opened_is_not_overwritten(demo_ws: Workspace):
    from dataclasses import replace

    from desktop.services.judgement.analyses import Opened
    from desktop.services.record_versions import StaleRecord, merged
    from tests.services.judgement.judgement_helpers import as_role, cited_cadre

    cadre_id, _entries, _talk = cited_cadre(demo_ws)
    analyses.save_draft(demo_ws, cadre_id, {"strengths": "政治立场坚定。"})
    draft = queries.latest(demo_ws, cadre_id)
    assert draft is not None and draft.row_version is not None
    opened = Opened(draft.id, draft.row_version)  # two clerks open the draft
    other = as_role(demo_ws, "zhaoyi", "clerk")
    analyses.save_draft(other, cadre_id, {**draft.texts, "weaknesses": "基层经历偏少。"}, opened=opened)

    mine = {**draft.texts, "recommendation": "建议交流到乡镇任职。"}
    with pytest.raises(StaleRecord) as caught:
        analyses.save_draft(demo_ws, cadre_id, mine, opened=opened)
    assert "综合研判结论「第1版」在您打开之后已由 zhaoyi" in str(caught.value)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("不足和问题", "", "基层经历偏少。"), ("使用建议", "建议交流到乡镇任职。", "")]
    stored = queries.latest(demo_ws, cadre_id)
    assert stored is not None and stored.texts["weaknesses"] == "基层经历偏少。"  # the other's text kept

    chosen = merged(caught.value, {"recommendation"})
    analyses.save_draft(demo_ws, cadre_id, chosen.parts(), opened=chosen.opened())
    final = queries.latest(demo_ws, cadre_id)
    assert final is not None and (final.version, final.texts) == (1, {
        "strengths": "政治立场坚定。", "weaknesses": "基层经历偏少。", "recommendation": "建议交流到乡镇任职。"})

    # A draft started by someone else while this clerk had none open is not written into either.
    analyses.sign(as_role(demo_ws, "wangld", "leader"), final.id)
    analyses.save_draft(other, cadre_id, {**final.texts, "strengths": "第二版由他人起草。"})
    with pytest.raises(StaleRecord):
        analyses.save_draft(demo_ws, cadre_id, replace(chosen, strengths="我的第二版。").parts(),
                            opened=Opened(None, None))
