"""The 综合分析报告 prints the signed conclusion with its cited facts; without one it is as before."""

from __future__ import annotations

from desktop.services.judgement import analyses
from desktop.services.judgement.analyses import Cite
from desktop.services.ledger import ledger
from desktop.services.reports.reports import Request, generate
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import compact
from tests.services.judgement.judgement_helpers import as_role, cited_cadre


def test_the_report_prints_the_signed_version_with_its_cited_facts(demo_ws: Workspace):
    cadre_id, (e1, e2), talk = cited_cadre(demo_ws)
    before = compact(generate(demo_ws, Request("comprehensive", cadre_id=cadre_id)).data)
    assert "综上，" in before and "经签发的" not in before
    texts = {"strengths": "政治立场坚定。在防汛一线连续值守，敢于担当！", "weaknesses": "统筹协调能力有待提高。",
             "recommendation": "建议提拔使用。"}
    cites = [Cite("strengths", 1, "point_entry", e1), Cite("strengths", 1, "point_entry", e2),
             Cite("weaknesses", 0, "talk", talk)]
    saved = analyses.save_draft(demo_ws, cadre_id, texts, cites)
    draft_only = compact(generate(demo_ws, Request("comprehensive", cadre_id=cadre_id)).data)
    assert "经签发的" not in draft_only and "综上，" in draft_only  # a draft is not printed
    analyses.sign(as_role(demo_ws, "wangld", "leader"), saved.analysis_id)
    reversal = ledger.reverse(demo_ws, e1, "事实核实有误")
    # A later draft does not replace the signed version in the report.
    analyses.save_draft(demo_ws, cadre_id, {**texts, "strengths": "尚在修改的草稿。"})
    body = compact(generate(demo_ws, Request("comprehensive", cadre_id=cadre_id)).data)
    section = body[body.index("七、综合研判"):]
    assert "以下为经签发的第1版综合研判结论（wangld于" in section
    assert "（一）主要优点政治立场坚定。在防汛一线连续值守，敢于担当！[1][2]" in section
    assert "（二）不足和问题统筹协调能力有待提高。[3]" in section
    assert "（三）使用建议建议提拔使用。" in section and "尚在修改的草稿" not in section
    assert "（四）引用的事实" in section and "综上，" not in section
    assert f"[1]第{e1}号积分记录" in section and f"[2]第{e2}号积分记录" in section
    assert f"被第{reversal}号冲正，理由：事实核实有误" in section and "事实核实有误" in section
    assert "[3]谈话，" in section
