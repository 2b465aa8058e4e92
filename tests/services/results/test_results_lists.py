"""The three lists: task-list lines, problems raised from visits and talks, verifications
with their evidence, and completion rates worked out by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from desktop.errors import FrontlineError
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.campaigns.fieldwork import TalkInput, VisitInput
from desktop.services.results import problems, queries, targets, verification
from desktop.services.results.problems import ProblemInput
from desktop.services.results.targets import TargetInput
from desktop.services.results.verification import VerificationInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre, campaign
from tests.services.campaigns.plain_values import assert_plain

TODAY = dt.date(2026, 6, 30)  # the day the completion figures are taken on


def test_a_line_needs_a_duty_one_subject_a_non_negative_target_and_a_date(ws: Workspace):
    a = cadre(ws, "张三")
    u = units.create(ws, "海滨市发展和改革局", None)
    with pytest.raises(FrontlineError) as refused:
        targets.create(ws, TargetInput(duty=" ", cadre_id=a, unit_id=u, target_value=-5,
                                       deadline="2026-12-31"))  # type: ignore[arg-type]
    message = str(refused.value)
    assert "任务（职责或目标）：必填" in message
    assert "责任对象：须是一名干部或一个单位（只填其中一个）" in message
    assert "目标值：不能为负数（填写的是 -5）" in message
    assert "截止日期：应为日期" in message
    with pytest.raises(FrontlineError, match="责任对象"):
        targets.create(ws, TargetInput(duty="招商引资"))
    with pytest.raises(FrontlineError, match="单位 999 不存在"):
        targets.create(ws, TargetInput(duty="招商引资", unit_id=999))
    tid = targets.create(ws, TargetInput(duty="全年招商引资", cadre_id=a, target_value=0, measure="亿元"))
    targets.update(ws, tid, TargetInput(duty="全年招商引资到位资金", unit_id=u, target_value=12, measure="亿元",
                                        hard=True, source_department="招商"))
    [row] = queries.targets(ws, unit_id=u)
    assert (row.duty, row.subject, row.target_value, row.hard, row.source_department) == (
        "全年招商引资到位资金", "海滨市发展和改革局", 12.0, True, "招商")
    assert queries.targets(ws, cadre_id=a) == []


def test_a_closed_campaigns_task_list_is_frozen_and_a_verified_line_stays(ws: Workspace):
    a = cadre(ws, "张三")
    c = campaign(ws, a)
    tid = targets.create(ws, TargetInput(duty="征迁签约", cadre_id=a, campaign_id=c, target_value=300))
    verification.verify(ws, VerificationInput(tid, achieved_value=310, fact="签约台账 310 户"))
    with pytest.raises(FrontlineError, match="已经检验，列入了落实清单，不能删除"):
        targets.delete(ws, tid)
    other = targets.create(ws, TargetInput(duty="安置房开工", cadre_id=a, campaign_id=c))
    campaigns.close(ws, c)
    with pytest.raises(FrontlineError, match="已结束，记录已冻结"):
        targets.delete(ws, other)
    # The implementation list is checked after the assessment: a closed campaign does not stop it.
    verification.verify(ws, VerificationInput(other, result="partly", fact="已开工 2 栋，计划 5 栋"))


def _lines(ws: Workspace) -> dict[str, int]:
    """Seven lines whose figures are worked out by hand in the test below."""
    a, b = cadre(ws, "张三"), cadre(ws, "李四", birth="1982.05")
    u = units.create(ws, "海港区应急管理局", None)
    c = campaign(ws, a, b)
    line = {
        "t1": TargetInput(duty="固定资产投资", cadre_id=a, campaign_id=c, target_value=100, measure="亿元",
                          hard=True, deadline=dt.date(2026, 6, 1)),
        "t2": TargetInput(duty="新增规上企业", cadre_id=a, campaign_id=c, target_value=10, measure="家",
                          deadline=dt.date(2026, 12, 31)),
        "t3": TargetInput(duty="完成征迁扫尾", cadre_id=a, campaign_id=c, hard=True, deadline=dt.date(2026, 5, 1)),
        "t4": TargetInput(duty="招商引资到位资金", cadre_id=b, campaign_id=c, target_value=50, measure="亿元",
                          hard=True, deadline=dt.date(2026, 3, 31)),
        "t5": TargetInput(duty="生产安全事故起数", unit_id=u, campaign_id=c, target_value=2, measure="起",
                          lower_is_better=True, deadline=dt.date(2026, 4, 30)),
        "t6": TargetInput(duty="应急预案修订", unit_id=u, campaign_id=c, hard=True),
        "t7": TargetInput(duty="年度学习计划", cadre_id=a),
    }
    ids = {k: targets.create(ws, v) for k, v in line.items()}
    verification.verify(ws, VerificationInput(ids["t1"], achieved_value=120, fact="统计局快报 120 亿元"))
    verification.verify(ws, VerificationInput(ids["t2"], achieved_value=6, fact="新增 6 家"))
    verification.verify(ws, VerificationInput(ids["t4"], achieved_value=20, fact="到位 20 亿元"))
    verification.verify(ws, VerificationInput(ids["t5"], achieved_value=1, fact="发生 1 起一般事故"))
    verification.verify(ws, VerificationInput(ids["t6"], result="partly", fact="总体预案已修订，专项预案未修订"))
    return {**ids, "a": a, "b": b, "u": u, "c": c}


def _figures(row: queries.CompletionRow) -> tuple[int, ...]:
    return tuple(getattr(row.all, k) for k in ("targets", "met", "partly", "not_met", "unverified", "overdue")) + \
        tuple(getattr(row.hard, k) for k in ("targets", "met", "partly", "not_met", "unverified", "overdue"))


def test_completion_rates_per_cadre_unit_and_campaign_hard_indicators_apart(ws: Workspace):
    ids = _lines(ws)
    report = queries.completion(ws, today=TODAY)
    cadres = {r.name: r for r in report.cadres}
    # 张三: t1 met, t2 partly (6 of 10), t3 not verified and past its deadline, t7 not verified, no deadline.
    assert _figures(cadres["张三"]) == (4, 1, 1, 0, 2, 1, 2, 1, 0, 0, 1, 1)
    assert cadres["张三"].all.rate == 0.25 and cadres["张三"].hard.rate == 0.5
    assert cadres["张三"].overdue_ids == (ids["t3"],)
    # 李四: t4, 20 of 50 (under half) is not met, and its deadline has passed.
    assert _figures(cadres["李四"]) == (1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1)
    assert cadres["李四"].all.rate == 0.0
    # The unit: t5, one accident against a ceiling of two, is met (in time); t6 chosen partly met.
    [unit] = report.units
    assert unit.name == "海港区应急管理局" and _figures(unit) == (2, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0)
    assert unit.all.rate == 0.5 and unit.hard.rate == 0.0
    by_campaign = {r.id: r for r in report.campaigns}
    assert _figures(by_campaign[ids["c"]]) == (6, 2, 2, 1, 1, 2, 4, 1, 1, 1, 1, 2)
    assert by_campaign[ids["c"]].all.rate == pytest.approx(2 / 6)
    assert by_campaign[ids["c"]].overdue_ids == (ids["t3"], ids["t4"])
    assert _figures(by_campaign[None]) == (1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
    assert by_campaign[None].name == "（未关联考核）"
    assert report.total.all.targets == 7 and report.total.all.rate == pytest.approx(2 / 7)
    one = queries.completion(ws, ids["c"], today=TODAY)
    assert one.total.all.targets == 6 and one.total.name == "东部新城片区建设一线考核"
    assert [r.name for r in one.campaigns] == ["东部新城片区建设一线考核"]
    assert {r.id: r.overdue for r in queries.targets(ws, campaign_id=ids["c"], today=TODAY)} == {
        ids["t1"]: False, ids["t2"]: False, ids["t3"]: True, ids["t4"]: True, ids["t5"]: False, ids["t6"]: False}
    for value in (report, queries.targets(ws), queries.implementation(ws), queries.problems(ws)):
        assert_plain(value)
    assert one.total.as_json()["all"] == {"targets": 6, "met": 2, "partly": 2, "not_met": 1, "unverified": 1,
                                          "overdue": 2, "rate": 0.3333}


def test_a_verification_needs_a_fact_or_an_evidence_file(ws: Workspace, tmp_path: Path):
    a = cadre(ws, "张三")
    tid = targets.create(ws, TargetInput(duty="新建 5G 基站", cadre_id=a, target_value=200, measure="个"))
    with pytest.raises(FrontlineError, match="检验须有依据：请写明核实的事实，或附上佐证材料"):
        verification.verify(ws, VerificationInput(tid, achieved_value=210))
    assert queries.implementation(ws) == []
    with pytest.raises(FrontlineError, match="请填写实际完成值"):
        verification.verify(ws, VerificationInput(tid, fact="已建成"))
    with pytest.raises(FrontlineError, match="按规则为“完成”，不能另选“部分完成”"):
        verification.verify(ws, VerificationInput(tid, achieved_value=210, result="partly", fact="已建成"))
    sheet = tmp_path / "基站统计表.xlsx"
    sheet.write_bytes(b"PK statistics")
    verification.verify(ws, VerificationInput(tid, achieved_value=210, evidence=(sheet,), verified_by="王五",
                                              verified_on=dt.date(2026, 11, 30)))
    [line] = queries.implementation(ws)
    assert (line.target.result, line.target.result_label, line.verified_by, line.verified_on) == (
        "met", "完成", "王五", dt.date(2026, 11, 30))
    assert [(e.filename, e.size, e.sha256) for e in line.evidence] == [
        ("基站统计表.xlsx", 13, hashlib.sha256(b"PK statistics").hexdigest())]
    # Verifying again replaces the line and its evidence.
    verification.verify(ws, VerificationInput(tid, achieved_value=150, fact="复核：实际建成 150 个"))
    [line] = queries.implementation(ws)
    assert (line.target.result, line.target.achieved_value, line.fact, line.evidence) == (
        "partly", 150.0, "复核：实际建成 150 个", ())
    plain = targets.create(ws, TargetInput(duty="整治背街小巷", cadre_id=a))
    with pytest.raises(FrontlineError, match="没有数值目标，请选择检验结果"):
        verification.verify(ws, VerificationInput(plain, fact="现场查看"))
    with pytest.raises(FrontlineError, match="找不到"):
        verification.verify(ws, VerificationInput(plain, result="met", evidence=(tmp_path / "没有.jpg",)))


def test_problems_raised_from_a_visit_and_a_talk_link_back(ws: Workspace):
    a = cadre(ws, "张三")
    c = campaign(ws, a)
    port = units.create(ws, "海港区住房和城乡建设局", None)
    bay = units.create(ws, "海港区自然资源局", None)
    one = fieldwork.save_visit(ws, VisitInput(date=dt.date(2026, 5, 12), place="安置房工地", unit_ids=[port],
                                              campaign_id=c))
    two = fieldwork.save_visit(ws, VisitInput(date=dt.date(2026, 8, 3), unit_ids=[port, bay], campaign_id=c))
    talk = fieldwork.save_talk(ws, TalkInput(interviewers=["王五"], interviewee_cadre_id=a, campaign_id=c,
                                             start_at=dt.datetime(2026, 5, 20, 9, 30), content="谈征迁进度"))
    p1 = problems.raise_from_visit(ws, one, "安置房项目进度滞后约两个月", bottleneck="用地指标未落实",
                                   severity="较重")
    with pytest.raises(FrontlineError, match="这次走访涉及 2 个单位，请指定问题所在的单位"):
        problems.raise_from_visit(ws, two, "规划调整迟迟未批")
    p2 = problems.raise_from_visit(ws, two, "规划调整迟迟未批", unit_id=bay)
    p3 = problems.raise_from_talk(ws, talk, "征迁补偿标准不统一，群众有意见")
    q2 = {p.id: p for p in queries.problems(ws, 2026, 2)}
    assert set(q2) == {p1, p3}
    assert (q2[p1].visit_id, q2[p1].campaign_id, q2[p1].unit, q2[p1].severity, q2[p1].bottleneck) == (
        one, c, "海港区住房和城乡建设局", "较重", "用地指标未落实")
    assert q2[p1].origin == "走访 2026-05-12 安置房工地"
    assert (q2[p3].talk_id, q2[p3].cadre, q2[p3].campaign_id, q2[p3].status) == (talk, "张三", c, "待反馈")
    assert q2[p3].origin == "谈话 2026-05-20 张三"
    [q3] = queries.problems(ws, 2026, 3)
    assert (q3.id, q3.unit, q3.visit_id) == (p2, "海港区自然资源局", two)
    problems.set_status(ws, p1, "已反馈", fed_back_to="海港区政府", fed_back_on=dt.date(2026, 6, 2))
    with pytest.raises(FrontlineError, match="标为已解决时请写明整改情况"):
        problems.set_status(ws, p1, "已解决")
    problems.set_status(ws, p1, "已解决", follow_up="用地指标已调剂，7 月复工")
    [done] = [p for p in queries.problems(ws, 2026, 2) if p.id == p1]
    assert (done.status, done.fed_back_to, done.follow_up) == ("已解决", "海港区政府", "用地指标已调剂，7 月复工")
    with pytest.raises(FrontlineError, match="季度：应为 1、2、3 或 4；严重程度"):
        problems.create(ws, ProblemInput(year=2026, quarter=5, problem="x", severity="很严重"))
    assert problems.create(ws, ProblemInput(year=2026, quarter=4, problem="台账不全", unit_id=port)) > 0


def test_a_problem_keeps_its_origin_and_evidence_has_a_size_limit(ws: Workspace, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch):
    a = cadre(ws, "张三")
    talk = fieldwork.save_talk(ws, TalkInput(interviewers=["王五"], interviewee_cadre_id=a,
                                             start_at=dt.datetime(2026, 2, 1, 9), content="谈工作"))
    pid = problems.raise_from_talk(ws, talk, "工作台账不规范")
    [row] = queries.problems(ws, 2026, 1)
    edited = ProblemInput(year=2026, quarter=1, problem="工作台账不规范，缺少佐证", cadre_id=a, talk_id=talk,
                          severity="一般")
    problems.update(ws, pid, edited)
    assert [p.problem for p in queries.problems(ws, 2026, 1)] == ["工作台账不规范，缺少佐证"]
    with pytest.raises(FrontlineError, match="问题来自哪次走访或谈话不能修改"):
        problems.update(ws, pid, ProblemInput(year=2026, quarter=1, problem="x", cadre_id=a))
    assert row.talk_id == talk
    tid = targets.create(ws, TargetInput(duty="整治背街小巷", cadre_id=a))
    monkeypatch.setattr(verification, "MAX_EVIDENCE_BYTES", 10)
    big = tmp_path / "现场视频.mp4"
    big.write_bytes(b"x" * 11)
    with pytest.raises(FrontlineError, match=r"佐证材料 现场视频\.mp4 超过 50 MB"):
        verification.verify(ws, VerificationInput(tid, result="met", evidence=(big,)))
    with pytest.raises(FrontlineError, match=r"佐证材料 \S+ 不是普通文件（是文件夹），不能读取"):
        verification.verify(ws, VerificationInput(tid, result="met", evidence=(tmp_path,)))
    assert queries.implementation(ws) == []
