"""The demo's work results agree with its campaigns: task lists, problem lists raised from the
campaigns' own visits and talks, implementation lists judged as judge() judges, and a year of
quarterly indicator values under an active rule set."""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from desktop.demo import assessment as demo_assessment
from desktop.demo import database as demo
from desktop.models import (
    Campaign,
    Indicator,
    IndicatorSet,
    IndicatorValue,
    Problem,
    RankingNote,
    Talk,
    Target,
    Verification,
    VerificationEvidence,
    Visit,
    campaign_cadre,
    campaign_unit,
    visit_unit,
)
from desktop.models.indicators import ACTIVE, MANUAL, RANKING, TARGET, Reading, Rule, standings
from desktop.models.results import PROBLEM_STATUSES, SEVERITIES, SOURCE_DEPARTMENTS, completion, judge
from desktop.services.admin import info
from desktop.services.admin.accounts import create_database
from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD


def _pairs(ws: Workspace, table: object) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    with ws.read("test.inspect") as s:
        for a, b in s.execute(select(table)):  # type: ignore[call-overload]
            out[a].add(b)
    return out


def test_every_campaign_has_a_task_list_of_its_units_and_cadres(demo_ws: Workspace):
    units, cadres = _pairs(demo_ws, campaign_unit), _pairs(demo_ws, campaign_cadre)
    with demo_ws.read("test.inspect") as s:
        campaigns = {c.id: c for c in s.scalars(select(Campaign))}
        targets = list(s.scalars(select(Target)))
    assert {t.campaign_id for t in targets} == set(campaigns)
    for t in targets:
        c = campaigns[t.campaign_id]
        assert (t.unit_id is None) != (t.cadre_id is None), t.duty
        assert t.unit_id in units[c.id] if t.cadre_id is None else t.cadre_id in cadres[c.id]
        assert t.source_department in SOURCE_DEPARTMENTS and t.post_duty and t.duty
        assert t.deadline is not None
        if c.status == "closed":
            assert c.start <= t.deadline <= c.end
        else:
            assert t.deadline >= c.start
        assert (t.target_value is None) == (t.measure == "")
    for c in campaigns:
        mine = [t for t in targets if t.campaign_id == c]
        assert any(t.unit_id for t in mine) and any(t.cadre_id for t in mine)
        assert sorted(t.seq for t in mine) == list(range(1, len(mine) + 1))  # 序号 as a clerk numbers them
    assert 0 < sum(t.hard for t in targets) < len(targets)
    assert any(t.lower_is_better for t in targets) and any(t.target_value is None for t in targets)
    assert {"固定资产投资完成额", "安全生产事故起数"} & {t.indicator for t in targets}


def test_problems_are_raised_from_the_campaigns_own_visits_and_talks(demo_ws: Workspace):
    seen_units = _pairs(demo_ws, visit_unit)
    with demo_ws.read("test.inspect") as s:
        problems = list(s.scalars(select(Problem)))
        visits = {v.id: v for v in s.scalars(select(Visit))}
        talks = {t.id: t for t in s.scalars(select(Talk))}
        targets = {t.id: t for t in s.scalars(select(Target))}
    assert problems
    from_visits = [p for p in problems if p.visit_id]
    from_talks = [p for p in problems if p.talk_id]
    assert from_visits and from_talks
    for p in from_visits:
        v = visits[p.visit_id]
        assert v.campaign_id == p.campaign_id and p.unit_id in seen_units[v.id]
        assert (p.year, p.quarter) == (v.date.year, (v.date.month - 1) // 3 + 1)
    for p in from_talks:
        t = talks[p.talk_id]
        assert t.campaign_id == p.campaign_id and p.cadre_id == t.interviewee_cadre_id
    for p in problems:
        assert p.severity in SEVERITIES and p.status in PROBLEM_STATUSES and 1 <= p.quarter <= 4
        assert (p.fed_back_on is None) == (p.status == "待反馈") == (p.fed_back_to == "")
        if p.target_id:
            assert targets[p.target_id].campaign_id == p.campaign_id
    per_quarter = defaultdict(int)
    for p in problems:
        per_quarter[(p.campaign_id, p.year, p.quarter)] += 1
    assert all(2 <= n <= 4 for n in per_quarter.values())


def test_verifications_agree_with_judge_and_some_targets_are_overdue(demo_ws: Workspace):
    today = dt.date.today()
    with demo_ws.read("test.inspect") as s:
        targets = {t.id: t for t in s.scalars(select(Target))}
        checks = {v.target_id: v for v in s.scalars(select(Verification))}
        evidence = list(s.scalars(select(VerificationEvidence)))
        contents = {e.id: e.content for e in evidence}
    assert checks
    for target_id, v in checks.items():
        t = targets[target_id]
        assert v.fact and v.verified_by and t.deadline is not None and t.deadline < v.verified_on <= today
        if t.target_value is not None:
            assert v.achieved_value is not None
            assert v.result == judge(t.target_value, v.achieved_value, lower_is_better=t.lower_is_better)
    past = [t for t in targets.values() if t.deadline and t.deadline < today]
    assert len(checks) >= 0.7 * len(past)
    done = completion([(checks[t.id].result if t.id in checks else None, t.deadline) for t in targets.values()],
                      today)
    assert done.met and done.partly + done.not_met and done.overdue > 0
    assert any(t.id not in checks for t in past), "a few targets are left unverified and overdue"
    assert evidence
    for e in evidence:
        data = contents[e.id]
        assert e.size == len(data) and e.sha256 == hashlib.sha256(data).hexdigest()
        if e.mime == "image/png":
            assert data.startswith(b"\x89PNG")
        else:
            assert "核查情况" in data.decode("utf-8")


def test_an_active_rule_set_with_four_quarters_of_values(demo_ws: Workspace):
    today = dt.date.today()
    with demo_ws.read("test.inspect") as s:
        sets = {r.year: r for r in s.scalars(select(IndicatorSet).where(IndicatorSet.status == ACTIVE))}
        rule_set = sets[today.year - 1]
        indicators = list(s.scalars(select(Indicator).where(Indicator.set_id == rule_set.id)))
        values = list(s.scalars(select(IndicatorValue).where(IndicatorValue.year == rule_set.year)))
        this_year = {v.quarter for v in s.scalars(select(IndicatorValue).where(IndicatorValue.year == today.year))}
        notes = list(s.scalars(select(RankingNote)))
    assert set(sets) == {today.year - 1, today.year}
    assert this_year == set(range(1, (today.month - 1) // 3 + 1)), "this year: the quarters over so far"
    assert sum(i.weight for i in indicators) == 100
    assert {i.rule for i in indicators} == {TARGET, RANKING, MANUAL}
    assert rule_set.subject == "unit"
    assert {v.quarter for v in values} == {1, 2, 3, 4}
    assert all(v.indicator_id in {i.id for i in indicators} for v in values)
    subjects = sorted({v.unit_id for v in values if v.unit_id is not None})
    assert len(subjects) > 20
    assert len(values) < len(subjects) * len(indicators) * 4, "a few units have not reported a value"
    rules = [Rule(i.id, i.weight, i.rule, i.cap, i.min_value, i.max_value, i.lower_is_better) for i in indicators]
    orders = {}
    last: list = []
    for q in range(1, 5):
        readings: dict[int, dict[int, Reading]] = defaultdict(dict)
        for v in values:
            if v.quarter == q:
                readings[v.indicator_id][v.unit_id] = Reading(v.value, v.target)
        last = standings(rules, readings, subjects)
        orders[q] = [row.subject for row in last]
    assert len({tuple(o) for o in orders.values()}) == 4, "the rankings move from quarter to quarter"
    assert {(n.unit_id, n.quarter, n.set_id) for n in notes} == {(r.subject, 4, rule_set.id) for r in last if r.bottom}
    assert len(notes) >= 3 and all(n.explanation and n.measures for n in notes)


def test_info_counts_the_lists_and_values(demo_ws: Workspace, demo_db: Path):
    counts = info.counts(demo_ws)
    demo_ws.close()
    shown = json.loads(frontline("info", "--db", str(demo_db), "--json").stdout)["counts"]
    for key in ("targets", "problems", "verifications", "indicator_values"):
        assert shown[key] == counts[key] > 0, key
    text = frontline("info", "--db", str(demo_db)).stdout
    assert "任务清单目标" in text and "季度指标数值" in text


def _results(tmp_path: Path, name: str, seed: int) -> list[tuple]:
    today = dt.date(2026, 11, 24)
    ws, _ = create_database(tmp_path / name, "admin", PASSWORD)
    demo.fill(ws, 40, seed=seed, today=today)
    demo_assessment.fill(ws, 40, seed=seed, today=today)
    with ws.read("test.inspect") as s:
        rows = [tuple(r) for r in s.execute(select(Target.campaign_id, Target.unit_id, Target.cadre_id, Target.duty,
                                                   Target.target_value, Target.deadline, Target.hard))]
        rows += [tuple(r) for r in s.execute(select(Problem.visit_id, Problem.talk_id, Problem.problem,
                                                    Problem.status))]
        rows += [tuple(r) for r in s.execute(select(Verification.target_id, Verification.achieved_value,
                                                    Verification.result))]
        rows += [tuple(r) for r in s.execute(select(IndicatorValue.indicator_id, IndicatorValue.quarter,
                                                    IndicatorValue.unit_id, IndicatorValue.value))]
    ws.close()
    return rows


def test_the_lists_are_the_same_for_a_seed(tmp_path: Path):
    first = _results(tmp_path, "a.db", 4)
    assert first and first == _results(tmp_path, "b.db", 4)
    assert first != _results(tmp_path, "c.db", 5)


def test_the_demo_clerk_has_a_persons_name_on_paper_and_in_the_team(demo_ws: Workspace):
    """Reports carry the account's name (author, watermark) and teams offer it: "admin" read
    wrong there."""
    import io

    from pypdf import PdfReader

    from desktop.models import Cadre
    from desktop.services.campaigns import queries as campaign_queries
    from desktop.services.reports import report_data
    from desktop.services.reports.reports import generate

    assert demo_ws.actor.display_name == demo.DEMO_CLERK != demo_ws.actor.username
    with demo_ws.read("test.inspect") as s:
        campaign_id = s.scalar(select(Campaign.id).limit(1))
        cadre_id = s.scalar(select(Cadre.id).limit(1))
    assert demo.DEMO_CLERK in campaign_queries.team_form(demo_ws, campaign_id).staff
    made = generate(demo_ws, report_data.Request("adform", cadre_id=cadre_id))
    assert PdfReader(io.BytesIO(made.data)).metadata.author == demo.DEMO_CLERK
