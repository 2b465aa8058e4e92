"""Results-use records with evidence, their refusals, the export, and the promotion figure
computed by hand on a small case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import Cadre, Campaign, PointEntry, Talk, Unit, campaign_cadre
from desktop.services.operations import OpContext
from desktop.services.results_use import export, queries, records
from desktop.services.results_use.records import UseInput
from desktop.services.workspace import Workspace
from tests.services.judgement.judgement_helpers import as_role, cited_cadre

D = dt.date


def test_a_promotion_recommendation_linked_to_its_evidence(demo_ws: Workspace, tmp_path: Path):
    cadre_id, (e1, _e2), talk = cited_cadre(demo_ws)
    done_before = queries.follow_up_counts(demo_ws)["提拔"]["已落实"]
    use_id = records.create(demo_ws, UseInput("promotion", D(2026, 11, 1), "拟提拔为区发改局局长", cadre_id=cadre_id,
                                              detail="考察组推荐", evidence=[("point_entry", e1), ("talk", talk)]))
    detail = queries.use(demo_ws, use_id)
    assert (detail.row.kind_label, detail.row.state, detail.row.evidence) == ("提拔", "拟办", 2)
    assert [f.ref_id for f in detail.evidence if f] == [e1, talk]
    records.set_state(demo_ws, use_id, "已落实", "2026年11月20日任职")
    row = next(r for r in queries.uses(demo_ws, kind="promotion", state="已落实") if r.id == use_id)
    assert row.follow_up == "2026年11月20日任职"
    assert queries.follow_up_counts(demo_ws)["提拔"]["已落实"] == done_before + 1

    out = tmp_path / "结果运用.xlsx"
    assert export.export_uses(demo_ws, out, period=(D(2026, 1, 1), D(2026, 12, 31))) == len(queries.uses(demo_ws))
    book = openpyxl.load_workbook(out)
    cells = [[c for c in r if c is not None] for r in book["结果运用"].iter_rows(values_only=True)]
    line = next(r for r in cells if r and r[0] == use_id)
    assert line[1:3] == ["提拔", row.subject] and "拟提拔为区发改局局长" in line
    assert any(isinstance(c, str) and f"第{e1}号积分记录" in c for c in line)
    assert any(r and r[0] == row.subject for r in book["新提拔干部"].iter_rows(values_only=True))

    records.delete_use(demo_ws, use_id)
    assert use_id not in {r.id for r in queries.uses(demo_ws)}


def test_records_refuse_what_does_not_fit(demo_ws: Workspace, tmp_path: Path):
    cadre_id, _entries, _talk = cited_cadre(demo_ws)
    with demo_ws.db.read_session() as s:
        other = s.scalar(select(PointEntry.id).where(PointEntry.cadre_id != cadre_id))
        unit_id = s.scalar(select(Unit.id).order_by(Unit.id))
    cases = [
        (UseInput("promotion", D(2026, 1, 1), "拟提拔", cadre_id=cadre_id, evidence=[("point_entry", other)]),
         f"第{other}号积分记录不是.*同志的事实，不能引用"),
        (UseInput("team", D(2026, 1, 1), "调整班子", cadre_id=cadre_id), "班子调整记录须指定单位"),
        (UseInput("training", D(2026, 1, 1), "参加培训", cadre_id=cadre_id), "培训计划须选择类型：思想淬炼"),
        (UseInput("reward", D(2026, 1, 1), "嘉奖", cadre_id=cadre_id, subtype="体检"), "奖励表彰没有细分类型"),
        (UseInput("care", D(2026, 1, 1), " ", cadre_id=cadre_id, subtype="体检"), "事项：必填"),
        (UseInput("care", D(2026, 1, 1), "体检", cadre_id=cadre_id, subtype="体检", state="办完"),
         "办理状态“办完”不存在"),
    ]
    for data, message in cases:
        with pytest.raises(FrontlineError, match=message):
            records.create(demo_ws, data)
    team = records.create(demo_ws, UseInput("team", D(2026, 1, 1), "调整班子分工", unit_id=unit_id))
    leader = as_role(demo_ws, "wangld", "leader")
    with pytest.raises(PermissionDenied, match="无权新增结果运用记录"):
        records.create(leader, UseInput("care", D(2026, 1, 1), "体检", cadre_id=cadre_id, subtype="体检"))
    assert team in {r.id for r in queries.uses(leader, kind="team")}  # a leader reads them
    with pytest.raises(PermissionDenied, match=r"export\.result_uses"):
        export.export_uses(as_role(demo_ws, "audit", "auditor"), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def _small_case(ws: Workspace) -> dict[str, int]:
    """Five cadres; what each has is written beside it."""

    def op(ctx: OpContext) -> dict[str, int]:
        s = ctx.session
        ids = {}
        for name in ("甲", "乙", "丙", "丁", "戊"):
            cadre = Cadre(name=f"{name}某某")
            s.add(cadre)
            s.flush()
            ids[name] = cadre.id
        campaign = Campaign(name="防汛一线考核", kind="专项", start=D(2026, 3, 1), status="active")
        s.add(campaign)
        s.flush()
        s.execute(campaign_cadre.insert().values(campaign_id=campaign.id, cadre_id=ids["甲"]))  # 甲: assessed

        def entry(who: str, day: dt.date, source: str = "一线考核", reverses: int | None = None) -> int:
            e = PointEntry(cadre_id=ids[who], date=day, dimension="政治担当", points=3, source=source, fact="值守",
                           author="admin", reverses_id=reverses)
            s.add(e)
            s.flush()
            return int(e.id)

        entry("乙", D(2026, 5, 1))  # 乙: a 一线考核 entry before the promotion
        cancelled = entry("丙", D(2026, 5, 1))  # 丙: one reversed, one after, one from 审计
        entry("丙", D(2026, 6, 1), reverses=cancelled)
        entry("丙", D(2026, 9, 1))
        entry("丙", D(2026, 5, 1), source="审计")
        s.add(Talk(interviewee_cadre_id=ids["丙"], interviewee_name="丙某某",  # outside any campaign
                   start_at=dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)))
        s.add(Talk(campaign_id=campaign.id, interviewee_cadre_id=ids["戊"], interviewee_name="戊某某",
                   start_at=dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)))  # 戊: a campaign talk
        s.flush()
        return ids

    ids = ws.run("test.small_case", op).value
    done = "已落实"
    for who, kind, day, state in (("甲", "promotion", D(2026, 6, 1), done), ("乙", "rank", D(2026, 7, 1), done),
                                  ("丙", "promotion", D(2026, 8, 1), done), ("丁", "promotion", D(2026, 8, 1), "拟办"),
                                  ("戊", "promotion", D(2025, 12, 1), done), ("戊", "rank", D(2026, 10, 1), done),
                                  ("甲", "reward", D(2026, 6, 1), done)):
        records.create(ws, UseInput(kind, day, f"{who}{kind}", cadre_id=ids[who], state=state))
    return ids


def test_share_of_newly_promoted_cadres_with_front_line_records(ws: Workspace):
    ids = _small_case(ws)
    figure = queries.promotion_share(ws, D(2026, 1, 1), D(2026, 12, 31))
    # Promoted in 2026 and 已落实: 甲 乙 丙 戊 (丁 is only 拟办; 戊's 2025 promotion is outside).
    # Front-line by then: 甲 (campaign), 乙 (一线考核 entry), 戊 (campaign talk); 丙 has none that count.
    assert (figure.promoted, figure.with_front_line, figure.percent) == (4, 3, Decimal("75.00"))
    assert figure.sentence() == "2026-01-01至2026-12-31新提拔（含晋升职级）干部4人，其中有一线记录的3人，占75.00%。"
    people = {p.cadre_id: (p.kind, p.front_line, p.basis) for p in figure.people}
    assert people == {ids["甲"]: ("提拔", True, "参加一线考核1次"), ids["乙"]: ("晋升职级", True, "一线考核积分1条"),
                      ids["丙"]: ("提拔", False, "无一线记录"), ids["戊"]: ("晋升职级", True, "一线谈话1次")}
    # A period holding only 丙's promotion: none of one.
    only = queries.promotion_share(ws, D(2026, 8, 1), D(2026, 8, 31))
    assert (only.promoted, only.with_front_line, only.percent) == (1, 0, Decimal("0.00"))
    assert queries.promotion_share(ws, D(2024, 1, 1), D(2024, 12, 31)).percent is None
    with pytest.raises(FrontlineError, match="早于起始日期"):
        queries.promotion_share(ws, D(2026, 2, 1), D(2026, 1, 1))


def test_a_record_whose_evidence_changed_meanwhile_is_not_overwritten(demo_ws: Workspace):
    from dataclasses import replace

    from desktop.services.record_versions import StaleRecord, merged

    cadre_id, (e1, e2), _talk = cited_cadre(demo_ws)
    use_id = records.create(demo_ws, UseInput("promotion", D(2026, 11, 1), "拟提拔", cadre_id=cadre_id,
                                              evidence=[("point_entry", e1)]))
    row = queries.use(demo_ws, use_id).row  # this clerk opens the record
    mine = UseInput(row.kind, row.date, "拟提拔为区发改局局长", row.cadre_id, row.unit_id, row.detail, row.subtype,
                    row.state, row.follow_up, (("point_entry", e1),), row.version)
    # Another clerk only cites one more fact: that is a change of the record too.
    with demo_ws.read("test.inspect") as s:
        theirs = records.load(s, use_id)
    records.update(demo_ws, use_id, replace(theirs, evidence=(("point_entry", e1), ("point_entry", e2))))
    with pytest.raises(StaleRecord) as caught:
        records.update(demo_ws, use_id, mine)
    assert [(d.label, d.mine, d.theirs) for d in caught.value.differences] == [
        ("事项", "拟提拔为区发改局局长", "拟提拔"), ("依据的事实", "1 条", "2 条")]
    assert queries.use(demo_ws, use_id).row.title == "拟提拔"  # nothing of the stale save written
    records.update(demo_ws, use_id, merged(caught.value, {"title"}))
    saved = queries.use(demo_ws, use_id)
    assert (saved.row.title, saved.refs) == ("拟提拔为区发改局局长", (("point_entry", e1), ("point_entry", e2)))


def test_every_field_of_a_results_use_record_is_compared():
    from dataclasses import fields

    assert {f.name for f in fields(UseInput)} - {"version"} == set(records.USE.labels)
